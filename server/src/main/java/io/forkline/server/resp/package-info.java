/**
 * RESP request decoding: bytes from a client become {@link io.forkline.engine.command.Arguments}, with
 * the framing rules, limits and error replies of Redis 7.0.
 */
package io.forkline.server.resp;
