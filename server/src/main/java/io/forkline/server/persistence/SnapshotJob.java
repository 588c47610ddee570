package io.forkline.server.persistence;

import io.forkline.snapshot.Snapshot;

/**
 * A background job that writes from a snapshot begun on the writer (BGSAVE, an AOF rewrite): the
 * snapshot, whether it is a fork's view, when it started, and the failure its file work kept. The
 * work may run on another thread; the outcome is read on the writer once the work is over.
 */
public abstract class SnapshotJob implements BackgroundJobs.Job {

    private final Snapshot snapshot;
    private final boolean forked;
    private final long startedMillis;
    private volatile Exception failure;

    protected SnapshotJob(Snapshot snapshot, boolean forked, long startedMillis) {
        this.snapshot = snapshot;
        this.forked = forked;
        this.startedMillis = startedMillis;
    }

    /** Keeps why the work failed (or was cancelled). */
    protected final void failed(Exception e) {
        failure = e;
    }

    public final Snapshot snapshot() {
        return snapshot;
    }

    /** Whether the snapshot is a fork's view (fork-cow), as opposed to the live store (stop-the-world). */
    public final boolean forked() {
        return forked;
    }

    public final long startedMillis() {
        return startedMillis;
    }

    /** Whether the work completed (even if a cancel came too late to stop it, as a child that had already exited). */
    public final boolean succeeded() {
        return failure == null;
    }

    /** Why it failed, or null. */
    public final Exception failure() {
        return failure;
    }

    /** Whether it stopped because it was cancelled: not an error. */
    public abstract boolean wasCancelled();
}
