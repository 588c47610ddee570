package io.forkline.engine.pipeline;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.resp.RespReply;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The data path of DESIGN.md: IO threads publish commands into a Disruptor ring; ONE writer thread
 * executes them in order; the journal makes each batch's effects durable; the responder sends the
 * batch's replies and flushes each client once.
 *
 * <pre>
 *   IO threads --publish--> [ ring ] --> writer --> journal --> responder --> sockets
 * </pre>
 *
 * <h2>Where the stages run, and why</h2>
 * On two cores every thread hand-off costs, and a stage that spins steals the core another needs.
 * Disruptor's consumers that wait on an upstream consumer (not on the producers) spin whatever the
 * wait strategy, so chaining journal and responder as Disruptor handlers behind the writer made two
 * threads spin on every request (measured: 9k requests/s against Redis's 144k). Instead, at the end of
 * each batch the writer asks the journal where the batch goes ({@link CommandJournal#syncsBeforeReplies}):
 * <ul>
 *   <li>Mostly (no AOF, everysec, no) the writer journals and answers the batch itself: one write per
 *   batch, then one flush per client. No hand-off at all.</li>
 *   <li>When the batch must be synced before its replies (appendfsync always), or its write must wait
 *   for something (a background fsync in flight, a new segment to create), the writer hands the batch
 *   to the journal thread by sequence number with park/unpark (no spinning); that thread appends,
 *   writes and fsyncs the batch, then runs the responder for it. Group commit, with fsync never on the
 *   writer or an IO thread.</li>
 * </ul>
 * The journal thread's progress ({@code done}) gates the ring, so an event is not reused before its
 * reply has left; the writer advances it itself for the batches it answers. While the journal thread
 * still holds batches, later batches go to it too, so that replies and journal writes keep ring order
 * (the writer never waits for it). The policy can thus change at run time (CONFIG SET appendfsync).
 *
 * <p>When the journal reports a batch it could not make durable ({@link CommandJournal#batchFailure}),
 * the replies of that batch's commands that changed data become that error.
 *
 * <p>No unbounded queue: when the ring is full, {@link #publishCommand} waits for a free slot, so an IO
 * thread stops reading its connections until the writer catches up (back-pressure). The writer
 * parks when the ring is empty ({@link ParkingWaitStrategy}).
 *
 * <h2>Which thread is the writer</h2>
 * The writer is one thread at a time, always the same: its own ({@link #Pipeline(int, CommandProcessor,
 * CommandJournal)}), or the event loop of a server's only IO thread ({@link #Pipeline(int, CommandProcessor,
 * CommandJournal, WriterLoop)}). On the loop, the writer runs as a task queued by the wake-up that follows a
 * publish ({@link LoopSignal}): the IO thread reads every connection that is ready and publishes their commands,
 * then takes them from the ring, executes them in ring order and writes the replies to the sockets itself, as one
 * turn of Redis's event loop does, with no thread hand-off and no wake-up between reading a command and answering
 * it (on two cores, the one the client does not use). The ring, the batches, the journal and the single-writer rule
 * are the same either way: other threads (timers, snapshots, the journal thread) publish into the ring and the
 * loop runs their events in order.
 */
public final class Pipeline<C extends PipelineClient> implements AutoCloseable {

    /** The writer on its own thread; null when it runs on a loop. */
    private final Disruptor<CommandEvent<C>> disruptor;
    /** The loop the writer runs on; null when it has its own thread. */
    private final WriterLoop loop;
    private final WriterSignal waitStrategy;
    private final RingBuffer<CommandEvent<C>> ring;
    private final Writer writer;
    private final CommandJournal journal;
    private final JournalStage<C> journalStage;
    private final Responder<C> writerResponder = new Responder<>(this::halted);
    private volatile boolean closed;
    /** Set by {@link #halt}: the stages drop whatever they hold instead of finishing it. */
    private volatile boolean halted;
    private final List<Thread> stageThreads = new CopyOnWriteArrayList<>();
    /** How long a publisher parks between tries while the ring is full. */
    private static final long FULL_RING_BACKOFF_NANOS = 10_000;

    /** A pipeline whose writer has its own thread. */
    public Pipeline(int ringSize, CommandProcessor<C> processor, CommandJournal journal) {
        AtomicInteger started = new AtomicInteger();
        ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, started.getAndIncrement() == 0 ? "forkline-writer" : "forkline-stage");
            thread.setDaemon(true);
            stageThreads.add(thread);
            return thread;
        };
        ParkingWaitStrategy parking = new ParkingWaitStrategy();
        waitStrategy = parking;
        loop = null;
        disruptor = new Disruptor<>(CommandEvent::new, ringSize, threads, ProducerType.MULTI, parking);
        this.journal = journal;
        journalStage = new JournalStage<>(journal, this::halted);
        writer = new Writer(processor);
        disruptor.handleEventsWith(writer);
        ring = disruptor.start();
        ring.addGatingSequences(journalStage.done);
        journalStage.start(ring);
        loopBarrier = null;
    }

    /**
     * A pipeline whose writer runs on {@code loop}, between its other tasks: the loop of a server's only IO thread,
     * which then reads commands, executes them and writes their replies with no hand-off to another thread.
     */
    public Pipeline(int ringSize, CommandProcessor<C> processor, CommandJournal journal, WriterLoop loop) {
        this.loop = loop;
        disruptor = null;
        waitStrategy = new LoopSignal(loop, this::runOnLoop);
        ring = RingBuffer.createMultiProducer(CommandEvent::new, ringSize, waitStrategy);
        this.journal = journal;
        journalStage = new JournalStage<>(journal, this::halted);
        writer = new Writer(processor);
        loopBarrier = ring.newBarrier();
        ring.addGatingSequences(loopSequence, journalStage.done);
        journalStage.start(ring);
    }

    /**
     * Runs {@code hook} after each batch's replies are flushed, on the thread that flushed them (the writer or
     * the journal thread): lets clients whose {@link PipelineClient#flush} only hands the bytes on to another
     * thread send that thread one signal per batch. Set before commands flow.
     */
    public void afterReplies(Runnable hook) {
        writerResponder.afterReplies = hook;
        journalStage.responder.afterReplies = hook;
    }

    /** The writer's part: executes each event, and journals and answers each batch at its end. */
    private final class Writer implements EventHandler<CommandEvent<C>> {
        private final CommandProcessor<C> processor;

        Writer(CommandProcessor<C> processor) {
            this.processor = processor;
        }

        @Override
        public void onBatchStart(long batchSize, long queueDepth) {
            processor.batchStarting(batchSize);
        }

        @Override
        public void onEvent(CommandEvent<C> event, long sequence, boolean endOfBatch) {
            if (halted) {
                return;   // a crash: nothing more runs
            }
            processor.process(event);
            countProduced(event);
            if (endOfBatch && !halted) {
                batchEnded(sequence);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The writer on a loop

    /** Loop mode: the last event the writer has run. */
    private final Sequence loopSequence = new Sequence(-1);
    private final SequenceBarrier loopBarrier;
    /** Loop mode: the loop is inside {@link #runOnLoop}, which it never enters again from inside. */
    private volatile boolean writing;

    /** Loop mode, on the loop's thread: runs every event published so far as one batch. Returns whether there were any. */
    private boolean runOnLoop() {
        if (writing || halted) {
            return false;
        }
        long next = loopSequence.get() + 1;
        long available;
        try {
            available = loopBarrier.waitFor(next);   // LoopSignal never waits
        } catch (AlertException | InterruptedException | TimeoutException never) {
            throw new IllegalStateException("the loop's barrier never waits nor is alerted", never);
        }
        if (available < next) {
            return false;
        }
        writing = true;
        long sequence = next;
        try {
            writer.onBatchStart(available - next + 1, available - next + 1);
            for (; sequence <= available && !halted; sequence++) {
                writer.onEvent(ring.get(sequence), sequence, sequence == available);
            }
        } finally {
            loopSequence.set(sequence - 1);   // a failing event is not run twice
            writing = false;
        }
        return true;
    }

    /** Writer thread: tells the clients of an event what output it made for them, before the end of its batch sends it. */
    private static <C extends PipelineClient> void countProduced(CommandEvent<C> event) {
        C client = event.client;
        if (client != null && !event.silent && event.reply.length() > 0
                && (event.kind == CommandEvent.Kind.COMMAND || event.kind == CommandEvent.Kind.PROTOCOL_ERROR)) {
            client.produced(event.reply.length());
        }
        event.outbox.countProduced();
    }

    /** Writer thread: every event up to {@code last} has run; journal and answer them here, or on the journal thread. */
    private void batchEnded(long last) {
        if (journalStage.busy() || journal.syncsBeforeReplies()) {
            journalStage.handOver(last);
        } else {
            writerResponder.journalAndReply(ring, journalStage.done.get() + 1, last, journal);
            journalStage.done.set(last);
        }
    }

    /**
     * Publishes a client's command, handing over {@code filled}; returns an empty {@link Arguments} for
     * the caller's next command (the one the slot held before). Waits while the ring is full.
     */
    public Arguments publishCommand(C client, Arguments filled) {
        long sequence = claim();
        CommandEvent<C> event = ring.get(sequence);
        Arguments spare = event.args;
        event.reset(CommandEvent.Kind.COMMAND, client);
        event.args = filled;
        ring.publish(sequence);
        spare.clear();
        return spare;
    }

    /**
     * IO thread: publishes {@code count} commands of one client at once, handing over {@code commands[0..count)}
     * and putting an empty {@link Arguments} in each of their places. Quietly: a parked writer is not woken here;
     * the IO thread calls {@link #wakeWriter} once it has read what its event loop had ready, so that one wake-up
     * serves every connection it read (as one turn of Redis's event loop serves every ready client). Waits while
     * the ring lacks {@code count} free slots (waking the writer first); {@code count} is at most the ring's size.
     */
    public void publishCommands(C client, Arguments[] commands, int count) {
        long last = claim(count);
        long first = last - count + 1;
        for (int i = 0; i < count; i++) {
            CommandEvent<C> event = ring.get(first + i);
            Arguments spare = event.args;
            event.reset(CommandEvent.Kind.COMMAND, client);
            event.args = commands[i];
            spare.clear();
            commands[i] = spare;
        }
        waitStrategy.beginQuiet();
        try {
            ring.publish(first, last);
        } finally {
            waitStrategy.endQuiet();
        }
    }

    /** Wakes the writer if it sleeps (on a loop: queues its run): after quiet publishes ({@link #publishCommands}). Any thread. */
    public void wakeWriter() {
        waitStrategy.wake();
    }

    public void publishProtocolError(C client, String message) {
        long sequence = claim();
        CommandEvent<C> event = ring.get(sequence);
        event.reset(CommandEvent.Kind.PROTOCOL_ERROR, client);
        event.error = message;
        ring.publish(sequence);
    }

    public void publishDisconnect(C client) {
        publish(CommandEvent.Kind.DISCONNECT, client, null);
    }

    /** A timer tick; dropped when the ring is full, as a late tick is worth nothing. */
    public void publishTick() {
        if (closed) {
            return;
        }
        long sequence;
        try {
            sequence = ring.tryNext();
        } catch (InsufficientCapacityException full) {
            return;
        }
        CommandEvent<C> event = ring.get(sequence);
        event.reset(CommandEvent.Kind.TICK, null);
        ring.publish(sequence);
    }

    /** Runs {@code task} on the writer thread, in ring order. */
    public void publishTask(Runnable task) {
        publish(CommandEvent.Kind.TASK, null, task);
    }

    /**
     * A free slot, waiting while the ring is full (back-pressure); fails once the pipeline is closed,
     * since then no stage will ever free one.
     */
    private long claim() {
        return claim(1);
    }

    /** The last of {@code count} free slots, waiting as {@link #claim()} does. */
    private long claim(int count) {
        while (true) {
            if (closed) {
                throw new IllegalStateException("the pipeline is closed");
            }
            try {
                return ring.tryNext(count);
            } catch (InsufficientCapacityException full) {
                if (loop != null && loop.inLoop()) {
                    if (writing) {
                        throw new IllegalStateException("the ring is full and its writer, this thread, cannot wait for itself");
                    }
                    if (runOnLoop()) {
                        continue;   // this thread is the writer: it made room itself
                    }
                } else {
                    waitStrategy.wake();   // it may sleep on commands published quietly
                }
                LockSupport.parkNanos(FULL_RING_BACKOFF_NANOS);   // the journal thread still holds the slots
            }
        }
    }

    private void publish(CommandEvent.Kind kind, C client, Runnable task) {
        long sequence = claim();
        CommandEvent<C> event = ring.get(sequence);
        event.reset(kind, client);
        event.task = task;
        ring.publish(sequence);
    }

    /** The stage threads, the writer first (tests watch it park). */
    List<Thread> stageThreadsForTest() {
        return List.copyOf(stageThreads);
    }

    /** The ring's slots. */
    public int size() {
        return ring.getBufferSize();
    }

    /** Slots free right now (for INFO and tests of back-pressure). */
    public long freeSlots() {
        return ring.remainingCapacity();
    }

    /** Processes what was published, then stops the stages; later publishing fails. */
    @Override
    public void close() {
        closed = true;
        if (disruptor != null) {
            try {
                disruptor.shutdown(5, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                disruptor.halt();
            }
        } else {
            runRestOnLoop();
        }
        journalStage.stop();
    }

    /** Loop mode, closing: the loop runs what the ring still holds; waits for it up to 5 seconds. */
    private void runRestOnLoop() {
        if (loop.inLoop()) {
            drainOnLoop();
            return;
        }
        CountDownLatch ran = new CountDownLatch(1);
        try {
            loop.execute(() -> {
                drainOnLoop();
                ran.countDown();
            });
            if (!ran.await(5, TimeUnit.SECONDS)) {
                halted = true;   // as Disruptor's halt after its shutdown timed out: what is left is dropped
            }
        } catch (RejectedExecutionException stopped) {
            // the loop has stopped: no thread may run the writer any more
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Loop mode, closing, on the loop's thread: runs batches until the ring is empty (nothing new comes once closed). */
    private void drainOnLoop() {
        boolean ran;
        do {
            ran = runOnLoop();
        } while (ran);
    }

    private boolean halted() {
        return halted;
    }

    /**
     * Stops the stages at once, as a crash would (for crash tests): events still in the ring, and the rest of the
     * batch in hand, are neither executed, journaled nor answered; later publishing fails. Returns whether every
     * stage thread has ended within {@code timeout}: one blocked in the journal's IO ends only when that IO returns.
     */
    public boolean halt(Duration timeout) {
        halted = true;
        closed = true;
        if (disruptor != null) {
            disruptor.halt();
        }
        journalStage.halt();
        List<Thread> stages = new ArrayList<>(stageThreads);
        stages.add(journalStage.thread);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (writing && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);   // the loop finishes the event in hand, then runs no more
        }
        if (writing) {
            return false;
        }
        try {
            for (Thread stage : stages) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    stage.join(Duration.ofNanos(left));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return stages.stream().noneMatch(Thread::isAlive);
    }

    /**
     * The journal thread: journals and answers the batches the writer hands over, in ring order. The
     * writer hands over by raising {@code handedOver}; {@code done} is the last event answered, by this
     * thread or (while this thread holds nothing) by the writer, so the next event to journal is always
     * {@code done + 1}.
     */
    private static final class JournalStage<C extends PipelineClient> implements Runnable {
        private final CommandJournal journal;
        private final BooleanSupplier halted;
        private final Responder<C> responder;
        final Sequence done = new Sequence(-1);
        private final Sequence handedOver = new Sequence(-1);
        private volatile boolean running = true;
        private RingBuffer<CommandEvent<C>> ring;
        private Thread thread;

        JournalStage(CommandJournal journal, BooleanSupplier halted) {
            this.journal = journal;
            this.halted = halted;
            this.responder = new Responder<>(halted);
        }

        void start(RingBuffer<CommandEvent<C>> events) {
            this.ring = events;
            thread = new Thread(this, "forkline-journal");
            thread.setDaemon(true);
            thread.start();
        }

        /** Writer thread: whether batches handed over are still being journaled. */
        boolean busy() {
            return done.get() < handedOver.get();
        }

        /** Writer thread: events up to {@code sequence} are executed; journal them here. */
        void handOver(long sequence) {
            handedOver.set(sequence);
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            while ((running || busy()) && !halted.getAsBoolean()) {
                long upTo = handedOver.get();
                long next = done.get() + 1;
                if (upTo < next) {
                    LockSupport.park(this);
                    continue;
                }
                responder.journalAndReply(ring, next, upTo, journal);
                done.set(upTo);
            }
        }

        void halt() {
            running = false;
            LockSupport.unpark(thread);
        }

        void stop() {
            running = false;
            LockSupport.unpark(thread);
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sends replies and outboxes, and flushes each client touched once at the end of the batch. */
    private static final class Responder<C extends PipelineClient> {
        private final Set<C> touched = Collections.newSetFromMap(new IdentityHashMap<>());
        /** The client {@link #touch} added last, in this batch. */
        private C lastTouched;
        private final List<C> closing = new ArrayList<>();
        private final RespReply failureReply = new RespReply();
        private final BooleanSupplier halted;
        /** Runs after each batch's replies are flushed. */
        private volatile Runnable afterReplies = () -> { };

        Responder(BooleanSupplier halted) {
            this.halted = halted;
        }

        /** Journals events {@code first..last} (one write), then sends their replies and flushes each client once. */
        void journalAndReply(RingBuffer<CommandEvent<C>> ring, long first, long last, CommandJournal journal) {
            for (long sequence = first; sequence <= last; sequence++) {
                journal.append(ring.get(sequence).effects);
            }
            journal.endOfBatch();
            if (halted.getAsBoolean()) {
                return;   // a crash: the batch's replies never leave
            }
            String failure = journal.batchFailure();
            if (failure != null) {
                failureReply.clear();
                failureReply.error(failure);
            }
            for (long sequence = first; sequence <= last; sequence++) {
                reply(ring.get(sequence), failure == null ? null : failureReply);
            }
            for (C flushed : touched) {
                flushed.flush();
            }
            for (int i = 0; i < closing.size(); i++) {
                closing.get(i).closeAfterFlush();
            }
            afterReplies.run();
            touched.clear();
            closing.clear();
            lastTouched = null;
        }

        /** Adds to {@link #touched}; a pipelining client's replies come one after another, and are added once. */
        private void touch(C client) {
            if (client != lastTouched) {
                touched.add(client);
                lastTouched = client;
            }
        }

        /** One event's reply (or, if it changed data in a batch the journal could not keep, {@code failure}) and outbox. */
        private void reply(CommandEvent<C> event, RespReply failure) {
            C client = event.client;
            if (client != null && (event.kind == CommandEvent.Kind.COMMAND || event.kind == CommandEvent.Kind.PROTOCOL_ERROR)) {
                RespReply reply = event.reply;
                if (failure != null && event.effects.count() > 0 && !event.silent) {
                    client.produced(failure.length() - reply.length());
                    reply = failure;
                }
                if (!event.silent && reply.length() > 0) {
                    client.send(reply.buffer(), 0, reply.length());
                }
                touch(client);
                if (event.closeClient) {
                    closing.add(client);
                }
            }
            if (!event.outbox.isEmpty()) {
                event.outbox.deliver(this::touch, closing::add);
            }
        }
    }
}
