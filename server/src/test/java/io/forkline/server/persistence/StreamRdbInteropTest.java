package io.forkline.server.persistence;

import io.forkline.server.ForklineServer;
import io.forkline.server.RespConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.RestoreParams;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams between forkline and Debian's redis-server 7.0.15 (on free loopback ports, stopped by the test): streams of
 * several nodes with deleted entries (a whole node among them), groups, pending entries and consumers, and empty
 * ones, built by the same commands in one server (XADD, XDEL, XGROUP, XCLAIM ... FORCE), move to the other in an RDB
 * file and by DUMP and RESTORE; the other then answers XINFO STREAM FULL, XINFO GROUPS, XRANGE and DEBUG DIGEST as
 * the first did. Redis loads with {@code sanitize-dump-payload yes}, so it deep-checks forkline's listpacks.
 * radix-tree-nodes, which depends on the inner shape of Redis's radix tree, is masked.
 */
class StreamRdbInteropTest {

    private static final Path REDIS_CHECK_RDB = Path.of("/usr/bin/redis-check-rdb");
    private static final List<String> KEYS = List.of("s", "empty", "emptied");

    @TempDir
    Path forklineDir;
    @TempDir
    Path redisDir;
    private final Opened opened = new Opened();

    @BeforeAll
    static void redisIsInstalled() {
        assertThat(Files.isExecutable(DebianRedis.SERVER)).as("redis-server is needed (apt-get install redis-server)").isTrue();
        assertThat(Files.isExecutable(REDIS_CHECK_RDB)).as("redis-check-rdb is needed (apt-get install redis-tools)").isTrue();
    }

    @AfterEach
    void stopEverything() throws Exception {
        opened.closeAll();
    }

    /** The commands that build the streams: nodes of 8 entries, the second deleted whole. */
    private static List<String[]> setup() {
        List<String[]> commands = new ArrayList<>();
        commands.add(new String[] {"CONFIG", "SET", "stream-node-max-entries", "8"});
        for (int i = 1; i <= 40; i++) {
            commands.add(i % 7 == 0 ? new String[] {"XADD", "s", i + "-1", "other", "x" + i}
                    : new String[] {"XADD", "s", i + "-1", "name", "user" + i, "n", Integer.toString(i * 1000)});
        }
        commands.add(new String[] {"XDEL", "s", "3-1", "9-1", "10-1", "11-1", "12-1", "13-1", "14-1", "15-1", "16-1", "33-1"});
        commands.add(new String[] {"XGROUP", "CREATE", "s", "readers", "5-1", "ENTRIESREAD", "4"});
        commands.add(new String[] {"XGROUP", "CREATE", "s", "late", "$"});
        commands.add(new String[] {"XGROUP", "CREATE", "s", "from-start", "0"});
        commands.add(new String[] {"XCLAIM", "s", "readers", "alice", "0", "1-1", "2-1", "TIME", "1690000000000", "RETRYCOUNT", "2",
                "FORCE", "JUSTID"});
        commands.add(new String[] {"XCLAIM", "s", "readers", "bob", "0", "20-1", "TIME", "1690000005000", "FORCE", "JUSTID"});
        commands.add(new String[] {"XGROUP", "CREATECONSUMER", "s", "readers", "carol"});
        commands.add(new String[] {"XCLAIM", "s", "late", "dave", "0", "40-1", "TIME", "1690000009000", "RETRYCOUNT", "9", "FORCE",
                "JUSTID"});
        commands.add(new String[] {"XGROUP", "CREATE", "empty", "g", "$", "MKSTREAM"});
        commands.add(new String[] {"XGROUP", "CREATECONSUMER", "empty", "g", "c"});
        commands.add(new String[] {"XADD", "emptied", "5-5", "a", "b"});
        commands.add(new String[] {"XDEL", "emptied", "5-5"});
        return commands;
    }

    private static void build(RespConnection server) throws Exception {
        for (String[] command : setup()) {
            assertThat(server.call(command)).as(String.join(" ", command)).doesNotStartWith("-");
        }
    }

    /** What the test compares: every view of every stream, and the data set's digest. */
    private static List<String> views(RespConnection server) throws Exception {
        List<String> views = new ArrayList<>();
        for (String key : KEYS) {
            views.add(server.call("XINFO", "STREAM", key, "FULL").replaceAll("(radix-tree-nodes\r\n):\\d+", "$1:?"));
            views.add(server.call("XINFO", "GROUPS", key));
            views.add(server.call("XRANGE", key, "-", "+"));
            views.add(server.call("TYPE", key));
        }
        views.add(server.call("DEBUG", "DIGEST"));
        return views;
    }

    private DebianRedis startRedis(Path dir) throws Exception {
        return opened.keep(DebianRedis.start(dir, "--appendonly", "no", "--enable-debug-command", "yes",
                "--sanitize-dump-payload", "yes"));
    }

    private ForklineServer startForkline(Path dir) throws Exception {
        return opened.keep(Servers.start(dir, "--save", ""));
    }

    private RespConnection connect(int port) throws Exception {
        return opened.keep(new RespConnection(port));
    }

    @Test
    void redisesSavedStreamsLoadInForkline() throws Exception {
        RespConnection redis = connect(startRedis(redisDir).port());
        build(redis);
        List<String> saved = views(redis);
        assertThat(redis.call("SAVE")).isEqualTo("+OK\r\n");

        Files.copy(redisDir.resolve("dump.rdb"), forklineDir.resolve("dump.rdb"));
        RespConnection forkline = connect(startForkline(forklineDir).port());
        assertThat(views(forkline)).isEqualTo(saved);
    }

    @Test
    void forklinesSavedStreamsLoadInRedis() throws Exception {
        RespConnection forkline = connect(startForkline(forklineDir).port());
        build(forkline);
        List<String> saved = views(forkline);
        assertThat(forkline.call("SAVE")).isEqualTo("+OK\r\n");
        Path file = forklineDir.resolve("dump.rdb");

        Process check = new ProcessBuilder(REDIS_CHECK_RDB.toString(), file.toString()).redirectErrorStream(true).start();
        String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(report).isZero();

        Files.copy(file, redisDir.resolve("dump.rdb"), StandardCopyOption.REPLACE_EXISTING);
        RespConnection redis = connect(startRedis(redisDir).port());
        assertThat(views(redis)).isEqualTo(saved);
    }

    @Test
    void streamDumpPayloadsMoveFromRedisToForklineAndBack() throws Exception {
        DebianRedis redisServer = startRedis(redisDir);
        ForklineServer forklineServer = startForkline(forklineDir);
        RespConnection redis = connect(redisServer.port());
        RespConnection forkline = connect(forklineServer.port());
        build(redis);
        List<String> original = views(redis);

        Jedis fromRedis = opened.keep(new Jedis("127.0.0.1", redisServer.port()));
        Jedis toForkline = opened.keep(new Jedis("127.0.0.1", forklineServer.port()));
        copy(fromRedis, toForkline);
        assertThat(views(forkline)).isEqualTo(original);

        assertThat(redis.call("FLUSHALL")).isEqualTo("+OK\r\n");
        copy(toForkline, fromRedis);
        assertThat(views(redis)).isEqualTo(original);
    }

    private static void copy(Jedis from, Jedis to) {
        for (String key : KEYS) {
            byte[] name = key.getBytes(StandardCharsets.US_ASCII);
            assertThat(to.restore(name, 0, from.dump(name), RestoreParams.restoreParams().replace())).isEqualTo("OK");
        }
    }
}
