package io.forkline.aof.fsync;

import io.forkline.aof.manifest.AofFileEntry;
import io.forkline.aof.manifest.AofFileType;
import io.forkline.aof.segment.AofSegment;
import io.forkline.aof.segment.RecordingStorage;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class FsyncAgentTest {

    static final long SECOND = 1_000_000_000L;
    static final Path DIR = Path.of("/data/appendonlydir");

    final RecordingStorage storage = new RecordingStorage();
    final AtomicLong now = new AtomicLong(50 * SECOND);
    final FsyncAgent agent = new FsyncAgent(now::get);

    AofSegment segment(int seq) throws Exception {
        Path file = DIR.resolve("appendonly.aof." + seq + ".incr.aof");
        return new AofSegment(storage.create(file), file, new AofFileEntry(file.getFileName().toString(), seq, AofFileType.INCR), 0);
    }

    static void write(AofSegment segment, String text) throws Exception {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        segment.write(bytes, 0, bytes.length);
    }

    @Test
    void everysecSyncsWrittenBytesAtMostOnceASecond() throws Exception {
        AofSegment incr = segment(1);
        agent.current(incr);
        assertThat(agent.doWork(now.get())).isEqualTo(FsyncAgent.IDLE);   // nothing written
        write(incr, "*1\r\n$4\r\nPING\r\n");
        assertThat(agent.doWork(now.addAndGet(SECOND / 2))).isEqualTo(SECOND / 2);   // the last sync (the start) was half a second ago
        assertThat(agent.syncs()).isZero();
        assertThat(agent.doWork(now.addAndGet(SECOND / 2))).isEqualTo(SECOND);
        assertThat(agent.syncs()).isEqualTo(1);
        assertThat(incr.unsynced()).isFalse();
        write(incr, "*1\r\n$4\r\nPING\r\n");
        assertThat(agent.doWork(now.addAndGet(SECOND / 4))).isEqualTo(3 * SECOND / 4);
        assertThat(agent.doWork(now.addAndGet(3 * SECOND / 4))).isEqualTo(SECOND);
        assertThat(agent.syncs()).isEqualTo(2);
    }

    @Test
    void otherPoliciesLeaveTheOpenIncrAlone() throws Exception {
        AofSegment incr = segment(1);
        agent.current(incr);
        write(incr, "x");
        for (FsyncPolicy policy : new FsyncPolicy[] {FsyncPolicy.always(), FsyncPolicy.none()}) {
            agent.policy(policy);
            assertThat(agent.doWork(now.addAndGet(10 * SECOND))).isEqualTo(FsyncAgent.IDLE);
        }
        assertThat(agent.syncs()).isZero();
    }

    /** Under always and no, a write gives the agent nothing to do: it must not be woken for each one. */
    @Test
    void writesDoNotWakeTheAgentUnlessItSyncsThem() throws Exception {
        AofSegment incr = segment(1);
        agent.current(incr);
        agent.policy(FsyncPolicy.none());
        agent.start();
        try {
            awaitIdle();
            long wakeUps = agent.wakeUps();
            for (int i = 0; i < 20; i++) {
                write(incr, "x");
                agent.written();
            }
            assertThat(agent.wakeUps()).isEqualTo(wakeUps);
        } finally {
            agent.close();
        }
    }

    @Test
    void underEverysecAWriteWakesTheIdleAgent() throws Exception {
        AofSegment incr = segment(1);
        agent.current(incr);
        agent.start();
        try {
            awaitIdle();   // nothing written yet: nothing to sync
            long wakeUps = agent.wakeUps();
            write(incr, "x");
            agent.written();
            assertThat(agent.wakeUps()).isEqualTo(wakeUps + 1);
        } finally {
            agent.close();
        }
    }

    /** Waits until the agent's thread sleeps with nothing to do. */
    private void awaitIdle() throws InterruptedException {
        for (int i = 0; i < 1000 && !agent.idle(); i++) {
            Thread.sleep(10);
        }
        assertThat(agent.idle()).as("the agent settles with nothing to do").isTrue();
    }

    @Test
    void noAppendfsyncOnRewriteHoldsSyncsBackWhileAChildRuns() throws Exception {
        AtomicBoolean childRunning = new AtomicBoolean(true);
        agent.pauseWhile(childRunning::get);
        AofSegment incr = segment(1);
        agent.current(incr);
        write(incr, "x");
        assertThat(agent.doWork(now.addAndGet(5 * SECOND))).isEqualTo(FsyncAgent.PAUSED_RECHECK);
        assertThat(agent.syncs()).isZero();
        childRunning.set(false);
        agent.doWork(now.addAndGet(FsyncAgent.PAUSED_RECHECK));
        assertThat(agent.syncs()).isEqualTo(1);
    }

    @Test
    void retiredIncrFilesAreSyncedAndClosedUnderEveryPolicy() throws Exception {
        agent.policy(FsyncPolicy.none());
        AofSegment old = segment(1);
        write(old, "x");
        agent.start();
        try {
            agent.retire(old);
            while (storage.operationsOn("close").isEmpty()) {
                Thread.onSpinWait();
            }
        } finally {
            agent.close();
        }
        assertThat(storage.operations()).containsSubsequence("sync appendonly.aof.1.incr.aof", "close appendonly.aof.1.incr.aof");
    }

    @Test
    void whoWaitsForRetiredIncrFilesLearnsWhenTheyAreClosedOrThatTheAgentHalted() throws Exception {
        assertThat(agent.retiredClosed()).isCompleted();   // nothing retired yet
        AofSegment first = segment(1);
        AofSegment second = segment(2);
        write(first, "x");
        write(second, "y");
        agent.retire(first);
        agent.retire(second);
        CompletableFuture<Void> both = agent.retiredClosed();
        assertThat(both).isNotDone();
        agent.doWork(now.get());
        assertThat(both).isCompleted();
        assertThat(storage.operations()).containsSubsequence("sync appendonly.aof.1.incr.aof", "close appendonly.aof.1.incr.aof",
                "sync appendonly.aof.2.incr.aof", "close appendonly.aof.2.incr.aof");
        agent.retire(segment(3));
        CompletableFuture<Void> third = agent.retiredClosed();
        agent.halt();   // a crash: the third is never closed, and its waiter is told
        assertThat(third).isCompletedExceptionally();
        agent.retire(segment(4));
        assertThat(agent.retiredClosed()).isCompletedExceptionally();
    }

    @Test
    void aFailedSyncIsReportedUntilALaterOneSucceeds() throws Exception {
        AofSegment incr = segment(1);
        agent.current(incr);
        write(incr, "x");
        storage.failSyncs("Input/output error");
        agent.doWork(now.addAndGet(SECOND));
        assertThat(agent.lastFailure()).hasMessage("Input/output error");
        assertThat(incr.unsynced()).isTrue();
        storage.heal();
        agent.doWork(now.addAndGet(SECOND));
        assertThat(agent.lastFailure()).isNull();
        assertThat(incr.unsynced()).isFalse();
    }

    @Test
    void aSyncInFlightIsVisibleAndCanBeAwaitedUntilADeadline() throws Exception {
        AofSegment incr = segment(1);
        agent.current(incr);
        write(incr, "x");
        storage.holdSyncs();
        Thread syncing = new Thread(() -> agent.doWork(now.addAndGet(SECOND)));
        syncing.start();
        storage.awaitSyncStarted();
        assertThat(agent.syncInFlight()).isTrue();
        assertThat(agent.pendingFsyncs()).isEqualTo(1);
        assertThat(agent.awaitSyncEnd(now.get() - 1)).isFalse();   // the deadline has passed: no wait
        storage.releaseSyncs();
        assertThat(agent.awaitSyncEnd(Long.MAX_VALUE)).isTrue();
        syncing.join();
        assertThat(agent.syncInFlight()).isFalse();
        assertThat(agent.pendingFsyncs()).isZero();
    }

    @Test
    void aHaltStopsTheThreadAndSyncsOrClosesNothingMore() throws Exception {
        AofSegment incr = segment(1);
        agent.current(incr);
        write(incr, "x");
        agent.start();
        agent.halt();   // a crash: the written byte stays unsynced
        AofSegment old = segment(2);
        agent.retire(old);   // the stopped thread never takes it
        assertThat(storage.operationsOn("close")).isEmpty();
        assertThat(storage.operationsOn("sync")).isEmpty();
        assertThat(incr.unsynced()).isTrue();
    }
}
