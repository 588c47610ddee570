package io.forkline.bench.crash;

import java.io.IOException;

/**
 * The round's BGSAVE and BGREWRITEAOF requests over a control connection, and what the RDB promise needs from them:
 * when the last save that completed (as INFO showed) was requested. Every write acknowledged before that is in it.
 */
final class BackgroundJobs {

    private final RespClient control;
    private long lastCompletedSaveSentNanos = Long.MIN_VALUE;

    BackgroundJobs(RespClient control) {
        this.control = control;
    }

    /** When the last completed BGSAVE was sent, or {@link Long#MIN_VALUE} if none completed. */
    long lastCompletedSaveSentNanos() {
        return lastCompletedSaveSentNanos;
    }

    /** Requests a BGSAVE; true if the server took it. */
    boolean bgsave() throws IOException {
        return !(control.call("BGSAVE") instanceof RespClient.ErrorReply);
    }

    /** Requests a BGREWRITEAOF; true if the server took it. */
    boolean rewrite() throws IOException {
        return !(control.call("BGREWRITEAOF") instanceof RespClient.ErrorReply);
    }

    /** A BGSAVE to its end; returns how long it took (0 if refused, e.g. while a rewrite runs). */
    long bgsaveAndWait() throws IOException, InterruptedException {
        long sent = System.nanoTime();
        if (!bgsave()) {
            return 0;
        }
        ServerInfo info = awaitIdle();
        if (info.lastBgsaveOk()) {   // one job at a time: the last status is this save's
            lastCompletedSaveSentNanos = sent;
        }
        return System.nanoTime() - sent;
    }

    /** A BGREWRITEAOF to its end; returns how long it took (0 if refused). */
    long rewriteAndWait() throws IOException, InterruptedException {
        long sent = System.nanoTime();
        if (!rewrite()) {
            return 0;
        }
        awaitIdle();
        return System.nanoTime() - sent;
    }

    /** Polls INFO persistence until no BGSAVE or rewrite runs (or is scheduled); returns the last reading. */
    ServerInfo awaitIdle() throws IOException, InterruptedException {
        ServerInfo info = ServerInfo.persistence(control);
        while (info.bgsaveInProgress() || info.rewriteInProgress()) {
            Thread.sleep(1);
            info = ServerInfo.persistence(control);
        }
        return info;
    }
}
