package io.forkline.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's redis-cli and redis-benchmark against a forkline server on a free loopback port. The
 * test command ({@code ./forkline test}) installs redis-tools when they are missing.
 */
class RedisToolsIntegrationTest {

    private static ForklineServer server;

    @BeforeAll
    static void start() throws Exception {
        for (String tool : List.of("redis-cli", "redis-benchmark")) {
            assertThat(Files.isExecutable(Path.of("/usr/bin", tool)))
                    .as("%s is needed (apt-get install redis-tools; ./forkline test installs it)", tool).isTrue();
        }
        server = ForklineServer.start(ServerSettings.defaults(0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String run(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new String(output, StandardCharsets.UTF_8);
    }

    private static String cli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(server.port())));
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    @Test
    void redisCliSetsReadsAndReportsErrors() throws Exception {
        assertThat(cli("SET", "cli:k", "hello world")).isEqualTo("OK\n");
        assertThat(cli("GET", "cli:k")).isEqualTo("hello world\n");
        assertThat(cli("RPUSH", "cli:l", "a", "b", "c")).isEqualTo("3\n");
        assertThat(cli("LRANGE", "cli:l", "0", "-1")).isEqualTo("a\nb\nc\n");
        assertThat(cli("INCR", "cli:k")).isEqualTo("ERR value is not an integer or out of range\n\n");   // as redis-cli prints Redis's
        assertThat(cli("INFO", "server")).contains("redis_version:7.0.15").contains("tcp_port:" + server.port());
        assertThat(cli("--raw", "CONFIG", "GET", "databases")).isEqualTo("databases\n16\n");
    }

    @Test
    void redisBenchmarkCompletesEveryTest() throws Exception {
        String output = run("redis-benchmark", "-h", "127.0.0.1", "-p", Integer.toString(server.port()), "-c", "10",
                "-n", "2000", "-P", "4", "-t", "set,get,incr,lpush,hset,sadd,zadd", "--csv");
        for (String test : List.of("SET", "GET", "INCR", "LPUSH", "HSET", "SADD", "ZADD")) {
            assertThat(output).as(output).containsPattern("\"" + test + "\",\"[0-9.]+\"");
        }
        assertThat(cli("DBSIZE")).isNotEqualTo("0\n");
    }
}
