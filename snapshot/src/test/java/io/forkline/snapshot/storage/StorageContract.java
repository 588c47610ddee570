package io.forkline.snapshot.storage;

import io.forkline.snapshot.io.StorageSink;
import io.forkline.snapshot.io.StreamSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link Storage} does alike, run against each implementation by that implementation's test. */
final class StorageContract {

    private StorageContract() {
    }

    /**
     * In {@code dir} (existing, empty): writes a file through a small-buffered sink and syncs it, renames it to
     * dump.rdb and syncs the directory, appends a byte, truncates to 6 bytes, reads them back and lists the
     * directory. Leaves dump.rdb there, 6 bytes long.
     */
    static void writeRenameAppendTruncateReadList(Storage storage, Path dir) throws Exception {
        Path temp = dir.resolve("temp-1.rdb");
        try (StorageFile file = storage.create(temp)) {
            StorageSink sink = new StorageSink(file, 4);
            sink.write(new byte[] {1, 2, 3});
            sink.write(4);
            sink.write(new byte[] {5, 6, 7, 8, 9});
            sink.flush();
            file.sync();
            assertThat(sink.position()).isEqualTo(9);
            assertThat(file.size()).isEqualTo(9);
        }
        storage.rename(temp, dir.resolve("dump.rdb"));
        storage.syncDirectory(dir);
        try (StorageFile file = storage.openAppend(dir.resolve("dump.rdb"))) {
            file.write(new byte[] {10}, 0, 1);
            assertThat(file.size()).isEqualTo(10);
        }
        storage.truncate(dir.resolve("dump.rdb"), 6);
        try (StreamSource source = new StreamSource(storage.openRead(dir.resolve("dump.rdb")), 4)) {
            assertThat(source.readBytes(6)).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(source.atEnd()).isTrue();
        }
        assertThat(storage.list(dir)).containsExactly(dir.resolve("dump.rdb"));
        assertThat(storage.list(dir.resolve("missing"))).isEmpty();
        assertThat(storage.size(dir.resolve("dump.rdb"))).isEqualTo(6);
    }
}
