package io.forkline.engine.pipeline;

import com.lmax.disruptor.WaitStrategy;

/**
 * How publishers get the writer to run: the ring's wait strategy, which the ring calls after every publish
 * ({@link #signalAllWhenBlocking}), and {@link #wake} for what was published quietly. A publishing thread may
 * publish quietly ({@link #beginQuiet}): its publishes then leave the writer as it is, and the thread promises a
 * {@link #wake} soon after (an IO thread does once per turn of its event loop, so that the commands of all the
 * connections it read in one turn cost one wake-up, not one each).
 */
abstract sealed class WriterSignal implements WaitStrategy permits ParkingWaitStrategy, LoopSignal {

    /** Gets the writer to run what was published, if it is not running or about to. Any thread. */
    abstract void wake();

    void beginQuiet() {
        QUIET.get()[0] = true;
    }

    void endQuiet() {
        QUIET.get()[0] = false;
    }

    /** Whether the current thread publishes quietly right now. */
    boolean quiet() {
        return QUIET.get()[0];
    }

    private static final ThreadLocal<boolean[]> QUIET = ThreadLocal.withInitial(() -> new boolean[1]);
}
