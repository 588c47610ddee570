/**
 * Commands whose values are RDB-encoded: DUMP and RESTORE, with Redis 7.0's payload
 * ({@link io.forkline.snapshot.commands.DumpPayload}). The server registers them with the engine.
 */
package io.forkline.snapshot.commands;
