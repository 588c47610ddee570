/**
 * When the append-only file is fsynced: the appendfsync policies as strategy objects
 * ({@link io.forkline.aof.fsync.FsyncPolicy}) and the background fsync thread of everysec
 * ({@link io.forkline.aof.fsync.FsyncAgent}).
 */
package io.forkline.aof.fsync;
