package io.forkline.bench.load;

import java.nio.ByteBuffer;

/**
 * One connection's share of the load, without the socket: which requests are due, what is in flight
 * and when each was due and sent, and what each reply means. The {@link LoadAgent} moves its bytes;
 * tests drive it directly with an invented clock.
 *
 * <p>Closed loop: whenever fewer than {@code pipeline} requests are in flight, more are sent at once,
 * each due the moment it is sent. Open loop: request k of this connection is due at
 * {@code scheduleStart + k * period}, whatever happened to the earlier ones; it is sent when it is due
 * and fewer than {@code pipeline} are in flight, else as soon as one returns. Its latency runs from
 * when it was due, not from when it could be sent: a server that stalls for 100 ms is charged 100 ms
 * on every request the schedule held back, not only on the ones in flight. This is the correction
 * for coordinated omission as wrk2 makes it (Gil Tene, "How NOT to Measure Latency", 2015).
 *
 * <p>Replies come back in request order (RESP without pub/sub), so the in-flight requests form a
 * FIFO ring. Single-threaded: owned by one agent.
 */
public final class LoadConnection implements ReplyScanner.Handler {

    private final RequestSource source;
    private final int pipeline;
    private final double periodNanos;
    private final long scheduleStart;
    private final long stopAt;
    private final LatencySink sink;
    private final long[] intended;
    private final long[] sent;
    private final Operation[] ops;
    private int head;
    private int inFlight;
    private long issued;
    private long now;

    /**
     * @param periodNanos   0 for a closed loop, else nanoseconds between this connection's requests
     * @param scheduleStart when request 0 is due (open loop) or when sending may start (closed loop)
     * @param stopAt        no request due at or after this is sent
     */
    public LoadConnection(RequestSource source, int pipeline, double periodNanos, long scheduleStart, long stopAt, LatencySink sink) {
        if (pipeline < 1) {
            throw new IllegalArgumentException("pipeline must be at least 1, got " + pipeline);
        }
        this.source = source;
        this.pipeline = pipeline;
        this.periodNanos = periodNanos;
        this.scheduleStart = scheduleStart;
        this.stopAt = stopAt;
        this.sink = sink;
        this.intended = new long[pipeline];
        this.sent = new long[pipeline];
        this.ops = new Operation[pipeline];
    }

    public boolean openLoop() {
        return periodNanos > 0;
    }

    /** The bytes the largest request needs in the output buffer. */
    public int maxFrame() {
        return source.maxFrame();
    }

    /** Writes every request due by {@code nowNanos} that the pipeline and {@code out}'s room allow; returns how many. */
    public int issue(long nowNanos, ByteBuffer out) {
        int count = 0;
        int frame = source.maxFrame();
        while (inFlight < pipeline && source.hasNext() && out.remaining() >= frame) {
            long due = openLoop() ? scheduleStart + (long) (issued * periodNanos) : Math.max(nowNanos, scheduleStart);
            if (due > nowNanos || due >= stopAt) {
                break;
            }
            Operation op = source.encodeNext(out);
            int slot = (head + inFlight) % pipeline;
            intended[slot] = due;
            sent[slot] = nowNanos;
            ops[slot] = op;
            inFlight++;
            issued++;
            count++;
        }
        return count;
    }

    /**
     * When the next request is due, as seen at {@code nowNanos}; Long.MAX_VALUE when none will be
     * (stopped, or the source is done). A closed loop's requests are due from its start on.
     */
    public long nextDue(long nowNanos) {
        if (!source.hasNext()) {
            return Long.MAX_VALUE;
        }
        long due = openLoop() ? scheduleStart + (long) (issued * periodNanos) : Math.max(nowNanos, scheduleStart);
        return due >= stopAt ? Long.MAX_VALUE : due;
    }

    /** Whether the pipeline has room for another request. */
    public boolean pipelineHasRoom() {
        return inFlight < pipeline;
    }

    /** Sets the time that the replies scanned next arrived at. */
    public void arrivedAt(long nowNanos) {
        this.now = nowNanos;
    }

    @Override
    public void reply(byte type, boolean nil, String errorText) {
        if (inFlight == 0) {
            throw new IllegalStateException("protocol error: a reply arrived with no request in flight");
        }
        Operation op = ops[head];
        long due = intended[head];
        long at = sent[head];
        ops[head] = null;
        head = (head + 1) % pipeline;
        inFlight--;
        String error = null;
        if (type == '-') {
            error = errorText;
        } else if (type != op.successType() && !(nil && op.successType() == '$')) {
            error = "unexpected reply type '" + (char) type + "' to " + op;
        }
        sink.completed(op, due, at, now, error);
    }

    /** Requests sent and not yet answered. */
    public int inFlight() {
        return inFlight;
    }

    /** Requests sent so far. */
    public long issued() {
        return issued;
    }

    /** Whether this connection will send nothing more at or after {@code nowNanos} and awaits no reply. */
    public boolean finished(long nowNanos) {
        return inFlight == 0 && nextDue(nowNanos) == Long.MAX_VALUE;
    }
}
