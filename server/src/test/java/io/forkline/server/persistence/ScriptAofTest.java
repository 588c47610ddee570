package io.forkline.server.persistence;

import io.forkline.server.ForklineServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What scripts leave in the AOF: their commands' effects, not EVAL (so EVALSHA and SCRIPT FLUSH cannot break a
 * replay), wrapped in MULTI/EXEC when there are several, whole even for a script that ran past
 * busy-reply-threshold; nothing for redis.set_repl(redis.REPL_NONE). forkline replays it after a restart, and
 * Debian's redis-server 7.0.15 (on a free loopback port, stopped by the test) loads it to the same data.
 */
class ScriptAofTest {

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
    void scriptEffectsAreJournaledWholeAndReplay() throws Exception {
        ForklineServer server = opened.keep(Servers.start(dir, "--save", "", "--appendonly", "yes", "--appendfsync", "always",
                "--busy-reply-threshold", "20"));
        Map<String, String> expected;
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            jedis.eval("redis.call('SET', 'one', 'only')");   // one write: no MULTI
            jedis.eval("redis.call('INCR', 'n') redis.call('RPUSH', 'l', 'a', 'b') redis.call('SELECT', 2) "
                    + "redis.call('SET', 'in2', math.random())", 0);   // math.random: the effect carries the value
            jedis.eval("redis.set_repl(redis.REPL_NONE) redis.call('SET', 'unlogged', 1)");
            jedis.eval("local r = redis.call('SPOP', 'noset') return redis.call('GET', 'one')");   // reads only
            // past the threshold: its calls go through the ring; its effects still land as one block
            Object n = jedis.eval("""
                    local function now() local t = redis.call('TIME') return t[1] * 1000000 + t[2] end
                    local start = now()
                    local n = 0
                    while now() - start < 100000 do redis.call('INCR', 'slow') n = n + 1 end
                    redis.call('SET', 'slow-done', n)
                    return n""");
            assertThat((Long) n).isPositive();
            jedis.del("unlogged");
            jedis.set("unlogged", "logged now");
            expected = DatasetDigest.of(jedis, 16);
        }
        server.close();
        String incr = Files.readString(dir.resolve("appendonlydir").resolve("appendonly.aof.1.incr.aof"));
        assertThat(incr).doesNotContain("EVAL").doesNotContain("$8\r\nunlogged\r\n$1\r\n1\r\n");
        int one = incr.indexOf("*3\r\n$3\r\nSET\r\n$3\r\none\r\n$4\r\nonly\r\n");
        assertThat(one).isPositive();
        assertThat(incr.substring(0, one)).doesNotEndWith("MULTI\r\n");
        assertThat(incr).contains("*1\r\n$5\r\nMULTI\r\n*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n*4\r\n$5\r\nRPUSH\r\n");
        int slowMulti = incr.indexOf("*1\r\n$5\r\nMULTI\r\n*2\r\n$4\r\nINCR\r\n$4\r\nslow\r\n");
        assertThat(slowMulti).isPositive();
        assertThat(incr.indexOf("slow-done", slowMulti)).isLessThan(incr.indexOf("*1\r\n$4\r\nEXEC\r\n", slowMulti));

        ForklineServer again = opened.keep(Servers.start(dir, "--save", "", "--appendonly", "yes"));
        try (Jedis jedis = new Jedis("127.0.0.1", again.port())) {
            assertThat(DatasetDigest.of(jedis, 16)).isEqualTo(expected);
        }
        again.close();

        DebianRedis.copyAppendOnlyDir(dir, redisDir);
        Jedis redis = opened.keep(DebianRedis.start(redisDir, "--appendonly", "yes", "--aof-load-truncated", "no")).jedis();
        assertThat(DatasetDigest.of(redis, 16)).isEqualTo(expected);
        assertThat(List.of(redis.get("one"), redis.get("slow-done"))).doesNotContainNull();
    }
}
