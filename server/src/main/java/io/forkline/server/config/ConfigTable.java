package io.forkline.server.config;

import io.forkline.engine.text.Glob;
import io.forkline.pages.PageSize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every directive forkline knows, with Redis 7.0's names, aliases, defaults, bounds and mutability
 * (config.c's static_configs), plus forkline's own page-size, ring-size and snapshot-strategy. The typed
 * constants are how code reads a value ({@code config.get(ConfigTable.HZ)}); the table finds
 * directives by name for the parser and CONFIG GET / SET. Immutable and shared.
 */
public final class ConfigTable {

    private static final List<ConfigDirective<?>> DEFINED = new ArrayList<>();

    private static final long MB = 1024 * 1024;
    private static final long GB = 1024 * MB;
    private static final long UINT_MAX = 0xFFFF_FFFFL;

    // --- network and clients
    public static final ConfigDirective<Integer> PORT =
            define("port", Mutability.MUTABLE, 6379, NumberSyntax.ofInt(0, 65535));
    /** forkline binds loopback by default, where Redis 7 binds every interface ({@code * -::*}). */
    public static final ConfigDirective<BindAddresses> BIND =
            define("bind", Mutability.MUTABLE, BindAddresses.of("127.0.0.1"), new BindSyntax());
    public static final ConfigDirective<Boolean> PROTECTED_MODE =
            define("protected-mode", Mutability.MUTABLE, true, BooleanSyntax.yesNo());
    public static final ConfigDirective<Integer> TIMEOUT =
            define("timeout", Mutability.MUTABLE, 0, NumberSyntax.ofInt(0, Integer.MAX_VALUE));
    public static final ConfigDirective<Integer> TCP_KEEPALIVE =
            define("tcp-keepalive", Mutability.MUTABLE, 300, NumberSyntax.ofInt(0, Integer.MAX_VALUE));
    public static final ConfigDirective<Long> MAXCLIENTS =
            define("maxclients", Mutability.MUTABLE, 10000L, NumberSyntax.ofLong(1, UINT_MAX));
    public static final ConfigDirective<String> REQUIREPASS =
            define("requirepass", Mutability.MUTABLE, "", StringSyntax.unsetWhenEmpty());
    public static final ConfigDirective<Long> CLIENT_QUERY_BUFFER_LIMIT =
            define("client-query-buffer-limit", Mutability.MUTABLE, GB, NumberSyntax.ofMemory(MB, Long.MAX_VALUE));
    public static final ConfigDirective<ClientOutputBufferLimits> CLIENT_OUTPUT_BUFFER_LIMIT =
            define("client-output-buffer-limit", Mutability.MUTABLE, ClientOutputBufferLimits.REDIS_DEFAULTS,
                    new ClientOutputBufferLimitSyntax());
    /** Keyspace notifications: {@link io.forkline.engine.command.Notify} flags, "" (none) by default. */
    public static final ConfigDirective<Integer> NOTIFY_KEYSPACE_EVENTS =
            define("notify-keyspace-events", Mutability.MUTABLE, 0, new NotifyKeyspaceEventsSyntax());
    public static final ConfigDirective<Long> PROTO_MAX_BULK_LEN =
            define("proto-max-bulk-len", Mutability.MUTABLE, 512 * MB, NumberSyntax.ofMemory(MB, Long.MAX_VALUE));

    // --- process
    /** Only "no": forkline runs in the foreground, under a supervisor if it should run detached. */
    public static final ConfigDirective<Boolean> DAEMONIZE = define("daemonize", Mutability.IMMUTABLE, false,
            BooleanSyntax.noOnly("forkline does not daemonize (run it in the foreground, under a supervisor)"));
    public static final ConfigDirective<LogLevel> LOGLEVEL =
            define("loglevel", Mutability.MUTABLE, LogLevel.NOTICE, EnumSyntax.of(LogLevel.class));
    /** "" logs to standard output. */
    public static final ConfigDirective<String> LOGFILE =
            define("logfile", Mutability.IMMUTABLE, "", StringSyntax.any());
    public static final ConfigDirective<Integer> DATABASES =
            define("databases", Mutability.IMMUTABLE, 16, NumberSyntax.ofInt(1, Integer.MAX_VALUE));
    /** Accepts 0 to 2^31-1 but keeps the value within 1..500, as Redis does. */
    public static final ConfigDirective<Integer> HZ =
            define("hz", Mutability.MUTABLE, 10, NumberSyntax.ofInt(0, Integer.MAX_VALUE).clampedTo(1, 500));
    /** Defaults to the process's working directory. */
    public static final ConfigDirective<Path> DIR =
            define("dir", Mutability.PROTECTED, processWorkingDirectory(), new DirSyntax());

    // --- snapshots
    public static final ConfigDirective<SaveSchedule> SAVE = define("save", Mutability.MUTABLE,
            SaveSchedule.of(new SavePoint(3600, 1), new SavePoint(300, 100), new SavePoint(60, 10000)),
            new SaveSyntax());
    public static final ConfigDirective<String> DBFILENAME = define("dbfilename", Mutability.PROTECTED, "dump.rdb",
            StringSyntax.baseName("dbfilename", "filename", true));
    public static final ConfigDirective<Boolean> RDBCOMPRESSION =
            define("rdbcompression", Mutability.MUTABLE, true, BooleanSyntax.yesNo());
    public static final ConfigDirective<Boolean> RDBCHECKSUM =
            define("rdbchecksum", Mutability.IMMUTABLE, true, BooleanSyntax.yesNo());
    public static final ConfigDirective<Boolean> STOP_WRITES_ON_BGSAVE_ERROR =
            define("stop-writes-on-bgsave-error", Mutability.MUTABLE, true, BooleanSyntax.yesNo());

    // --- append-only file
    public static final ConfigDirective<Boolean> APPENDONLY =
            define("appendonly", Mutability.MUTABLE, false, BooleanSyntax.yesNo());
    public static final ConfigDirective<AppendFsync> APPENDFSYNC =
            define("appendfsync", Mutability.MUTABLE, AppendFsync.EVERYSEC, EnumSyntax.of(AppendFsync.class));
    public static final ConfigDirective<String> APPENDDIRNAME = define("appenddirname", Mutability.IMMUTABLE,
            "appendonlydir", StringSyntax.baseName("appenddirname", "dirname", false));
    public static final ConfigDirective<String> APPENDFILENAME = define("appendfilename", Mutability.IMMUTABLE,
            "appendonly.aof", StringSyntax.baseName("appendfilename", "filename", false));
    public static final ConfigDirective<Boolean> NO_APPENDFSYNC_ON_REWRITE =
            define("no-appendfsync-on-rewrite", Mutability.MUTABLE, false, BooleanSyntax.yesNo());
    public static final ConfigDirective<Integer> AUTO_AOF_REWRITE_PERCENTAGE = define("auto-aof-rewrite-percentage",
            Mutability.MUTABLE, 100, NumberSyntax.ofInt(0, Integer.MAX_VALUE));
    public static final ConfigDirective<Long> AUTO_AOF_REWRITE_MIN_SIZE = define("auto-aof-rewrite-min-size",
            Mutability.MUTABLE, 64 * MB, NumberSyntax.ofMemory(0, Long.MAX_VALUE));
    public static final ConfigDirective<Boolean> AOF_USE_RDB_PREAMBLE =
            define("aof-use-rdb-preamble", Mutability.MUTABLE, true, BooleanSyntax.yesNo());
    public static final ConfigDirective<Boolean> AOF_LOAD_TRUNCATED =
            define("aof-load-truncated", Mutability.MUTABLE, true, BooleanSyntax.yesNo());
    public static final ConfigDirective<Boolean> AOF_TIMESTAMP_ENABLED =
            define("aof-timestamp-enabled", Mutability.MUTABLE, false, BooleanSyntax.yesNo());
    public static final ConfigDirective<Boolean> AOF_REWRITE_INCREMENTAL_FSYNC =
            define("aof-rewrite-incremental-fsync", Mutability.MUTABLE, true, BooleanSyntax.yesNo());

    // --- encodings of small values
    public static final ConfigDirective<Long> HASH_MAX_LISTPACK_ENTRIES = define("hash-max-listpack-entries",
            "hash-max-ziplist-entries", Mutability.MUTABLE, 512L, NumberSyntax.ofLong(0, Long.MAX_VALUE));
    public static final ConfigDirective<Long> HASH_MAX_LISTPACK_VALUE = define("hash-max-listpack-value",
            "hash-max-ziplist-value", Mutability.MUTABLE, 64L, NumberSyntax.ofMemory(0, Long.MAX_VALUE));
    public static final ConfigDirective<Long> SET_MAX_INTSET_ENTRIES = define("set-max-intset-entries",
            Mutability.MUTABLE, 512L, NumberSyntax.ofLong(0, Long.MAX_VALUE));
    /** From Redis 7.2, where sets gained a listpack encoding. */
    public static final ConfigDirective<Long> SET_MAX_LISTPACK_ENTRIES = define("set-max-listpack-entries",
            Mutability.MUTABLE, 128L, NumberSyntax.ofLong(0, Long.MAX_VALUE));
    /** From Redis 7.2, where sets gained a listpack encoding. */
    public static final ConfigDirective<Long> SET_MAX_LISTPACK_VALUE = define("set-max-listpack-value",
            Mutability.MUTABLE, 64L, NumberSyntax.ofLong(0, Long.MAX_VALUE));
    public static final ConfigDirective<Long> ZSET_MAX_LISTPACK_ENTRIES = define("zset-max-listpack-entries",
            "zset-max-ziplist-entries", Mutability.MUTABLE, 128L, NumberSyntax.ofLong(0, Long.MAX_VALUE));
    public static final ConfigDirective<Long> ZSET_MAX_LISTPACK_VALUE = define("zset-max-listpack-value",
            "zset-max-ziplist-value", Mutability.MUTABLE, 64L, NumberSyntax.ofMemory(0, Long.MAX_VALUE));
    public static final ConfigDirective<Long> HLL_SPARSE_MAX_BYTES = define("hll-sparse-max-bytes", Mutability.MUTABLE, 3000L,
            NumberSyntax.ofMemory(0, Long.MAX_VALUE));
    public static final ConfigDirective<Long> STREAM_NODE_MAX_BYTES = define("stream-node-max-bytes", Mutability.MUTABLE,
            4096L, NumberSyntax.ofMemory(0, Long.MAX_VALUE));
    public static final ConfigDirective<Long> STREAM_NODE_MAX_ENTRIES = define("stream-node-max-entries",
            Mutability.MUTABLE, 100L, NumberSyntax.ofLong(0, Long.MAX_VALUE));
    /** Positive: entries per list node; -1 to -5: node size limit of 4, 8, 16, 32 or 64 KiB. */
    public static final ConfigDirective<Integer> LIST_MAX_LISTPACK_SIZE = define("list-max-listpack-size",
            "list-max-ziplist-size", Mutability.MUTABLE, -2, NumberSyntax.ofInt(Integer.MIN_VALUE, Integer.MAX_VALUE));
    public static final ConfigDirective<Integer> LIST_COMPRESS_DEPTH = define("list-compress-depth",
            Mutability.MUTABLE, 0, NumberSyntax.ofInt(0, Integer.MAX_VALUE));

    // --- monitoring
    /** How long a script runs before the server answers others -BUSY and SCRIPT KILL can stop it; 0: never. */
    public static final ConfigDirective<Long> BUSY_REPLY_THRESHOLD = define("busy-reply-threshold", "lua-time-limit",
            Mutability.MUTABLE, 5000L, NumberSyntax.ofLong(0, Long.MAX_VALUE));
    public static final ConfigDirective<Long> SLOWLOG_LOG_SLOWER_THAN = define("slowlog-log-slower-than",
            Mutability.MUTABLE, 10000L, NumberSyntax.ofLong(-1, Long.MAX_VALUE));
    public static final ConfigDirective<Long> SLOWLOG_MAX_LEN = define("slowlog-max-len",
            Mutability.MUTABLE, 128L, NumberSyntax.ofLong(0, Long.MAX_VALUE));
    /** Keys the client-side caching table remembers at most; 0 for no limit. */
    public static final ConfigDirective<Long> TRACKING_TABLE_MAX_KEYS = define("tracking-table-max-keys",
            Mutability.MUTABLE, 1_000_000L, NumberSyntax.ofLong(0, Long.MAX_VALUE));
    public static final ConfigDirective<Long> LATENCY_MONITOR_THRESHOLD = define("latency-monitor-threshold",
            Mutability.MUTABLE, 0L, NumberSyntax.ofLong(0, Long.MAX_VALUE));

    // --- memory
    /**
     * Accepted and reported for compatibility; forkline does not enforce it and implements no
     * eviction (see {@link MaxmemoryPolicy}). At most 2^63-1 bytes, where Redis allows 2^64-1.
     */
    public static final ConfigDirective<Long> MAXMEMORY =
            define("maxmemory", Mutability.MUTABLE, 0L, NumberSyntax.ofMemory(0, Long.MAX_VALUE));
    public static final ConfigDirective<MaxmemoryPolicy> MAXMEMORY_POLICY = define("maxmemory-policy",
            Mutability.MUTABLE, MaxmemoryPolicy.NOEVICTION, EnumSyntax.of(MaxmemoryPolicy.class));
    public static final ConfigDirective<Boolean> LAZYFREE_LAZY_EXPIRE =
            define("lazyfree-lazy-expire", Mutability.MUTABLE, false, BooleanSyntax.yesNo());
    public static final ConfigDirective<Boolean> LAZYFREE_LAZY_SERVER_DEL =
            define("lazyfree-lazy-server-del", Mutability.MUTABLE, false, BooleanSyntax.yesNo());
    public static final ConfigDirective<Boolean> ACTIVEREHASHING =
            define("activerehashing", Mutability.MUTABLE, true, BooleanSyntax.yesNo());

    // --- forkline's own
    /** The store's page size: a power of two from 4kb to 2mb (2mb models transparent huge pages). */
    public static final ConfigDirective<Long> PAGE_SIZE = define("page-size", Mutability.IMMUTABLE,
            (long) PageSize.MIN_BYTES, NumberSyntax.ofMemory(PageSize.MIN_BYTES, PageSize.MAX_BYTES)
                    .requiring(size -> Long.bitCount(size) == 1, "must be a power of two from 4kb to 2mb"));
    /**
     * Slots of the pipeline's ring, a power of two: how many commands can be between the IO threads and their
     * replies. Every command passes through its slot's arguments, reply, effects and outbox buffers (almost 2 KiB
     * with their arrays), and the writer goes round the ring in order, so the size is also how much memory the data
     * path cycles through: some 7 MiB at 4096 slots, against this 2-core VM's 2 MiB L2 cache. Measured with
     * redis-benchmark -P 16 (50 clients, 800 commands in flight), SET: 1.19M requests/s at 4096 slots, 1.33-1.35M
     * at 1024, 1.44M at 512, 1.31-1.44M at 256. Under appendfsync always, though, the ring also bounds the batch
     * that one fsync covers: with 200 clients pipelining 64 commands each, 519-563k SET/s at 512 slots against
     * 678-743k at 4096. Hence the default of 512, and the directive for deep pipelines under always.
     */
    public static final ConfigDirective<Integer> RING_SIZE = define("ring-size", Mutability.IMMUTABLE, 512,
            NumberSyntax.ofInt(64, 1 << 20).requiring(slots -> Long.bitCount(slots) == 1,
                    "must be a power of two from 64 to 1048576"));
    /** Applies from the next snapshot. */
    public static final ConfigDirective<SnapshotStrategyChoice> SNAPSHOT_STRATEGY = define("snapshot-strategy",
            Mutability.MUTABLE, SnapshotStrategyChoice.FORK_COW, EnumSyntax.of(SnapshotStrategyChoice.class));

    private static final ConfigTable STANDARD = new ConfigTable(DEFINED);

    private final List<ConfigDirective<?>> directives;
    private final Map<String, ConfigDirective<?>> byName;

    private ConfigTable(List<ConfigDirective<?>> directives) {
        this.directives = List.copyOf(directives);
        Map<String, ConfigDirective<?>> names = new LinkedHashMap<>();
        for (ConfigDirective<?> directive : directives) {
            names.put(directive.name(), directive);
            directive.aliases().forEach(alias -> names.put(alias, directive));
        }
        this.byName = Collections.unmodifiableMap(names);
    }

    public static ConfigTable standard() {
        return STANDARD;
    }

    /** Every directive once, in table order. */
    public List<ConfigDirective<?>> directives() {
        return directives;
    }

    /** The directive a name or alias means, in any case. */
    public Optional<ConfigDirective<?>> get(String name) {
        return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * Names and aliases that match a glob pattern (Redis's stringmatch, ignoring case), each with its
     * directive, in table order: CONFIG GET lists aliases too, as Redis 7.0 does.
     */
    public Map<String, ConfigDirective<?>> matching(String pattern) {
        byte[] patternBytes = pattern.getBytes(StandardCharsets.UTF_8);
        Map<String, ConfigDirective<?>> matches = new LinkedHashMap<>();
        byName.forEach((name, directive) -> {
            if (Glob.matches(patternBytes, name.getBytes(StandardCharsets.UTF_8), true)) {
                matches.put(name, directive);
            }
        });
        return matches;
    }

    private static <T> ConfigDirective<T> define(String name, Mutability mutability, T defaultValue,
                                                 ValueSyntax<T> syntax) {
        return define(name, null, mutability, defaultValue, syntax);
    }

    private static <T> ConfigDirective<T> define(String name, String alias, Mutability mutability, T defaultValue,
                                                 ValueSyntax<T> syntax) {
        List<String> aliases = alias == null ? List.of() : List.of(alias);
        ConfigDirective<T> directive =
                new ConfigDirective<>(DEFINED.size(), name, aliases, mutability, defaultValue, syntax);
        DEFINED.add(directive);
        return directive;
    }

    /** The JVM's working directory, real and absolute, as Redis's getcwd reports it. */
    static Path processWorkingDirectory() {
        return realOrAbsolute(Path.of(""));
    }

    static Path realOrAbsolute(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
