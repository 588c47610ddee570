package io.forkline.server.persistence;

import io.forkline.server.ForklineServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.forkline.server.persistence.Servers.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An appendonlydir written by forkline (a base from BGREWRITEAOF, then an incr with SELECTs, MULTI/EXEC
 * and expires) is accepted by Debian's redis-check-aof 7.0.15, and Debian's redis-server 7.0.15 (on a
 * free loopback port, stopped by the test) starts on it and serves the same data.
 */
class AofRedisInteropTest {

    private static final Path REDIS_CHECK_AOF = Path.of("/usr/bin/redis-check-aof");

    @TempDir
    Path forklineDir;
    @TempDir
    Path redisDir;
    private final Opened opened = new Opened();

    @BeforeAll
    static void redisIsInstalled() {
        assertThat(Files.isExecutable(DebianRedis.SERVER)).as("redis-server is needed (apt-get install redis-server)").isTrue();
        assertThat(Files.isExecutable(REDIS_CHECK_AOF)).as("redis-check-aof is needed (apt-get install redis-tools)").isTrue();
    }

    @AfterEach
    void stopEverything() throws Exception {
        opened.closeAll();
    }

    private Jedis startRedisOnAof(Path dir) throws Exception {
        return opened.keep(DebianRedis.start(dir, "--appendonly", "yes", "--aof-load-truncated", "no")).jedis();
    }

    private static String checkAof(Path manifest) throws Exception {
        Process check = new ProcessBuilder(REDIS_CHECK_AOF.toString(), manifest.toString()).redirectErrorStream(true).start();
        String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(report).isZero();
        return report;
    }

    @ParameterizedTest(name = "aof-use-rdb-preamble {0}, aof-timestamp-enabled {1}")
    @CsvSource({"yes, no", "no, no", "no, yes"})
    void redisLoadsAnAppendOnlyDirectoryWrittenByForkline(String preamble, String timestamps) throws Exception {
        ForklineServer server = opened.keep(Servers.start(forklineDir, "--save", "", "--appendonly", "yes", "--aof-use-rdb-preamble", preamble,
                "--aof-timestamp-enabled", timestamps));
        Map<String, String> expected;
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            SampleData.populate(jedis, 21);
            assertThat(jedis.bgrewriteaof()).isEqualTo("Background append only file rewriting started");
            await("the rewrite", () -> jedis.info("persistence").contains("aof_rewrite_in_progress:0"));
            jedis.select(2);
            jedis.set("after-rewrite", "in the incr");
            jedis.pexpireAt("after-rewrite", System.currentTimeMillis() + 3_600_000);
            Transaction transaction = jedis.multi();
            transaction.incr("counter");
            transaction.rpush("list", "a", "b");
            transaction.sendCommand(redis.clients.jedis.Protocol.Command.SELECT, "3");
            transaction.hset("hash", "f", "v");
            transaction.exec();
            jedis.select(0);
            jedis.spop("small-set");
            jedis.del("raw");
            expected = DatasetDigest.of(jedis, 16);
        }
        server.close();
        Path source = forklineDir.resolve("appendonlydir");
        String report = checkAof(source.resolve("appendonly.aof.manifest"));
        assertThat(report).contains("is valid");

        DebianRedis.copyAppendOnlyDir(forklineDir, redisDir);
        Jedis redis = startRedisOnAof(redisDir);
        assertThat(DatasetDigest.of(redis, 16)).isEqualTo(expected);
    }
}
