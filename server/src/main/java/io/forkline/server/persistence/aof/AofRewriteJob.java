package io.forkline.server.persistence.aof;

import io.forkline.aof.rewrite.AofRewrite;
import io.forkline.server.persistence.BackgroundJobs;
import io.forkline.snapshot.Snapshot;
import io.forkline.snapshot.rdb.SaveCancelledException;

import java.io.IOException;

/**
 * One background rewrite as the server's job slot sees it (Redis's AOF child): the snapshot begun on the
 * writer, the rewrite's file work, and its outcome, read on the writer once the work is over.
 */
final class AofRewriteJob implements BackgroundJobs.Job {

    private static final System.Logger LOG = System.getLogger("forkline.aof");

    private final AofRewrite rewrite;
    private final Snapshot snapshot;
    private final boolean forked;
    private final long startedMillis;
    private volatile Exception failure;

    AofRewriteJob(AofRewrite rewrite, Snapshot snapshot, boolean forked, long startedMillis) {
        this.rewrite = rewrite;
        this.snapshot = snapshot;
        this.forked = forked;
        this.startedMillis = startedMillis;
    }

    @Override
    public BackgroundJobs.Kind kind() {
        return BackgroundJobs.Kind.AOF_REWRITE;
    }

    /** Any thread: the rewrite stops at its next check and nothing is installed (Redis's killAppendOnlyChild). */
    @Override
    public void cancel() {
        rewrite.cancel();
    }

    /** The whole file work (fork-cow, on the snapshot thread): the journal's switch, the base, then its installation. */
    void run() {
        try {
            rewrite.awaitJournalSwitch();
        } catch (IOException | RuntimeException e) {
            failure = e;
            return;
        }
        if (writeBase()) {
            install();
        }
    }

    /** Writes the base; false (the failure kept) when it could not. */
    boolean writeBase() {
        try {
            rewrite.writeBase();
            LOG.log(System.Logger.Level.INFO, "Successfully created the temporary AOF base file " + rewrite.temp().getFileName());
            return true;
        } catch (IOException | RuntimeException e) {
            failure = e;
            return false;
        }
    }

    /** Installs the written base, after the journal switched to the new incr; a failure is kept. */
    void install() {
        if (failure != null) {
            return;
        }
        try {
            rewrite.install();
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }

    Snapshot snapshot() {
        return snapshot;
    }

    boolean forked() {
        return forked;
    }

    long startedMillis() {
        return startedMillis;
    }

    long baseSize() {
        return rewrite.baseSize();
    }

    boolean succeeded() {
        return failure == null;
    }

    /** Stopped by a cancel (AOF switched off, SHUTDOWN): not an error. */
    boolean wasCancelled() {
        return failure instanceof SaveCancelledException || (failure != null && rewrite.cancelled());
    }

    Exception failure() {
        return failure;
    }
}
