package io.forkline.bench.study;

import io.forkline.snapshot.storage.FileStorage;
import io.forkline.snapshot.storage.StorageFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CountingStorageTest {

    @TempDir
    Path dir;

    @Test
    void countsSyncsAndBytesAndKeepsEachSync() throws Exception {
        AtomicLong clock = new AtomicLong();
        // every clock read advances 3 ms: each sync "takes" 3 ms
        CountingStorage storage = new CountingStorage(FileStorage.INSTANCE, () -> clock.addAndGet(3_000_000L));
        try (StorageFile file = storage.create(dir.resolve("a.aof"))) {
            file.write(new byte[10], 0, 10);
            file.sync();
            file.write(new byte[5], 1, 4);
            file.sync();
        }
        storage.syncDirectory(dir);
        CountingStorage.Counts counts = storage.counts();
        assertThat(counts.syncs()).isEqualTo(2);
        assertThat(counts.directorySyncs()).isEqualTo(1);
        assertThat(counts.bytesWritten()).isEqualTo(14);
        assertThat(counts.maxSyncNanos()).isEqualTo(3_000_000L);
        assertThat(counts.syncNanos()).isEqualTo(9_000_000L);
        assertThat(storage.syncs()).hasSize(3).last().satisfies(s -> assertThat(s.directory()).isTrue());
        assertThat(storage.syncs()).extracting(CountingStorage.Sync::nanos).containsOnly(3_000_000L);
        assertThat(Files.size(dir.resolve("a.aof"))).isEqualTo(14);
    }
}
