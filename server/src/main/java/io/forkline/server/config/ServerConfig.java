package io.forkline.server.config;

import io.forkline.pages.PageSize;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The server's configuration: one typed value per directive of {@link ConfigTable}, Redis 7's
 * defaults where nothing set them. Immutable, so any thread may read one; a change (a parse, a CONFIG
 * SET) makes a new instance. Equal when every value is equal.
 */
public final class ServerConfig {

    private static final ServerConfig DEFAULTS = new ServerConfig(defaultValues());

    private final Object[] values;

    private ServerConfig(Object[] values) {
        this.values = values;
    }

    /** Every directive at its default; {@code dir} is the process's working directory. */
    public static ServerConfig defaults() {
        return DEFAULTS;
    }

    private static Object[] defaultValues() {
        List<ConfigDirective<?>> directives = ConfigTable.standard().directives();
        Object[] values = new Object[directives.size()];
        for (ConfigDirective<?> directive : directives) {
            values[directive.index()] = directive.defaultValue();
        }
        return values;
    }

    public <T> T get(ConfigDirective<T> directive) {
        return directive.cast(values[directive.index()]);
    }

    /** A copy with one value replaced; values come from a directive's syntax, so they are valid. */
    <T> ServerConfig with(ConfigDirective<T> directive, T value) {
        Object[] copy = values.clone();
        copy[directive.index()] = directive.cast(value);
        return new ServerConfig(copy);
    }

    /** Whether {@code other} holds the same value for {@code directive}. */
    boolean sameValue(ConfigDirective<?> directive, ServerConfig other) {
        return values[directive.index()].equals(other.values[directive.index()]);
    }

    public int port() {
        return get(ConfigTable.PORT);
    }

    public List<String> bind() {
        return get(ConfigTable.BIND).addresses();
    }

    public boolean protectedMode() {
        return get(ConfigTable.PROTECTED_MODE);
    }

    /** Client idle timeout in seconds; 0 never closes idle clients. */
    public int timeout() {
        return get(ConfigTable.TIMEOUT);
    }

    public int tcpKeepalive() {
        return get(ConfigTable.TCP_KEEPALIVE);
    }

    public long maxclients() {
        return get(ConfigTable.MAXCLIENTS);
    }

    /** The password of the default user, if one is set. */
    public Optional<String> requirepass() {
        String password = get(ConfigTable.REQUIREPASS);
        return password.isEmpty() ? Optional.empty() : Optional.of(password);
    }

    public long clientQueryBufferLimit() {
        return get(ConfigTable.CLIENT_QUERY_BUFFER_LIMIT);
    }

    public ClientOutputBufferLimits clientOutputBufferLimits() {
        return get(ConfigTable.CLIENT_OUTPUT_BUFFER_LIMIT);
    }

    public long protoMaxBulkLen() {
        return get(ConfigTable.PROTO_MAX_BULK_LEN);
    }

    /** Always false: forkline does not daemonize. */
    public boolean daemonize() {
        return get(ConfigTable.DAEMONIZE);
    }

    public LogLevel loglevel() {
        return get(ConfigTable.LOGLEVEL);
    }

    /** The log file, or "" for standard output. */
    public String logfile() {
        return get(ConfigTable.LOGFILE);
    }

    public int databases() {
        return get(ConfigTable.DATABASES);
    }

    /** Server cron frequency, within 1..500. */
    public int hz() {
        return get(ConfigTable.HZ);
    }

    /** The directory RDB and AOF files live in, real and absolute. */
    public Path dir() {
        return get(ConfigTable.DIR);
    }

    public SaveSchedule save() {
        return get(ConfigTable.SAVE);
    }

    public String dbfilename() {
        return get(ConfigTable.DBFILENAME);
    }

    public boolean rdbcompression() {
        return get(ConfigTable.RDBCOMPRESSION);
    }

    public boolean rdbchecksum() {
        return get(ConfigTable.RDBCHECKSUM);
    }

    public boolean stopWritesOnBgsaveError() {
        return get(ConfigTable.STOP_WRITES_ON_BGSAVE_ERROR);
    }

    public boolean appendonly() {
        return get(ConfigTable.APPENDONLY);
    }

    public AppendFsync appendfsync() {
        return get(ConfigTable.APPENDFSYNC);
    }

    public String appenddirname() {
        return get(ConfigTable.APPENDDIRNAME);
    }

    public String appendfilename() {
        return get(ConfigTable.APPENDFILENAME);
    }

    public boolean noAppendfsyncOnRewrite() {
        return get(ConfigTable.NO_APPENDFSYNC_ON_REWRITE);
    }

    public int autoAofRewritePercentage() {
        return get(ConfigTable.AUTO_AOF_REWRITE_PERCENTAGE);
    }

    public long autoAofRewriteMinSize() {
        return get(ConfigTable.AUTO_AOF_REWRITE_MIN_SIZE);
    }

    public boolean aofUseRdbPreamble() {
        return get(ConfigTable.AOF_USE_RDB_PREAMBLE);
    }

    public boolean aofLoadTruncated() {
        return get(ConfigTable.AOF_LOAD_TRUNCATED);
    }

    public boolean aofTimestampEnabled() {
        return get(ConfigTable.AOF_TIMESTAMP_ENABLED);
    }

    public boolean aofRewriteIncrementalFsync() {
        return get(ConfigTable.AOF_REWRITE_INCREMENTAL_FSYNC);
    }

    public long hashMaxListpackEntries() {
        return get(ConfigTable.HASH_MAX_LISTPACK_ENTRIES);
    }

    public long hashMaxListpackValue() {
        return get(ConfigTable.HASH_MAX_LISTPACK_VALUE);
    }

    public long setMaxIntsetEntries() {
        return get(ConfigTable.SET_MAX_INTSET_ENTRIES);
    }

    public long setMaxListpackEntries() {
        return get(ConfigTable.SET_MAX_LISTPACK_ENTRIES);
    }

    public long setMaxListpackValue() {
        return get(ConfigTable.SET_MAX_LISTPACK_VALUE);
    }

    public long zsetMaxListpackEntries() {
        return get(ConfigTable.ZSET_MAX_LISTPACK_ENTRIES);
    }

    public long zsetMaxListpackValue() {
        return get(ConfigTable.ZSET_MAX_LISTPACK_VALUE);
    }

    public int listMaxListpackSize() {
        return get(ConfigTable.LIST_MAX_LISTPACK_SIZE);
    }

    public int listCompressDepth() {
        return get(ConfigTable.LIST_COMPRESS_DEPTH);
    }

    public long slowlogLogSlowerThan() {
        return get(ConfigTable.SLOWLOG_LOG_SLOWER_THAN);
    }

    public long slowlogMaxLen() {
        return get(ConfigTable.SLOWLOG_MAX_LEN);
    }

    public long latencyMonitorThreshold() {
        return get(ConfigTable.LATENCY_MONITOR_THRESHOLD);
    }

    /** Reported only: forkline does not enforce maxmemory and implements no eviction. */
    public long maxmemory() {
        return get(ConfigTable.MAXMEMORY);
    }

    /** Reported only: see {@link #maxmemory()}. */
    public MaxmemoryPolicy maxmemoryPolicy() {
        return get(ConfigTable.MAXMEMORY_POLICY);
    }

    public boolean lazyfreeLazyExpire() {
        return get(ConfigTable.LAZYFREE_LAZY_EXPIRE);
    }

    public boolean lazyfreeLazyServerDel() {
        return get(ConfigTable.LAZYFREE_LAZY_SERVER_DEL);
    }

    public boolean activerehashing() {
        return get(ConfigTable.ACTIVEREHASHING);
    }

    /** The store's page size: a power of two from 4 KiB to 2 MiB. */
    public PageSize pageSize() {
        return new PageSize(Math.toIntExact(get(ConfigTable.PAGE_SIZE)));
    }

    /** Slots of the pipeline's ring: a power of two. */
    public int ringSize() {
        return get(ConfigTable.RING_SIZE);
    }

    public SnapshotStrategyChoice snapshotStrategy() {
        return get(ConfigTable.SNAPSHOT_STRATEGY);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServerConfig config && Arrays.equals(values, config.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    /** Every directive and its value as CONFIG GET shows it, the password masked. */
    @Override
    public String toString() {
        StringJoiner text = new StringJoiner(", ", "ServerConfig{", "}");
        for (ConfigDirective<?> directive : ConfigTable.standard().directives()) {
            String shown = directive == ConfigTable.REQUIREPASS && requirepass().isPresent()
                    ? "(set)" : directive.show(this);
            text.add(directive.name() + "=" + shown);
        }
        return text.toString();
    }
}
