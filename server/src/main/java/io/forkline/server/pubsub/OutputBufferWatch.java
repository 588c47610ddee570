package io.forkline.server.pubsub;

/**
 * Redis's check of one client's output buffer against its {@link OutputBufferLimit}: over the hard
 * limit at once, over the soft limit only when it has stayed over it, continuously, for more than
 * the limit's seconds. Holds when the soft limit was first seen reached. Writer thread only.
 */
public final class OutputBufferWatch {

    private long softReachedSeconds;

    /**
     * Whether a client with {@code usedBytes} of unsent output, checked at {@code nowSeconds}, is over
     * {@code limit}. An empty buffer is never over it and leaves the soft-limit timer as it was, as in
     * Redis, which does not check a client with nothing queued.
     */
    public boolean exceeded(OutputBufferLimit limit, long usedBytes, long nowSeconds) {
        if (usedBytes == 0) {
            return false;
        }
        boolean hard = limit.hardBytes() > 0 && usedBytes >= limit.hardBytes();
        boolean soft = limit.softBytes() > 0 && usedBytes >= limit.softBytes();
        if (!soft) {
            softReachedSeconds = 0;
        } else if (softReachedSeconds == 0) {
            softReachedSeconds = nowSeconds;
            soft = false;   // first seen now: the clock starts
        } else {
            soft = nowSeconds - softReachedSeconds > limit.softSeconds();
        }
        return hard || soft;
    }
}
