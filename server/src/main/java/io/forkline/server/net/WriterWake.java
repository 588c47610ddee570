package io.forkline.server.net;

import io.forkline.engine.pipeline.Pipeline;
import io.netty.channel.EventLoop;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

/**
 * One per IO thread: wakes the writer once per turn of the thread's event loop in which it published
 * commands. The IO thread publishes quietly ({@link Pipeline#publishCommands}) while it reads every
 * connection that is ready, then this task, queued behind that reading, wakes the writer once: one
 * futex wake-up and one context switch per turn instead of one per connection.
 *
 * <p>Confined to its event loop's thread.
 */
public final class WriterWake implements Runnable {

    private final Pipeline<?> pipeline;
    private final EventLoop loop;
    private boolean queued;

    WriterWake(Pipeline<?> pipeline, EventLoop loop) {
        this.pipeline = pipeline;
        this.loop = loop;
    }

    /** IO thread, after a quiet publish: the writer is woken when this turn's reading is done. */
    void request() {
        if (queued) {
            return;
        }
        queued = true;
        try {
            loop.execute(this);
        } catch (RejectedExecutionException stopping) {
            queued = false;
            pipeline.wakeWriter();
        }
    }

    @Override
    public void run() {
        queued = false;
        pipeline.wakeWriter();
    }

    /** A server's wake-ups, one per IO thread. */
    public static final class PerLoop {
        private final Pipeline<?> pipeline;
        private final Map<EventLoop, WriterWake> byLoop = new ConcurrentHashMap<>();

        public PerLoop(Pipeline<?> pipeline) {
            this.pipeline = pipeline;
        }

        WriterWake of(EventLoop loop) {
            return byLoop.computeIfAbsent(loop, key -> new WriterWake(pipeline, key));
        }
    }
}
