package io.forkline.aof.journal;

import io.forkline.aof.fsync.FsyncAgent;
import io.forkline.aof.fsync.FsyncPolicy;
import io.forkline.aof.manifest.AofFileEntry;
import io.forkline.aof.manifest.AofFileType;
import io.forkline.aof.segment.AofSegment;
import io.forkline.aof.segment.RecordingStorage;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.Effects;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class AofJournalTest {

    static final Path DIR = Path.of("/data/appendonlydir");
    static final Path INCR = DIR.resolve("appendonly.aof.1.incr.aof");
    static final long SECOND = 1_000_000_000L;

    final RecordingStorage storage = new RecordingStorage();
    final AtomicLong nanos = new AtomicLong(1_000 * SECOND);
    final AtomicLong millis = new AtomicLong(1_700_000_000_000L);
    final FsyncAgent agent = new FsyncAgent(nanos::get);
    final AofJournal journal = new AofJournal(agent, nanos::get, millis::get);

    static Effects effects(int db, String... command) {
        Effects effects = new Effects();
        effects.add(db, Arguments.of(command));
        return effects;
    }

    static String resp(String... command) {
        StringBuilder out = new StringBuilder("*").append(command.length).append("\r\n");
        for (String argument : command) {
            out.append('$').append(argument.length()).append("\r\n").append(argument).append("\r\n");
        }
        return out.toString();
    }

    /** The operation of writing {@code text} into the first incr. */
    static String write(String text) {
        return "write appendonly.aof.1.incr.aof " + text.length();
    }

    AofSegment open(Path file, long seq) throws java.io.IOException {
        return new AofSegment(storage.create(file), file, new AofFileEntry(file.getFileName().toString(), seq, AofFileType.INCR), 0);
    }

    /** Makes the calling thread the pipeline's writer, as the pipeline's first question does. */
    boolean askAsWriter() {
        return journal.syncsBeforeReplies();
    }

    /** Runs a batch's end on another thread, as the pipeline's journal thread does. */
    void endOfBatchOnJournalThread() throws Exception {
        onNewThread(journal::endOfBatch).get();
    }

    /** Appends a batch and ends it on another thread, as the pipeline's journal thread does. */
    void batchOnJournalThread(Effects... batch) throws Exception {
        onNewThread(() -> {
            for (Effects effects : batch) {
                journal.append(effects);
            }
            journal.endOfBatch();
        }).get();
    }

    /** Runs {@code work} on a thread of its own (the common pool may have a single thread on two cores). */
    static CompletableFuture<Void> onNewThread(Runnable work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                work.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    @Test
    void selectIsWrittenBeforeTheFirstEffectAndWhereTheDatabaseChanges() throws Exception {
        journal.start(open(INCR, 1), 0);
        askAsWriter();
        journal.append(effects(0, "SET", "a", "1"));
        journal.append(effects(0, "SET", "b", "2"));
        journal.append(effects(3, "DEL", "c"));
        journal.append(new Effects());
        journal.append(effects(0, "INCR", "d"));
        journal.endOfBatch();
        assertThat(storage.text(INCR)).isEqualTo(resp("SELECT", "0") + resp("SET", "a", "1") + resp("SET", "b", "2")
                + resp("SELECT", "3") + resp("DEL", "c") + resp("SELECT", "0") + resp("INCR", "d"));
    }

    @Test
    void aTransactionKeepsItsMultiAndExecAndSelectsBeforeMulti() throws Exception {
        journal.start(open(INCR, 1), 0);
        askAsWriter();
        Effects transaction = new Effects();
        transaction.add(2, Arguments.of("MULTI"));
        transaction.add(2, Arguments.of("SET", "a", "1"));
        transaction.add(5, Arguments.of("SET", "b", "2"));
        transaction.add(5, Arguments.of("EXEC"));
        journal.append(transaction);
        journal.endOfBatch();
        assertThat(storage.text(INCR)).isEqualTo(resp("SELECT", "2") + resp("MULTI") + resp("SET", "a", "1")
                + resp("SELECT", "5") + resp("SET", "b", "2") + resp("EXEC"));
    }

    @Test
    void aBatchIsOneWrite() throws Exception {
        journal.start(open(INCR, 1), 0);
        storage.clearOperations();
        askAsWriter();
        for (int i = 0; i < 100; i++) {
            journal.append(effects(0, "SET", "k" + i, "v"));
        }
        journal.endOfBatch();
        assertThat(storage.operations()).singleElement().asString().startsWith("write appendonly.aof.1.incr.aof");
        journal.endOfBatch();   // an empty batch writes nothing
        assertThat(storage.operations()).hasSize(1);
    }

    @Test
    void alwaysSyncsEachBatchOnTheJournalThreadAfterItsWrite() throws Exception {
        journal.policy(FsyncPolicy.always());
        journal.start(open(INCR, 1), 0);
        storage.clearOperations();
        assertThat(askAsWriter()).isTrue();
        journal.append(effects(0, "SET", "a", "1"));
        journal.append(effects(0, "SET", "b", "2"));
        endOfBatchOnJournalThread();
        assertThat(storage.operations()).containsExactly(write(resp("SELECT", "0") + resp("SET", "a", "1") + resp("SET", "b", "2")),
                "sync appendonly.aof.1.incr.aof");
        endOfBatchOnJournalThread();   // nothing new: no sync either
        assertThat(storage.operations()).hasSize(2);
    }

    @Test
    void noAppendfsyncOnRewriteSkipsTheSyncOfAlwaysWhileAChildRuns() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean childRunning = new java.util.concurrent.atomic.AtomicBoolean(true);
        journal.policy(FsyncPolicy.always());
        journal.holdSyncsWhile(childRunning::get);
        journal.start(open(INCR, 1), 0);
        storage.clearOperations();
        askAsWriter();
        batchOnJournalThread(effects(0, "SET", "a", "1"));
        assertThat(storage.operations()).containsExactly(write(resp("SELECT", "0") + resp("SET", "a", "1")));
        childRunning.set(false);
        batchOnJournalThread();   // the unsynced tail is synced by the next batch, as Redis's offset check does
        assertThat(storage.operations()).endsWith("sync appendonly.aof.1.incr.aof");
    }

    @Test
    void everysecWritesOnTheWriterAndTheAgentSyncsOnceASecond() throws Exception {
        journal.policy(FsyncPolicy.everySecond());
        journal.start(open(INCR, 1), 0);
        storage.clearOperations();
        assertThat(askAsWriter()).isFalse();
        journal.append(effects(0, "SET", "a", "1"));
        journal.endOfBatch();
        assertThat(storage.operations()).containsExactly(write(resp("SELECT", "0") + resp("SET", "a", "1")));
        assertThat(agent.doWork(nanos.get())).isEqualTo(SECOND);   // opened a second ago at the earliest
        assertThat(agent.doWork(nanos.addAndGet(SECOND))).isEqualTo(SECOND);
        assertThat(storage.operations()).endsWith("sync appendonly.aof.1.incr.aof");
        assertThat(agent.doWork(nanos.addAndGet(5 * SECOND))).isEqualTo(FsyncAgent.IDLE);   // nothing new to sync
        assertThat(agent.syncs()).isEqualTo(1);
    }

    @Test
    void noNeverSyncs() throws Exception {
        journal.policy(FsyncPolicy.none());
        journal.start(open(INCR, 1), 0);
        assertThat(askAsWriter()).isFalse();
        journal.append(effects(0, "SET", "a", "1"));
        journal.endOfBatch();
        assertThat(agent.doWork(nanos.addAndGet(10 * SECOND))).isEqualTo(FsyncAgent.IDLE);
        assertThat(storage.operations()).noneMatch(op -> op.startsWith("sync"));
    }

    @Test
    void aWriteBehindABackgroundSyncGoesToTheJournalThreadWhichWaitsForTheSync() throws Exception {
        journal.policy(FsyncPolicy.everySecond());
        journal.start(open(INCR, 1), 0);
        askAsWriter();
        journal.append(effects(0, "SET", "a", "1"));
        journal.endOfBatch();
        storage.holdSyncs();
        nanos.addAndGet(SECOND);
        CompletableFuture<Void> syncing = onNewThread(() -> agent.doWork(nanos.get()));
        storage.awaitSyncStarted();
        assertThat(askAsWriter()).isTrue();   // the write would wait for the sync: not on the writer
        journal.append(effects(0, "SET", "b", "2"));
        CompletableFuture<Void> batch = onNewThread(journal::endOfBatch);
        while (!agent.awaited()) {
            assertThat(batch).isNotDone();
            Thread.onSpinWait();
        }
        assertThat(storage.operationsOn("write")).hasSize(1);   // postponed behind the sync
        storage.releaseSyncs();
        batch.get();
        syncing.get();
        assertThat(storage.operations()).containsSubsequence("sync appendonly.aof.1.incr.aof", write(resp("SET", "b", "2")));
        assertThat(journal.delayedFsyncs()).isZero();
        assertThat(askAsWriter()).isFalse();
    }

    @Test
    void aWriteThatWaitedTwoSecondsForABackgroundSyncGoesAheadAndCountsADelayedFsync() throws Exception {
        AtomicLong agentClock = new AtomicLong(1_000 * SECOND);
        FsyncAgent slowDisk = new FsyncAgent(agentClock::get);
        AofJournal impatient = new AofJournal(slowDisk, () -> 0L, millis::get);   // its two seconds are long past on the agent's clock
        impatient.start(open(INCR, 1), 0);
        impatient.syncsBeforeReplies();
        impatient.append(effects(0, "SET", "a", "1"));
        impatient.endOfBatch();
        storage.holdSyncs();
        CompletableFuture<Void> syncing = onNewThread(() -> slowDisk.doWork(agentClock.addAndGet(SECOND)));
        storage.awaitSyncStarted();
        impatient.append(effects(0, "SET", "b", "2"));
        onNewThread(impatient::endOfBatch).get();
        assertThat(impatient.delayedFsyncs()).isEqualTo(1);
        assertThat(storage.operationsOn("write")).hasSize(2);
        storage.releaseSyncs();
        syncing.get();
    }

    @Test
    void aFailedWriteAnswersTheBatchWithMisconfKeepsTheBytesAndRecoversWithALaterWrite() throws Exception {
        journal.start(open(INCR, 1), 0);
        askAsWriter();
        storage.diskFull(10);
        journal.append(effects(0, "SET", "a", "1"));
        journal.endOfBatch();
        assertThat(journal.batchFailure()).isEqualTo("MISCONF Errors writing to the AOF file: No space left on device");
        assertThat(journal.writeFailure()).hasMessage("No space left on device");
        int whole = (resp("SELECT", "0") + resp("SET", "a", "1")).length();
        assertThat(journal.bufferLength()).isEqualTo(whole);
        journal.append(effects(0, "SET", "b", "2"));
        journal.endOfBatch();   // still full: the landed prefix is not written twice
        assertThat(journal.batchFailure()).isNotNull();
        storage.heal();
        journal.append(new Effects());
        journal.endOfBatch();
        assertThat(journal.batchFailure()).isNull();
        assertThat(journal.writeFailure()).isNull();
        assertThat(journal.bufferLength()).isZero();
        assertThat(storage.text(INCR)).isEqualTo(resp("SELECT", "0") + resp("SET", "a", "1") + resp("SET", "b", "2"));
        assertThat(journal.currentSize()).isEqualTo(storage.bytes(INCR).length);
    }

    @Test
    void aFailedSyncUnderAlwaysFailsTheBatchAndIsRetried() throws Exception {
        journal.policy(FsyncPolicy.always());
        journal.start(open(INCR, 1), 0);
        askAsWriter();
        storage.failSyncs("Input/output error");
        journal.append(effects(0, "SET", "a", "1"));
        endOfBatchOnJournalThread();
        assertThat(journal.batchFailure()).isEqualTo("MISCONF Errors writing to the AOF file: Input/output error");
        storage.heal();
        journal.append(new Effects());
        endOfBatchOnJournalThread();
        assertThat(journal.batchFailure()).isNull();
        assertThat(journal.writeFailure()).isNull();
        assertThat(storage.operations()).endsWith("sync appendonly.aof.1.incr.aof");
    }

    @Test
    void aSwitchCutsTheLogAtItsPointAndTheNewIncrStartsWithSelect() throws Exception {
        Path second = DIR.resolve("appendonly.aof.2.incr.aof");
        journal.start(open(INCR, 1), 0);
        askAsWriter();
        Effects event = new Effects();
        event.add(4, Arguments.of("DEL", "expired"));
        CompletableFuture<AofSegment> switched = journal.switchTo(event, 1, () -> open(second, 2));
        event.add(4, Arguments.of("SET", "after", "fork"));
        assertThat(askAsWriter()).isTrue();   // file work: on the journal thread
        batchOnJournalThread(effects(4, "SET", "before", "fork"), event, effects(4, "SET", "later", "x"));
        assertThat(switched).isCompleted();
        assertThat(switched.get().path()).isEqualTo(second);
        assertThat(storage.text(INCR)).isEqualTo(resp("SELECT", "4") + resp("SET", "before", "fork") + resp("DEL", "expired"));
        assertThat(storage.text(second)).isEqualTo(resp("SELECT", "4") + resp("SET", "after", "fork") + resp("SET", "later", "x"));
        assertThat(storage.operationsOn("appendonly.aof.1.incr.aof")).containsExactly("create appendonly.aof.1.incr.aof",
                write(storage.text(INCR)));
        agent.doWork(nanos.get());   // the agent syncs and closes the incr left behind
        assertThat(storage.operationsOn("appendonly.aof.1.incr.aof")).endsWith(write(storage.text(INCR)),
                "sync appendonly.aof.1.incr.aof", "close appendonly.aof.1.incr.aof");
        assertThat(journal.currentSize()).isEqualTo(storage.bytes(INCR).length + storage.bytes(second).length);
        assertThat(askAsWriter()).isFalse();
    }

    @Test
    void aSwitchWhoseNewIncrCannotBeMadeLeavesTheLogWhereItWas() throws Exception {
        journal.start(open(INCR, 1), 0);
        askAsWriter();
        Effects event = new Effects();
        CompletableFuture<AofSegment> switched = journal.switchTo(event, 0, () -> {
            throw new java.io.IOException("No space left on device");
        });
        event.add(0, Arguments.of("SET", "a", "1"));
        batchOnJournalThread(event);
        assertThat(switched).isCompletedExceptionally();
        assertThat(journal.batchFailure()).isNull();
        assertThat(storage.text(INCR)).isEqualTo(resp("SELECT", "0") + resp("SET", "a", "1"));
    }

    @Test
    void stoppingWritesTheTailAndLogsNothingAfterThePoint() throws Exception {
        journal.start(open(INCR, 1), 0);
        askAsWriter();
        Effects event = new Effects();
        event.add(0, Arguments.of("SET", "a", "1"));
        CompletableFuture<AofSegment> stopped = journal.stop(event, 1);
        event.add(0, Arguments.of("SET", "b", "2"));
        batchOnJournalThread(event);
        assertThat(stopped).isCompletedWithValue(null);
        assertThat(journal.active()).isFalse();
        journal.append(effects(0, "SET", "c", "3"));
        journal.endOfBatch();
        assertThat(storage.text(INCR)).isEqualTo(resp("SELECT", "0") + resp("SET", "a", "1"));
        agent.doWork(nanos.get());
        assertThat(storage.operations()).endsWith("close appendonly.aof.1.incr.aof");
        assertThat(askAsWriter()).isFalse();
    }

    @Test
    void underAlwaysASwitchSyncsTheOldIncrBeforeTheBatchEnds() throws Exception {
        Path second = DIR.resolve("appendonly.aof.2.incr.aof");
        journal.policy(FsyncPolicy.always());
        journal.start(open(INCR, 1), 0);
        askAsWriter();
        Effects event = new Effects();
        event.add(0, Arguments.of("SET", "before", "1"));
        journal.switchTo(event, 1, () -> open(second, 2));
        event.add(0, Arguments.of("SET", "after", "2"));
        batchOnJournalThread(event);
        assertThat(storage.operations()).containsSubsequence(write(resp("SELECT", "0") + resp("SET", "before", "1")),
                "sync appendonly.aof.1.incr.aof", "create appendonly.aof.2.incr.aof", "sync appendonly.aof.2.incr.aof");
    }

    @Test
    void timestampAnnotationsPrecedeTheFirstCommandOfEachNewSecond() throws Exception {
        journal.timestamps(true);
        journal.start(open(INCR, 1), 0);
        askAsWriter();
        journal.append(effects(0, "SET", "a", "1"));
        journal.append(effects(0, "SET", "b", "2"));
        millis.addAndGet(1500);
        journal.append(effects(0, "SET", "c", "3"));
        journal.endOfBatch();
        assertThat(storage.text(INCR)).isEqualTo("#TS:1700000000\r\n" + resp("SELECT", "0") + resp("SET", "a", "1")
                + resp("SET", "b", "2") + "#TS:1700000001\r\n" + resp("SET", "c", "3"));
    }

    @Test
    void closingWritesAndSyncsWhatIsBuffered() throws Exception {
        journal.start(open(INCR, 1), 0);
        askAsWriter();
        journal.append(effects(0, "SET", "a", "1"));
        journal.close();
        assertThat(storage.operations()).endsWith(write(resp("SELECT", "0") + resp("SET", "a", "1")), "sync appendonly.aof.1.incr.aof",
                "close appendonly.aof.1.incr.aof");
    }
}
