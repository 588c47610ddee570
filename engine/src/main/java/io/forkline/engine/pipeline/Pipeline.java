package io.forkline.engine.pipeline;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.forkline.engine.command.Arguments;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.Collections;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The data path of DESIGN.md: IO threads publish commands into a Disruptor ring; ONE writer thread
 * executes them in order; a journal thread makes their effects durable per batch; a responder thread
 * sends the replies and flushes each client once per batch.
 *
 * <pre>
 *   IO threads --publish--> [ ring ] --> writer --> journal --> responder --> sockets
 * </pre>
 *
 * <p>No unbounded queue: when the ring is full, {@link #publishCommand} waits for a free slot, so an IO
 * thread stops reading its connections until the writer catches up (back-pressure). Every stage
 * parks when idle (blocking wait strategy): on two cores a spinning stage would steal the core the
 * writer needs.
 */
public final class Pipeline<C extends PipelineClient> implements AutoCloseable {

    private static final String[] STAGES = {"forkline-writer", "forkline-journal", "forkline-responder"};

    private final Disruptor<CommandEvent<C>> disruptor;
    private final RingBuffer<CommandEvent<C>> ring;

    public Pipeline(int ringSize, CommandProcessor<C> processor, CommandJournal journal) {
        AtomicInteger started = new AtomicInteger();
        ThreadFactory threads = runnable -> {
            int index = started.getAndIncrement();
            Thread thread = new Thread(runnable, index < STAGES.length ? STAGES[index] : "forkline-stage-" + index);
            thread.setDaemon(true);
            return thread;
        };
        disruptor = new Disruptor<>(CommandEvent::new, ringSize, threads, ProducerType.MULTI, new BlockingWaitStrategy());
        EventHandler<CommandEvent<C>> writer = (event, sequence, endOfBatch) -> processor.process(event);
        EventHandler<CommandEvent<C>> journaling = (event, sequence, endOfBatch) -> {
            journal.append(event.effects);
            if (endOfBatch) {
                journal.endOfBatch();
            }
        };
        disruptor.handleEventsWith(writer).then(journaling).then(new Responder<>());
        ring = disruptor.start();
    }

    /**
     * Publishes a client's command, handing over {@code filled}; returns an empty {@link Arguments} for
     * the caller's next command (the one the slot held before). Waits while the ring is full.
     */
    public Arguments publishCommand(C client, Arguments filled) {
        long sequence = ring.next();
        CommandEvent<C> event = ring.get(sequence);
        Arguments spare = event.args;
        event.reset(CommandEvent.Kind.COMMAND, client);
        event.args = filled;
        ring.publish(sequence);
        spare.clear();
        return spare;
    }

    public void publishProtocolError(C client, String message) {
        long sequence = ring.next();
        CommandEvent<C> event = ring.get(sequence);
        event.reset(CommandEvent.Kind.PROTOCOL_ERROR, client);
        event.error = message;
        ring.publish(sequence);
    }

    public void publishDisconnect(C client) {
        publish(CommandEvent.Kind.DISCONNECT, client, null);
    }

    public void publishTick() {
        publish(CommandEvent.Kind.TICK, null, null);
    }

    /** Runs {@code task} on the writer thread, in ring order. */
    public void publishTask(Runnable task) {
        publish(CommandEvent.Kind.TASK, null, task);
    }

    private void publish(CommandEvent.Kind kind, C client, Runnable task) {
        long sequence = ring.next();
        CommandEvent<C> event = ring.get(sequence);
        event.reset(kind, client);
        event.task = task;
        ring.publish(sequence);
    }

    /** Slots free right now (for INFO and tests of back-pressure). */
    public long freeSlots() {
        return ring.remainingCapacity();
    }

    /** Processes what was published, then stops the stages. */
    @Override
    public void close() {
        try {
            disruptor.shutdown(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            disruptor.halt();
        }
    }

    /** Sends replies and outboxes, and flushes each client touched once at the end of the batch. */
    private static final class Responder<C extends PipelineClient> implements EventHandler<CommandEvent<C>> {
        private final Set<C> touched = Collections.newSetFromMap(new IdentityHashMap<>());
        private final List<C> closing = new ArrayList<>();

        @Override
        public void onEvent(CommandEvent<C> event, long sequence, boolean endOfBatch) {
            C client = event.client;
            if (client != null && (event.kind == CommandEvent.Kind.COMMAND || event.kind == CommandEvent.Kind.PROTOCOL_ERROR)) {
                if (!event.silent && event.reply.length() > 0) {
                    client.send(event.reply.buffer(), 0, event.reply.length());
                }
                touched.add(client);
                if (event.closeClient) {
                    closing.add(client);
                }
            }
            event.outbox.deliver(touched::add, closing::add);
            if (endOfBatch) {
                for (C flushed : touched) {
                    flushed.flush();
                }
                for (C closed : closing) {
                    closed.closeAfterFlush();
                }
                touched.clear();
                closing.clear();
            }
        }
    }
}
