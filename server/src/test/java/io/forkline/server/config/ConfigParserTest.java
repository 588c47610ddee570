package io.forkline.server.config;

import io.forkline.pages.PageSize;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigParserTest {

    private static final long MB = 1024 * 1024;

    @TempDir
    Path root;

    private Path work;
    private ConfigParser parser;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createDirectories(root.resolve("work")).toRealPath();
        parser = new ConfigParser(work);
    }

    private void write(String name, String... lines) throws IOException {
        Files.writeString(work.resolve(name), String.join("\n", lines) + "\n");
    }

    private ServerConfig parse(String... lines) throws Exception {
        write("redis.conf", lines);
        return parser.parse(Path.of("redis.conf"), List.of());
    }

    @Test
    void readsAFullFileWithEveryDirectiveCommentsQuotesAndAnInclude() throws Exception {
        Files.createDirectories(work.resolve("data"));
        write("network.conf",
                "# included from redis.conf",
                "tcp-keepalive 60",
                "bind 127.0.0.1 ::1");
        ServerConfig config = parse(
                "# forkline sample configuration",
                "",
                "   # an indented comment",
                "include \"network.conf\"",
                "port 7000",
                "protected-mode no",
                "dir data",
                "dbfilename \"my dump.rdb\"",
                "databases 32",
                "maxclients 500",
                "timeout 30",
                "requirepass \"s3cret \\\"quoted\\\"\"",
                "loglevel WARNING",
                "logfile 'forkline.log'",
                "save 900 1",
                "save 300 10",
                "appendonly yes",
                "appendfsync always",
                "appenddirname aofdir",
                "appendfilename \"forkline.aof\"",
                "no-appendfsync-on-rewrite yes",
                "auto-aof-rewrite-percentage 50",
                "auto-aof-rewrite-min-size 128mb",
                "aof-use-rdb-preamble no",
                "aof-load-truncated no",
                "aof-timestamp-enabled yes",
                "aof-rewrite-incremental-fsync no",
                "rdbcompression no",
                "rdbchecksum no",
                "stop-writes-on-bgsave-error no",
                "\t hz 100 \t\r",
                "client-query-buffer-limit 2gb",
                "client-output-buffer-limit normal 1mb 512kb 10 pubsub 64mb 16mb 30",
                "client-output-buffer-limit replica 512mb 128mb 120",
                "proto-max-bulk-len 1g",
                "hash-max-ziplist-entries 256",
                "hash-max-listpack-value 128",
                "set-max-intset-entries 1024",
                "set-max-listpack-entries 64",
                "set-max-listpack-value 32",
                "zset-max-listpack-entries 256",
                "zset-max-ziplist-value 96",
                "list-max-ziplist-size -3",
                "list-compress-depth 2",
                "slowlog-log-slower-than -1",
                "slowlog-max-len 1024",
                "latency-monitor-threshold 100",
                "maxmemory 100MB",
                "MAXMEMORY-POLICY allkeys-lru",
                "lazyfree-lazy-expire yes",
                "lazyfree-lazy-server-del yes",
                "activerehashing no",
                "daemonize no",
                "page-size 2mb",
                "ring-size 4096",
                "snapshot-strategy stop-the-world",
                "list-max-ziplist-entries 512",
                "# the end");

        assertThat(config.port()).isEqualTo(7000);
        assertThat(config.bind()).containsExactly("127.0.0.1", "::1");
        assertThat(config.protectedMode()).isFalse();
        assertThat(config.dir()).isEqualTo(work.resolve("data"));
        assertThat(config.dbfilename()).isEqualTo("my dump.rdb");
        assertThat(config.databases()).isEqualTo(32);
        assertThat(config.maxclients()).isEqualTo(500);
        assertThat(config.timeout()).isEqualTo(30);
        assertThat(config.tcpKeepalive()).isEqualTo(60);
        assertThat(config.requirepass()).contains("s3cret \"quoted\"");
        assertThat(config.loglevel()).isEqualTo(LogLevel.WARNING);
        assertThat(config.logfile()).isEqualTo("forkline.log");
        assertThat(config.save().points()).containsExactly(new SavePoint(900, 1), new SavePoint(300, 10));
        assertThat(config.appendonly()).isTrue();
        assertThat(config.appendfsync()).isEqualTo(AppendFsync.ALWAYS);
        assertThat(config.appenddirname()).isEqualTo("aofdir");
        assertThat(config.appendfilename()).isEqualTo("forkline.aof");
        assertThat(config.noAppendfsyncOnRewrite()).isTrue();
        assertThat(config.autoAofRewritePercentage()).isEqualTo(50);
        assertThat(config.autoAofRewriteMinSize()).isEqualTo(128 * MB);
        assertThat(config.aofUseRdbPreamble()).isFalse();
        assertThat(config.aofLoadTruncated()).isFalse();
        assertThat(config.aofTimestampEnabled()).isTrue();
        assertThat(config.aofRewriteIncrementalFsync()).isFalse();
        assertThat(config.rdbcompression()).isFalse();
        assertThat(config.rdbchecksum()).isFalse();
        assertThat(config.stopWritesOnBgsaveError()).isFalse();
        assertThat(config.hz()).isEqualTo(100);
        assertThat(config.clientQueryBufferLimit()).isEqualTo(2048 * MB);
        assertThat(config.clientOutputBufferLimits()).isEqualTo(new ClientOutputBufferLimits(
                new ClientOutputBufferLimit(MB, 512 * 1024, 10),
                new ClientOutputBufferLimit(512 * MB, 128 * MB, 120),
                new ClientOutputBufferLimit(64 * MB, 16 * MB, 30)));
        assertThat(config.protoMaxBulkLen()).isEqualTo(1_000_000_000L);
        assertThat(config.hashMaxListpackEntries()).isEqualTo(256);
        assertThat(config.hashMaxListpackValue()).isEqualTo(128);
        assertThat(config.setMaxIntsetEntries()).isEqualTo(1024);
        assertThat(config.setMaxListpackEntries()).isEqualTo(64);
        assertThat(config.setMaxListpackValue()).isEqualTo(32);
        assertThat(config.zsetMaxListpackEntries()).isEqualTo(256);
        assertThat(config.zsetMaxListpackValue()).isEqualTo(96);
        assertThat(config.listMaxListpackSize()).isEqualTo(-3);
        assertThat(config.listCompressDepth()).isEqualTo(2);
        assertThat(config.slowlogLogSlowerThan()).isEqualTo(-1);
        assertThat(config.slowlogMaxLen()).isEqualTo(1024);
        assertThat(config.latencyMonitorThreshold()).isEqualTo(100);
        assertThat(config.maxmemory()).isEqualTo(100 * MB);
        assertThat(config.maxmemoryPolicy()).isEqualTo(MaxmemoryPolicy.ALLKEYS_LRU);
        assertThat(config.lazyfreeLazyExpire()).isTrue();
        assertThat(config.lazyfreeLazyServerDel()).isTrue();
        assertThat(config.activerehashing()).isFalse();
        assertThat(config.daemonize()).isFalse();
        assertThat(config.pageSize()).isEqualTo(PageSize.MIB_2);
        assertThat(config.ringSize()).isEqualTo(4096);
        assertThat(config.snapshotStrategy()).isEqualTo(SnapshotStrategyChoice.STOP_THE_WORLD);
    }

    @Test
    void anEmptyFileOrNoneGivesTheDefaultsWithDirTheWorkingDirectory() throws Exception {
        ServerConfig expected = ServerConfig.defaults().with(ConfigTable.DIR, work);
        assertThat(parse("# nothing but comments", "", "   ")).isEqualTo(expected);
        assertThat(parser.parse(null, List.of())).isEqualTo(expected);
        assertThat(parser.parseCommandLine(List.of())).isEqualTo(expected);
    }

    @Test
    void theLastLineForADirectiveWins() throws Exception {
        assertThat(parse("port 1", "port 2", "Port 3").port()).isEqualTo(3);
    }

    @Test
    void saveLinesAccumulateAndSaveEmptyClearsThem() throws Exception {
        assertThat(parse("save 100 1", "save 200 2").save().toString()).isEqualTo("100 1 200 2");
        assertThat(parse("save 100 1 200 2 300 3").save().toString()).isEqualTo("100 1 200 2 300 3");
        assertThat(parse("save \"100 1 200 2\"").save().toString()).isEqualTo("100 1 200 2");
        assertThat(parse("save \"\"").save().isDisabled()).isTrue();
        assertThat(parse("save 100 1", "save \"\"").save().isDisabled()).isTrue();
        assertThat(parse("save \"\"", "save 100 1").save().toString()).isEqualTo("100 1");
        assertThat(parse("save").save().isDisabled()).isTrue();
        assertThat(parse("save 100 1", "save").save().toString()).isEqualTo("100 1");
        assertThat(parse("port 1").save()).isEqualTo(ConfigTable.SAVE.defaultValue());
    }

    @Test
    void clientOutputBufferLimitLinesChangeOnlyTheClassesTheyName() throws Exception {
        ClientOutputBufferLimits limits = parse("client-output-buffer-limit pubsub 1mb 1mb 1",
                "client-output-buffer-limit SLAVE 2mb 2mb 2").clientOutputBufferLimits();
        assertThat(limits.normal()).isEqualTo(ClientOutputBufferLimits.REDIS_DEFAULTS.normal());
        assertThat(limits.replica()).isEqualTo(new ClientOutputBufferLimit(2 * MB, 2 * MB, 2));
        assertThat(limits.pubsub()).isEqualTo(new ClientOutputBufferLimit(MB, MB, 1));
        assertThat(parse("client-output-buffer-limit").clientOutputBufferLimits())
                .isEqualTo(ClientOutputBufferLimits.REDIS_DEFAULTS);
    }

    @Test
    void bindTakesSeveralAddressesOrNone() throws Exception {
        assertThat(parse("bind * -::*").bind()).containsExactly("*", "-::*");
        assertThat(parse("bind \"10.0.0.1 10.0.0.2\"").bind()).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(parse("bind \"\"").bind()).isEmpty();
    }

    @Test
    void hzIsKeptWithinRedisLimits() throws Exception {
        assertThat(parse("hz 0").hz()).isEqualTo(1);
        assertThat(parse("hz 100000").hz()).isEqualTo(500);
    }

    @Test
    void namesAndEnumValuesAreCaseInsensitiveAndAliasesWork() throws Exception {
        ServerConfig config = parse("APPENDFSYNC No", "Zset-Max-Ziplist-Entries 7", "AppendOnly YES");
        assertThat(config.appendfsync()).isEqualTo(AppendFsync.NO);
        assertThat(config.zsetMaxListpackEntries()).isEqualTo(7);
        assertThat(config.appendonly()).isTrue();
    }

    @Test
    void includesReadRelativeToDirAsRedisWorkingDirectoryIs() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        Files.writeString(data.resolve("inner.conf"), "port 1111\n");
        assertThat(parse("dir data", "include inner.conf").port()).isEqualTo(1111);
        assertThat(parse("include data/inner.conf").port()).isEqualTo(1111);
        assertThat(parse("include " + data.resolve("inner.conf")).port()).isEqualTo(1111);
    }

    @Test
    void includesNestAndLaterLinesOverrideIncludedOnes() throws Exception {
        write("a.conf", "port 1", "include b.conf", "timeout 5");
        write("b.conf", "port 2", "timeout 6", "hz 20");
        ServerConfig config = parse("include a.conf", "port 3");
        assertThat(config.port()).isEqualTo(3);
        assertThat(config.timeout()).isEqualTo(5);
        assertThat(config.hz()).isEqualTo(20);
    }

    @Test
    void aWildcardIncludeLoadsMatchesInNameOrderAndMayMatchNothing() throws Exception {
        Path fragments = Files.createDirectories(work.resolve("conf.d"));
        Files.writeString(fragments.resolve("20-port.conf"), "port 2\n");
        Files.writeString(fragments.resolve("10-port.conf"), "port 1\ntimeout 9\n");
        Files.writeString(fragments.resolve("30-other.txt"), "port 3\n");
        Files.writeString(fragments.resolve(".hidden.conf"), "port 4\n");
        ServerConfig config = parse("include conf.d/*.conf");
        assertThat(config.port()).isEqualTo(2);
        assertThat(config.timeout()).isEqualTo(9);
        assertThat(parse("include conf.d/*.none").port()).isEqualTo(6379);
        assertThat(parse("include missing.d/*.conf").port()).isEqualTo(6379);
        assertThat(parse("include conf.d/.*.conf").port()).isEqualTo(4);
    }

    @Test
    void commandLineOptionsOverrideTheFile() throws Exception {
        write("redis.conf", "port 6000", "appendonly no", "requirepass file");
        ServerConfig config = parser.parse(Path.of("redis.conf"),
                List.of("--port", "7000", "--appendonly", "yes", "--requirepass", "a b"));
        assertThat(config.port()).isEqualTo(7000);
        assertThat(config.appendonly()).isTrue();
        assertThat(config.requirepass()).contains("a b");
    }

    @Test
    void commandLineSaveLinesAddToTheFilesAsRedisDoesAndSaveEmptyClears() throws Exception {
        write("redis.conf", "save 100 1");
        assertThat(parser.parse(Path.of("redis.conf"), List.of("--save", "60", "2")).save().toString())
                .isEqualTo("100 1 60 2");
        assertThat(parser.parse(Path.of("redis.conf"), List.of("--save", "")).save().isDisabled()).isTrue();
        assertThat(parser.parse(null, List.of("--save", "60 2 30 3")).save().toString()).isEqualTo("60 2 30 3");
    }

    @Test
    void commandLineFollowsRedisServerRules() throws Exception {
        ServerConfig config = parser.parseCommandLine(List.of("--port 7001", "--bind", "127.0.0.1", "::1",
                "--requirepass", "--not-an-option", "--save", "--hz", "20"));
        assertThat(config.port()).isEqualTo(7001);
        assertThat(config.bind()).containsExactly("127.0.0.1", "::1");
        assertThat(config.requirepass()).contains("--not-an-option");
        assertThat(config.save().isDisabled()).isTrue();
        assertThat(config.hz()).isEqualTo(20);
        assertThat(parser.parseCommandLine(List.of("--save")).save().isDisabled()).isTrue();
        assertThat(parser.parseCommandLine(List.of("--SAVE", "--port", "1")).save().isDisabled()).isTrue();
    }

    @Test
    void theFirstArgumentIsTheConfigFileUnlessItIsAnOption() throws Exception {
        write("redis.conf", "port 6000", "timeout 7");
        ServerConfig config = parser.parseCommandLine(List.of("redis.conf", "--port", "7000"));
        assertThat(config.port()).isEqualTo(7000);
        assertThat(config.timeout()).isEqualTo(7);
        assertThat(parser.configFile(List.of("redis.conf", "--port", "7000"))).contains(work.resolve("redis.conf"));
        assertThat(parser.configFile(List.of("--port", "7000"))).isEmpty();
        assertThat(parser.configFile(List.of())).isEmpty();
    }

    @Test
    void optionLinesSplitAsRedisServerDoes() throws Exception {
        assertThat(ConfigParser.optionLines(List.of("--port", "1", "--save", "--bind", "a", "b", "--x y z")))
                .containsExactly(List.of("port", "1"), List.of("save", ""), List.of("bind", "a", "b"),
                        List.of("x", "y", "z"));
        assertThat(ConfigParser.optionLines(List.of())).isEmpty();
    }

    @Test
    void theDefaultParserReadsTheProcessWorkingDirectory() throws Exception {
        ServerConfig config = new ConfigParser().parse(null, List.of("--port", "1"));
        assertThat(config.dir()).isEqualTo(ConfigTable.processWorkingDirectory());
        assertThat(config.port()).isEqualTo(1);
    }

    @Test
    void dirReadsRelativeToTheCurrentDirAndKeepsTheRealPath() throws Exception {
        Path nested = Files.createDirectories(work.resolve("a/b"));
        assertThat(parse("dir a", "dir b").dir()).isEqualTo(nested);
        assertThat(parse("dir a/b/..").dir()).isEqualTo(work.resolve("a"));
        assertThat(parse("dir " + nested).dir()).isEqualTo(nested);
    }
}
