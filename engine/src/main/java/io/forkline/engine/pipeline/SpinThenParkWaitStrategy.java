package io.forkline.engine.pipeline;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

import java.util.concurrent.locks.LockSupport;

/**
 * How the writer waits for the next command: it spins for a short while (the next command of a busy
 * server usually arrives within microseconds), then parks until a publisher unparks it.
 *
 * <p>Why not {@code BlockingWaitStrategy}: it takes a monitor on every publish, whether or not the
 * writer sleeps, and a writer that parks at once pays a futex sleep and wake-up per batch when
 * commands arrive a few microseconds apart. Here a publisher only reads one volatile field unless
 * the writer is parked. The spin is bounded ({@code spinNanos}, 0 to park at once) because on a
 * two-core machine a spinning writer takes the core an IO thread or the client needs.
 *
 * <p>Assumption: one consumer waits on it (the pipeline's writer). Publishers and the consumer meet
 * Dekker-style: the consumer announces itself in {@link #parked} and then reads the cursor; a
 * publisher advances the cursor and then reads {@link #parked}; with volatile accesses at least one
 * of the two sees the other, so a command is never left waiting for a writer that sleeps.
 */
final class SpinThenParkWaitStrategy implements WaitStrategy {

    private final long spinNanos;
    private volatile Thread parked;

    SpinThenParkWaitStrategy(long spinNanos) {
        this.spinNanos = spinNanos;
    }

    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException, InterruptedException {
        if (cursor.get() < sequence && !spin(sequence, cursor, barrier)) {
            park(sequence, cursor, barrier);
        }
        long available;
        while ((available = dependentSequence.get()) < sequence) {
            barrier.checkAlert();
            Thread.onSpinWait();
        }
        return available;
    }

    /** True once the cursor reached {@code sequence} within the spin time. */
    private boolean spin(long sequence, Sequence cursor, SequenceBarrier barrier) throws AlertException {
        if (spinNanos <= 0) {
            return false;
        }
        long deadline = System.nanoTime() + spinNanos;
        do {
            barrier.checkAlert();
            for (int i = 0; i < 32; i++) {
                if (cursor.get() >= sequence) {
                    return true;
                }
                Thread.onSpinWait();
            }
        } while (System.nanoTime() - deadline < 0);
        return false;
    }

    private void park(long sequence, Sequence cursor, SequenceBarrier barrier) throws AlertException, InterruptedException {
        parked = Thread.currentThread();
        try {
            while (cursor.get() < sequence) {
                barrier.checkAlert();
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            parked = null;
        }
    }

    /**
     * Called by the ring after every publish: wakes the writer if it is parked, unless the publishing thread
     * publishes quietly (see {@link #quietly}).
     */
    @Override
    public void signalAllWhenBlocking() {
        Thread writer = parked;
        if (writer != null && !QUIET.get()[0]) {
            LockSupport.unpark(writer);
        }
    }

    /** Wakes the writer if it is parked. */
    void wake() {
        Thread writer = parked;
        if (writer != null) {
            LockSupport.unpark(writer);
        }
    }

    /**
     * From now until {@link #endQuiet}, the current thread's publishes do not wake a parked writer: the thread
     * promises to call {@link #wake} soon after (an IO thread does once per turn of its event loop, so that the
     * commands of all the connections it read in one turn cost the writer one wake-up, not one each).
     */
    void beginQuiet() {
        QUIET.get()[0] = true;
    }

    void endQuiet() {
        QUIET.get()[0] = false;
    }

    /** Per thread: whether it publishes quietly right now. Read only when the writer is parked. */
    private static final ThreadLocal<boolean[]> QUIET = ThreadLocal.withInitial(() -> new boolean[1]);
}
