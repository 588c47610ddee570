/**
 * Rewriting the log: a new base written from a frozen keyspace (RDB preamble or RESP commands,
 * {@link io.forkline.aof.rewrite.AofBaseWriter}) and installed under a new manifest
 * ({@link io.forkline.aof.rewrite.AofRewrite}).
 */
package io.forkline.aof.rewrite;
