/**
 * The log's files as the running server changes them: the directory and its manifest transitions
 * ({@link io.forkline.aof.segment.AofDirectory}) and the open incr file ({@link io.forkline.aof.segment.AofSegment}).
 */
package io.forkline.aof.segment;
