package io.forkline.engine.pipeline;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;

import java.util.concurrent.locks.LockSupport;

/**
 * How the writer waits for the next command: it parks until a publisher unparks it, and a publisher may
 * publish quietly, leaving the wake-up for later ({@link WriterSignal#beginQuiet}).
 *
 * <p>Why not {@code BlockingWaitStrategy}: it takes a monitor on every publish, whether or not the
 * writer sleeps. Here a publisher reads one volatile field unless the writer is parked. (Spinning a
 * while before parking was measured too: on two cores it took the core an IO thread or the client
 * needed, and gained nothing.)
 *
 * <p>Assumption: one consumer waits on it (the pipeline's writer). Publishers and the consumer meet
 * Dekker-style: the consumer announces itself in {@link #parked} and then reads the cursor; a
 * publisher advances the cursor and then reads {@link #parked}; with volatile accesses at least one
 * of the two sees the other, so a command is never left waiting for a writer that sleeps, unless its
 * publisher was quiet and has promised a {@link #wake}.
 */
final class ParkingWaitStrategy extends WriterSignal {

    private volatile Thread parked;

    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException, InterruptedException {
        if (cursor.get() < sequence) {
            park(sequence, cursor, barrier);
        }
        long available;
        while ((available = dependentSequence.get()) < sequence) {
            barrier.checkAlert();
            Thread.onSpinWait();
        }
        return available;
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
     * publishes quietly (see {@link #beginQuiet}).
     */
    @Override
    public void signalAllWhenBlocking() {
        Thread writer = parked;
        if (writer != null && !quiet()) {
            LockSupport.unpark(writer);
        }
    }

    /** Wakes the writer if it is parked. */
    @Override
    void wake() {
        Thread writer = parked;
        if (writer != null) {
            LockSupport.unpark(writer);
        }
    }
}
