package io.forkline.server.persistence;

import io.forkline.snapshot.rdb.SaveCancelledException;
import io.forkline.snapshot.rdb.SaveProgress;
import io.forkline.snapshot.storage.ForwardingStorage;
import io.forkline.snapshot.storage.ForwardingStorageFile;
import io.forkline.snapshot.storage.Storage;
import io.forkline.snapshot.storage.StorageFile;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The {@link Storage} a background save writes through, so that a cancel stops it at once, as Redis
 * kills its child: once the save's {@link SaveProgress} is cancelled, every write, sync, creation and
 * rename fails with {@link SaveCancelledException}. The writer checks the same flag between keys; this
 * covers the rest, above all the final rename, so a cancelled save never replaces the file.
 *
 * <p>Assumptions and guarantees: one job thread uses it; any thread may cancel the progress.
 */
final class CancellableStorage extends ForwardingStorage {

    private final SaveProgress progress;

    CancellableStorage(Storage storage, SaveProgress progress) {
        super(storage);
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
        return super.create(file);
    }

    @Override
    public StorageFile openAppend(Path file) throws IOException {
        check();
        return super.openAppend(file);
    }

    /** A file whose writes and syncs fail once the save is cancelled. */
    @Override
    protected StorageFile wrap(Path path, StorageFile file) {
        return new ForwardingStorageFile(file) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                check();
                delegate.write(bytes, offset, length);
            }

            @Override
            public void sync() throws IOException {
                check();
                delegate.sync();
            }
        };
    }

    @Override
    public void createDirectories(Path directory) throws IOException {
        check();
        delegate.createDirectories(directory);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        check();
        delegate.rename(from, to);
    }

    @Override
    public void truncate(Path file, long length) throws IOException {
        check();
        delegate.truncate(file, length);
    }
}
