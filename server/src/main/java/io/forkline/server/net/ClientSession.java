package io.forkline.server.net;

import io.forkline.engine.pipeline.PipelineClient;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.buffer.Unpooled;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;

/**
 * One client connection and everything the server keeps about it. Its fields belong to three
 * roles, by group: the IO thread (parsing), the writer (the client's state as commands change
 * it) and the responder (the reply bytes gathered for one batch). {@link ClientState} holds the
 * writer's part. With one IO thread, the writer and (unless the journal syncs first) the responder run
 * on it; otherwise each role is its own thread. A responder off the IO thread hands its flushed bytes to
 * the IO thread through {@link LoopOutput}; a flush on the IO thread writes those first, so replies leave in
 * the order of the commands.
 */
public final class ClientSession implements PipelineClient {

    private final long id;
    private final Channel channel;
    private final long createdMillis;
    private final ClientState state = new ClientState();

    /** Set by the writer while CLIENT PAUSE holds this client's commands: the IO thread stops parsing them. */
    private volatile boolean inputHeld;
    /** IO thread: applies {@link #inputHeld} to the connection; set by its handler before any command is published. */
    private Runnable inputChanged = () -> { };

    /** Responder thread: reply bytes of the current batch. */
    private ByteBuf pending;
    /** Replies flushed off the IO thread, for it to write in order; null writes them through Netty's own task per flush. */
    private final LoopOutput loopOutput;
    private final Queue<ByteBuf> offLoop = new ConcurrentLinkedQueue<>();
    /** Responder thread writes, any thread reads: bytes handed to {@link #send} so far. */
    private volatile long queuedBytes;
    /** Bytes the writer made for this client, sent or still waiting for the end of their batch ({@link #produced}). */
    private final java.util.concurrent.atomic.AtomicLong producedBytes = new java.util.concurrent.atomic.AtomicLong();
    private volatile long outputBytes;

    /** @param loopOutput carries what is flushed off the IO thread onto it, shared by the thread's connections */
    public ClientSession(long id, Channel channel, long createdMillis, LoopOutput loopOutput) {
        this.id = id;
        this.channel = channel;
        this.createdMillis = createdMillis;
        this.loopOutput = Objects.requireNonNull(loopOutput, "loopOutput");
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

    /**
     * Writer: CLIENT PAUSE holds one of this client's commands, so stop reading its connection. Commands
     * already parsed still arrive; bytes read but not parsed wait in the connection's handler.
     */
    public void holdInput() {
        inputHeld = true;
        inputChangedOnIoThread();
    }

    /** Writer: the client's held commands ran; read and parse its connection again. */
    public void releaseInput() {
        inputHeld = false;
        inputChangedOnIoThread();
    }

    public boolean inputHeld() {
        return inputHeld;
    }

    void onInputChanged(Runnable action) {
        this.inputChanged = action;
    }

    private void inputChangedOnIoThread() {
        if (channel.isOpen()) {
            channel.eventLoop().execute(inputChanged);
        }
    }

    /** Bytes sent to the socket so far (INFO's total_net_output_bytes, CLIENT LIST's tot-net-out). */
    public long outputBytes() {
        return outputBytes;
    }

    /**
     * Bytes made for the client and not yet taken by the socket: replies and outbox entries waiting for the
     * end of their batch, the responder's batch not yet flushed, and the connection's outbound buffer. The
     * output buffer Redis's limits bound. Any thread; read off the writer's and the responder's threads it
     * may briefly miss a batch being flushed.
     */
    public long pendingOutputBytes() {
        var buffer = channel.unsafe().outboundBuffer();
        long unflushed = Math.max(producedBytes.get(), queuedBytes) - outputBytes;
        return unflushed + (buffer == null ? 0 : buffer.totalPendingWriteBytes());
    }

    @Override
    public void produced(long bytes) {
        producedBytes.addAndGet(bytes);
    }

    @Override
    public void send(byte[] bytes, int offset, int length) {
        if (pending == null) {
            pending = channel.alloc().ioBuffer(Math.max(256, length));
        }
        pending.writeBytes(bytes, offset, length);
        queuedBytes += length;
    }

    @Override
    public void flush() {
        ByteBuf out = pending;
        pending = null;
        if (out == null) {
            return;
        }
        outputBytes += out.readableBytes();
        if (channel.eventLoop().inEventLoop()) {
            writeQueued(false);
            write(out, true);
        } else {
            offLoop.add(out);
            loopOutput.offer(this);
        }
    }

    /** IO thread: writes what was flushed off it, in order. */
    void writeQueued() {
        writeQueued(true);
    }

    private void writeQueued(boolean thenFlush) {
        ByteBuf queued = offLoop.poll();
        if (queued == null) {
            return;
        }
        for (; queued != null; queued = offLoop.poll()) {
            write(queued, false);
        }
        if (thenFlush) {
            channel.flush();
        }
    }

    private void write(ByteBuf out, boolean thenFlush) {
        if (!channel.isActive()) {
            out.release();
        } else if (thenFlush) {
            channel.writeAndFlush(out, channel.voidPromise());
        } else {
            channel.write(out, channel.voidPromise());
        }
    }

    @Override
    public void closeAfterFlush() {
        if (channel.eventLoop().inEventLoop()) {
            writeQueued(false);
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else {
            runOnIoThread(this::closeAfterFlush);   // behind the replies queued for it
        }
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
