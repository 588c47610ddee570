package io.forkline.server.net;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.pipeline.PipelineClient;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.buffer.Unpooled;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.RejectedExecutionException;

/**
 * One client connection and everything the server keeps about it. Its fields belong to three
 * threads, by group: the IO thread (parsing), the writer (the client's state as commands change
 * it) and the responder (the reply bytes gathered for one batch). {@link ClientState} holds the
 * writer's part.
 */
public final class ClientSession implements PipelineClient {

    private final long id;
    private final Channel channel;
    private final long createdMillis;
    private final ClientState state = new ClientState();

    /** IO thread: the arguments the parser is filling. */
    Arguments filling = new Arguments();

    /** Responder thread: reply bytes of the current batch. */
    private ByteBuf pending;
    private volatile long outputBytes;

    public ClientSession(long id, Channel channel, long createdMillis) {
        this.id = id;
        this.channel = channel;
        this.createdMillis = createdMillis;
    }

    public long id() {
        return id;
    }

    public long createdMillis() {
        return createdMillis;
    }

    /** The writer thread's view of this client: database, protocol, transaction, names... */
    public ClientState state() {
        return state;
    }

    public String address() {
        return format(channel.remoteAddress());
    }

    public String localAddress() {
        return format(channel.localAddress());
    }

    /** True for a client connected from the loopback interface. */
    public boolean isLoopback() {
        SocketAddress remote = channel.remoteAddress();
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null && inet.getAddress().isLoopbackAddress();
    }

    public boolean isOpen() {
        return channel.isOpen();
    }

    /** Bytes sent to the socket so far (INFO's total_net_output_bytes, CLIENT LIST's tot-net-out). */
    public long outputBytes() {
        return outputBytes;
    }

    /** Bytes written but not yet taken by the socket: the output buffer Redis's limits bound. */
    public long pendingOutputBytes() {
        var buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    @Override
    public void send(byte[] bytes, int offset, int length) {
        if (pending == null) {
            pending = channel.alloc().ioBuffer(Math.max(256, length));
        }
        pending.writeBytes(bytes, offset, length);
    }

    @Override
    public void flush() {
        ByteBuf out = pending;
        pending = null;
        if (out == null) {
            return;
        }
        outputBytes += out.readableBytes();
        if (channel.isActive()) {
            channel.writeAndFlush(out, channel.voidPromise());
        } else {
            out.release();
        }
    }

    @Override
    public void closeAfterFlush() {
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Runs {@code task} on this connection's IO thread, after what that thread is doing now; from any thread.
     * Nothing runs once the IO threads have stopped (the server is closing, and the client with it).
     */
    public void runOnIoThread(Runnable task) {
        try {
            channel.eventLoop().execute(task);
        } catch (RejectedExecutionException stopping) {
            // the event loop shut down: the connection is closed with it, so there is no one to run the task for
        }
    }

    /** Closes at once, from any thread. */
    public void close() {
        channel.close();
    }

    Channel channel() {
        return channel;
    }

    private static String format(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
            return host + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    @Override
    public String toString() {
        return "client " + id + " " + address();
    }
}
