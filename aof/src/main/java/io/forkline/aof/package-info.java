/**
 * The Redis 7 multi-part append-only file: segments, manifest, fsync policies, rewrite, loading and checking (issue: aof).
 */
package io.forkline.aof;
