package io.forkline.server.pubsub;

import io.forkline.server.ForklineServer;
import io.forkline.server.RespConnection;
import io.forkline.server.ServerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keyspace notifications compared with Debian's redis-server 7.0.15: the same script of commands runs
 * against both, and a subscriber to every channel must receive the same messages, in the same order.
 */
class KeyspaceNotificationsInteropTest {

    private static final String[][] SCRIPT = {
            {"SET", "s", "1"}, {"SET", "s", "2", "EX", "100"}, {"SETNX", "s", "3"}, {"SETNX", "s2", "3"},
            {"SETEX", "s3", "100", "v"}, {"PSETEX", "s4", "100000", "v"}, {"MSET", "m1", "a", "m2", "b"},
            {"MSETNX", "m1", "a", "m3", "c"}, {"MSETNX", "m4", "a", "m5", "c"}, {"GETSET", "s", "9"},
            {"GETDEL", "s2"}, {"GETDEL", "missing"}, {"GETEX", "s3", "PERSIST"}, {"GETEX", "s3", "PX", "500000"},
            {"GETEX", "s3", "PXAT", "1"}, {"APPEND", "ap", "x"}, {"APPEND", "ap", "y"}, {"SETRANGE", "sr", "2", "ab"},
            {"SETRANGE", "sr2", "0", ""}, {"INCR", "n"}, {"INCRBY", "n", "5"}, {"DECR", "n"}, {"DECRBY", "n", "2"},
            {"INCRBYFLOAT", "f", "1.5"}, {"SETBIT", "b", "7", "1"}, {"BITOP", "OR", "bo", "b", "b"},
            {"BITOP", "AND", "bo", "nothing1", "nothing2"},
            {"DEL", "m1", "m2", "missing"}, {"EXPIRE", "s", "100"}, {"PEXPIRE", "s", "0"}, {"SET", "p", "1", "EX", "50"},
            {"PERSIST", "p"}, {"PERSIST", "p"}, {"RENAME", "p", "p2"}, {"RENAMENX", "p2", "m4"}, {"RENAMENX", "p2", "p3"},
            {"COPY", "p3", "p4"}, {"COPY", "p3", "p4", "DB", "2"}, {"MOVE", "p4", "3"},
            {"LPUSH", "l", "a", "b", "c", "d", "e"}, {"RPUSH", "l", "f"}, {"LPUSHX", "nolist", "a"}, {"RPUSHX", "l", "g"},
            {"LPOP", "l"}, {"RPOP", "l", "2"}, {"LSET", "l", "0", "z"}, {"LINSERT", "l", "BEFORE", "z", "y"},
            {"LINSERT", "l", "BEFORE", "nope", "y"}, {"LREM", "l", "0", "y"}, {"LREM", "l", "0", "nope"},
            {"LMOVE", "l", "l2", "LEFT", "RIGHT"}, {"RPOPLPUSH", "l2", "l3"}, {"LMPOP", "2", "nolist", "l", "LEFT", "COUNT", "1"},
            {"LTRIM", "l", "0", "0"}, {"LTRIM", "l", "1", "0"}, {"RPUSH", "sl", "3", "1", "2"}, {"SORT", "sl", "STORE", "sorted"},
            {"SORT", "nolist", "STORE", "sorted"},
            {"SADD", "st", "a", "b", "c", "d"}, {"SADD", "st", "a"}, {"SREM", "st", "x"}, {"SREM", "st", "a"},
            {"SMOVE", "st", "st2", "b"}, {"SMOVE", "st2", "st", "b"}, {"SPOP", "st"}, {"SPOP", "st", "1"},
            {"SADD", "st3", "1"}, {"SINTERSTORE", "si", "st", "st"}, {"SUNIONSTORE", "su", "st", "st3"},
            {"SDIFFSTORE", "su", "st3", "st3"}, {"SPOP", "st", "10"},
            {"HSET", "h", "a", "1", "b", "2"}, {"HMSET", "h", "c", "3"}, {"HSETNX", "h", "a", "1"}, {"HSETNX", "h", "d", "4"},
            {"HINCRBY", "h", "a", "1"}, {"HINCRBYFLOAT", "h", "a", "0.5"}, {"HDEL", "h", "zz"}, {"HDEL", "h", "a", "b", "c", "d"},
            {"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"}, {"ZADD", "z", "1", "a"}, {"ZINCRBY", "z", "1", "a"},
            {"ZADD", "z", "INCR", "1", "a"}, {"ZREM", "z", "nope"}, {"ZREM", "z", "a"}, {"ZREMRANGEBYRANK", "z", "0", "0"},
            {"ZREMRANGEBYSCORE", "z", "3", "3"}, {"ZREMRANGEBYLEX", "z", "[d", "[d"}, {"ZADD", "z2", "1", "x", "2", "y"},
            {"ZUNIONSTORE", "zu", "2", "z", "z2"}, {"ZINTERSTORE", "zi", "2", "z", "z2"}, {"ZDIFFSTORE", "zd", "1", "z"},
            {"ZRANGESTORE", "zr", "z2", "0", "0"}, {"ZRANGESTORE", "zr", "nozset", "0", "-1"}, {"ZPOPMIN", "z2"},
            {"ZPOPMAX", "z2", "5"}, {"ZMPOP", "1", "zu", "MIN", "COUNT", "10"},
            {"GET", "r1"}, {"MGET", "r2", "n"}, {"STRLEN", "r3"}, {"GETRANGE", "r4", "0", "1"}, {"EXISTS", "r5"}, {"TYPE", "r6"},
            {"TTL", "r7"}, {"PTTL", "r7"}, {"GETBIT", "r8", "1"}, {"BITCOUNT", "r9"}, {"LLEN", "r10"}, {"LRANGE", "r11", "0", "1"},
            {"LINDEX", "r12", "0"}, {"LPOS", "r13", "a"}, {"SCARD", "r14"}, {"SMEMBERS", "r15"}, {"SISMEMBER", "r16", "a"},
            {"SINTER", "r17", "r18"}, {"SRANDMEMBER", "r19"}, {"HGET", "r20", "f"}, {"HGETALL", "r21"}, {"HLEN", "r22"},
            {"HEXISTS", "r23", "f"}, {"HMGET", "r24", "f"}, {"ZCARD", "r25"}, {"ZSCORE", "r26", "m"}, {"ZRANGE", "r27", "0", "1"},
            {"ZRANK", "r28", "m"}, {"ZCOUNT", "r29", "0", "1"}, {"SORT", "r30"}, {"OBJECT", "ENCODING", "r32"},
            {"GETEX", "r33"}, {"INCR", "r34"}, {"LPUSHX", "r35", "a"}, {"SUNION", "r36"}, {"ZUNION", "1", "r37"},
            {"HRANDFIELD", "r38"}, {"ZRANDMEMBER", "r39"}, {"SMISMEMBER", "r40", "a"}, {"ZMSCORE", "r41", "a"},
            {"MULTI"}, {"SET", "t", "1"}, {"INCR", "t"}, {"LPUSH", "tl", "x"}, {"EXEC"},
            {"SELECT", "4"}, {"SET", "other", "db"}, {"DEL", "other"}, {"SELECT", "0"},
            {"SWAPDB", "0", "1"}, {"FLUSHDB"}, {"SELECT", "1"}, {"FLUSHALL"},
    };

    private static ForklineServer forkline;
    private static Process redis;
    private static int redisPort;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        assertThat(Files.isExecutable(Path.of("/usr/bin/redis-server")))
                .as("redis-server is needed (apt-get install redis-server; ./forkline test installs it)").isTrue();
        forkline = ForklineServer.start(ServerSettings.defaults(0));
        try (ServerSocket socket = new ServerSocket(0)) {
            redisPort = socket.getLocalPort();
        }
        redis = new ProcessBuilder("/usr/bin/redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (RespConnection probe = new RespConnection(redisPort)) {
                if (probe.call("PING").equals("+PONG\r\n")) {
                    break;
                }
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.onSpinWait();
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (forkline != null) {
            forkline.close();
        }
        if (redis != null) {
            redis.destroy();
            if (!redis.waitFor(10, TimeUnit.SECONDS)) {
                redis.destroyForcibly();
            }
        }
    }

    @Test
    void everyClassOfEventMatchesRedis() throws Exception {
        List<String> expected = run(redisPort, "AKEn");
        List<String> actual = run(forkline.port(), "AKEn");
        assertThat(expected).hasSizeGreaterThan(150);
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void classesAndChannelsCanBeMasked() throws Exception {
        for (String flags : List.of("Kg", "E$", "Kl", "Es", "KEh", "Ez", "Kx", "En", "Em", "")) {
            List<String> expected = run(redisPort, flags);
            assertThat(run(forkline.port(), flags)).as("notify-keyspace-events '%s'", flags).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void configGetShowsRedisCanonicalLetters() throws Exception {
        try (RespConnection forklineConnection = new RespConnection(forkline.port());
             RespConnection redisConnection = new RespConnection(redisPort)) {
            for (String flags : List.of("gKE", "$lshzxeKE", "KA", "EA", "AKEnm", "n", "Kgm", "")) {
                assertThat(forklineConnection.call("CONFIG", "SET", "notify-keyspace-events", flags))
                        .isEqualTo(redisConnection.call("CONFIG", "SET", "notify-keyspace-events", flags));
                assertThat(forklineConnection.call("CONFIG", "GET", "notify-keyspace-events"))
                        .isEqualTo(redisConnection.call("CONFIG", "GET", "notify-keyspace-events"));
            }
            assertThat(forklineConnection.call("CONFIG", "SET", "notify-keyspace-events", "KQ"))
                    .isEqualTo(redisConnection.call("CONFIG", "SET", "notify-keyspace-events", "KQ"));
            forklineConnection.call("CONFIG", "SET", "notify-keyspace-events", "");
            redisConnection.call("CONFIG", "SET", "notify-keyspace-events", "");
        }
    }

    /** Runs the script with {@code flags} on the server at {@code port}; returns every message a '*' subscriber got. */
    private static List<String> run(int port, String flags) throws IOException {
        try (RespConnection control = new RespConnection(port); RespConnection subscriber = new RespConnection(port)) {
            control.call("FLUSHALL");
            control.call("CONFIG", "SET", "notify-keyspace-events", flags);
            subscriber.call("PSUBSCRIBE", "*");
            for (String[] command : SCRIPT) {
                String reply = control.call(command);
                assertThat(reply).as("%s on port %d", String.join(" ", command), port).doesNotStartWith("-ERR");
            }
            control.call("PUBLISH", "end-of-script", "end");
            List<String> messages = new ArrayList<>();
            while (true) {
                String message = subscriber.readReply();
                if (message.contains("end-of-script")) {
                    break;
                }
                messages.add(message);
            }
            control.call("CONFIG", "SET", "notify-keyspace-events", "");
            control.call("FLUSHALL");
            return messages;
        }
    }
}
