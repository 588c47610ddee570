/**
 * What the server sends to clients beyond each command's own reply, and what it remembers about
 * commands: Pub/Sub channels and patterns ({@link io.forkline.server.pubsub.PubSub}), the MONITOR
 * feed ({@link io.forkline.server.pubsub.MonitorFeed}) and the slow log
 * ({@link io.forkline.server.pubsub.SlowLog}). All of it lives on the writer thread, beside the store,
 * and reaches other clients through the current event's outbox.
 */
package io.forkline.server.pubsub;
