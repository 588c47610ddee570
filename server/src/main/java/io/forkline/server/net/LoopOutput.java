package io.forkline.server.net;

import io.netty.channel.EventLoop;
import io.netty.util.internal.PlatformDependent;

import java.util.Arrays;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One per IO thread: carries the replies flushed off that thread (by the journal thread under appendfsync
 * always, or by a writer of its own) onto it, one task for all the connections flushed meanwhile.
 *
 * <p>Before, each connection's flush from another thread was its own task on the event loop, and each
 * woke the loop if it had gone back to sleep: under always, where every batch is answered from the journal
 * thread, a batch's replies cost up to a dozen eventfd writes and loop wake-ups, about 35 µs each on the
 * journal thread, between one fdatasync and the next. Now the connections flushed join a queue, and the
 * pipeline's hook after the batch's replies ({@link PerLoop#run}) queues this task once.
 *
 * <p>Each connection keeps the bytes flushed off the loop in its own queue, and a flush on the loop (the
 * writer answering a batch itself) first writes what is queued there, so a client's replies leave in the
 * order of its commands even when the writer answers a later batch before this task has run.
 *
 * <p>Assumptions and guarantees: {@link #offer} and {@link #signal} from the responder's thread (the writer or the
 * journal thread, one at a time); {@link #run} on the loop.
 */
public final class LoopOutput implements Runnable {

    private final EventLoop loop;
    private final Queue<ClientSession> flushed = PlatformDependent.newMpscQueue();
    private final AtomicBoolean queued = new AtomicBoolean();

    LoopOutput(EventLoop loop) {
        this.loop = loop;
    }

    /** Off the loop: {@code client} has output queued; it is written once {@link #signal} follows. */
    void offer(ClientSession client) {
        flushed.add(client);
    }

    /** After a batch's flushes: queues the task that writes what was offered, unless it is queued already. */
    void signal() {
        if (!flushed.isEmpty() && !queued.get() && queued.compareAndSet(false, true)) {
            try {
                loop.execute(this);
            } catch (RejectedExecutionException stopping) {
                queued.set(false);   // the loop has stopped, and its connections are closed with it
            }
        }
    }

    @Override
    public void run() {
        queued.set(false);   // what is offered from now on is signalled again, or drained below
        for (ClientSession client = flushed.poll(); client != null; client = flushed.poll()) {
            client.writeQueued();
        }
    }

    /** A server's carriers, one per IO thread. */
    public static final class PerLoop implements Runnable {
        private final Map<EventLoop, LoopOutput> byLoop = new ConcurrentHashMap<>();
        private volatile LoopOutput[] all = new LoopOutput[0];

        LoopOutput of(EventLoop loop) {
            LoopOutput known = byLoop.get(loop);
            return known != null ? known : added(loop);
        }

        private synchronized LoopOutput added(EventLoop loop) {
            LoopOutput output = byLoop.get(loop);
            if (output == null) {
                output = new LoopOutput(loop);
                byLoop.put(loop, output);
                LoopOutput[] more = Arrays.copyOf(all, all.length + 1);
                more[all.length] = output;
                all = more;
            }
            return output;
        }

        /** The pipeline's hook after each batch's replies: signals every IO thread that has output offered. */
        @Override
        public void run() {
            for (LoopOutput output : all) {
                output.signal();
            }
        }
    }
}
