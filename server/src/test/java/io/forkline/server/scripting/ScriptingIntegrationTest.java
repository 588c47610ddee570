package io.forkline.server.scripting;

import io.forkline.server.RespConnection;
import io.forkline.server.ServerFixture;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** EVAL and SCRIPT against a running server: results, errors, the cache, the sandbox, and the script's effects. */
class ScriptingIntegrationTest extends ServerFixture {

    private static String sha(String script) {
        return ScriptCache.sha1Hex(script.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void runsCommandsWithKeysAndArguments() throws IOException {
        assertThat(control.call("EVAL", "return redis.call('SET', KEYS[1], ARGV[1])", "1", "k", "v")).isEqualTo("+OK\r\n");
        assertThat(control.call("GET", "k")).isEqualTo("$1\r\nv\r\n");
        assertThat(control.call("EVAL", "return {KEYS[1], KEYS[2], ARGV[1], #ARGV}", "2", "a", "b", "c", "d"))
                .isEqualTo("*4\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n:2\r\n");
        assertThat(control.call("EVAL", "return redis.call('INCRBY', 'n', 5) + redis.call('INCR', 'n')", "0"))
                .isEqualTo(":11\r\n");
    }

    @Test
    void convertsValuesBothWays() throws IOException {
        assertThat(control.call("EVAL", "return {1, 'two', 3.9, -3.9, true, false, {4}}", "0"))
                .isEqualTo("*7\r\n:1\r\n$3\r\ntwo\r\n:3\r\n:-3\r\n:1\r\n$-1\r\n*1\r\n:4\r\n");
        assertThat(control.call("EVAL", "return {1, nil, 3}", "0")).isEqualTo("*1\r\n:1\r\n");
        assertThat(control.call("EVAL", "return redis.call('GET', 'missing') == false", "0")).isEqualTo(":1\r\n");
        assertThat(control.call("EVAL", "return redis.call('PING')", "0")).isEqualTo("+PONG\r\n");
        assertThat(control.call("EVAL", "return redis.call('PING').ok", "0")).isEqualTo("$4\r\nPONG\r\n");
        assertThat(control.call("EVAL", "return redis.status_reply('FINE')", "0")).isEqualTo("+FINE\r\n");
        assertThat(control.call("EVAL", "return redis.error_reply('MY error')", "0")).isEqualTo("-MY error\r\n");
        assertThat(control.call("EVAL", "return redis.error_reply('oops')", "0")).isEqualTo("-ERR oops\r\n");
        assertThat(control.call("EVAL", "return redis.call('SET', 'f', 0.1) and redis.call('GET', 'f')", "0"))
                .isEqualTo("$19\r\n0.10000000000000001\r\n");
        control.call("HSET", "h", "a", "1");
        assertThat(control.call("EVAL", "return redis.call('HGETALL', 'h')", "0")).isEqualTo("*2\r\n$1\r\na\r\n$1\r\n1\r\n");
        assertThat(control.call("EVAL", "redis.setresp(3); return redis.call('HGETALL', 'h').map.a", "0")).isEqualTo("$1\r\n1\r\n");
        assertThat(control.call("EVAL", "return redis.sha1hex('')", "0"))
                .isEqualTo("$40\r\nda39a3ee5e6b4b0d3255bfef95601890afd80709\r\n");
    }

    @Test
    void errorsNameTheScriptAndLine() throws IOException {
        control.call("SET", "s", "text");
        String incr = "local x = 1\nreturn redis.call('INCR', 's')";
        assertThat(control.call("EVAL", incr, "0"))
                .isEqualTo("-ERR value is not an integer or out of range script: " + sha(incr) + ", on @user_script:2.\r\n");
        assertThat(control.call("EVAL", "return redis.pcall('INCR', 's')", "0"))
                .isEqualTo("-ERR value is not an integer or out of range\r\n");
        String boom = "error('boom')";
        assertThat(control.call("EVAL", boom, "0"))
                .isEqualTo("-ERR user_script:1: boom script: " + sha(boom) + ", on @user_script:1.\r\n");
        String unknown = "return redis.call('nosuch')";
        assertThat(control.call("EVAL", unknown, "0"))
                .isEqualTo("-ERR Unknown Redis command called from script script: " + sha(unknown) + ", on @user_script:1.\r\n");
        assertThat(control.call("EVAL", "return redis.call('GET')", "0")).startsWith("-ERR Wrong number of args calling Redis command from script");
        assertThat(control.call("EVAL", "return redis.call('MULTI')", "0")).startsWith("-ERR This Redis command is not allowed from script");
        assertThat(control.call("EVAL", "return redis.call('GET', {})", "0"))
                .startsWith("-ERR Lua redis lib command arguments must be strings or integers");
        assertThat(control.call("EVAL", "return 1 +", "0")).startsWith("-ERR Error compiling script (new function): user_script:1:");
        assertThat(control.call("EVAL", "return 1", "2", "a")).isEqualTo("-ERR Number of keys can't be greater than number of args\r\n");
        assertThat(control.call("EVAL", "return 1", "-1")).isEqualTo("-ERR Number of keys can't be negative\r\n");
        assertThat(control.call("EVAL", "return 1", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
    }

    @Test
    void globalsAreReadOnly() throws IOException {
        assertThat(control.call("EVAL", "a = 1", "0")).contains("Attempt to modify a readonly table");
        assertThat(control.call("EVAL", "redis.call = nil", "0")).contains("Attempt to modify a readonly table");
        assertThat(control.call("EVAL", "string.len = nil", "0")).contains("Attempt to modify a readonly table");
        assertThat(control.call("EVAL", "rawset(_G, 'a', 1)", "0")).contains("Attempt to modify a readonly table");
        assertThat(control.call("EVAL", "setmetatable(_G, {})", "0")).startsWith("-ERR Attempt to modify a readonly table");
        assertThat(control.call("EVAL", "return undefined_thing", "0"))
                .contains("Script attempted to access nonexistent global variable 'undefined_thing'");
        assertThat(control.call("EVAL", "return KEYS[1]", "1", "k")).isEqualTo("$1\r\nk\r\n");
        assertThat(control.call("EVAL", "return KEYS[1]", "0")).isEqualTo("$-1\r\n");   // each run gets its own KEYS
        assertThat(control.call("EVAL", "local t = {} t.x = 1 return t.x", "0")).isEqualTo(":1\r\n");   // own tables are free
        assertThat(control.call("EVAL", "return loadstring('return 7')()", "0")).isEqualTo(":7\r\n");
        assertThat(control.call("EVAL", "return unpack({1, 2})", "0")).isEqualTo(":1\r\n");
    }

    @Test
    void scriptCacheAndEvalsha() throws IOException {
        String body = "return 'cached'";
        assertThat(control.call("SCRIPT", "LOAD", body)).isEqualTo("$40\r\n" + sha(body) + "\r\n");
        assertThat(control.call("EVALSHA", sha(body), "0")).isEqualTo("$6\r\ncached\r\n");
        assertThat(control.call("EVALSHA", sha(body).toUpperCase(), "0")).isEqualTo("$6\r\ncached\r\n");
        assertThat(control.call("SCRIPT", "EXISTS", sha(body), "ffff")).isEqualTo("*2\r\n:1\r\n:0\r\n");
        assertThat(control.call("SCRIPT", "FLUSH", "nonsense")).isEqualTo("-ERR SCRIPT FLUSH only support SYNC|ASYNC option\r\n");
        assertThat(control.call("SCRIPT", "FLUSH", "ASYNC")).isEqualTo("+OK\r\n");
        assertThat(control.call("EVALSHA", sha(body), "0")).isEqualTo("-NOSCRIPT No matching script. Please use EVAL.\r\n");
        control.call("EVAL", body, "0");   // EVAL caches too
        assertThat(control.call("EVALSHA", sha(body), "0")).isEqualTo("$6\r\ncached\r\n");
        assertThat(control.call("SCRIPT", "KILL")).isEqualTo("-NOTBUSY No scripts in execution right now.\r\n");
        assertThat(control.call("INFO", "memory")).contains("number_of_cached_scripts:1\r\n");
    }

    @Test
    void readOnlyScripts() throws IOException {
        assertThat(control.call("EVAL_RO", "return redis.call('INCR', 'ro')", "0"))
                .startsWith("-ERR Write commands are not allowed from read-only scripts.");
        control.call("SET", "ro", "1");
        assertThat(control.call("EVAL_RO", "return redis.call('GET', 'ro')", "0")).isEqualTo("$1\r\n1\r\n");
        assertThat(control.call("EVAL", "#!lua flags=no-writes\nreturn redis.call('INCR', 'ro')", "0"))
                .startsWith("-ERR Write commands are not allowed from read-only scripts.");
        assertThat(control.call("EVAL_RO", "#!lua\nreturn 1", "0"))
                .isEqualTo("-ERR Can not execute a script with write flag using *_ro command.\r\n");
        assertThat(control.call("EVAL", "#!lua flags=bogus\nreturn 1", "0")).isEqualTo("-ERR Unexpected flag in script shebang: bogus\r\n");
        assertThat(control.call("EVAL", "#!python\nreturn 1", "0")).isEqualTo("-ERR Unexpected engine in script shebang: #!python\r\n");
        assertThat(control.call("EVAL", "#!lua\nreturn redis.call('INCR', 'ro')", "0")).isEqualTo(":2\r\n");
        String lineTwo = "#!lua\nerror('here')";
        assertThat(control.call("EVAL", lineTwo, "0")).contains("user_script:2: here");   // the #! line keeps its number
    }

    @Test
    void selectInsideAScriptLeavesTheCallerWhereItWas() throws IOException {
        assertThat(control.call("EVAL", "redis.call('SELECT', 3); return redis.call('SET', 'in3', 'x')", "0")).isEqualTo("+OK\r\n");
        assertThat(control.call("EXISTS", "in3")).isEqualTo(":0\r\n");
        control.call("SELECT", "3");
        assertThat(control.call("GET", "in3")).isEqualTo("$1\r\nx\r\n");
    }

    @Test
    void aScriptsWriteBreaksWatchAndWakesBlockedClients() throws IOException, InterruptedException {
        try (RespConnection watcher = connect(); RespConnection waiter = connect()) {
            watcher.call("WATCH", "w");
            control.call("EVAL", "return redis.call('SET', 'w', 1)", "0");
            watcher.call("MULTI");
            watcher.call("GET", "w");
            assertThat(watcher.call("EXEC")).isEqualTo("*-1\r\n");

            waiter.send("BLPOP", "queue", "0");
            awaitBlocked(1);
            control.call("EVAL", "redis.call('RPUSH', 'queue', 'a'); return redis.call('RPUSH', 'queue', 'b')", "0");
            assertThat(waiter.readReply()).isEqualTo("*2\r\n$5\r\nqueue\r\n$1\r\na\r\n");
            assertThat(control.call("LRANGE", "queue", "0", "-1")).isEqualTo("*1\r\n$1\r\nb\r\n");
        }
    }

    @Test
    void commandsInScriptsAreCounted() throws IOException {
        control.call("CONFIG", "RESETSTAT");
        control.call("EVAL", "redis.call('SET', 'c', 1); redis.call('INCR', 'c'); return redis.pcall('HGET', 'c', 'x')", "0");
        String stats = control.call("INFO", "commandstats");
        assertThat(stats).contains("cmdstat_set:calls=1,").contains("cmdstat_incr:calls=1,").contains("cmdstat_eval:calls=1,")
                .contains("cmdstat_hget:calls=1,").contains("failed_calls=1");
    }

    @Test
    void evalInsideMultiRunsAtExec() throws IOException {
        control.call("MULTI");
        assertThat(control.call("EVAL", "return redis.call('INCR', 'm')", "0")).isEqualTo("+QUEUED\r\n");
        assertThat(control.call("EVAL", "return redis.call('INCR', 'm')", "0")).isEqualTo("+QUEUED\r\n");
        assertThat(control.call("EXEC")).isEqualTo("*2\r\n:1\r\n:2\r\n");
    }

    /** As Redis: a script that reads makes its declared keys tracked for the caller; one that only writes, none. */
    @Test
    void clientSideCachingTracksTheKeysAScriptDeclares() throws IOException {
        try (RespConnection tracked = connect(); RespConnection writer = connect()) {
            tracked.call("HELLO", "3");
            assertThat(tracked.call("CLIENT", "TRACKING", "on")).isEqualTo("+OK\r\n");
            tracked.call("EVAL", "redis.call('SET', 'inner', 'x')", "2", "k1", "k2");   // writes only: nothing tracked
            writer.call("MSET", "k1", "1", "k2", "1");
            tracked.call("EVAL", "redis.call('GET', 'inner')", "2", "k1", "k2");   // a read: k1 and k2, not inner
            writer.call("SET", "inner", "y");
            writer.call("MSET", "k2", "2", "k1", "2");
            assertThat(tracked.readReply()).isEqualTo(">2\r\n$10\r\ninvalidate\r\n*1\r\n$2\r\nk2\r\n");
            assertThat(tracked.readReply()).isEqualTo(">2\r\n$10\r\ninvalidate\r\n*1\r\n$2\r\nk1\r\n");
            tracked.call("EVAL_RO", "return redis.call('PING')", "1", "k1");   // EVAL_RO itself tracks nothing
            writer.call("SET", "k1", "3");
            assertThat(tracked.call("PING")).isEqualTo("+PONG\r\n");   // no invalidation came before the reply
        }
    }

    private void awaitBlocked(int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!control.call("INFO", "clients").contains("blocked_clients:" + count + "\r\n")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no client blocked");
            }
            Thread.sleep(5);
        }
    }
}
