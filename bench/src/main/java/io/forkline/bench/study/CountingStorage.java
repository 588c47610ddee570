package io.forkline.bench.study;

import io.forkline.snapshot.storage.ForwardingStorage;
import io.forkline.snapshot.storage.ForwardingStorageFile;
import io.forkline.snapshot.storage.Storage;
import io.forkline.snapshot.storage.StorageFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A {@link Storage} that passes everything to another and counts what the bench reports of it: file
 * syncs (fdatasync) and directory syncs, their total and longest durations, bytes written, and
 * each sync with its time and duration (the first 10,000). The embedded server writes its RDB and AOF files
 * through it, so fsyncs are counted where they happen; Redis reports no such count in INFO.
 * Thread-safe.
 */
public final class CountingStorage extends ForwardingStorage {

    /** One sync: when it began (clock nanoseconds), how long it took, whether it was a directory's. */
    public record Sync(long startNanos, long nanos, boolean directory) {
    }

    /** The counters at one moment. */
    public record Counts(long syncs, long directorySyncs, long syncNanos, long maxSyncNanos, long bytesWritten) {
    }

    private static final int MAX_KEPT = 10_000;

    private final LongSupplier clock;
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong directorySyncs = new AtomicLong();
    private final AtomicLong syncNanos = new AtomicLong();
    private final AtomicLong maxSyncNanos = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final List<Sync> kept = new ArrayList<>();

    public CountingStorage(Storage delegate, LongSupplier clock) {
        super(delegate);
        this.clock = clock;
    }

    public Counts counts() {
        return new Counts(syncs.get(), directorySyncs.get(), syncNanos.get(), maxSyncNanos.get(), bytesWritten.get());
    }

    /** The syncs so far (at most the first 10,000). */
    public synchronized List<Sync> syncs() {
        return List.copyOf(kept);
    }

    private void timed(long start, boolean directory) {
        long took = clock.getAsLong() - start;
        (directory ? directorySyncs : syncs).incrementAndGet();
        syncNanos.addAndGet(took);
        maxSyncNanos.accumulateAndGet(took, Math::max);
        synchronized (this) {
            if (kept.size() < MAX_KEPT) {
                kept.add(new Sync(start, took, directory));
            }
        }
    }

    @Override
    protected StorageFile wrap(Path path, StorageFile file) {
        return new ForwardingStorageFile(file) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                delegate.write(bytes, offset, length);
                bytesWritten.addAndGet(length);
            }

            @Override
            public void sync() throws IOException {
                long start = clock.getAsLong();
                delegate.sync();
                timed(start, false);
            }
        };
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        long start = clock.getAsLong();
        delegate.syncDirectory(directory);
        timed(start, true);
    }
}
