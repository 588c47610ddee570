package io.forkline.server.net;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many clients the server closed for going over a client limit: the query buffer limit (found
 * by an IO thread while parsing) and the normal class's output buffer limit (found by the writer).
 * Redis 7.2 reports these as client_query_buffer_limit_disconnections and
 * client_output_buffer_limit_disconnections; 7.0, which forkline's INFO follows, has neither, so
 * they are kept here for tests and tools. Any thread.
 */
public final class LimitDisconnections {

    private final AtomicLong queryBuffer = new AtomicLong();
    private final AtomicLong outputBuffer = new AtomicLong();

    public void queryBufferLimitReached() {
        queryBuffer.incrementAndGet();
    }

    public void outputBufferLimitReached() {
        outputBuffer.incrementAndGet();
    }

    public long queryBuffer() {
        return queryBuffer.get();
    }

    public long outputBuffer() {
        return outputBuffer.get();
    }

    /** CONFIG RESETSTAT. */
    public void reset() {
        queryBuffer.set(0);
        outputBuffer.set(0);
    }
}
