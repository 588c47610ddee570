package io.forkline.snapshot.rdb;

/**
 * What a finished save wrote.
 *
 * @param bytes the file's length
 * @param keys  the keys written
 * @param nanos how long writing, syncing and renaming took
 */
public record SaveResult(long bytes, long keys, long nanos) {
}
