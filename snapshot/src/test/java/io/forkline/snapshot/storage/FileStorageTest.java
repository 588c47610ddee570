package io.forkline.snapshot.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class FileStorageTest {

    private final Storage storage = FileStorage.INSTANCE;

    @Test
    void writesAppendsRenamesTruncatesAndLists(@TempDir Path dir) throws Exception {
        StorageContract.writeRenameAppendTruncateReadList(storage, dir);
        storage.delete(dir.resolve("dump.rdb"));
        assertThat(storage.exists(dir.resolve("dump.rdb"))).isFalse();
    }
}
