package io.forkline.engine.pipeline;

import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The writer's signal when it runs on an event loop ({@link WriterLoop}): a wake-up queues one run of the writer
 * as a task of the loop, unless one is queued already, and the writer never waits: it takes what the ring holds
 * and gives the loop back.
 */
final class LoopSignal extends WriterSignal {

    private final WriterLoop loop;
    private final Runnable writer;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final Runnable run = this::run;

    /** @param writer runs what the ring holds, on the loop's thread */
    LoopSignal(WriterLoop loop, Runnable writer) {
        this.loop = loop;
        this.writer = writer;
    }

    /** Never waits: what is published so far, or less than {@code sequence} when nothing is. */
    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier) {
        return dependentSequence.get();
    }

    /** Whether the loop publishes quietly: written by the loop's thread only, so the only thread that may publish quietly. */
    private boolean loopQuiet;

    @Override
    void beginQuiet() {
        if (loop.inLoop()) {
            loopQuiet = true;
        }
    }

    @Override
    void endQuiet() {
        if (loop.inLoop()) {
            loopQuiet = false;
        }
    }

    /** Only the loop publishes quietly (its IO reads); another thread may see {@link #loopQuiet} set, but it is not the loop. */
    @Override
    boolean quiet() {
        return loopQuiet && loop.inLoop();
    }

    @Override
    public void signalAllWhenBlocking() {
        if (!quiet()) {
            wake();
        }
    }

    @Override
    void wake() {
        if (queued.get() || queued.getAndSet(true)) {
            return;
        }
        try {
            loop.execute(run);
        } catch (RejectedExecutionException stopped) {
            queued.set(false);   // the loop has stopped: nothing runs on it any more
        }
    }

    private void run() {
        queued.set(false);   // before the writer reads the ring: a publish from here on queues another run
        writer.run();
    }
}
