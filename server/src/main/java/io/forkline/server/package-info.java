/**
 * The RESP server: Netty connections ({@code net}), the writer's processing of each command with
 * transactions and client state ({@code exec}), the server's own commands ({@code commands}), and
 * {@link io.forkline.server.ForklineServer}, which wires engine, pipeline and network together.
 */
package io.forkline.server;
