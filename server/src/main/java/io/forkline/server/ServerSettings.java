package io.forkline.server;

import io.forkline.engine.command.EngineConfig;
import io.forkline.pages.PageSize;
import io.forkline.server.pubsub.OutputBufferLimit;

import java.util.List;

/**
 * What a server starts with: the network, client limits and the engine's configuration. Built from
 * redis.conf directives by the configuration parser, or directly by tests.
 *
 * @param bind           addresses to listen on; forkline's default is the loopback address only
 * @param port           TCP port; 0 picks a free one (tests)
 * @param pageSize       the store's page size
 * @param maxClients     Redis's maxclients
 * @param requirePass    the default user's password, or empty for none
 * @param protectedMode  Redis's protected-mode
 * @param protoMaxBulkLen   the largest bulk argument accepted
 * @param queryBufferLimit  the most bytes one client's unparsed command may hold
 * @param ioThreads      Netty event-loop threads
 * @param ringSize       slots of the pipeline's ring (a power of two)
 * @param configFile     the file the settings came from, or empty
 * @param engine         the engine's settings (databases, encodings' thresholds, hz...)
 * @param pubsubOutputLimit     Redis's {@code client-output-buffer-limit pubsub}
 * @param slowlogLogSlowerThan  Redis's {@code slowlog-log-slower-than}, in microseconds; negative disables the slow log
 * @param slowlogMaxLen         Redis's {@code slowlog-max-len}
 */
public record ServerSettings(List<String> bind, int port, PageSize pageSize, int maxClients, String requirePass,
                             boolean protectedMode, long protoMaxBulkLen, long queryBufferLimit, int ioThreads,
                             int ringSize, String configFile, EngineConfig engine, OutputBufferLimit pubsubOutputLimit,
                             long slowlogLogSlowerThan, long slowlogMaxLen) {

    /** Redis 7's defaults, bound to 127.0.0.1 on {@code port}. */
    public static ServerSettings defaults(int port) {
        return new ServerSettings(List.of("127.0.0.1"), port, PageSize.KIB_4, 10_000, "", true, 512L * 1024 * 1024,
                1024L * 1024 * 1024, 1, 4096, "", new EngineConfig(), OutputBufferLimit.PUBSUB_DEFAULT, 10_000, 128);
    }

    public ServerSettings withRequirePass(String password) {
        return new ServerSettings(bind, port, pageSize, maxClients, password, protectedMode, protoMaxBulkLen, queryBufferLimit,
                ioThreads, ringSize, configFile, engine, pubsubOutputLimit, slowlogLogSlowerThan, slowlogMaxLen);
    }

    public ServerSettings withMaxClients(int limit) {
        return new ServerSettings(bind, port, pageSize, limit, requirePass, protectedMode, protoMaxBulkLen, queryBufferLimit,
                ioThreads, ringSize, configFile, engine, pubsubOutputLimit, slowlogLogSlowerThan, slowlogMaxLen);
    }

    public ServerSettings withPubsubOutputLimit(OutputBufferLimit limit) {
        return new ServerSettings(bind, port, pageSize, maxClients, requirePass, protectedMode, protoMaxBulkLen, queryBufferLimit,
                ioThreads, ringSize, configFile, engine, limit, slowlogLogSlowerThan, slowlogMaxLen);
    }

    public ServerSettings withSlowlog(long logSlowerThanMicros, long maxLen) {
        return new ServerSettings(bind, port, pageSize, maxClients, requirePass, protectedMode, protoMaxBulkLen, queryBufferLimit,
                ioThreads, ringSize, configFile, engine, pubsubOutputLimit, logSlowerThanMicros, maxLen);
    }
}
