package io.forkline.engine.pipeline;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.Effects;
import io.forkline.engine.pipeline.PipelineTest.RecordingClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pipeline whose writer runs on an event loop, between the loop's tasks, as a server's only IO thread runs it. */
class PipelineOnLoopTest {

    /** A loop of one thread, as an IO thread's event loop. */
    private static final class TestLoop implements WriterLoop {
        final AtomicReference<Thread> thread = new AtomicReference<>();
        final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread created = new Thread(runnable, "test-loop");
            thread.set(created);
            return created;
        });

        @Override
        public void execute(Runnable task) {
            executor.execute(task);
        }

        @Override
        public boolean inLoop() {
            return Thread.currentThread() == thread.get();
        }

        /** Runs {@code task} on the loop and waits for it. */
        void run(Runnable task) throws Exception {
            CompletableFuture.runAsync(task, executor).get(30, TimeUnit.SECONDS);
        }
    }

    private final TestLoop loop = new TestLoop();

    @AfterEach
    void stopLoop() throws InterruptedException {
        loop.executor.shutdownNow();
        assertThat(loop.executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @ParameterizedTest(name = "journal syncs before replies: {0}")
    @ValueSource(booleans = {false, true})
    void commandsFromOtherThreadsRunOnTheLoopInRingOrder(boolean syncsBeforeReplies) throws Exception {
        int perClient = 2000;
        List<String> journaled = Collections.synchronizedList(new ArrayList<>());
        CommandJournal journal = new CommandJournal() {
            @Override
            public void append(Effects effects) {
                journaled.add(effects.toString());
            }

            @Override
            public void endOfBatch() {
            }

            @Override
            public boolean syncsBeforeReplies() {
                return syncsBeforeReplies;
            }
        };
        AtomicInteger offLoop = new AtomicInteger();
        CommandProcessor<RecordingClient> echo = event -> {
            if (!loop.inLoop()) {
                offLoop.incrementAndGet();
            }
            event.reply().simple(event.args().string(1));
            event.effects().add(0, event.args());
        };
        RecordingClient a = new RecordingClient(perClient * 7);
        RecordingClient b = new RecordingClient(perClient * 7);
        try (Pipeline<RecordingClient> pipeline = new Pipeline<>(64, echo, journal, loop)) {
            PipelineTest.echoFromTwoThreads(pipeline, a, b, perClient);
        }
        assertThat(a.text()).isEqualTo(PipelineTest.echoed(perClient));
        assertThat(b.text()).isEqualTo(PipelineTest.echoed(perClient));
        assertThat(journaled).hasSize(2 * perClient);
        assertThat(offLoop.get()).isZero();
    }

    @Test
    void quietPublishesOnTheLoopRunAtItsWakeUpAndAFullRingIsEmptiedByTheLoopItself() throws Exception {
        List<String> executed = Collections.synchronizedList(new ArrayList<>());
        CommandProcessor<RecordingClient> recording = event -> {
            executed.add(event.args().toString());
            event.reply().ok();
        };
        RecordingClient client = new RecordingClient(10 * 5);
        try (Pipeline<RecordingClient> pipeline = new Pipeline<>(4, recording, CommandJournal.NONE, loop)) {
            loop.run(() -> {
                for (int round = 0; round < 5; round++) {
                    Arguments[] batch = {Arguments.of("PING", Integer.toString(round)), Arguments.of("ECHO", Integer.toString(round))};
                    pipeline.publishCommands(client, batch, 2);   // quiet; from the third batch on, the ring is full
                }
                assertThat(executed).hasSize(8);   // the loop made room twice by running the writer itself
            });
            loop.run(() -> assertThat(executed).hasSize(8));   // quiet: nothing was queued for the last batch
            pipeline.wakeWriter();
            client.done.await();
        }
        assertThat(executed).containsExactly("[PING 0]", "[ECHO 0]", "[PING 1]", "[ECHO 1]", "[PING 2]", "[ECHO 2]", "[PING 3]",
                "[ECHO 3]", "[PING 4]", "[ECHO 4]");
        assertThat(client.text()).isEqualTo("+OK\r\n".repeat(10));
    }

    @Test
    void theWriterOnTheLoopCannotWaitForItselfOnAFullRing() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Pipeline<RecordingClient>> self = new AtomicReference<>();
        CommandProcessor<RecordingClient> republishing = event -> {
            if (event.kind() != CommandEvent.Kind.COMMAND) {
                return;
            }
            try {
                for (int i = 0; i < 8; i++) {
                    self.get().publishTask(() -> { });
                }
            } catch (IllegalStateException full) {
                failure.compareAndSet(null, full);
            }
        };
        try (Pipeline<RecordingClient> pipeline = new Pipeline<>(4, republishing, CommandJournal.NONE, loop)) {
            self.set(pipeline);
            pipeline.publishCommand(new RecordingClient(0), Arguments.of("PING"));
            while (failure.get() == null) {
                Thread.onSpinWait();
            }
        }
        assertThat(failure.get()).hasMessageContaining("cannot wait for itself");
    }

    @Test
    void haltWaitsForTheEventInHandAndRunsNoMore() throws Exception {
        Semaphore gate = new Semaphore(0);
        AtomicInteger executed = new AtomicInteger();
        CommandProcessor<RecordingClient> gated = event -> {
            executed.incrementAndGet();
            gate.acquireUninterruptibly();
            event.reply().ok();
        };
        RecordingClient client = new RecordingClient(0);
        Pipeline<RecordingClient> pipeline = new Pipeline<>(8, gated, CommandJournal.NONE, loop);
        Arguments args = Arguments.of("PING");
        for (int i = 0; i < 5; i++) {
            args = pipeline.publishCommand(client, args);
            args.add("PING".getBytes(StandardCharsets.US_ASCII));
        }
        while (executed.get() == 0) {
            Thread.onSpinWait();   // the loop holds the first command
        }
        CompletableFuture<Boolean> halted = CompletableFuture.supplyAsync(() -> pipeline.halt(Duration.ofSeconds(30)));
        Thread.sleep(50);
        assertThat(halted).isNotDone();   // halt waits for the loop, still inside the first command
        gate.release(5);
        assertThat(halted.get(30, TimeUnit.SECONDS)).isTrue();
        loop.run(() -> { });   // whatever the loop had queued has run
        assertThat(executed.get()).isEqualTo(1);
        assertThat(client.text()).isEmpty();
        assertThatThrownBy(() -> pipeline.publishCommand(client, Arguments.of("PING"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeRunsWhatTheRingHoldsOnTheLoop() throws Exception {
        List<Boolean> onLoop = Collections.synchronizedList(new ArrayList<>());
        CommandProcessor<RecordingClient> ok = event -> {
            onLoop.add(loop.inLoop());
            event.reply().ok();
        };
        RecordingClient client = new RecordingClient(3 * 5);
        Pipeline<RecordingClient> pipeline = new Pipeline<>(8, ok, CommandJournal.NONE, loop);
        loop.run(() -> pipeline.publishCommands(client, new Arguments[] {Arguments.of("A"), Arguments.of("B"), Arguments.of("C")}, 3));
        pipeline.close();   // quiet publishes, never woken: close runs them
        assertThat(client.text()).isEqualTo("+OK\r\n".repeat(3));
        assertThat(onLoop).containsExactly(true, true, true);
    }
}
