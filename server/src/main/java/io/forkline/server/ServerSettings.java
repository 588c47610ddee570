package io.forkline.server;

import io.forkline.engine.command.EngineConfig;
import io.forkline.pages.PageSize;
import io.forkline.server.config.ClientOutputBufferLimit;
import io.forkline.server.config.ConfigSetException;
import io.forkline.server.config.RuntimeConfig;
import io.forkline.server.config.ServerConfig;
import io.forkline.server.pubsub.OutputBufferLimit;
import io.forkline.snapshot.storage.FileStorage;
import io.forkline.snapshot.storage.Storage;

import java.util.ArrayList;
import java.util.List;

/**
 * What a server starts with: its configuration (redis.conf directives, the source of truth for
 * CONFIG GET/SET) and the few things that are not directives: the file it came from, the pipeline's
 * ring size and the IO threads.
 *
 * @param config     the directives
 * @param configFile the file they came from, or empty
 * @param ioThreads  Netty event-loop threads
 * @param ringSize   slots of the pipeline's ring (a power of two)
 * @param storage    where RDB and AOF files are read and written: the file system, or a simulated disk in tests
 */
public record ServerSettings(ServerConfig config, String configFile, int ioThreads, int ringSize, Storage storage) {

    /**
     * The ring's slots. Every command passes through a slot's arguments, reply, effects and outbox buffers (almost
     * 2 KiB with their arrays), and the writer goes round the ring in order, so the ring's size is how much memory
     * the data path cycles through: at 4096 slots some 7 MiB, against this 2-core VM's 2 MiB L2 cache. Measured with
     * redis-benchmark -P 16 (50 clients, 800 commands in flight): SET 1.19M requests/s at 4096 slots, 1.33-1.35M at
     * 1024, 1.44M at 512, 1.42M at 256, 1.34M at 128. A full ring only makes the IO thread stop reading until the
     * writer catches up; with the writer on the loop, the IO thread runs it there and then.
     */
    public static final int RING_SIZE = 512;

    public static ServerSettings of(ServerConfig config, String configFile) {
        return new ServerSettings(config, configFile == null ? "" : configFile, 1, RING_SIZE, FileStorage.INSTANCE);
    }

    /** These settings on another storage (a simulated disk for crash tests). */
    public ServerSettings withStorage(Storage other) {
        return new ServerSettings(config, configFile, ioThreads, ringSize, other);
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
        return new ServerSettings(changed.current(), configFile, ioThreads, ringSize, storage);
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
