package io.forkline.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One load thread: a selector over its connections' sockets, moving their requests out and their
 * replies in until every connection has finished or the drain deadline has passed. It never blocks
 * on a socket; it waits in the selector for replies, or until the next request is due (open loop,
 * sub-millisecond waits by parking, since the selector counts in milliseconds).
 */
public final class LoadAgent implements Runnable {

    private static final long MAX_WAIT_NANOS = 50_000_000L;

    private final List<Socket> sockets = new ArrayList<>();
    private final Selector selector;
    private final LongSupplier clock;
    private final long drainDeadline;
    private final Consumer<SelectionKey> onReady = this::ready;   // one object, not one per select
    private volatile long completions;
    private volatile Throwable failure;
    private volatile boolean aborted;
    private int unanswered;

    /** A connection's socket, buffers and reply scanner. */
    private final class Socket {
        final LoadConnection connection;
        final SocketChannel channel;
        final ByteBuffer in;
        final ByteBuffer out;
        final ReplyScanner scanner = new ReplyScanner();
        SelectionKey key;
        boolean wantWrite;
        boolean closed;

        Socket(LoadConnection connection, SocketChannel channel) {
            this.connection = connection;
            this.channel = channel;
            int size = Math.max(64 * 1024, connection.maxFrame() * 4);
            this.in = ByteBuffer.allocateDirect(size);
            this.out = ByteBuffer.allocateDirect(size);
        }
    }

    /** @param drainDeadline when to stop waiting for replies still outstanding (clock nanoseconds) */
    public LoadAgent(LongSupplier clock, long drainDeadline) throws IOException {
        this.selector = Selector.open();
        this.clock = clock;
        this.drainDeadline = drainDeadline;
    }

    /** Opens a connection (blocking until connected) and gives it to this agent; call before {@link #run}. */
    public void connect(InetSocketAddress address, LoadConnection connection) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(address);
            channel.configureBlocking(false);
            Socket socket = new Socket(connection, channel);
            socket.key = channel.register(selector, SelectionKey.OP_READ, socket);
            sockets.add(socket);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void run() {
        try {
            loop();
        } catch (Throwable e) {
            failure = e;
        } finally {
            release();
        }
    }

    /** Closes every socket and the selector, counting what was still in flight; {@link #run} ends with it. */
    public void release() {
        for (Socket socket : sockets) {
            if (!socket.closed) {
                unanswered += socket.connection.inFlight();
                closeQuietly(socket);
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing is left to release
        }
    }

    private void loop() throws IOException {
        while (!aborted) {
            long now = clock.getAsLong();
            long nextDue = Long.MAX_VALUE;
            boolean finished = true;
            for (Socket socket : sockets) {
                if (socket.closed) {
                    continue;
                }
                LoadConnection connection = socket.connection;
                if (connection.nextDue(now) <= now && connection.pipelineHasRoom()) {
                    send(socket, now);
                }
                if (!connection.finished(now)) {
                    finished = false;
                }
                if (connection.pipelineHasRoom() && !socket.wantWrite) {
                    nextDue = Math.min(nextDue, connection.nextDue(now));
                }
            }
            if (finished || now >= drainDeadline) {
                return;
            }
            long wait = Math.min(MAX_WAIT_NANOS, Math.min(nextDue, drainDeadline) - now);
            if (wait >= 1_000_000L) {
                selector.select(onReady, wait / 1_000_000L);
            } else if (selector.selectNow(onReady) == 0 && wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    private void ready(SelectionKey key) {
        Socket socket = (Socket) key.attachment();
        try {
            if (key.isReadable()) {
                read(socket);
            }
            if (!socket.closed && key.isValid() && key.isWritable()) {
                flush(socket);
            }
        } catch (IOException e) {
            throw new LoadFailure("connection to the server failed: " + e.getMessage(), e);
        }
    }

    private void read(Socket socket) throws IOException {
        int n = socket.channel.read(socket.in);
        if (n < 0) {
            throw new LoadFailure("the server closed a connection with " + socket.connection.inFlight() + " requests in flight", null);
        }
        if (n == 0) {
            return;
        }
        long now = clock.getAsLong();
        LoadConnection connection = socket.connection;
        long before = connection.issued() - connection.inFlight();
        socket.in.flip();
        connection.arrivedAt(now);
        socket.scanner.scan(socket.in, connection);
        socket.in.compact();
        long done = connection.issued() - connection.inFlight() - before;
        if (done > 0) {
            completions += done;   // a single writer: this thread
        }
        send(socket, now);
    }

    private void send(Socket socket, long now) {
        if (socket.connection.issue(now, socket.out) > 0 || socket.out.position() > 0) {
            try {
                flush(socket);
            } catch (IOException e) {
                throw new LoadFailure("connection to the server failed: " + e.getMessage(), e);
            }
        }
    }

    private void flush(Socket socket) throws IOException {
        socket.out.flip();
        socket.channel.write(socket.out);
        socket.out.compact();
        boolean pending = socket.out.position() > 0;
        if (pending != socket.wantWrite) {
            socket.wantWrite = pending;
            socket.key.interestOps(pending ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    private static void closeQuietly(Socket socket) {
        socket.closed = true;
        try {
            socket.channel.close();
        } catch (IOException ignored) {
            // closing: nothing more to read or write
        }
    }

    /** Replies received so far (read from any thread, for progress). */
    public long completions() {
        return completions;
    }

    /** Requests still unanswered when the agent stopped (valid after {@link #run} returns). */
    public int unanswered() {
        return unanswered;
    }

    /** Why the agent stopped early, or null. */
    public Throwable failure() {
        return failure;
    }

    /** Asks the agent to stop at its next wake-up. */
    public void abort() {
        aborted = true;
        selector.wakeup();
    }

    public int connections() {
        return sockets.size();
    }

    /** A failed connection ends the run: its numbers would no longer mean what they say. */
    public static final class LoadFailure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        LoadFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
