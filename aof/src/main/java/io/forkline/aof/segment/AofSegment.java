package io.forkline.aof.segment;

import io.forkline.aof.manifest.AofFileEntry;
import io.forkline.snapshot.storage.StorageFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An incr file open for appending: the journal writes the log's tail into it, a sync makes what was
 * written durable. Counts the bytes written (what Redis calls {@code aof_last_incr_size}) and the bytes
 * known synced ({@code aof_last_incr_fsync_offset}), so that a sync is skipped when nothing is new.
 *
 * <p>Assumptions and guarantees: one thread at a time writes (the thread journaling the batch, after a
 * happens-before hand-over); {@link #sync()} may run on another thread at the same time (the fsync
 * agent), and syncs at least every byte whose write returned before it started. {@link #close()} runs
 * once, after the last write and sync.
 */
public final class AofSegment {

    private final StorageFile file;
    private volatile Path path;
    private volatile AofFileEntry entry;
    private volatile long written;
    private final AtomicLong synced;

    /**
     * @param entry       its manifest entry, or null for the temporary incr of an AOF being switched on
     * @param initialSize bytes already in the file (an incr reopened at start-up), taken as synced
     */
    public AofSegment(StorageFile file, Path path, AofFileEntry entry, long initialSize) {
        this.file = file;
        this.path = path;
        this.entry = entry;
        this.written = initialSize;
        this.synced = new AtomicLong(initialSize);
    }

    /** Appends bytes; on failure nothing is counted, and the file may hold part of them (see {@link #sizeOnDisk()}). */
    public void write(byte[] bytes, int offset, int length) throws IOException {
        file.write(bytes, offset, length);
        written += length;
    }

    /** Counts bytes that a failed write left in the file, when they could not be cut off. */
    public void countPartial(long bytes) {
        written += bytes;
    }

    /** fdatasync: makes every byte written before this call durable. */
    public void sync() throws IOException {
        long target = written;
        file.sync();
        synced.accumulateAndGet(target, Math::max);
    }

    /** Whether bytes were written since the last successful sync. */
    public boolean unsynced() {
        return synced.get() < written;
    }

    /** Bytes in the file as the journal counts them. */
    public long written() {
        return written;
    }

    /** The file's length as the storage reports it (after a failed write: what really landed). */
    public long sizeOnDisk() throws IOException {
        return file.size();
    }

    public Path path() {
        return path;
    }

    /** The manifest entry, or null while this is the temporary incr of an AOF being switched on. */
    public AofFileEntry entry() {
        return entry;
    }

    /** The temporary incr was renamed into the log as {@code named} (the file stays open across the rename). */
    public void renamed(Path to, AofFileEntry named) {
        this.path = to;
        this.entry = named;
    }

    public void close() throws IOException {
        file.close();
    }

    @Override
    public String toString() {
        return path.getFileName() + " (" + written + " bytes written, " + synced.get() + " synced)";
    }
}
