package io.forkline.snapshot.storage;

import io.forkline.pages.Seeded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatedDiskTest {

    private static final Path DIR = Path.of("/data");
    private static final Path AOF = DIR.resolve("appendonly.aof");

    /** Power-loss scripts: what {@code nextInt(4)} answers for a file decides its fate. */
    private static final int DROP = 0;
    private static final int WHOLE_WRITES = 2;
    private static final int TORN = 3;

    private final SimulatedDisk disk = new SimulatedDisk();

    /** A disk with /data durable, as a server finds its directory at start. */
    private SimulatedDisk prepared(SimulatedDisk fresh) throws IOException {
        fresh.createDirectories(DIR);
        fresh.syncDirectory(DIR.getParent());
        return fresh;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static void write(StorageFile file, String text) throws IOException {
        byte[] bytes = bytes(text);
        file.write(bytes, 0, bytes.length);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.US_ASCII);
    }

    /** A file named durably in /data holding {@code synced}, then {@code unsynced} written after its last sync. */
    private StorageFile fileWith(String synced, String... unsynced) throws IOException {
        prepared(disk);
        StorageFile file = disk.create(AOF);
        disk.syncDirectory(DIR);
        write(file, synced);
        file.sync();
        for (String text : unsynced) {
            write(file, text);
        }
        return file;
    }

    @Test
    void actsAsAStorageForProcesses() throws Exception {
        prepared(disk);
        StorageContract.writeRenameAppendTruncateReadList(disk, DIR);
        assertThat(disk.files(Path.of("/"))).containsOnlyKeys(DIR.resolve("dump.rdb"));
        disk.delete(DIR.resolve("dump.rdb"));
        assertThat(disk.exists(DIR.resolve("dump.rdb"))).isFalse();
        assertThatThrownBy(() -> disk.create(Path.of("/nowhere/x"))).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> disk.openRead(DIR.resolve("dump.rdb"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aPowerLossDropsUnsyncedBytesAndKeepsSyncedOnes() throws Exception {
        fileWith("synced|", "lost-1|", "lost-2|");
        assertThat(disk.unsyncedBytes(AOF)).isEqualTo(14);
        PowerLoss loss = disk.powerLoss(new ScriptedRandom(DROP));
        assertThat(text(disk.content(AOF))).isEqualTo("synced|");
        assertThat(loss.unsyncedBytes()).isEqualTo(14);
        assertThat(loss.keptBytes()).isZero();
        assertThat(loss.files()).containsExactly("/data/appendonly.aof: kept 0 of 14 unsynced bytes");
    }

    @Test
    void theKernelMayHaveWrittenBackWholeWritesBeforeTheCut() throws Exception {
        fileWith("synced|", "kept|", "lost|");
        disk.powerLoss(new ScriptedRandom(WHOLE_WRITES, 1));
        assertThat(text(disk.content(AOF))).isEqualTo("synced|kept|");
    }

    @Test
    void aTornWriteKeepsAPrefixOfTheLastWrite() throws Exception {
        fileWith("synced|", "whole|", "torn-write");
        PowerLoss loss = disk.powerLoss(new ScriptedRandom(TORN, 1, 3));   // the last write, 1 + 3 bytes of it
        assertThat(text(disk.content(AOF))).isEqualTo("synced|whole|torn");
        assertThat(loss.tornWrites()).isEqualTo(1);
        assertThat(loss.keptBytes()).isEqualTo(10);
    }

    @Test
    void aTornWriteMayFallInsideAnEarlierWrite() throws Exception {
        fileWith("synced|", "first", "second");
        disk.powerLoss(new ScriptedRandom(TORN, 0, 0, 1));   // not the last: write 0, 1 + 1 bytes
        assertThat(text(disk.content(AOF))).isEqualTo("synced|fi");
    }

    static LongStream seeds() {
        return Seeded.seeds(40);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void whateverThePowerLossKeepsIsTheSyncedBytesThenAPrefixOfTheRest(long seed) {
        Seeded.run(seed, random -> {
            SimulatedDisk subject = prepared(new SimulatedDisk());
            StorageFile file = subject.create(AOF);
            subject.syncDirectory(DIR);
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            int synced = 0;
            for (int i = 0; i < 30; i++) {
                byte[] chunk = new byte[1 + random.nextInt(20)];
                random.nextBytes(chunk);
                file.write(chunk, 0, chunk.length);
                written.write(chunk);
                if (random.nextInt(5) == 0) {
                    file.sync();
                    synced = written.size();
                }
            }
            subject.powerLoss(random);
            byte[] survived = subject.content(AOF);
            assertThat(survived.length).isBetween(synced, written.size());
            assertThat(survived).isEqualTo(Arrays.copyOf(written.toByteArray(), survived.length));
        });
    }

    @Test
    void thePowerLossIsReplayedExactlyFromItsSeed() throws Exception {
        List<String> outcomes = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            SimulatedDisk subject = prepared(new SimulatedDisk());
            for (int f = 0; f < 5; f++) {
                StorageFile file = subject.create(DIR.resolve("f" + f));
                for (int i = 0; i < 10; i++) {
                    write(file, "write-" + f + "-" + i + "|");
                }
            }
            PowerLoss loss = subject.powerLoss(new Random(42));
            outcomes.add(loss + " " + subject.list(DIR));
        }
        assertThat(outcomes.get(1)).isEqualTo(outcomes.get(0));
    }

    @Test
    void aFileSyncedInADirectoryNeverSyncedMayVanish() throws Exception {
        prepared(disk);
        StorageFile file = disk.create(AOF);
        write(file, "synced data");
        file.sync();
        assertThat(disk.durableContent(AOF)).isNull();
        disk.powerLoss(new ScriptedRandom(0));   // the directory's pending changes: reverted
        assertThat(disk.exists(AOF)).isFalse();
        assertThat(disk.list(DIR)).isEmpty();
    }

    @Test
    void syncingTheDirectoryKeepsTheNameButNotTheUnsyncedData() throws Exception {
        prepared(disk);
        StorageFile file = disk.create(AOF);
        write(file, "not synced");
        disk.syncDirectory(DIR);
        assertThat(disk.durablyExists(AOF)).isTrue();
        disk.powerLoss(new ScriptedRandom(DROP));
        assertThat(disk.content(AOF)).isEmpty();
    }

    @Test
    void aRenameIsDurableOnlyOnceItsDirectoryIsSynced() throws Exception {
        prepared(disk);
        Path dump = DIR.resolve("dump.rdb");
        Path temp = DIR.resolve("temp-7.rdb");
        try (StorageFile old = disk.create(dump)) {
            write(old, "old snapshot");
            old.sync();
        }
        disk.syncDirectory(DIR);
        try (StorageFile fresh = disk.create(temp)) {
            write(fresh, "new snapshot");
            fresh.sync();
        }
        disk.rename(temp, dump);
        assertThat(text(disk.content(dump))).isEqualTo("new snapshot");
        assertThat(text(disk.durableContent(dump))).isEqualTo("old snapshot");

        disk.powerLoss(new ScriptedRandom(0));
        assertThat(text(disk.content(dump))).isEqualTo("old snapshot");
        assertThat(disk.exists(temp)).isFalse();

        try (StorageFile fresh = disk.create(temp)) {
            write(fresh, "new snapshot");
            fresh.sync();
        }
        disk.rename(temp, dump);
        disk.syncDirectory(DIR);
        disk.powerLoss(new ScriptedRandom(0));
        assertThat(text(disk.content(dump))).isEqualTo("new snapshot");
        assertThat(disk.list(DIR)).containsExactly(dump);
    }

    @Test
    void aJournalMayHaveCommittedAPrefixOfTheDirectoryChanges() throws Exception {
        prepared(disk);
        for (String name : List.of("a", "b", "c")) {
            disk.create(DIR.resolve(name)).close();
        }
        disk.powerLoss(new ScriptedRandom(1, 2));   // keep the changes before the third
        assertThat(disk.list(DIR)).containsExactly(DIR.resolve("a"), DIR.resolve("b"));
    }

    @Test
    void aRenameAcrossDirectoriesIsDurableHalfByHalf() throws Exception {
        prepared(disk);
        Path sub = DIR.resolve("appendonlydir");
        disk.createDirectories(sub);
        disk.syncDirectory(DIR);
        Path temp = DIR.resolve("temp-rewriteaof-bg-1.aof");
        try (StorageFile file = disk.create(temp)) {
            write(file, "base");
            file.sync();
        }
        disk.syncDirectory(DIR);
        Path base = sub.resolve("appendonly.aof.2.base.aof");
        disk.rename(temp, base);
        disk.syncDirectory(sub);   // the destination only: the old name is still on the disk too
        disk.powerLoss(new ScriptedRandom(0));
        assertThat(text(disk.content(base))).isEqualTo("base");
        assertThat(text(disk.content(temp))).isEqualTo("base");
    }

    @Test
    void truncateIsDurableAtOnce() throws Exception {
        fileWith("0123456789").close();
        disk.truncate(AOF, 4);
        assertThat(disk.size(AOF)).isEqualTo(4);
        disk.powerLoss(new Random(1));
        assertThat(text(disk.content(AOF))).isEqualTo("0123");
        assertThatThrownBy(() -> disk.truncate(DIR.resolve("missing"), 0)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void createOverAFileTruncatesItOnlyInThePageCache() throws Exception {
        fileWith("old content").close();
        StorageFile file = disk.create(AOF);
        assertThat(file.size()).isZero();
        write(file, "new");
        assertThat(text(disk.content(AOF))).isEqualTo("new");
        disk.powerLoss(new ScriptedRandom(DROP));
        assertThat(text(disk.content(AOF))).isEqualTo("old content");
    }

    @Test
    void aFileSyncDoesNotSyncItsDirectoryNorOtherFiles() throws Exception {
        prepared(disk);
        StorageFile one = disk.create(DIR.resolve("one"));
        StorageFile two = disk.create(DIR.resolve("two"));
        disk.syncDirectory(DIR);
        write(one, "one");
        write(two, "two");
        one.sync();
        disk.powerLoss(new ScriptedRandom(DROP));
        assertThat(text(disk.content(DIR.resolve("one")))).isEqualTo("one");
        assertThat(text(disk.content(DIR.resolve("two")))).isEmpty();
    }

    @Test
    void aKillLosesNothingButEndsTheProcessFiles() throws Exception {
        Storage process = disk.process();
        prepared(disk);
        StorageFile file = process.create(AOF);
        write(file, "page cache");
        disk.kill();
        assertThat(text(disk.content(AOF))).isEqualTo("page cache");
        assertThatThrownBy(() -> write(file, "more")).isInstanceOf(IOException.class).hasMessageContaining("killed");
        assertThatThrownBy(() -> process.openAppend(AOF)).isInstanceOf(IOException.class);
        assertThat(process.exists(AOF)).isFalse();   // the dead process sees nothing any more
        Storage next = disk.process();
        assertThat(next.size(AOF)).isEqualTo(10);
        disk.powerLoss(new ScriptedRandom(0, DROP));   // still volatile after the kill
        assertThat(disk.exists(AOF)).isFalse();
    }

    @Test
    void aClosedFileRefusesWrites() throws Exception {
        StorageFile file = fileWith("x");
        file.close();
        assertThatThrownBy(() -> write(file, "y")).isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void theKernelWritesBackChangesOlderThanItsDelay() throws Exception {
        AtomicLong clock = new AtomicLong();
        SimulatedDisk subject = prepared(new SimulatedDisk(clock::get, Duration.ofSeconds(30)));
        StorageFile file = subject.create(AOF);
        write(file, "early|");
        clock.set(TimeUnit.SECONDS.toNanos(20));
        write(file, "late");
        clock.set(TimeUnit.SECONDS.toNanos(30) - 1);
        assertThat(subject.durablyExists(AOF)).isFalse();
        clock.set(TimeUnit.SECONDS.toNanos(30));
        assertThat(subject.durablyExists(AOF)).isTrue();
        assertThat(text(subject.durableContent(AOF))).isEqualTo("early|");
        subject.powerLoss(new ScriptedRandom(DROP));
        assertThat(text(subject.content(AOF))).isEqualTo("early|");
    }

    @Test
    void aFullDiskWritesWhatFitsThenFails() throws Exception {
        StorageFile file = fileWith("");
        disk.failWritesAfter(5);
        write(file, "abc");
        assertThatThrownBy(() -> write(file, "defgh")).isInstanceOf(IOException.class)
                .hasMessageContaining("No space left on device");
        assertThat(text(disk.content(AOF))).isEqualTo("abcde");
        assertThatThrownBy(() -> write(file, "z")).hasMessageContaining("No space left");
        disk.clearFaults();
        write(file, "z");
        assertThat(text(disk.content(AOF))).isEqualTo("abcdez");
    }

    @Test
    void aFailedSyncMakesNothingDurable() throws Exception {
        StorageFile file = fileWith("durable|", "volatile");
        disk.failNextSyncs(2);
        assertThatThrownBy(file::sync).isInstanceOf(IOException.class).hasMessageContaining("Input/output error");
        assertThatThrownBy(() -> disk.syncDirectory(DIR)).isInstanceOf(IOException.class);
        assertThat(disk.unsyncedBytes(AOF)).isEqualTo(8);
        file.sync();
        assertThat(disk.unsyncedBytes(AOF)).isZero();
    }

    @Test
    void aCutPowerStopsEveryCallUntilThePowerLossFailsIt() throws Exception {
        StorageFile file = fileWith("synced|", "volatile");
        disk.cutPower();
        List<Throwable> failures = new ArrayList<>();
        Thread writer = new Thread(() -> {
            try {
                write(file, "after the cut");
            } catch (IOException e) {
                failures.add(e);
            }
        });
        writer.start();
        while (writer.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();   // until it waits for the power to come back
        }
        assertThat(disk.unsyncedBytes(AOF)).isEqualTo(8);
        disk.powerLoss(new ScriptedRandom(DROP));
        writer.join(10_000);
        assertThat(failures).singleElement().asString().contains("the power was lost during this call");
        assertThat(text(disk.content(AOF))).isEqualTo("synced|");
        assertThat(disk.powerIsCut()).isFalse();
    }

    @Test
    void aTriggerCutsThePowerJustBeforeTheMatchingCall() throws Exception {
        prepared(disk);
        Storage server = disk.process();
        Path temp = DIR.resolve("temp-manifest");
        Path manifest = DIR.resolve("manifest");
        disk.cutPowerWhen(operation -> operation.kind() == DiskOperation.Kind.RENAME);
        CompletableFuture<Void> saver = CompletableFuture.runAsync(() -> {
            try (StorageFile file = server.create(temp)) {
                write(file, "file base seq 1 type b\n");
                file.sync();
                server.rename(temp, manifest);
                server.syncDirectory(DIR);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(disk.awaitPowerCut(Duration.ofSeconds(10))).isTrue();
        assertThat(disk.content(manifest)).isNull();   // inspection does not wait: the rename never ran
        assertThat(disk.content(temp)).isNotNull();
        disk.powerLoss(new ScriptedRandom(0));
        assertThat(saver).failsWithin(Duration.ofSeconds(10));
        assertThat(disk.list(DIR)).isEmpty();
        assertThatThrownBy(() -> server.list(DIR)).isInstanceOf(IOException.class);
        assertThat(disk.process().list(DIR)).isEmpty();
    }

    @Test
    void operationsAreCountedAndDescribed() throws Exception {
        prepared(disk);
        List<DiskOperation> seen = new ArrayList<>();
        disk.cutPowerWhen(operation -> {
            seen.add(operation);
            return false;
        });
        long first = disk.operations();
        StorageFile file = disk.create(AOF);
        write(file, "abc");
        file.sync();
        disk.rename(AOF, DIR.resolve("b"));
        assertThat(seen).extracting(DiskOperation::toString).containsExactly(
                "#" + first + " CREATE /data/appendonly.aof", "#" + (first + 1) + " WRITE /data/appendonly.aof [0, +3)",
                "#" + (first + 2) + " SYNC /data/appendonly.aof", "#" + (first + 3) + " RENAME /data/appendonly.aof -> /data/b");
    }

    @Test
    void oneWriterAndOneSyncerAtOnceLoseNothingSynced() throws Exception {
        StorageFile file = fileWith("");
        int records = 20_000;
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong durableAtLeast = new AtomicLong();
        CompletableFuture<Void> syncer = CompletableFuture.runAsync(() -> {
            try {
                while (writing.get()) {
                    long before = file.size();
                    file.sync();
                    durableAtLeast.set(before);   // everything written before the sync began is durable now
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        ByteBuffer record = ByteBuffer.allocate(8);
        for (long i = 0; i < records; i++) {
            record.clear();
            record.putLong(i);
            file.write(record.array(), 0, 8);
        }
        writing.set(false);
        syncer.get(30, TimeUnit.SECONDS);
        long synced = durableAtLeast.get();
        disk.powerLoss(new ScriptedRandom(DROP));
        ByteBuffer survived = ByteBuffer.wrap(disk.content(AOF));
        assertThat((long) survived.remaining()).isBetween(synced, records * 8L);
        assertThat(survived.remaining() % 8).isZero();
        for (long i = 0; survived.hasRemaining(); i++) {
            assertThat(survived.getLong()).isEqualTo(i);
        }
    }
}
