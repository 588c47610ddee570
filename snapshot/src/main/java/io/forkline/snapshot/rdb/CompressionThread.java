package io.forkline.snapshot.rdb;

import io.forkline.snapshot.io.ByteSink;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The second half of an {@link RdbEncoder} that compresses aside: the encoder fills {@link Chunk}s with the
 * file's bytes as it would write them, except that each string it would try to compress is left as it is and
 * marked; this thread takes the chunks in order and writes them to the sink through a plain encoder, trying LZF
 * on each marked string exactly as that encoder would have. The file is byte for byte the one a plain encoder
 * writes; what moves to this thread is the compression, the checksum (a checksumming sink is this thread's) and
 * the writes, while the saver walks the store.
 *
 * <p>Bounded: {@value #CHUNKS} chunks of {@value #CHUNK_BYTES} bytes circulate, so the saver waits when this
 * thread is behind. A failure here (a full disk) comes back to the saver at its next hand-over.
 */
final class CompressionThread {

    static final int CHUNK_BYTES = 64 * 1024;
    static final int CHUNKS = 4;
    /** How often a side waiting on the other looks whether it failed or stopped. */
    private static final long CHECK_MILLIS = 10;
    /** Handed over last: everything before it is written; flush and end. */
    private static final Chunk END = new Chunk(0);

    private final RdbEncoder plain;
    private final ByteSink out;
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(CHUNKS);
    private final Thread thread;
    private volatile Throwable failure;
    private volatile boolean stopped;
    private volatile boolean ended;
    private volatile long written;

    CompressionThread(ByteSink out) {
        this.out = out;
        this.plain = new RdbEncoder(out, true);
        for (int i = 0; i < CHUNKS; i++) {
            free.add(new Chunk(CHUNK_BYTES));
        }
        this.thread = Thread.ofPlatform().daemon().name("forkline-rdb-compress").start(this::run);
    }

    /** Bytes written to the sink so far. */
    long written() {
        return written;
    }

    /** An empty chunk to fill, once one is free. */
    Chunk take() throws IOException {
        try {
            while (true) {
                checkFailure();
                Chunk chunk = free.poll(CHECK_MILLIS, TimeUnit.MILLISECONDS);
                if (chunk != null) {
                    chunk.clear();
                    return chunk;
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while saving an RDB file");
        }
    }

    /** Hands a filled chunk over; chunks are written in the order they are handed over. */
    void hand(Chunk chunk) throws IOException {
        try {
            while (!full.offer(chunk, CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                checkFailure();
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while saving an RDB file");
        }
    }

    /** Waits until every chunk handed over is written and the sink has every byte; rethrows this thread's failure. */
    void finish() throws IOException {
        hand(END);
        joinUninterruptibly();
        checkFailure();
        if (!ended) {
            throw new IllegalStateException("the compression thread ended without finishing the file");
        }
    }

    /** Stops this thread, if it still runs (the save failed or was cancelled), and waits for it. */
    void stop() {
        stopped = true;
        joinUninterruptibly();
    }

    private void run() {
        try {
            while (!stopped) {
                Chunk chunk = full.poll(CHECK_MILLIS, TimeUnit.MILLISECONDS);
                if (chunk == END) {
                    plain.flush();
                    written = out.position();
                    ended = true;
                    return;
                }
                if (chunk != null) {
                    write(chunk);
                    written = out.position();
                    if (chunk.pooled) {
                        free.add(chunk);   // never full: CHUNKS pooled chunks exist
                    }
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void write(Chunk chunk) throws IOException {
        int at = 0;
        for (int i = 0; i < chunk.strings; i++) {
            int start = chunk.marks[2 * i];
            int length = chunk.marks[2 * i + 1];
            plain.raw(chunk.data, at, start - at);
            plain.string(chunk.data, start, length);
            at = start + length;
        }
        plain.raw(chunk.data, at, chunk.size - at);
    }

    private void checkFailure() throws IOException {
        switch (failure) {
            case null -> {
            }
            case IOException io -> throw io;
            case RuntimeException runtime -> throw runtime;
            case Error error -> throw error;
            default -> throw new IOException(failure);
        }
    }

    private void joinUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException again) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Encoded bytes, with the strings still to compress marked by start and length, in order. */
    static final class Chunk {
        final byte[] data;
        /** One of the {@value #CHUNKS} that circulate, not a string's own. */
        final boolean pooled;
        int size;
        int[] marks = new int[64];
        int strings;

        Chunk(int bytes) {
            this.data = new byte[bytes];
            this.pooled = true;
        }

        /** A chunk of its own for one string longer than a chunk. */
        static Chunk ofString(byte[] string) {
            Chunk chunk = new Chunk(string, string.length);
            chunk.mark(0, string.length);
            return chunk;
        }

        private Chunk(byte[] data, int size) {
            this.data = data;
            this.pooled = false;
            this.size = size;
        }

        void mark(int start, int length) {
            if (2 * strings + 2 > marks.length) {
                marks = Arrays.copyOf(marks, 2 * marks.length);
            }
            marks[2 * strings] = start;
            marks[2 * strings + 1] = length;
            strings++;
        }

        void clear() {
            size = 0;
            strings = 0;
        }
    }
}
