package io.forkline.server.persistence;

import io.forkline.server.config.SavePoint;
import io.forkline.server.config.SaveSchedule;

/**
 * When the cron starts a BGSAVE by itself, as Redis 7.0's serverCron decides: the first save point
 * whose changes are reached and whose seconds have passed since the last successful save (strictly
 * more), provided the last BGSAVE succeeded or was tried more than {@link #RETRY_DELAY_SECONDS} ago.
 * Times are whole Unix seconds, as Redis compares them.
 */
final class SaveTrigger {

    /** Redis's CONFIG_BGSAVE_RETRY_DELAY: after a failed BGSAVE, the cron waits this long before trying again. */
    static final long RETRY_DELAY_SECONDS = 5;

    private SaveTrigger() {
    }

    /** The save point that calls for a BGSAVE now, or null. */
    static SavePoint due(SaveSchedule schedule, long dirty, long nowSeconds, long lastSaveSeconds, boolean lastBgsaveOk,
                         long lastBgsaveTrySeconds) {
        if (!mayTry(nowSeconds, lastBgsaveOk, lastBgsaveTrySeconds)) {
            return null;
        }
        for (SavePoint point : schedule.points()) {
            if (dirty >= point.changes() && nowSeconds - lastSaveSeconds > point.seconds()) {
                return point;
            }
        }
        return null;
    }

    /** Whether a BGSAVE may start by itself (a save point, a BGSAVE SCHEDULE): the last one succeeded, or failed long enough ago. */
    static boolean mayTry(long nowSeconds, boolean lastBgsaveOk, long lastBgsaveTrySeconds) {
        return lastBgsaveOk || nowSeconds - lastBgsaveTrySeconds > RETRY_DELAY_SECONDS;
    }
}
