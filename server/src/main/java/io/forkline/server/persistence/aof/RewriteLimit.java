package io.forkline.server.persistence.aof;

/**
 * Redis's aofRewriteLimited: after {@value #THRESHOLD} rewrites failed in a row, rewrites the cron would
 * start by itself (growth, or one scheduled) wait 1 minute, then 2, 4 ... at most {@value #MAX_MINUTES};
 * BGREWRITEAOF still runs at once. The delays start again once a rewrite succeeds. Writer thread.
 */
final class RewriteLimit {

    static final int THRESHOLD = 3;
    static final int MAX_MINUTES = 60;

    private long nextDelayMinutes;
    private long nextRewriteSeconds;

    /** Whether the cron must not start a rewrite at {@code nowSeconds}, after {@code consecutiveFailures} failures. */
    boolean limited(long nowSeconds, long consecutiveFailures) {
        if (consecutiveFailures < THRESHOLD) {
            nextDelayMinutes = 0;
            nextRewriteSeconds = 0;
            return false;
        }
        if (nextRewriteSeconds != 0) {
            if (nowSeconds < nextRewriteSeconds) {
                return true;
            }
            nextRewriteSeconds = 0;
            return false;
        }
        nextDelayMinutes = nextDelayMinutes == 0 ? 1 : Math.min(nextDelayMinutes * 2, MAX_MINUTES);
        nextRewriteSeconds = nowSeconds + nextDelayMinutes * 60;
        System.getLogger("forkline.aof").log(System.Logger.Level.WARNING, "Background AOF rewrite has repeatedly failed and "
                + "triggered the limit, will retry in " + nextDelayMinutes + " minutes");
        return true;
    }
}
