package io.forkline.aof.rewrite;

import io.forkline.aof.manifest.AofManifest;
import io.forkline.aof.segment.AofDirectory;
import io.forkline.aof.segment.AofSegment;
import io.forkline.snapshot.io.ByteSink;
import io.forkline.snapshot.io.StorageSink;
import io.forkline.snapshot.rdb.KeyspaceImage;
import io.forkline.snapshot.rdb.SaveCancelledException;
import io.forkline.snapshot.rdb.SaveProgress;
import io.forkline.snapshot.storage.Storage;
import io.forkline.snapshot.storage.StorageFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The file work of one rewrite, after the writer has frozen the keyspace and queued the journal's switch
 * to a new incr at that same point (Redis's child, then its backgroundRewriteDoneHandler):
 * <ol>
 *   <li>{@link #writeBase()}: the base goes to {@code dir/temp-rewriteaof-bg-<id>.aof}, is synced (every
 *   4 MB along the way with aof-rewrite-incremental-fsync) and closed.</li>
 *   <li>{@link #install()}: once the journal writes into the new incr, the base is renamed into the log's
 *   directory and the manifest switched to it and that incr, atomically; the old base and incr files,
 *   now history, are deleted and the manifest persisted again without them.</li>
 * </ol>
 * Until the switch the old manifest stands and describes the whole log, so a crash at any point loads.
 * Writes that reached the journal after the fork are in the new incr and nowhere in the base: neither
 * lost nor doubled.
 *
 * <p>Threads: a snapshot thread (or the writer, for {@link #writeBase()} over live memory under
 * stop-the-world); {@link #cancel()} from any thread.
 */
public final class AofRewrite {

    private static final System.Logger LOG = System.getLogger("forkline.aof");
    /** Redis's REDIS_AUTOSYNC_BYTES: a rewrite's base is synced every this many bytes with aof-rewrite-incremental-fsync. */
    public static final long AUTOSYNC_BYTES = 4L * 1024 * 1024;

    private final AofDirectory directory;
    private final AofBaseWriter baseWriter;
    private final KeyspaceImage image;
    private final CompletableFuture<AofSegment> switched;
    private final boolean incrementalFsync;
    private final Path temp;
    private final SaveProgress progress = new SaveProgress();
    private volatile long baseSize;

    /**
     * @param switched the journal's switch to the incr that follows the fork, or null when the log is off
     *                 (then every incr becomes history, as Redis's BGREWRITEAOF with appendonly no)
     * @param id       names the temp file, as Redis's child pid does
     */
    public AofRewrite(AofDirectory directory, AofBaseWriter baseWriter, KeyspaceImage image,
                      CompletableFuture<AofSegment> switched, boolean incrementalFsync, long id) {
        this.directory = directory;
        this.baseWriter = baseWriter;
        this.image = image;
        this.switched = switched;
        this.incrementalFsync = incrementalFsync;
        this.temp = directory.rewriteTemp(id);
    }

    public SaveProgress progress() {
        return progress;
    }

    /** Asks the rewrite to stop (Redis kills its child); what it wrote is removed. */
    public void cancel() {
        progress.cancel();
    }

    public boolean cancelled() {
        return progress.cancelled();
    }

    /** The installed base's size in bytes (aof_base_size's part), once {@link #install()} returned. */
    public long baseSize() {
        return baseSize;
    }

    /** Where the base is written before it is installed. */
    public Path temp() {
        return temp;
    }

    /**
     * Step 0 (a background rewrite): waits until the journal has switched to the new incr, which with the switch
     * given by the server includes the old incr's sync and close, so that the rewrite's disk operations always
     * follow them. A stop-the-world rewrite writes its base on the writer before the switch and skips this.
     */
    public void awaitJournalSwitch() throws IOException {
        awaitSwitch();
    }

    /** Step 1: writes, syncs and closes the base in its temp file; on failure the temp file is removed. */
    public void writeBase() throws IOException {
        Storage storage = directory.storage();
        try (StorageFile file = storage.create(temp)) {
            StorageSink buffered = new StorageSink(file);
            ByteSink sink = incrementalFsync ? new SyncingSink(buffered, file) : buffered;
            baseWriter.write(image, sink, progress);
            buffered.flush();
            file.sync();
        } catch (IOException | RuntimeException e) {
            directory.deleteQuietly(temp, e);
            throw e;
        }
        baseSize = directory.storage().size(temp);
    }

    /**
     * Step 2: waits for the journal's switch, then installs the base and the manifest and deletes the
     * history. On failure (the switch failed, the manifest could not be persisted, a cancel) the old
     * manifest stands and the temp base is removed.
     *
     * @return the manifest now on disk
     */
    public AofManifest install() throws IOException {
        try {
            AofSegment kept = awaitSwitch();
            if (cancelled()) {
                throw new SaveCancelledException(progress.keysProcessed());
            }
            AofManifest installed = directory.installBase(temp, baseWriter.rdbPreamble(), kept);
            try {
                directory.deleteHistory();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Can't remove the AOF history files: " + e.getMessage());
            }
            return installed;
        } catch (IOException | RuntimeException e) {
            directory.deleteQuietly(temp, e);
            throw e;
        }
    }

    private AofSegment awaitSwitch() throws IOException {
        if (switched == null) {
            return null;
        }
        while (true) {
            if (cancelled()) {
                throw new SaveCancelledException(progress.keysProcessed());
            }
            try {
                return switched.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillWaiting) {
                // the journal has not reached the fork's point yet
            } catch (ExecutionException e) {
                throw new IOException("the journal could not switch to a new incr file: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the journal's switch", e);
            }
        }
    }

    /** A sink that syncs its file every {@link #AUTOSYNC_BYTES} (Redis's rioSetAutoSync). */
    private static final class SyncingSink implements ByteSink {
        private final StorageSink sink;
        private final StorageFile file;
        private long nextSync = AUTOSYNC_BYTES;

        SyncingSink(StorageSink sink, StorageFile file) {
            this.sink = sink;
            this.file = file;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            sink.write(bytes, offset, length);
            maybeSync();
        }

        @Override
        public void write(int value) throws IOException {
            sink.write(value);
            maybeSync();
        }

        @Override
        public long position() {
            return sink.position();
        }

        private void maybeSync() throws IOException {
            if (sink.position() >= nextSync) {
                sink.flush();
                file.sync();
                nextSync = sink.position() + AUTOSYNC_BYTES;
            }
        }
    }
}
