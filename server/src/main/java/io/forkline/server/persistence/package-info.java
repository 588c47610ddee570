/**
 * Persistence on the server, as Redis 7.0's rdb.c and serverCron drive it: the data set loaded before
 * clients connect ({@link io.forkline.server.persistence.StartupLoader}), SAVE, BGSAVE through the
 * configured snapshot strategy on the snapshot thread ({@link io.forkline.server.persistence.SnapshotAgent}),
 * save points on the cron, the final save before SHUTDOWN, DEBUG RELOAD, -MISCONF after a failed save,
 * INFO persistence ({@link io.forkline.server.persistence.RdbPersistence}), and the one background job
 * slot that BGSAVE and the AOF rewrite share ({@link io.forkline.server.persistence.BackgroundJobs}).
 * Everything but the snapshot thread's writing runs on the writer thread.
 */
package io.forkline.server.persistence;
