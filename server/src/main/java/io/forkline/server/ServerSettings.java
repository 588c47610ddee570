package io.forkline.server;

import io.forkline.engine.command.EngineConfig;
import io.forkline.pages.PageSize;
import io.forkline.server.config.ClientOutputBufferLimit;
import io.forkline.server.config.ConfigSetException;
import io.forkline.server.config.ConfigTable;
import io.forkline.server.config.RuntimeConfig;
import io.forkline.server.config.ServerConfig;
import io.forkline.server.pubsub.OutputBufferLimit;
import io.forkline.snapshot.storage.FileStorage;
import io.forkline.snapshot.storage.Storage;

import java.util.ArrayList;
import java.util.List;

/**
 * What a server starts with: its configuration (redis.conf directives, the source of truth for
 * CONFIG GET/SET) and the few things that are not directives: the file it came from, the IO threads
 * and the storage.
 *
 * @param config     the directives
 * @param configFile the file they came from, or empty
 * @param ioThreads  Netty event-loop threads
 * @param storage    where RDB and AOF files are read and written: the file system, or a simulated disk in tests
 */
public record ServerSettings(ServerConfig config, String configFile, int ioThreads, Storage storage) {

    public static ServerSettings of(ServerConfig config, String configFile) {
        return new ServerSettings(config, configFile == null ? "" : configFile, 1, FileStorage.INSTANCE);
    }

    /** These settings on another storage (a simulated disk for crash tests). */
    public ServerSettings withStorage(Storage other) {
        return new ServerSettings(config, configFile, ioThreads, other);
    }

    /**
     * Redis 7's defaults (loopback only), listening on {@code port} (0: a free port), except that no save
     * point is set ({@code save ""}): an embedded server (tests, tools) writes no dump.rdb into the working
     * directory unless asked to.
     */
    public static ServerSettings defaults(int port) {
        return of(ServerConfig.defaults(), "").with("port", Integer.toString(port), "save", "");
    }

    /** These settings with directives changed, each validated as CONFIG SET would, e.g. {@code with("hz", "100")}. */
    public ServerSettings with(String... namesAndValues) {
        RuntimeConfig changed = new RuntimeConfig(config);
        try {
            changed.set(List.of(namesAndValues));
        } catch (ConfigSetException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return new ServerSettings(changed.current(), configFile, ioThreads, storage);
    }

    public ServerSettings withRequirePass(String password) {
        return with("requirepass", password);
    }

    public ServerSettings withMaxClients(int limit) {
        return with("maxclients", Integer.toString(limit));
    }

    public ServerSettings withSlowlog(long logSlowerThanMicros, long maxLength) {
        return with("slowlog-log-slower-than", Long.toString(logSlowerThanMicros), "slowlog-max-len", Long.toString(maxLength));
    }

    public ServerSettings withPubsubOutputLimit(OutputBufferLimit limit) {
        return with("client-output-buffer-limit", "pubsub " + limit.hardBytes() + " " + limit.softBytes() + " " + limit.softSeconds());
    }

    public List<String> bind() {
        return new ArrayList<>(config.bind());
    }

    public int port() {
        return config.port();
    }

    public PageSize pageSize() {
        return config.pageSize();
    }

    /** Slots of the pipeline's ring (ring-size). */
    public int ringSize() {
        return config.ringSize();
    }

    public int maxClients() {
        return (int) Math.min(Integer.MAX_VALUE, config.maxclients());
    }

    public String requirePass() {
        return config.requirepass().orElse("");
    }

    public boolean protectedMode() {
        return config.protectedMode();
    }

    public long protoMaxBulkLen() {
        return config.protoMaxBulkLen();
    }

    public long queryBufferLimit() {
        return config.clientQueryBufferLimit();
    }

    public OutputBufferLimit pubsubOutputLimit() {
        return outputLimit(config.clientOutputBufferLimits().pubsub());
    }

    public long slowlogLogSlowerThan() {
        return config.slowlogLogSlowerThan();
    }

    public long slowlogMaxLen() {
        return config.slowlogMaxLen();
    }

    /** The engine's share of the configuration: databases, encodings' thresholds, hz. */
    public EngineConfig engine() {
        EngineConfig engine = new EngineConfig();
        engine.databases = config.databases();
        applyTo(config, engine);
        return engine;
    }

    /** Copies the directives the engine reads at run time (CONFIG SET changes them while it runs). */
    static void applyTo(ServerConfig config, EngineConfig engine) {
        engine.protoMaxBulkLen = config.protoMaxBulkLen();
        engine.hashMaxListpackEntries = clamp(config.hashMaxListpackEntries());
        engine.hashMaxListpackValue = clamp(config.hashMaxListpackValue());
        engine.setMaxIntsetEntries = clamp(config.setMaxIntsetEntries());
        engine.setMaxListpackEntries = clamp(config.setMaxListpackEntries());
        engine.setMaxListpackValue = clamp(config.setMaxListpackValue());
        engine.zsetMaxListpackEntries = clamp(config.zsetMaxListpackEntries());
        engine.zsetMaxListpackValue = clamp(config.zsetMaxListpackValue());
        engine.hllSparseMaxBytes = config.get(ConfigTable.HLL_SPARSE_MAX_BYTES);
        engine.streamNodeMaxBytes = config.get(ConfigTable.STREAM_NODE_MAX_BYTES);
        engine.streamNodeMaxEntries = config.get(ConfigTable.STREAM_NODE_MAX_ENTRIES);
        engine.listMaxListpackSize = config.listMaxListpackSize();
        engine.listCompressDepth = config.listCompressDepth();
        engine.hz = config.hz();
        engine.activeRehashing = config.activerehashing();
    }

    static OutputBufferLimit outputLimit(ClientOutputBufferLimit limit) {
        return new OutputBufferLimit(limit.hardLimitBytes(), limit.softLimitBytes(), limit.softLimitSeconds());
    }

    private static int clamp(long value) {
        return (int) Math.min(Integer.MAX_VALUE, value);
    }
}
