package io.forkline.snapshot;

import io.forkline.snapshot.storage.FileStorage;
import io.forkline.snapshot.tool.RdbDumpTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code forkline rdb dump --format resp} of a file redis-server 7.0.15 wrote, piped into an empty redis-server
 * with redis-cli --pipe, rebuilds exactly what a redis-server that loads the file holds.
 */
class RdbDumpRedisInteropTest {

    private static final Path REDIS_CLI = Path.of("/usr/bin/redis-cli");
    private static final Path TYPES = Path.of("src/test/resources/rdb/types.rdb");

    @Test
    void theRespDumpRebuildsInRedisWhatRedisLoadsFromTheFile(@TempDir Path dir) throws Exception {
        assumeTrue(RedisServerProcess.installed() && Files.isExecutable(REDIS_CLI), "Debian's redis-server and redis-cli");
        Files.copy(TYPES, dir.resolve("types.rdb"));
        ByteArrayOutputStream resp = new ByteArrayOutputStream();
        assertThat(RdbDumpTool.dump(FileStorage.INSTANCE, TYPES, RdbDumpTool.Format.RESP, resp, new PrintStream(OutputStream.nullOutputStream())))
                .isZero();
        try (RedisServerProcess fromFile = RedisServerProcess.start(dir, "types.rdb");
             RedisServerProcess fromDump = RedisServerProcess.start(dir, "none.rdb")) {
            assertThat(pipe(fromDump.port(), resp.toByteArray())).contains("errors: 0");
            try (Jedis loaded = new Jedis("127.0.0.1", fromFile.port()); Jedis replayed = new Jedis("127.0.0.1", fromDump.port())) {
                Map<String, String> expected = contents(loaded);
                assertThat(expected).hasSize(33);
                assertThat(contents(replayed)).isEqualTo(expected);
            }
        }
    }

    private static String pipe(int port, byte[] commands) throws IOException, InterruptedException {
        Process cli = new ProcessBuilder(REDIS_CLI.toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "--pipe")
                .redirectErrorStream(true).start();
        try (OutputStream in = cli.getOutputStream()) {
            in.write(commands);
        }
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!cli.waitFor(60, TimeUnit.SECONDS)) {
            cli.destroyForcibly();
            throw new AssertionError("redis-cli --pipe did not finish: " + output);
        }
        return output;
    }

    /** "db key" to "type expire value" for every key, everything in hex, sets and hashes sorted. */
    private static Map<String, String> contents(Jedis jedis) {
        Map<String, String> contents = new TreeMap<>();
        for (int db = 0; db < 16; db++) {
            jedis.select(db);
            for (byte[] key : jedis.keys("*".getBytes(StandardCharsets.US_ASCII))) {
                String type = jedis.type(key);
                List<String> value = new ArrayList<>();
                switch (type) {
                    case "string" -> value.add(hex(jedis.get(key)));
                    case "list" -> jedis.lrange(key, 0, -1).forEach(e -> value.add(hex(e)));
                    case "set" -> jedis.smembers(key).forEach(e -> value.add(hex(e)));
                    case "hash" -> jedis.hgetAll(key).forEach((f, v) -> value.add(hex(f) + "=" + hex(v)));
                    case "zset" -> {
                        for (Tuple tuple : jedis.zrangeWithScores(key, 0, -1)) {
                            value.add(hex(tuple.getBinaryElement()) + "=" + tuple.getScore());
                        }
                    }
                    default -> throw new AssertionError("unexpected type " + type);
                }
                if (type.equals("set") || type.equals("hash")) {
                    value.sort(null);
                }
                contents.put(db + " " + hex(key), type + " " + jedis.pexpireTime(key) + " " + value);
            }
        }
        return contents;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
