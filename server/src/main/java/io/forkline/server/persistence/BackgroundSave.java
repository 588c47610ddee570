package io.forkline.server.persistence;

import io.forkline.snapshot.Snapshot;
import io.forkline.snapshot.rdb.RdbFileWriter;
import io.forkline.snapshot.rdb.RdbWriteOptions;
import io.forkline.snapshot.rdb.SaveProgress;
import io.forkline.snapshot.storage.Storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One BGSAVE: a snapshot begun on the writer, written to {@code dir/fileName} by {@link #write()} (on
 * the snapshot thread under fork-cow, on the writer under stop-the-world), then ended on the writer,
 * which closes the snapshot. Its outcome is read on the writer only after the write is over.
 */
final class BackgroundSave extends SnapshotJob {

    private final SaveProgress progress = new SaveProgress();
    private final CancellableStorage storage;
    private final Path dir;
    private final String fileName;
    private final RdbWriteOptions options;

    BackgroundSave(Snapshot snapshot, boolean forked, Storage storage, Path dir, String fileName, RdbWriteOptions options,
                   long startedMillis) {
        super(snapshot, forked, startedMillis);
        this.storage = new CancellableStorage(storage, progress);
        this.dir = dir;
        this.fileName = fileName;
        this.options = options;
    }

    @Override
    public BackgroundJobs.Kind kind() {
        return BackgroundJobs.Kind.RDB;
    }

    /** Any thread: the save stops at its next key or file operation and counts as cancelled, not failed. */
    @Override
    public void cancel() {
        progress.cancel();
    }

    /** Writes the snapshot; a failure is kept, not thrown (the temp file is already deleted, as Redis's rdbRemoveTempFile). */
    void write() {
        try {
            RdbFileWriter.save(storage, dir, fileName, snapshot().image(), options, progress);
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    SaveProgress progress() {
        return progress;
    }

    @Override
    public boolean wasCancelled() {
        return failure() != null && progress.cancelled();
    }
}
