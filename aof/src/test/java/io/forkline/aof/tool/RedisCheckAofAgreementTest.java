package io.forkline.aof.tool;

import io.forkline.aof.tool.AofCheckTool.FileCheck;
import io.forkline.snapshot.storage.FileStorage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.forkline.aof.load.Resp.command;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's redis-check-aof 7.0.15 and {@link AofCheckTool} on the same damaged files: the same verdict,
 * the same {@code ok_up_to}, and the same file after {@code --fix}.
 */
class RedisCheckAofAgreementTest {

    private static final Path REDIS_CHECK_AOF = Path.of("/usr/bin/redis-check-aof");
    private static final Pattern OK_UP_TO = Pattern.compile("ok_up_to=(\\d+)");

    @TempDir
    Path dir;

    @BeforeAll
    static void needsRedis() {
        Assumptions.assumeTrue(Files.isExecutable(REDIS_CHECK_AOF), "Debian's redis-check-aof is not installed");
    }

    private static final String GOOD = command("SELECT", "0") + command("SET", "k1", "v1") + "#TS:1700000000\r\n"
            + command("MULTI") + command("INCR", "n") + command("RPUSH", "l", "a", "b") + command("EXEC");

    /** Files with one kind of damage each, by name. */
    private static Map<String, String> cases() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("valid", GOOD);
        cases.put("garbage-in-the-middle", GOOD + "GARBAGE\r\n" + command("SET", "k3", "v"));
        cases.put("torn-count", GOOD + "*3");
        cases.put("torn-length", GOOD + "*3\r\n$3\r\nSET\r\n$2");
        cases.put("torn-payload", GOOD + "*3\r\n$3\r\nSET\r\n$2\r\nk2\r\n$10\r\nabc");
        cases.put("torn-terminator", GOOD + "*3\r\n$3\r\nSET\r\n$2\r\nk2\r\n$1\r\nv\r");
        cases.put("bad-terminator", GOOD + "*3\r\n$3\r\nSET\r\n$2\r\nk2\r\n$1\r\nvv\r\n" + command("SET", "k3", "v"));
        cases.put("bad-dollar", GOOD + "*2\r\n$3\r\nDEL\r\n+k2\r\n" + command("SET", "k3", "v"));
        cases.put("count-without-cr", GOOD + "*2\n$3\r\nDEL\r\n$2\r\nk2\r\n");
        cases.put("multi-without-exec", GOOD + command("MULTI") + command("SET", "k2", "v"));
        cases.put("torn-inside-multi", GOOD + command("MULTI") + command("SET", "k2", "v") + "*2\r\n$3\r\nDEL");
        cases.put("nested-multi", GOOD + command("MULTI") + command("SET", "k2", "v") + command("MULTI") + command("EXEC"));
        cases.put("exec-without-multi", GOOD + command("EXEC") + command("SET", "k2", "v"));
        return cases;
    }

    private record Verdict(int exit, long okUpTo) {
    }

    private static Verdict redisCheckAof(Path file, boolean fix) throws IOException, InterruptedException {
        ProcessBuilder builder = fix ? new ProcessBuilder(REDIS_CHECK_AOF.toString(), "--fix", file.toString())
                : new ProcessBuilder(REDIS_CHECK_AOF.toString(), file.toString());
        Process process = builder.redirectErrorStream(true).start();
        try {
            try {
                process.getOutputStream().write("y\n".getBytes(StandardCharsets.US_ASCII));   // the answer to "Continue? [y/N]"
                process.getOutputStream().close();
            } catch (IOException exitedWithoutAsking) {
                // nothing to fix: it did not read its input
            }
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("redis-check-aof finished").isTrue();
            Matcher okUpTo = OK_UP_TO.matcher(text);
            return new Verdict(process.exitValue(), okUpTo.find() ? Long.parseLong(okUpTo.group(1)) : -1);
        } finally {
            process.destroyForcibly();
        }
    }

    private static AofCheckTool tool() {
        return new AofCheckTool(FileStorage.INSTANCE, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]));
    }

    @Test
    void singleFilesGetTheSameVerdictOffsetAndFix() throws Exception {
        for (Map.Entry<String, String> c : cases().entrySet()) {
            Path theirs = dir.resolve(c.getKey() + ".redis.aof");
            Path ours = dir.resolve(c.getKey() + ".forkline.aof");
            Files.writeString(theirs, c.getValue());
            Files.writeString(ours, c.getValue());
            Verdict redis = redisCheckAof(theirs, false);
            FileCheck check = tool().check(ours).files().getFirst();
            int exit = tool().run(ours, false, false);
            assertThat(exit).as(c.getKey()).isEqualTo(redis.exit());
            assertThat(check.valid()).as(c.getKey()).isEqualTo(redis.exit() == 0);
            if (redis.okUpTo() >= 0) {
                assertThat(check.okUpTo()).as(c.getKey()).isEqualTo(redis.okUpTo());
            }
            Verdict redisFix = redisCheckAof(theirs, true);
            int fixed = tool().run(ours, true, true);
            assertThat(fixed).as(c.getKey() + " --fix").isEqualTo(redisFix.exit());
            assertThat(Files.readAllBytes(ours)).as(c.getKey() + " after --fix").isEqualTo(Files.readAllBytes(theirs));
            assertThat(tool().run(ours, false, false)).as(c.getKey() + " after --fix").isZero();
            assertThat(redisCheckAof(theirs, false).exit()).isZero();
        }
    }

    @Test
    void filesWithAnRdbPreamble() throws Exception {
        byte[] single = Files.readAllBytes(Path.of("src/test/resources/aof/single-file-preamble/appendonly.aof"));
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("valid", single);
        cases.put("torn-tail", Arrays.copyOf(single, single.length - 3));
        byte[] garbage = Arrays.copyOf(single, single.length + 4);
        System.arraycopy("junk".getBytes(StandardCharsets.US_ASCII), 0, garbage, single.length, 4);
        cases.put("garbage-tail", garbage);
        byte[] corrupt = single.clone();
        corrupt[40] ^= 0x21;   // inside the RDB: its checksum no longer matches, or a record breaks
        cases.put("corrupt-rdb", corrupt);
        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
            Path theirs = dir.resolve(c.getKey() + ".redis.aof");
            Path ours = dir.resolve(c.getKey() + ".forkline.aof");
            Files.write(theirs, c.getValue());
            Files.write(ours, c.getValue());
            Verdict redis = redisCheckAof(theirs, false);
            FileCheck check = tool().check(ours).files().getFirst();
            assertThat(check.rdbPreamble()).isTrue();
            assertThat(tool().run(ours, false, false)).as(c.getKey()).isEqualTo(redis.exit());
            if (redis.okUpTo() >= 0) {
                assertThat(check.okUpTo()).as(c.getKey()).isEqualTo(redis.okUpTo());
            }
            assertThat(tool().run(ours, true, true)).as(c.getKey() + " --fix").isEqualTo(redisCheckAof(theirs, true).exit());
            assertThat(Files.readAllBytes(ours)).as(c.getKey() + " after --fix").isEqualTo(Files.readAllBytes(theirs));
        }
        assertThat(tool().check(dir.resolve("corrupt-rdb.forkline.aof")).files().getFirst().fixable()).isFalse();
    }

    @Test
    void aRedisWrittenMultiPartAofIsValidForBoth() throws Exception {
        for (String fixture : new String[] {"preamble", "resp-base"}) {
            Path manifest = Path.of("src/test/resources/aof", fixture, "appendonlydir", "appendonly.aof.manifest");
            assertThat(redisCheckAof(manifest, false).exit()).isZero();
            assertThat(tool().run(manifest.getParent(), false, false)).as(fixture).isZero();
        }
    }

    @Test
    void aMultiPartAofGetsTheSameVerdictAndTheLastFileTheSameFix() throws Exception {
        for (String damage : new String[] {"last", "middle"}) {
            for (String who : new String[] {"redis", "forkline"}) {
                Path appendDir = Files.createDirectories(dir.resolve(damage + "-" + who));
                Files.writeString(appendDir.resolve("appendonly.aof.manifest"), """
                        file appendonly.aof.1.base.aof seq 1 type b
                        file appendonly.aof.1.incr.aof seq 1 type i
                        file appendonly.aof.2.incr.aof seq 2 type i
                        """);
                String bad = GOOD + "*3\r\n$3\r\nSET\r\n$2\r\nk2\r\n$1\r\nvv\r\n" + GOOD;
                Files.writeString(appendDir.resolve("appendonly.aof.1.base.aof"), GOOD);
                Files.writeString(appendDir.resolve("appendonly.aof.1.incr.aof"), damage.equals("middle") ? bad : GOOD);
                Files.writeString(appendDir.resolve("appendonly.aof.2.incr.aof"), damage.equals("last") ? bad : GOOD);
            }
            Path theirs = dir.resolve(damage + "-redis").resolve("appendonly.aof.manifest");
            Path ours = dir.resolve(damage + "-forkline");
            assertThat(tool().run(ours, false, false)).isEqualTo(redisCheckAof(theirs, false).exit()).isEqualTo(1);
            Verdict redisFix = redisCheckAof(theirs, true);
            assertThat(tool().run(ours, true, true)).as(damage).isEqualTo(redisFix.exit()).isEqualTo(damage.equals("last") ? 0 : 1);
            for (String name : new String[] {"appendonly.aof.1.incr.aof", "appendonly.aof.2.incr.aof"}) {
                assertThat(Files.readAllBytes(ours.resolve(name))).as(damage + " " + name)
                        .isEqualTo(Files.readAllBytes(theirs.resolveSibling(name)));
            }
        }
    }
}
