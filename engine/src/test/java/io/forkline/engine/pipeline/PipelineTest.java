package io.forkline.engine.pipeline;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.Effects;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineTest {

    /** A client that records what the responder sends it, and how often it is flushed. */
    static class RecordingClient implements PipelineClient {
        final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        final ByteArrayOutputStream flushed = new ByteArrayOutputStream();
        volatile int flushes;
        volatile boolean closed;
        final java.util.concurrent.atomic.AtomicLong produced = new java.util.concurrent.atomic.AtomicLong();
        final CountDownLatch done;

        RecordingClient(int expectedFlushedBytes) {
            this.done = new CountDownLatch(expectedFlushedBytes);
        }

        @Override
        public void send(byte[] bytes, int offset, int length) {
            pending.write(bytes, offset, length);
        }

        @Override
        public synchronized void flush() {
            byte[] bytes = pending.toByteArray();
            flushed.writeBytes(bytes);
            pending.reset();
            flushes++;
            for (int i = 0; i < bytes.length; i++) {
                done.countDown();
            }
        }

        @Override
        public void closeAfterFlush() {
            closed = true;
        }

        @Override
        public void produced(long bytes) {
            produced.addAndGet(bytes);
        }

        synchronized String text() {
            return flushed.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * Two threads publish {@code ECHO 0000} to {@code ECHO <perClient - 1>}, one for {@code a}, one for {@code b};
     * returns once both clients have every reply.
     */
    static void echoFromTwoThreads(Pipeline<RecordingClient> pipeline, RecordingClient a, RecordingClient b, int perClient)
            throws InterruptedException {
        List<Thread> producers = new ArrayList<>();
        for (RecordingClient client : List.of(a, b)) {
            Thread producer = new Thread(() -> {
                Arguments args = new Arguments();
                for (int i = 0; i < perClient; i++) {
                    args.add("ECHO".getBytes(StandardCharsets.US_ASCII));
                    args.add(String.format("%04d", i).getBytes(StandardCharsets.US_ASCII));
                    args = pipeline.publishCommand(client, args);
                    assertThat(args.count()).isZero();
                }
            });
            producer.start();
            producers.add(producer);
        }
        for (Thread producer : producers) {
            producer.join();
        }
        a.done.await();
        b.done.await();
    }

    /** What {@link #echoFromTwoThreads} sends each client back: {@code +0000} to {@code +<perClient - 1>}. */
    static String echoed(int perClient) {
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < perClient; i++) {
            expected.append(String.format("+%04d\r\n", i));
        }
        return expected.toString();
    }

    /** Where the journal asks for its batches to run: never on the journal thread, always, or every other batch. */
    enum JournalThread { NEVER, ALWAYS, ALTERNATING }

    @org.junit.jupiter.params.ParameterizedTest(name = "journal thread: {0}")
    @org.junit.jupiter.params.provider.EnumSource(JournalThread.class)
    void repliesReachEachClientInOrderAndEffectsReachTheJournalInRingOrder(JournalThread mode) throws Exception {
        int perClient = 2000;
        List<String> journaled = new ArrayList<>();
        int[] batches = {0};
        int[] asked = {0};
        CommandJournal journal = new CommandJournal() {
            @Override
            public void append(Effects effects) {
                if (effects.count() > 0) {
                    journaled.add(effects.toString());
                }
            }

            @Override
            public void endOfBatch() {
                batches[0]++;
            }

            @Override
            public boolean syncsBeforeReplies() {
                return switch (mode) {
                    case NEVER -> false;
                    case ALWAYS -> true;
                    case ALTERNATING -> asked[0]++ % 2 == 0;
                };
            }
        };
        CommandProcessor<RecordingClient> echo = event -> {
            event.reply().simple(event.args().string(1));
            event.effects().add(0, event.args());
        };
        RecordingClient a = new RecordingClient(perClient * 7);
        RecordingClient b = new RecordingClient(perClient * 7);
        try (Pipeline<RecordingClient> pipeline = new Pipeline<>(64, echo, journal)) {
            echoFromTwoThreads(pipeline, a, b, perClient);
        }
        assertThat(a.text()).isEqualTo(echoed(perClient));
        assertThat(b.text()).isEqualTo(echoed(perClient));
        assertThat(a.produced.get()).isEqualTo(a.flushed.size());   // every reply was counted before it was sent
        assertThat(journaled).hasSize(2 * perClient);
        assertThat(batches[0]).isGreaterThan(0);
        assertThat(a.flushes).isLessThanOrEqualTo(perClient);
    }

    @Test
    void underASyncingJournalNoReplyLeavesBeforeItsEffectIsSynced() throws Exception {
        java.util.concurrent.atomic.AtomicLong appended = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong synced = new java.util.concurrent.atomic.AtomicLong();
        CommandJournal journal = new CommandJournal() {
            @Override
            public void append(Effects effects) {
                appended.addAndGet(effects.count());
            }

            @Override
            public void endOfBatch() {
                synced.set(appended.get());
            }

            @Override
            public boolean syncsBeforeReplies() {
                return true;
            }
        };
        int commands = 3000;
        java.util.concurrent.atomic.AtomicLong violations = new java.util.concurrent.atomic.AtomicLong();
        RecordingClient client = new RecordingClient(commands * 4) {
            @Override
            public synchronized void flush() {
                long replies = (flushed.size() + pending.size()) / 4;   // each reply is ":1\r\n"
                if (replies > synced.get()) {
                    violations.incrementAndGet();
                }
                super.flush();
            }
        };
        CommandProcessor<RecordingClient> counter = event -> {
            event.reply().integer(1);
            event.effects().add(0, event.args());
        };
        try (Pipeline<RecordingClient> pipeline = new Pipeline<>(64, counter, journal)) {
            Arguments args = Arguments.of("INCR", "k");
            for (int i = 0; i < commands; i++) {
                args = pipeline.publishCommand(client, args);
                args.add("INCR".getBytes(StandardCharsets.US_ASCII));
                args.add("k".getBytes(StandardCharsets.US_ASCII));
            }
            client.done.await();
        }
        assertThat(violations.get()).isZero();
        assertThat(synced.get()).isEqualTo(commands);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "journal thread: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aBatchTheJournalCouldNotKeepAnswersItsWritesWithTheJournalsError(boolean onJournalThread) throws Exception {
        java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean(true);
        CommandJournal journal = new CommandJournal() {
            boolean wrote;

            @Override
            public void append(Effects effects) {
                wrote |= effects.count() > 0;
            }

            @Override
            public void endOfBatch() {
            }

            @Override
            public String batchFailure() {
                boolean failed = wrote && failing.get();
                wrote = false;
                return failed ? "MISCONF Errors writing to the AOF file: No space left on device" : null;
            }

            @Override
            public boolean syncsBeforeReplies() {
                return onJournalThread;
            }
        };
        CommandProcessor<RecordingClient> processor = event -> {
            if (event.kind() != CommandEvent.Kind.COMMAND) {
                return;
            }
            if (event.args().string(0).equals("SET")) {
                event.effects().add(0, event.args());
                event.reply().ok();
            } else {
                event.reply().bulk("v".getBytes(StandardCharsets.US_ASCII));
            }
        };
        String error = "-MISCONF Errors writing to the AOF file: No space left on device\r\n";
        RecordingClient writer = new RecordingClient(error.length() + "+OK\r\n".length());
        RecordingClient reader = new RecordingClient("$1\r\nv\r\n".length());
        try (Pipeline<RecordingClient> pipeline = new Pipeline<>(8, processor, journal)) {
            pipeline.publishCommand(writer, Arguments.of("SET", "k", "v"));
            while (writer.done.getCount() > "+OK\r\n".length()) {
                Thread.onSpinWait();
            }
            pipeline.publishCommand(reader, Arguments.of("GET", "k"));
            reader.done.await();
            failing.set(false);
            pipeline.publishCommand(writer, Arguments.of("SET", "k", "w"));
            writer.done.await();
        }
        assertThat(writer.text()).isEqualTo(error + "+OK\r\n");
        assertThat(reader.text()).isEqualTo("$1\r\nv\r\n");
        assertThat(writer.produced.get()).isEqualTo(writer.flushed.size());   // the error's length replaced the reply's
    }

    @Test
    void publishingIntoAClosedPipelineFailsInsteadOfWaitingForever() {
        Pipeline<RecordingClient> pipeline = new Pipeline<>(4, event -> { }, CommandJournal.NONE);
        pipeline.close();
        RecordingClient client = new RecordingClient(0);
        for (int i = 0; i < 10; i++) {
            pipeline.publishTick();   // ticks are dropped, never block
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pipeline.publishCommand(client, Arguments.of("PING")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pipeline.publishDisconnect(client))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void commandsPublishedQuietlyWaitForTheWakeUpThenRunInOrder() throws Exception {
        List<String> executed = java.util.Collections.synchronizedList(new ArrayList<>());
        CommandProcessor<RecordingClient> recording = event -> {
            if (event.kind() == CommandEvent.Kind.COMMAND) {
                executed.add(event.args().toString());
            }
            event.reply().ok();
        };
        RecordingClient client = new RecordingClient(3 * 5);
        try (Pipeline<RecordingClient> pipeline = new Pipeline<>(8, recording, CommandJournal.NONE)) {
            Thread writer = pipeline.stageThreadsForTest().getFirst();
            while (writer.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();   // the writer parks on the empty ring
            }
            Arguments[] batch = {Arguments.of("SET", "a", "1"), Arguments.of("GET", "a"), Arguments.of("DEL", "a"), null};
            Arguments[] handedOver = batch.clone();
            pipeline.publishCommands(client, batch, 3);
            for (int i = 0; i < 3; i++) {
                assertThat(batch[i]).isNotSameAs(handedOver[i]);   // an empty one in its place, for the next command
                assertThat(batch[i].count()).isZero();
            }
            Thread.sleep(50);
            assertThat(executed).isEmpty();   // quiet: the sleeping writer was not woken
            pipeline.wakeWriter();
            client.done.await();
            assertThat(executed).containsExactly(Arguments.of("SET", "a", "1").toString(), Arguments.of("GET", "a").toString(),
                    Arguments.of("DEL", "a").toString());
        }
        assertThat(client.text()).isEqualTo("+OK\r\n".repeat(3));
    }

    @Test
    void aQuietPublisherFacingAFullRingWakesTheWriterItself() throws Exception {
        CommandProcessor<RecordingClient> ok = event -> event.reply().ok();
        RecordingClient client = new RecordingClient(10 * 5);
        try (Pipeline<RecordingClient> pipeline = new Pipeline<>(4, ok, CommandJournal.NONE)) {
            for (int round = 0; round < 5; round++) {
                Arguments[] batch = {Arguments.of("PING"), Arguments.of("PING")};
                pipeline.publishCommands(client, batch, 2);   // not woken: the third batch finds the ring full
            }
            pipeline.wakeWriter();   // for the last batch, as an IO thread's turn ends
            client.done.await();
        }
        assertThat(client.text()).isEqualTo("+OK\r\n".repeat(10));
    }

    @Test
    void aFullRingMakesThePublisherWait() throws Exception {
        Semaphore gate = new Semaphore(0);
        CommandProcessor<RecordingClient> slow = event -> {
            gate.acquireUninterruptibly();
            event.reply().ok();
        };
        RecordingClient client = new RecordingClient(5 * 5);
        try (Pipeline<RecordingClient> pipeline = new Pipeline<>(4, slow, CommandJournal.NONE)) {
            Thread publisher = new Thread(() -> {
                Arguments args = Arguments.of("PING");
                for (int i = 0; i < 5; i++) {
                    args = pipeline.publishCommand(client, args);
                    args.add("PING".getBytes(StandardCharsets.US_ASCII));
                }
            });
            publisher.start();
            while (pipeline.freeSlots() > 0 || publisher.getState() != Thread.State.TIMED_WAITING) {
                Thread.onSpinWait();   // the fifth publish waits for a slot: the ring holds four
            }
            assertThat(publisher.isAlive()).isTrue();
            gate.release(5);
            publisher.join();
            client.done.await();
        }
        assertThat(client.text()).isEqualTo("+OK\r\n".repeat(5));
    }

    @Test
    void protocolErrorsAndOutboxesReachTheirClients() throws Exception {
        RecordingClient speaker = new RecordingClient(5);
        RecordingClient listener = new RecordingClient(10);
        CommandProcessor<RecordingClient> processor = event -> {
            if (event.kind() == CommandEvent.Kind.PROTOCOL_ERROR) {
                event.reply().error(event.error());
                event.closeClient();
            } else if (event.kind() == CommandEvent.Kind.COMMAND) {
                event.reply().ok();
                byte[] message = ":42\r\n+hi\r\n".getBytes(StandardCharsets.US_ASCII);
                event.outbox().add(listener, message, 0, message.length);
            }
        };
        try (Pipeline<RecordingClient> pipeline = new Pipeline<>(8, processor, CommandJournal.NONE)) {
            pipeline.publishCommand(speaker, Arguments.of("PUBLISH", "c", "m"));
            speaker.done.await();
            listener.done.await();
            RecordingClient broken = new RecordingClient("-ERR Protocol error: x\r\n".length());
            pipeline.publishProtocolError(broken, "ERR Protocol error: x");
            broken.done.await();
            assertThat(broken.text()).isEqualTo("-ERR Protocol error: x\r\n");
            while (!broken.closed) {
                Thread.onSpinWait();
            }
        }
        assertThat(speaker.text()).isEqualTo("+OK\r\n");
        assertThat(listener.text()).isEqualTo(":42\r\n+hi\r\n");
        assertThat(listener.produced.get()).isEqualTo(listener.flushed.size());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "journal syncs before replies: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void haltDropsWhatTheRingHoldsAndEndsTheStages(boolean syncsBeforeReplies) throws Exception {
        Semaphore gate = new Semaphore(0);
        java.util.concurrent.atomic.AtomicInteger executed = new java.util.concurrent.atomic.AtomicInteger();
        CommandProcessor<RecordingClient> gated = event -> {
            executed.incrementAndGet();
            gate.acquireUninterruptibly();
            event.reply().ok();
        };
        CommandJournal journal = new CommandJournal() {
            @Override
            public void append(Effects effects) {
            }

            @Override
            public void endOfBatch() {
            }

            @Override
            public boolean syncsBeforeReplies() {
                return syncsBeforeReplies;
            }
        };
        RecordingClient client = new RecordingClient(0);
        Pipeline<RecordingClient> pipeline = new Pipeline<>(8, gated, journal);
        Arguments args = Arguments.of("PING");
        for (int i = 0; i < 5; i++) {
            args = pipeline.publishCommand(client, args);
            args.add("PING".getBytes(StandardCharsets.US_ASCII));
        }
        while (executed.get() == 0) {
            Thread.onSpinWait();   // the writer holds the first command
        }
        Thread halting = new Thread(() -> assertThat(pipeline.halt(java.time.Duration.ofSeconds(30))).isTrue());
        halting.start();
        while (halting.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();   // halt waits for the writer, still inside the first command
        }
        gate.release(5);
        halting.join();
        assertThat(executed.get()).isEqualTo(1);
        assertThat(client.text()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pipeline.publishCommand(client, Arguments.of("PING")))
                .isInstanceOf(IllegalStateException.class);
    }
}
