package io.forkline.snapshot;

import io.forkline.snapshot.rdb.KeyspaceImage;

/**
 * A keyspace frozen for saving, as a {@link SnapshotStrategy} began it. Begun and closed on the
 * writer thread; {@link #image()} may be read on a snapshot thread in between, once handed over through
 * a happens-before edge (a queue, a ring, a thread start).
 */
public interface Snapshot extends AutoCloseable {

    /** What to write: the frozen keyspace. */
    KeyspaceImage image();

    /** How long beginning paused the writer (Redis's {@code latest_fork_usec}, in nanoseconds). */
    long forkNanos();

    /** The keys in the image, counted when it began (Redis's {@code current_save_keys_total}). */
    long keysTotal();

    /** Ends the snapshot, releasing what it held (a fork's frames). Writer thread only; idempotent. */
    @Override
    void close();
}
