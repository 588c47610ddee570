/**
 * The server's configuration: Redis 7's {@code redis.conf} syntax and command-line form, the typed
 * values ({@link io.forkline.server.config.ServerConfig}), and what CONFIG GET, SET and REWRITE do to
 * them.
 *
 * <p>Design. Every directive is data: a {@link io.forkline.server.config.ConfigDirective} in the one
 * {@link io.forkline.server.config.ConfigTable} carries its names, default, whether CONFIG SET may
 * change it, and a value syntax that reads arguments, shows the value for CONFIG GET and writes the
 * lines CONFIG REWRITE puts in the file; nothing else knows a directive by name. A
 * {@code ServerConfig} is immutable, so CONFIG SET is atomic by construction: it builds the next
 * config beside the current one, lets the listeners apply it, and publishes it only when all of
 * them accepted it. The parser, the CONFIG commands and the rewriter follow Redis 7.0's
 * {@code config.c} in behaviour and error wording; where forkline differs, the class says so.
 */
package io.forkline.server.config;
