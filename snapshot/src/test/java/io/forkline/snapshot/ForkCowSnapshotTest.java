package io.forkline.snapshot;

import io.forkline.pages.Seeded;
import io.forkline.snapshot.io.BufferSink;
import io.forkline.snapshot.io.ByteSink;
import io.forkline.snapshot.rdb.EngineDriver;
import io.forkline.snapshot.rdb.RdbTestParser;
import io.forkline.snapshot.rdb.RdbWriteOptions;
import io.forkline.snapshot.rdb.RdbWriter;
import io.forkline.snapshot.rdb.SaveProgress;
import io.forkline.snapshot.rdb.Snapshots;
import io.forkline.snapshot.rdb.Value;
import io.forkline.snapshot.rdb.Workload;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * fork-cow under load: a snapshot thread writes the fork's view while the writer keeps changing the live
 * keyspace (writes, deletes, growth and conversion of every type, FLUSHDB, SWAPDB). The file must be byte
 * for byte what a stop-the-world save wrote at fork time, and hold exactly the model as it was then.
 *
 * <p>The two threads first take turns (the snapshot thread hands the turn over after each chunk it writes, so
 * changes land between the keys it reads), then run freely side by side until the file is done.
 */
@Tag("slow")
class ForkCowSnapshotTest {

    private static final int MAX_TURNS = 150;
    /** The writer hands its sink chunks of about this many bytes (RdbEncoder's buffer). */
    private static final int CHUNK_BYTES = 8192;
    private static final int OPERATIONS_PER_TURN = 20;
    private static final int MAX_FREE_RUNNING_OPERATIONS = 5_000;

    @Test
    void theFileHoldsTheKeyspaceAsItWasAtForkWhileTheWriterGoesOn() {
        Seeded.seeds(4).forEach(seed -> Seeded.run(seed, random -> {
            try (EngineDriver driver = new EngineDriver()) {
                Workload workload = new Workload(driver, random);
                workload.run(4000);
                workload.populate(30_000);
                RdbWriteOptions options = RdbWriteOptions.defaults().withCompression(random.nextBoolean());
                Map<Integer, Map<String, Value>> valuesAtFork = workload.values();
                Map<Integer, Map<String, Long>> expiresAtFork = workload.expires();
                byte[] atFork;
                try (Snapshot live = StopTheWorldStrategy.INSTANCE.begin(driver.engine)) {
                    atFork = Snapshots.write(live.image(), options);
                }

                Snapshot snapshot = ForkCowStrategy.INSTANCE.begin(driver.engine);
                int turnsWanted = Math.min(MAX_TURNS, atFork.length / CHUNK_BYTES / 2);
                assertThat(turnsWanted).as("chunks in the file").isGreaterThanOrEqualTo(20);
                Turns turns = new Turns(turnsWanted);
                BufferSink file = new BufferSink();
                CompletableFuture<Void> saving = CompletableFuture.runAsync(() -> turns.save(snapshot, file, options));
                int during = turns.runWriter(workload);
                saving.join();
                long framesCopied = driver.engine.memory().stats().framesCopied();
                snapshot.close();

                byte[] forked = file.toByteArray();
                assertThat(Arrays.mismatch(forked, atFork)).as("first byte that differs from the fork-time file").isEqualTo(-1);
                RdbTestParser.Parsed parsed = RdbTestParser.parse(forked);
                assertThat(parsed.values()).isEqualTo(valuesAtFork);
                assertThat(parsed.expires()).isEqualTo(expiresAtFork);
                assertThat(during).as("commands run while the snapshot was written").isGreaterThanOrEqualTo((turnsWanted - 1) * OPERATIONS_PER_TURN);
                assertThat(framesCopied).as("frames the writer copied while the view was open").isPositive();
                assertThat(workload.values()).as("the writer's changes").isNotEqualTo(valuesAtFork);

                RdbTestParser.Parsed after = RdbTestParser.parse(Snapshots.write(Snapshots.live(driver.engine), options));
                assertThat(after.values()).as("the live keyspace after the snapshot").isEqualTo(workload.values());
                assertThat(after.expires()).isEqualTo(workload.expires());
            }
        }));
    }

    /**
     * The hand-over between the writer (the test thread) and the snapshot thread: semaphores pass the turn;
     * after {@code turns} turns the snapshot thread lets the writer run freely. A turn not passed within a
     * minute fails the test instead of hanging it.
     */
    private static final class Turns {

        private final int turns;
        private final Semaphore writerTurn = new Semaphore(0);
        private final Semaphore snapshotTurn = new Semaphore(0);
        private volatile boolean freeRunning;
        private volatile boolean done;
        private int handOvers;

        Turns(int turns) {
            this.turns = turns;
        }

        /** On the snapshot thread: writes the image, handing the turn over after each chunk. */
        void save(Snapshot snapshot, BufferSink file, RdbWriteOptions options) {
            try {
                new RdbWriter(options, Snapshots.FIXED_CLOCK).write(snapshot.image(), new HandingOverSink(file), new SaveProgress());
            } catch (IOException e) {
                throw new AssertionError(e);
            } finally {
                done = true;
                writerTurn.release();
            }
        }

        /** On the writer: runs commands whenever it has the turn, then freely until the save is done. */
        int runWriter(Workload workload) throws InterruptedException {
            int operations = 0;
            while (true) {
                acquire(writerTurn);
                if (done) {
                    return operations;
                }
                if (freeRunning) {
                    while (!done && operations < turns * OPERATIONS_PER_TURN + MAX_FREE_RUNNING_OPERATIONS) {
                        workload.step();
                        operations++;
                    }
                    return operations;
                }
                workload.run(OPERATIONS_PER_TURN);
                operations += OPERATIONS_PER_TURN;
                snapshotTurn.release();
            }
        }

        private void handOver() {
            handOvers++;
            if (handOvers > turns) {
                return;
            }
            if (handOvers == turns) {
                freeRunning = true;
                writerTurn.release();
                return;
            }
            writerTurn.release();
            try {
                acquire(snapshotTurn);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        private static void acquire(Semaphore turn) throws InterruptedException {
            if (!turn.tryAcquire(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the other thread did not pass the turn");
            }
        }

        private final class HandingOverSink implements ByteSink {

            private final BufferSink out;

            HandingOverSink(BufferSink out) {
                this.out = out;
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                out.write(bytes, offset, length);
                handOver();
            }

            @Override
            public void write(int value) {
                out.write(value);
            }

            @Override
            public long position() {
                return out.position();
            }
        }
    }
}
