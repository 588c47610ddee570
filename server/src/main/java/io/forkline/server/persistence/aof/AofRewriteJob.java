package io.forkline.server.persistence.aof;

import io.forkline.aof.rewrite.AofRewrite;
import io.forkline.server.persistence.BackgroundJobs;
import io.forkline.server.persistence.SnapshotJob;
import io.forkline.snapshot.Snapshot;
import io.forkline.snapshot.rdb.SaveCancelledException;

import java.io.IOException;

/**
 * One background rewrite as the server's job slot sees it (Redis's AOF child): the snapshot begun on the
 * writer, the rewrite's file work, and its outcome, read on the writer once the work is over.
 */
final class AofRewriteJob extends SnapshotJob {

    private static final System.Logger LOG = System.getLogger("forkline.aof");

    private final AofRewrite rewrite;

    AofRewriteJob(AofRewrite rewrite, Snapshot snapshot, boolean forked, long startedMillis) {
        super(snapshot, forked, startedMillis);
        this.rewrite = rewrite;
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
            failed(e);
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
            failed(e);
            return false;
        }
    }

    /** Installs the written base, after the journal switched to the new incr; a failure is kept. */
    void install() {
        if (failure() != null) {
            return;
        }
        try {
            rewrite.install();
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    long baseSize() {
        return rewrite.baseSize();
    }

    /** Stopped by a cancel (AOF switched off, SHUTDOWN): not an error. */
    @Override
    public boolean wasCancelled() {
        return failure() instanceof SaveCancelledException || (failure() != null && rewrite.cancelled());
    }
}
