package io.forkline.server.persistence;

/**
 * Redis's "active child": at most one background job (a BGSAVE, an AOF rewrite) runs at a time,
 * because each holds the one fork the memory allows. Whoever starts a job asks {@link #busy()} first and
 * answers with Redis's errors below; the job ends through {@link #finished}. Writer thread only.
 */
public final class BackgroundJobs {

    /** What a background job does, as Redis's child types. */
    public enum Kind {
        /** BGSAVE (Redis's CHILD_TYPE_RDB). */
        RDB,
        /** BGREWRITEAOF (Redis's CHILD_TYPE_AOF). */
        AOF_REWRITE
    }

    /** A running job, as the writer sees it. */
    public interface Job {

        Kind kind();

        /**
         * Stops the job without counting it as failed (Redis kills its child with SIGUSR1: FLUSHALL,
         * SHUTDOWN). The job still ends through {@link BackgroundJobs#finished}, later, on the writer.
         */
        void cancel();
    }

    /** BGSAVE or SAVE while a BGSAVE runs. */
    public static final String RDB_IN_PROGRESS = "ERR Background save already in progress";
    /** BGSAVE (without SCHEDULE) while another kind of job runs. */
    public static final String OTHER_JOB_BLOCKS_BGSAVE = "ERR Another child process is active (AOF?): can't BGSAVE right now. "
            + "Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.";
    /** BGREWRITEAOF while a rewrite runs. */
    public static final String AOF_REWRITE_IN_PROGRESS = "ERR Background append only file rewriting already in progress";

    private Job active;
    private long startedMillis = -1;

    /** Whether a job runs (Redis's hasActiveChildProcess). */
    public boolean busy() {
        return active != null;
    }

    /** Whether a job of {@code kind} runs. */
    public boolean running(Kind kind) {
        return active != null && active.kind() == kind;
    }

    /** The running job, or null. */
    public Job active() {
        return active;
    }

    /** When the running job started, Unix milliseconds; -1 when none runs. */
    public long startedMillis() {
        return startedMillis;
    }

    /**
     * Records that {@code job} started at {@code nowMillis}.
     *
     * @throws IllegalStateException if a job already runs: ask {@link #busy()} first
     */
    public void started(Job job, long nowMillis) {
        if (active != null) {
            throw new IllegalStateException("a " + active.kind() + " job already runs; " + job.kind() + " must wait");
        }
        active = job;
        startedMillis = nowMillis;
    }

    /**
     * Records that {@code job} ended (done, failed or cancelled).
     *
     * @throws IllegalStateException if {@code job} is not the running one
     */
    public void finished(Job job) {
        if (active != job) {
            throw new IllegalStateException("the " + job.kind() + " job that ended is not the running one");
        }
        active = null;
        startedMillis = -1;
    }

    /** Cancels the running job if it is of {@code kind}; true if there was one. */
    public boolean cancel(Kind kind) {
        if (!running(kind)) {
            return false;
        }
        active.cancel();
        return true;
    }
}
