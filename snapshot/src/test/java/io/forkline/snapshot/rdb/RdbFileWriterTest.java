package io.forkline.snapshot.rdb;

import io.forkline.snapshot.storage.FileStorage;
import io.forkline.snapshot.storage.Storage;
import io.forkline.snapshot.storage.StorageFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RdbFileWriterTest {

    private final EngineDriver driver = new EngineDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void writesATempFileSyncsItRenamesItAndSyncsTheDirectory(@TempDir Path dir) throws IOException {
        for (int i = 0; i < 3000; i++) {
            driver.call(i % 3, "SET", "key:" + i, "value:" + i);
        }
        Files.writeString(dir.resolve("dump.rdb"), "the previous file");
        RecordingStorage storage = new RecordingStorage(Long.MAX_VALUE);
        SaveProgress progress = new SaveProgress();
        SaveResult result = RdbFileWriter.save(storage, dir, "dump.rdb", Snapshots.live(driver.engine),
                RdbWriteOptions.defaults(), progress);

        byte[] file = Files.readAllBytes(dir.resolve("dump.rdb"));
        assertThat(result.bytes()).isEqualTo(file.length);
        assertThat(result.keys()).isEqualTo(3000).isEqualTo(progress.keysProcessed());
        assertThat(result.nanos()).isPositive();
        assertThat(RdbTestParser.parse(file).values().values().stream().mapToInt(java.util.Map::size).sum()).isEqualTo(3000);
        assertThat(storage.list(dir)).containsExactly(dir.resolve("dump.rdb"));
        assertThat(storage.calls).hasSize(5);
        assertThat(storage.calls.get(0)).matches("create temp-\\d+-\\d+\\.rdb");
        String temp = storage.calls.get(0).substring("create ".length());
        assertThat(storage.calls.subList(1, 5)).containsExactly("sync " + temp, "close " + temp,
                "rename " + temp + " dump.rdb", "syncDirectory");
    }

    @Test
    void aFullDiskFailsTheSaveDeletesTheTempFileAndKeepsThePreviousFile(@TempDir Path dir) throws IOException {
        for (int i = 0; i < 5000; i++) {
            driver.call(0, "SET", "key:" + i, "x".repeat(i % 50));
        }
        Files.writeString(dir.resolve("dump.rdb"), "the previous file");
        RecordingStorage storage = new RecordingStorage(70_000);
        assertThatThrownBy(() -> RdbFileWriter.save(storage, dir, "dump.rdb", Snapshots.live(driver.engine),
                RdbWriteOptions.defaults(), new SaveProgress()))
                .isInstanceOf(IOException.class).hasMessage("No space left on device");
        assertThat(storage.list(dir)).containsExactly(dir.resolve("dump.rdb"));
        assertThat(Files.readString(dir.resolve("dump.rdb"))).isEqualTo("the previous file");
        assertThat(storage.calls).noneMatch(call -> call.startsWith("rename") || call.startsWith("sync"));
    }

    @Test
    void aCancelledSaveLeavesNoTempFile(@TempDir Path dir) {
        for (int i = 0; i < 3000; i++) {
            driver.call(0, "SET", "key:" + i, "v");
        }
        SaveProgress progress = new SaveProgress();
        progress.cancel();
        assertThatThrownBy(() -> RdbFileWriter.save(FileStorage.INSTANCE, dir, "dump.rdb", Snapshots.live(driver.engine),
                RdbWriteOptions.defaults(), progress))
                .isInstanceOf(SaveCancelledException.class).hasMessage("RDB save cancelled after 1024 keys");
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void theFileNameIsAPlainName(@TempDir Path dir) {
        for (String name : new String[] {"", "a/b.rdb", "..", "."}) {
            assertThatThrownBy(() -> RdbFileWriter.save(FileStorage.INSTANCE, dir, name, Snapshots.live(driver.engine),
                    RdbWriteOptions.defaults(), new SaveProgress()))
                    .as("'%s'", name).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain file name");
        }
    }

    @Test
    void tempNamesAreUnique() {
        assertThat(RdbFileWriter.tempName()).isNotEqualTo(RdbFileWriter.tempName()).startsWith("temp-").endsWith(".rdb");
    }

    /** The real file system, recording the calls that matter and failing writes past a byte budget as a full disk would. */
    private static final class RecordingStorage implements Storage {

        final List<String> calls = new ArrayList<>();
        private final long capacity;
        private long written;

        RecordingStorage(long capacity) {
            this.capacity = capacity;
        }

        @Override
        public StorageFile create(Path file) throws IOException {
            calls.add("create " + file.getFileName());
            StorageFile real = FileStorage.INSTANCE.create(file);
            return new StorageFile() {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    if (written + length > capacity) {
                        throw new IOException("No space left on device");
                    }
                    written += length;
                    real.write(bytes, offset, length);
                }

                @Override
                public void sync() throws IOException {
                    calls.add("sync " + file.getFileName());
                    real.sync();
                }

                @Override
                public long size() throws IOException {
                    return real.size();
                }

                @Override
                public void close() throws IOException {
                    calls.add("close " + file.getFileName());
                    real.close();
                }
            };
        }

        @Override
        public StorageFile openAppend(Path file) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public InputStream openRead(Path file) throws IOException {
            return FileStorage.INSTANCE.openRead(file);
        }

        @Override
        public boolean exists(Path path) {
            return FileStorage.INSTANCE.exists(path);
        }

        @Override
        public long size(Path file) throws IOException {
            return FileStorage.INSTANCE.size(file);
        }

        @Override
        public List<Path> list(Path directory) throws IOException {
            return FileStorage.INSTANCE.list(directory);
        }

        @Override
        public void createDirectories(Path directory) throws IOException {
            FileStorage.INSTANCE.createDirectories(directory);
        }

        @Override
        public void rename(Path from, Path to) throws IOException {
            calls.add("rename " + from.getFileName() + " " + to.getFileName());
            FileStorage.INSTANCE.rename(from, to);
        }

        @Override
        public void delete(Path path) throws IOException {
            calls.add("delete " + path.getFileName());
            FileStorage.INSTANCE.delete(path);
        }

        @Override
        public void truncate(Path file, long length) throws IOException {
            FileStorage.INSTANCE.truncate(file, length);
        }

        @Override
        public void syncDirectory(Path directory) throws IOException {
            calls.add("syncDirectory");
            FileStorage.INSTANCE.syncDirectory(directory);
        }
    }
}
