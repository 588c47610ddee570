package io.forkline.server.config;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Freezes the table against Redis 7.0's config.c: names, aliases, defaults as CONFIG GET shows them, mutability. */
class ConfigTableTest {

    private final ConfigTable table = ConfigTable.standard();

    @Test
    void defaultsAreRedis7sAsConfigGetShowsThem() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("port", "6379");
        expected.put("bind", "127.0.0.1");
        expected.put("protected-mode", "yes");
        expected.put("timeout", "0");
        expected.put("tcp-keepalive", "300");
        expected.put("maxclients", "10000");
        expected.put("requirepass", "");
        expected.put("client-query-buffer-limit", "1073741824");
        expected.put("client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
        expected.put("notify-keyspace-events", "");
        expected.put("proto-max-bulk-len", "536870912");
        expected.put("daemonize", "no");
        expected.put("loglevel", "notice");
        expected.put("logfile", "");
        expected.put("databases", "16");
        expected.put("hz", "10");
        expected.put("dir", ConfigTable.processWorkingDirectory().toString());
        expected.put("save", "3600 1 300 100 60 10000");
        expected.put("dbfilename", "dump.rdb");
        expected.put("rdbcompression", "yes");
        expected.put("rdbchecksum", "yes");
        expected.put("stop-writes-on-bgsave-error", "yes");
        expected.put("appendonly", "no");
        expected.put("appendfsync", "everysec");
        expected.put("appenddirname", "appendonlydir");
        expected.put("appendfilename", "appendonly.aof");
        expected.put("no-appendfsync-on-rewrite", "no");
        expected.put("auto-aof-rewrite-percentage", "100");
        expected.put("auto-aof-rewrite-min-size", "67108864");
        expected.put("aof-use-rdb-preamble", "yes");
        expected.put("aof-load-truncated", "yes");
        expected.put("aof-timestamp-enabled", "no");
        expected.put("aof-rewrite-incremental-fsync", "yes");
        expected.put("hash-max-listpack-entries", "512");
        expected.put("hash-max-listpack-value", "64");
        expected.put("set-max-intset-entries", "512");
        expected.put("set-max-listpack-entries", "128");
        expected.put("set-max-listpack-value", "64");
        expected.put("zset-max-listpack-entries", "128");
        expected.put("zset-max-listpack-value", "64");
        expected.put("hll-sparse-max-bytes", "3000");
        expected.put("stream-node-max-bytes", "4096");
        expected.put("stream-node-max-entries", "100");
        expected.put("list-max-listpack-size", "-2");
        expected.put("list-compress-depth", "0");
        expected.put("busy-reply-threshold", "5000");
        expected.put("slowlog-log-slower-than", "10000");
        expected.put("slowlog-max-len", "128");
        expected.put("tracking-table-max-keys", "1000000");
        expected.put("latency-monitor-threshold", "0");
        expected.put("maxmemory", "0");
        expected.put("maxmemory-policy", "noeviction");
        expected.put("lazyfree-lazy-expire", "no");
        expected.put("lazyfree-lazy-server-del", "no");
        expected.put("activerehashing", "yes");
        expected.put("page-size", "4096");
        expected.put("ring-size", "512");
        expected.put("snapshot-strategy", "fork-cow");

        Map<String, String> actual = new LinkedHashMap<>();
        table.directives().forEach(directive -> actual.put(directive.name(), directive.show(ServerConfig.defaults())));
        assertThat(actual).containsExactlyEntriesOf(expected);
    }

    @Test
    void onlyWhatRedis70MarksImmutableOrProtectedRefusesConfigSet() {
        Map<Mutability, List<String>> byMutability = table.directives().stream().collect(Collectors.groupingBy(
                ConfigDirective::mutability, Collectors.mapping(ConfigDirective::name, Collectors.toList())));
        assertThat(byMutability.get(Mutability.IMMUTABLE)).containsExactly("daemonize", "logfile", "databases",
                "rdbchecksum", "appenddirname", "appendfilename", "page-size", "ring-size");
        assertThat(byMutability.get(Mutability.PROTECTED)).containsExactly("dir", "dbfilename");
        assertThat(table.get("port").orElseThrow().isMutable()).isTrue();
        assertThat(table.get("databases").orElseThrow().isMutable()).isFalse();
    }

    @Test
    void aliasesAreRedis7sZiplistNames() {
        Map<String, List<String>> aliases = new LinkedHashMap<>();
        table.directives().stream().filter(directive -> !directive.aliases().isEmpty())
                .forEach(directive -> aliases.put(directive.name(), directive.aliases()));
        assertThat(aliases).containsExactly(
                Map.entry("hash-max-listpack-entries", List.of("hash-max-ziplist-entries")),
                Map.entry("hash-max-listpack-value", List.of("hash-max-ziplist-value")),
                Map.entry("zset-max-listpack-entries", List.of("zset-max-ziplist-entries")),
                Map.entry("zset-max-listpack-value", List.of("zset-max-ziplist-value")),
                Map.entry("list-max-listpack-size", List.of("list-max-ziplist-size")),
                Map.entry("busy-reply-threshold", List.of("lua-time-limit")));
    }

    @Test
    void multiArgumentDirectivesAreRedis7s() {
        assertThat(table.directives().stream().filter(ConfigDirective::takesSeveralArguments).map(ConfigDirective::name))
                .containsExactly("bind", "client-output-buffer-limit", "save");
    }

    @Test
    void findsNamesAndAliasesInAnyCase() {
        assertThat(table.get("PORT")).containsSame(ConfigTable.PORT);
        assertThat(table.get("Hash-Max-Ziplist-Entries")).containsSame(ConfigTable.HASH_MAX_LISTPACK_ENTRIES);
        assertThat(table.get("prot")).isEmpty();
        assertThat(table.get("include")).isEmpty();
    }

    @Test
    void matchesGlobPatternsAgainstNamesAndAliases() {
        assertThat(table.matching("*max-*-entries*").keySet()).containsExactly("hash-max-listpack-entries",
                "hash-max-ziplist-entries", "set-max-intset-entries", "set-max-listpack-entries",
                "zset-max-listpack-entries", "zset-max-ziplist-entries");
        assertThat(table.matching("APPEND*").keySet()).containsExactly("appendonly", "appendfsync", "appenddirname",
                "appendfilename");
        assertThat(table.matching("p?rt")).containsOnlyKeys("port");
        assertThat(table.matching("[pd]a*").keySet()).containsExactly("daemonize", "databases", "page-size");
        assertThat(table.matching("nothing*")).isEmpty();
        assertThat(table.matching("*")).hasSize(table.directives().size() + 6);
    }

    @Test
    void directivesReportTheirTypes() {
        assertThat(ConfigTable.PORT.type()).isEqualTo(Integer.class);
        assertThat(ConfigTable.SAVE.type()).isEqualTo(SaveSchedule.class);
        assertThat(ConfigTable.DIR.type()).isEqualTo(java.nio.file.Path.class);
        assertThat(ConfigTable.APPENDFSYNC.defaultValue()).isEqualTo(AppendFsync.EVERYSEC);
        assertThat(ConfigTable.APPENDFSYNC.show(AppendFsync.ALWAYS)).isEqualTo("always");
        assertThat(ConfigTable.MAXMEMORY_POLICY.toString()).isEqualTo("maxmemory-policy");
    }
}
