/**
 * The append-only file on the server ({@link io.forkline.server.persistence.aof.AppendOnlyFile}): its
 * load and opening at start-up, the journal the pipeline runs, BGREWRITEAOF and rewrites by growth through
 * the job slot BGSAVE shares, CONFIG SET appendonly / appendfsync at run time, -MISCONF after a failed
 * write or fsync, and INFO persistence's aof_* fields.
 */
package io.forkline.server.persistence.aof;
