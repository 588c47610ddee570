package io.forkline.server.persistence;

import io.forkline.server.ForklineServer;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.forkline.server.persistence.Servers.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * forkline and Debian's redis-server 7.0.15 (on a free loopback port, stopped by the test) exchange data:
 * DUMP payloads both ways, and RDB files both ways, compared key by key.
 */
class RedisInteropTest {

    private static final Path REDIS_CHECK_RDB = Path.of("/usr/bin/redis-check-rdb");

    @TempDir
    Path forklineDir;
    @TempDir
    Path redisDir;
    private final Opened opened = new Opened();

    @BeforeAll
    static void redisIsInstalled() {
        assertThat(Files.isExecutable(DebianRedis.SERVER)).as("redis-server is needed (apt-get install redis-server; ./forkline test installs it)")
                .isTrue();
        assertThat(Files.isExecutable(REDIS_CHECK_RDB)).as("redis-check-rdb is needed (apt-get install redis-tools)").isTrue();
    }

    @AfterEach
    void stopEverything() throws Exception {
        opened.closeAll();
    }

    /** Starts redis-server in {@code dir} (loading its dump.rdb if there is one) and returns a client. */
    private Jedis startRedis(Path dir) throws Exception {
        return opened.keep(DebianRedis.start(dir, "--appendonly", "no", "--enable-debug-command", "yes")).jedis();
    }

    private Jedis startForkline(Path dir) throws Exception {
        ForklineServer server = opened.keep(Servers.start(dir, "--save", ""));
        return opened.keep(new Jedis("127.0.0.1", server.port()));
    }

    /** Every key of {@code from} (databases 0..15), moved into {@code to} by DUMP and RESTORE with its expire. */
    private static void copyByDumpAndRestore(Jedis from, Jedis to) {
        for (int db = 0; db < 16; db++) {
            from.select(db);
            to.select(db);
            for (byte[] key : from.keys("*".getBytes(StandardCharsets.UTF_8))) {
                byte[] payload = from.dump(key);
                long expireAt = from.pexpireTime(key);
                RestoreParams params = RestoreParams.restoreParams().replace();
                if (expireAt > 0) {
                    params.absTtl();
                }
                assertThat(to.restore(key, Math.max(0, expireAt), payload, params)).isEqualTo("OK");
            }
        }
        from.select(0);
        to.select(0);
    }

    /** DEBUG DIGEST: Redis's SHA1 digest of the whole data set, which forkline computes the same way. */
    private static String digest(Jedis jedis) {
        Object reply = jedis.sendCommand(() -> "DEBUG".getBytes(StandardCharsets.US_ASCII), "DIGEST");
        return new String((byte[]) reply, StandardCharsets.US_ASCII);
    }

    @Test
    void dumpPayloadsMoveFromRedisToForklineAndBack() throws Exception {
        Jedis redis = startRedis(redisDir);
        Jedis forkline = startForkline(forklineDir);
        int keys = SampleData.populate(redis, 11);
        Map<String, String> original = DatasetDigest.of(redis, 16);
        assertThat(original).hasSize(keys);

        copyByDumpAndRestore(redis, forkline);
        assertThat(DatasetDigest.of(forkline, 16)).isEqualTo(original);
        assertThat(digest(forkline)).isEqualTo(digest(redis)).isNotEqualTo("0".repeat(40));

        redis.flushAll();
        copyByDumpAndRestore(forkline, redis);
        assertThat(DatasetDigest.of(redis, 16)).isEqualTo(original);
    }

    @Test
    void forklinesSavedFileLoadsInRedis() throws Exception {
        Jedis forkline = startForkline(forklineDir);
        SampleData.populate(forkline, 12);
        Map<String, String> saved = DatasetDigest.of(forkline, 16);
        assertThat(forkline.save()).isEqualTo("OK");
        Path file = forklineDir.resolve("dump.rdb");

        Process check = new ProcessBuilder(REDIS_CHECK_RDB.toString(), file.toString()).redirectErrorStream(true).start();
        String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(report).isZero();
        assertThat(report).contains("RDB looks OK");

        Files.copy(file, redisDir.resolve("dump.rdb"), StandardCopyOption.REPLACE_EXISTING);
        Jedis redis = startRedis(redisDir);
        assertThat(DatasetDigest.of(redis, 16)).isEqualTo(saved);
        assertThat(digest(redis)).isEqualTo(digest(forkline));
    }

    @Test
    void redisesSavedFileLoadsInForkline() throws Exception {
        Jedis redis = startRedis(redisDir);
        SampleData.populate(redis, 13);
        Map<String, String> saved = DatasetDigest.of(redis, 16);
        assertThat(redis.save()).isEqualTo("OK");

        Files.copy(redisDir.resolve("dump.rdb"), forklineDir.resolve("dump.rdb"));
        Jedis forkline = startForkline(forklineDir);
        assertThat(DatasetDigest.of(forkline, 16)).isEqualTo(saved);
        assertThat(digest(forkline)).isEqualTo(digest(redis));
    }
}
