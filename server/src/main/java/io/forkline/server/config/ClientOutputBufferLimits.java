package io.forkline.server.config;

/**
 * The client-output-buffer-limit directive: one limit per client class. Redis 7's defaults: normal
 * clients unlimited, replicas 256mb hard / 64mb for 60 s, pub/sub clients 32mb hard / 8mb for 60 s.
 */
public record ClientOutputBufferLimits(ClientOutputBufferLimit normal, ClientOutputBufferLimit replica,
                                       ClientOutputBufferLimit pubsub) {

    private static final long MB = 1024 * 1024;

    public static final ClientOutputBufferLimits REDIS_DEFAULTS = new ClientOutputBufferLimits(
            new ClientOutputBufferLimit(0, 0, 0),
            new ClientOutputBufferLimit(256 * MB, 64 * MB, 60),
            new ClientOutputBufferLimit(32 * MB, 8 * MB, 60));

    public ClientOutputBufferLimits withNormal(ClientOutputBufferLimit limit) {
        return new ClientOutputBufferLimits(limit, replica, pubsub);
    }

    public ClientOutputBufferLimits withReplica(ClientOutputBufferLimit limit) {
        return new ClientOutputBufferLimits(normal, limit, pubsub);
    }

    public ClientOutputBufferLimits withPubsub(ClientOutputBufferLimit limit) {
        return new ClientOutputBufferLimits(normal, replica, limit);
    }
}
