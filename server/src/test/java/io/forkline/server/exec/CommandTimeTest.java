package io.forkline.server.exec;

import io.forkline.engine.Engine;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.Effects;
import io.forkline.engine.keyspace.Clock;
import io.forkline.engine.pipeline.CommandJournal;
import io.forkline.engine.pipeline.Pipeline;
import io.forkline.server.ServerSettings;
import io.forkline.server.net.Admission;
import io.forkline.server.net.ClientSession;
import io.forkline.server.net.TestSessions;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The time a command sees on the writer when something other than a command ran before it in its batch: a task (or
 * a timer) may take long, so the command after it reads the wall clock again instead of measuring from the batch's
 * reading. The clock is the system's, moved on by hand where the test needs time to pass, and it extrapolates
 * between readings as the system clock does. In-process pipeline: nothing touches the network.
 */
class CommandTimeTest {

    /** The system clock plus an offset the test moves; between readings it moves as the monotonic clock does. */
    private static final class ShiftedClock implements Clock {
        volatile long shift;

        @Override
        public long millis() {
            return System.currentTimeMillis() + shift;
        }

        @Override
        public long millisAfter(long readMillis, long elapsedNanos) {
            return Clock.system().millisAfter(readMillis, elapsedNanos);
        }
    }

    private final ShiftedClock clock = new ShiftedClock();
    private Engine engine;
    private Pipeline<ClientSession> pipeline;

    @BeforeEach
    void start() {
        ServerSettings settings = ServerSettings.defaults(0);
        engine = new Engine(settings.engine(), settings.pageSize(), clock, 7);
        ServerProcessor processor = new ServerProcessor(engine, new ServerRuntime(engine, clock, new Admission()));
        engine.memory().handOver();
        pipeline = new Pipeline<>(64, processor, new CommandJournal() {
            @Override
            public void append(Effects effects) {
            }

            @Override
            public void endOfBatch() {
            }
        });
    }

    @AfterEach
    void stop() {
        pipeline.close();
        engine.memory().handOver();
        engine.close();
    }

    @Test
    void aCommandAfterATaskInItsBatchSeesTheTimeAfterTheTask() throws Exception {
        ClientSession client = TestSessions.on(1, new EmbeddedChannel());
        CountDownLatch gate = new CountDownLatch(1);
        pipeline.publishCommand(client, Arguments.of("SET", "k", "v", "PX", "10000"));
        CompletableFuture<Long> set = new CompletableFuture<>();
        pipeline.publishTask(() -> set.complete(engine.keyspace().size(0)));
        pipeline.publishTask(() -> await(gate));   // holds the writer while the next batch is published
        pipeline.publishTask(() -> clock.shift += 20_000);   // that batch's first event: time passes beyond k's life
        pipeline.publishCommand(client, Arguments.of("GET", "k"));   // finds k expired, and deletes it
        CompletableFuture<Long> keys = new CompletableFuture<>();
        pipeline.publishTask(() -> keys.complete(engine.keyspace().size(0)));
        gate.countDown();

        assertThat(set.get(10, TimeUnit.SECONDS)).as("keys after the SET").isOne();
        assertThat(keys.get(10, TimeUnit.SECONDS)).as("keys after the GET: k expired when it ran").isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
