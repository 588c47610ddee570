package io.forkline.server.persistence;

import io.forkline.server.ForklineServer;
import io.forkline.server.RespConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What stream commands leave in the AOF: XADD with its generated ID and an approximate trim as the exact one it
 * did, XREADGROUP as the XCLAIMs (and, with NOACK, the XGROUP SETID) of its deliveries, also when it was blocked
 * and served by another client's XADD, and claims as idempotent XCLAIMs. forkline replays the log to the same
 * streams, groups and pending entries, and Debian's redis-server 7.0.15 (on a free loopback port, stopped by the
 * test) loads the same appendonlydir to the same data.
 */
class StreamAofTest {

    @TempDir
    Path dir;
    @TempDir
    Path redisDir;
    private final Opened opened = new Opened();

    @AfterEach
    void stopEverything() throws Exception {
        opened.closeAll();
    }

    @Test
    void streamCommandsAreJournaledAsWhatTheyDid() throws Exception {
        ForklineServer server = opened.keep(Servers.start(dir, "--save", "", "--appendonly", "yes",
                "--stream-node-max-entries", "5"));
        Map<String, String> expected;
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            for (int i = 0; i < 40; i++) {
                call(jedis, "XADD", "events", "MAXLEN", "~", "12", "*", "n", Integer.toString(i), "kind", i % 3 == 0 ? "a" : "b");
            }
            call(jedis, "XADD", "events", "NOMKSTREAM", "MINID", "~", "0-1", "LIMIT", "100", "*", "n", "last");
            call(jedis, "XADD", "explicit", "5-*", "f", "v");
            call(jedis, "XADD", "explicit", "5-*", "f", "v");
            call(jedis, "XGROUP", "CREATE", "events", "workers", "0");
            call(jedis, "XGROUP", "CREATE", "events", "audit", "$", "ENTRIESREAD", "3");
            call(jedis, "XREADGROUP", "GROUP", "workers", "alice", "COUNT", "3", "STREAMS", "events", ">");
            call(jedis, "XREADGROUP", "GROUP", "workers", "bob", "COUNT", "4", "STREAMS", "events", ">");
            call(jedis, "XREADGROUP", "GROUP", "workers", "carol", "NOACK", "COUNT", "2", "STREAMS", "events", ">");
            Object pending = call(jedis, "XPENDING", "events", "workers", "-", "+", "10");
            String first = idOf(pending, 0);
            String second = idOf(pending, 1);
            call(jedis, "XACK", "events", "workers", first);
            call(jedis, "XCLAIM", "events", "workers", "dave", "0", second);
            call(jedis, "XDEL", "events", idOf(pending, 2));
            call(jedis, "XAUTOCLAIM", "events", "workers", "erin", "0", "0", "COUNT", "2");
            call(jedis, "XGROUP", "CREATECONSUMER", "events", "audit", "idle");
            call(jedis, "XGROUP", "SETID", "events", "audit", "0");
            call(jedis, "XTRIM", "events", "MAXLEN", "~", "6");
            call(jedis, "XSETID", "explicit", "99-0", "ENTRIESADDED", "7", "MAXDELETEDID", "1-0");
            // A blocked XREADGROUP served by a later XADD: its delivery is journaled as the XADD's event's effect.
            call(jedis, "XGROUP", "CREATE", "jobs", "g", "$", "MKSTREAM");
            try (RespConnection waiting = new RespConnection(server.port())) {
                waiting.send("XREADGROUP", "GROUP", "g", "worker", "BLOCK", "0", "STREAMS", "jobs", ">");
                long giveUp = System.nanoTime() + 10_000_000_000L;
                while (!jedis.info("clients").contains("blocked_clients:1")) {
                    assertThat(System.nanoTime()).as("the XREADGROUP never blocked").isLessThan(giveUp);
                    Thread.onSpinWait();
                }
                call(jedis, "XADD", "jobs", "*", "task", "1");
                assertThat(waiting.readReply()).contains("task");
            }
            expected = DatasetDigest.of(jedis, 16);
        }
        server.close();
        // As in Redis 7.0, an XREADGROUP's XCLAIM carries the group's last ID (LASTID) but not its read counter, so
        // after a replay the group of "jobs" (whose only read was that one) counts its entries read as unknown.
        String jobsKey = "0:" + java.util.HexFormat.of().formatHex("jobs".getBytes(StandardCharsets.US_ASCII));
        expected.put(jobsKey, expected.get(jobsKey).replace("entries-read, 1,", "entries-read, null,"));
        String incr = Files.readString(dir.resolve("appendonlydir").resolve("appendonly.aof.1.incr.aof"));
        assertThat(incr).doesNotContain("XREADGROUP").doesNotContain("XAUTOCLAIM").doesNotContain("~")
                .doesNotContain("5-*").contains("XCLAIM").contains("SETID");

        ForklineServer again = opened.keep(Servers.start(dir, "--save", "", "--appendonly", "yes",
                "--stream-node-max-entries", "5"));
        try (Jedis jedis = new Jedis("127.0.0.1", again.port())) {
            assertThat(DatasetDigest.of(jedis, 16)).isEqualTo(expected);
        }
        again.close();

        DebianRedis.copyAppendOnlyDir(dir, redisDir);
        Jedis redis = opened.keep(DebianRedis.start(redisDir, "--appendonly", "yes", "--aof-load-truncated", "no",
                "--stream-node-max-entries", "5")).jedis();
        assertThat(DatasetDigest.of(redis, 16)).isEqualTo(expected);
    }

    /**
     * Redis logs an approximate trim as "MAXLEN = n" and keeps its LIMIT, which only a replay may pass (Redis's
     * mustObeyClient). forkline loads Redis's log to what Redis itself loads from it.
     */
    @Test
    void forklineLoadsTheStreamsRedisJournaled() throws Exception {
        try (DebianRedis redis = DebianRedis.start(redisDir, "--appendonly", "yes", "--stream-node-max-entries", "4")) {
            Jedis jedis = redis.jedis();
            for (int i = 0; i < 30; i++) {
                call(jedis, "XADD", "s", "MAXLEN", "~", "10", "LIMIT", "8", "*", "i", Integer.toString(i));
                call(jedis, "XADD", "m", "MINID", "~", "0-1", "LIMIT", "4", (i + 1) + "-0", "i", Integer.toString(i));
            }
            call(jedis, "XTRIM", "m", "MAXLEN", "~", "12", "LIMIT", "8");
            call(jedis, "XGROUP", "CREATE", "s", "g", "0");
            call(jedis, "XREADGROUP", "GROUP", "g", "c", "COUNT", "3", "STREAMS", "s", ">");
        }
        String incr = Files.readString(redisDir.resolve("appendonlydir").resolve("appendonly.aof.1.incr.aof"));
        assertThat(incr).contains("LIMIT").doesNotContain("~");
        Map<String, String> expected;
        try (DebianRedis reloaded = DebianRedis.start(redisDir, "--appendonly", "yes", "--stream-node-max-entries", "4")) {
            expected = DatasetDigest.of(reloaded.jedis(), 16);
        }
        DebianRedis.copyAppendOnlyDir(redisDir, dir);
        ForklineServer server = opened.keep(Servers.start(dir, "--save", "", "--appendonly", "yes",
                "--stream-node-max-entries", "4"));
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            assertThat(DatasetDigest.of(jedis, 16)).isEqualTo(expected);
        }
    }

    private static Object call(Jedis jedis, String command, String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        byte[] name = command.getBytes(StandardCharsets.US_ASCII);
        return jedis.sendCommand(() -> name, bytes);
    }

    /** The ID of entry {@code i} of an extended XPENDING reply. */
    private static String idOf(Object pending, int i) {
        return new String((byte[]) ((java.util.List<?>) ((java.util.List<?>) pending).get(i)).get(0), StandardCharsets.UTF_8);
    }
}
