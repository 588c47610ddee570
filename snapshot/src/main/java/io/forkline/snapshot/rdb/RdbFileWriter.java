package io.forkline.snapshot.rdb;

import io.forkline.snapshot.io.StorageSink;
import io.forkline.snapshot.storage.Storage;
import io.forkline.snapshot.storage.StorageFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Saves an RDB file as Redis's {@code rdbSave} does: write {@code temp-<unique>.rdb} in the target
 * directory, sync it, rename it over the target name, sync the directory. A crash at any point leaves
 * either the old file or the new one under the target name, never a torn one.
 *
 * <p>Creation, sync and rename are blocking file-system calls: call this on a snapshot thread (or,
 * for a foreground SAVE, where the caller accepts the pause), never on an IO thread.
 */
public final class RdbFileWriter {

    private static final AtomicLong TEMP_NUMBERS = new AtomicLong();

    private RdbFileWriter() {
    }

    /**
     * Writes {@code image} to {@code dir/fileName} through {@code storage}. On any failure the temp file is
     * deleted and the failure rethrown (a full disk surfaces as the storage's {@link IOException});
     * the target file is then untouched.
     *
     * @param fileName a plain file name in {@code dir}, e.g. "dump.rdb"
     */
    public static SaveResult save(Storage storage, Path dir, String fileName, KeyspaceImage image, RdbWriteOptions options,
                                  SaveProgress progress) throws IOException {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(progress, "progress");
        Path target = dir.resolve(checkFileName(fileName));
        Path temp = dir.resolve(tempName());
        long start = System.nanoTime();
        long bytes;
        try {
            try (StorageFile file = storage.create(temp)) {
                StorageSink sink = new StorageSink(file);
                new RdbWriter(options).write(image, sink, progress);
                sink.flush();
                file.sync();
                bytes = sink.position();
            }
            storage.rename(temp, target);
        } catch (IOException | RuntimeException | Error failure) {
            try {
                storage.delete(temp);
            } catch (IOException | RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
        storage.syncDirectory(dir);
        return new SaveResult(bytes, progress.keysProcessed(), System.nanoTime() - start);
    }

    /** A temp name no other save in this process uses: {@code temp-<pid>-<n>.rdb}. */
    static String tempName() {
        return "temp-" + ProcessHandle.current().pid() + "-" + TEMP_NUMBERS.incrementAndGet() + ".rdb";
    }

    private static String checkFileName(String fileName) {
        Objects.requireNonNull(fileName, "fileName");
        Path name = Path.of(fileName).getFileName();
        if (fileName.isEmpty() || name == null || !name.toString().equals(fileName) || fileName.equals("..")
                || fileName.equals(".")) {
            throw new IllegalArgumentException("an RDB file name must be a plain file name, not a path: '" + fileName + "'");
        }
        return fileName;
    }
}
