package io.forkline.server.persistence;

import io.forkline.snapshot.rdb.SaveCancelledException;
import io.forkline.snapshot.rdb.SaveProgress;
import io.forkline.snapshot.storage.Storage;
import io.forkline.snapshot.storage.StorageFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@link Storage} a background save writes through, so that a cancel stops it at once, as Redis
 * kills its child: once the save's {@link SaveProgress} is cancelled, every write, sync, creation and
 * rename fails with {@link SaveCancelledException}. The writer checks the same flag between keys; this
 * covers the rest, above all the final rename, so a cancelled save never replaces the file.
 *
 * <p>Assumptions and guarantees: one job thread uses it; any thread may cancel the progress.
 */
final class CancellableStorage implements Storage {

    private final Storage storage;
    private final SaveProgress progress;

    CancellableStorage(Storage storage, SaveProgress progress) {
        this.storage = storage;
        this.progress = progress;
    }

    private void check() throws SaveCancelledException {
        if (progress.cancelled()) {
            throw new SaveCancelledException(progress.keysProcessed());
        }
    }

    @Override
    public StorageFile create(Path file) throws IOException {
        check();
        return new CancellableFile(storage.create(file));
    }

    @Override
    public StorageFile openAppend(Path file) throws IOException {
        check();
        return new CancellableFile(storage.openAppend(file));
    }

    @Override
    public InputStream openRead(Path file) throws IOException {
        return storage.openRead(file);
    }

    @Override
    public boolean exists(Path path) {
        return storage.exists(path);
    }

    @Override
    public long size(Path file) throws IOException {
        return storage.size(file);
    }

    @Override
    public List<Path> list(Path directory) throws IOException {
        return storage.list(directory);
    }

    @Override
    public void createDirectories(Path directory) throws IOException {
        check();
        storage.createDirectories(directory);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        check();
        storage.rename(from, to);
    }

    @Override
    public void delete(Path path) throws IOException {
        storage.delete(path);
    }

    @Override
    public void truncate(Path file, long length) throws IOException {
        check();
        storage.truncate(file, length);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        storage.syncDirectory(directory);
    }

    /** A file whose writes and syncs fail once the save is cancelled. */
    private final class CancellableFile implements StorageFile {

        private final StorageFile file;

        CancellableFile(StorageFile file) {
            this.file = file;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            check();
            file.write(bytes, offset, length);
        }

        @Override
        public void sync() throws IOException {
            check();
            file.sync();
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
