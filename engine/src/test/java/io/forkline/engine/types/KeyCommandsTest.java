package io.forkline.engine.types;

import io.forkline.engine.EngineTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.forkline.engine.EngineTester.NIL;
import static io.forkline.engine.EngineTester.OK;
import static io.forkline.engine.EngineTester.array;
import static io.forkline.engine.EngineTester.bulk;
import static io.forkline.engine.EngineTester.command;
import static io.forkline.engine.EngineTester.error;
import static io.forkline.engine.EngineTester.integer;
import static org.assertj.core.api.Assertions.assertThat;

/** Replies and effects of the generic key commands, as Redis 7.0 gives them. */
class KeyCommandsTest {

    private final EngineTester t = new EngineTester();

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void delExistsTypeTouch() {
        t.call("MSET", "a", "1", "b", "2");
        assertThat(t.call("EXISTS", "a", "a", "nope")).isEqualTo(integer(2));
        assertThat(t.call("TYPE", "a")).isEqualTo("+string\r\n");
        assertThat(t.call("TYPE", "nope")).isEqualTo("+none\r\n");
        assertThat(t.call("TOUCH", "a", "nope")).isEqualTo(integer(1));
        assertThat(t.call("DEL", "a", "b", "c")).isEqualTo(integer(2));
        assertThat(t.effects()).isEqualTo(command("DEL", "a", "b", "c"));
        assertThat(t.call("DEL", "a")).isEqualTo(integer(0));
        assertThat(t.effects()).isEmpty();
        assertThat(t.call("UNLINK", "a")).isEqualTo(integer(0));
        assertThat(t.call("DEL")).isEqualTo(error("ERR wrong number of arguments for 'del' command"));
    }

    @Test
    void expireFamilyPropagatesPexpireatAndHonoursFlags() {
        long now = t.clock.millis();
        assertThat(t.call("EXPIRE", "k", "10")).isEqualTo(integer(0));
        t.call("SET", "k", "v");
        assertThat(t.call("TTL", "k")).isEqualTo(integer(-1));
        assertThat(t.call("EXPIRE", "k", "10", "XX")).isEqualTo(integer(0));
        assertThat(t.call("EXPIRE", "k", "10", "GT")).isEqualTo(integer(0));
        assertThat(t.call("EXPIRE", "k", "10", "NX")).isEqualTo(integer(1));
        assertThat(t.effects()).isEqualTo(command("PEXPIREAT", "k", Long.toString(now + 10_000)));
        assertThat(t.call("EXPIRE", "k", "20", "NX")).isEqualTo(integer(0));
        assertThat(t.call("EXPIRE", "k", "5", "GT")).isEqualTo(integer(0));
        assertThat(t.call("EXPIRE", "k", "20", "GT")).isEqualTo(integer(1));
        assertThat(t.call("EXPIRE", "k", "30", "LT")).isEqualTo(integer(0));
        assertThat(t.call("PEXPIRE", "k", "15000", "LT")).isEqualTo(integer(1));
        assertThat(t.call("TTL", "k")).isEqualTo(integer(15));
        assertThat(t.call("PTTL", "k")).isEqualTo(integer(15_000));
        assertThat(t.call("PEXPIRETIME", "k")).isEqualTo(integer(now + 15_000));
        assertThat(t.call("EXPIRETIME", "k")).isEqualTo(integer((now + 15_000) / 1000));
        assertThat(t.call("EXPIREAT", "k", Long.toString(now / 1000 + 100))).isEqualTo(integer(1));
        assertThat(t.effects()).isEqualTo(command("PEXPIREAT", "k", Long.toString((now / 1000 + 100) * 1000)));
        assertThat(t.call("PERSIST", "k")).isEqualTo(integer(1));
        assertThat(t.call("PERSIST", "k")).isEqualTo(integer(0));
        assertThat(t.call("TTL", "k")).isEqualTo(integer(-1));
        assertThat(t.call("TTL", "nope")).isEqualTo(integer(-2));
        assertThat(t.call("EXPIRE", "k", "10", "NX", "XX"))
                .isEqualTo(error("ERR NX and XX, GT or LT options at the same time are not compatible"));
        assertThat(t.call("EXPIRE", "k", "10", "GT", "LT"))
                .isEqualTo(error("ERR GT and LT options at the same time are not compatible"));
        assertThat(t.call("EXPIRE", "k", "10", "YY")).isEqualTo(error("ERR Unsupported option YY"));
        assertThat(t.call("EXPIRE", "k", "ten")).isEqualTo(error("ERR value is not an integer or out of range"));
        assertThat(t.call("EXPIRE", "k", "9223372036854775807"))
                .isEqualTo(error("ERR invalid expire time in 'expire' command"));
    }

    @Test
    void anExpireInThePastDeletesAndPropagatesDel() {
        t.call("SET", "k", "v");
        assertThat(t.call("EXPIRE", "k", "-1")).isEqualTo(integer(1));
        assertThat(t.effects()).isEqualTo(command("DEL", "k"));
        assertThat(t.call("EXISTS", "k")).isEqualTo(integer(0));
    }

    @Test
    void whileLoadingNothingExpiresAndAPastExpireIsKept() {
        long past = t.clock.millis() - 1000;
        t.engine.keyspace().loading(true);
        assertThat(t.call("SET", "k", "v", "PXAT", Long.toString(past))).isEqualTo(OK);
        assertThat(t.call("APPEND", "k", "x")).isEqualTo(integer(2));   // the key is alive during a replay
        t.call("SET", "e", "v");
        assertThat(t.call("PEXPIREAT", "e", Long.toString(past))).isEqualTo(integer(1));
        assertThat(t.effects()).isEqualTo(command("PEXPIREAT", "e", Long.toString(past)));
        assertThat(t.call("GETEX", "k", "PXAT", Long.toString(past))).isEqualTo(bulk("vx"));
        assertThat(t.call("DBSIZE")).isEqualTo(integer(2));
        assertThat(t.engine.keyspace().activeExpireCycle(t.clock.millis(), 1_000_000_000L, new java.util.SplittableRandom(1))).isZero();
        t.engine.keyspace().loading(false);
        assertThat(t.call("EXISTS", "k", "e")).isEqualTo(integer(0));   // expired at the first lookup after the load
    }

    @Test
    void keysAndScanSeeEveryLiveKeyOnce() {
        for (int i = 0; i < 500; i++) {
            t.call("SET", "key:" + i, "v");
        }
        t.call("SET", "other", "v");
        t.call("PEXPIRE", "key:7", "1");
        t.clock.advance(5);
        String keys = t.call("KEYS", "key:*");
        assertThat(keys).startsWith("*499\r\n").doesNotContain("other").doesNotContain("$5\r\nkey:7\r\n");
        assertThat(t.call("KEYS", "key:1?")).startsWith("*10\r\n");
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        Pattern element = Pattern.compile("\\$\\d+\r\n([^\r]*)\r\n");
        int calls = 0;
        do {
            String reply = t.call("SCAN", cursor, "MATCH", "key:*", "COUNT", "20");
            Matcher m = element.matcher(reply);
            m.find();
            cursor = m.group(1);
            while (m.find()) {
                seen.add(m.group(1));
            }
            calls++;
        } while (!cursor.equals("0"));
        assertThat(seen).hasSize(499).doesNotContain("other", "key:7");
        assertThat(calls).isGreaterThan(5);
        assertThat(t.call("SCAN", "0", "TYPE", "list", "COUNT", "1000")).isEqualTo("*2\r\n$1\r\n0\r\n*0\r\n");
        assertThat(t.call("SCAN", "0", "TYPE", "string", "COUNT", "1000")).startsWith("*2\r\n$1\r\n0\r\n*500\r\n");
        assertThat(t.call("SCAN", "x")).isEqualTo(error("ERR invalid cursor"));
        assertThat(t.call("SCAN", "0", "COUNT", "0")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("SCAN", "0", "MATCH")).isEqualTo(error("ERR syntax error"));
    }

    @Test
    void renameCopyMoveRandomkey() {
        assertThat(t.call("RANDOMKEY")).isEqualTo(NIL);
        assertThat(t.call("RENAME", "a", "b")).isEqualTo(error("ERR no such key"));
        t.call("SET", "a", "1");
        t.call("PEXPIRE", "a", "5000");
        assertThat(t.call("RANDOMKEY")).isEqualTo(bulk("a"));
        assertThat(t.call("RENAME", "a", "a")).isEqualTo(OK);
        assertThat(t.call("RENAME", "a", "b")).isEqualTo(OK);
        assertThat(t.call("PTTL", "b")).isEqualTo(integer(5000));
        t.call("SET", "c", "3");
        assertThat(t.call("RENAMENX", "b", "c")).isEqualTo(integer(0));
        assertThat(t.call("RENAMENX", "b", "d")).isEqualTo(integer(1));
        assertThat(t.call("COPY", "d", "e")).isEqualTo(integer(1));
        assertThat(t.call("GET", "e")).isEqualTo(bulk("1"));
        assertThat(t.call("PTTL", "e")).isEqualTo(integer(5000));
        assertThat(t.call("COPY", "d", "c")).isEqualTo(integer(0));
        assertThat(t.call("COPY", "d", "c", "REPLACE")).isEqualTo(integer(1));
        assertThat(t.call("COPY", "d", "d")).isEqualTo(error("ERR source and destination objects are the same"));
        assertThat(t.call("COPY", "d", "x", "DB", "99")).isEqualTo(error("ERR DB index is out of range"));
        assertThat(t.call("COPY", "d", "d", "DB", "1")).isEqualTo(integer(1));
        assertThat(t.call("MOVE", "c", "1")).isEqualTo(integer(1));
        assertThat(t.call("MOVE", "e", "1")).isEqualTo(integer(1));
        assertThat(t.call("EXISTS", "c", "e")).isEqualTo(integer(0));
        assertThat(t.call("MOVE", "d", "1")).isEqualTo(integer(0));   // d is in db 1 already (COPY ... DB 1)
        assertThat(t.call("MOVE", "d", "0")).isEqualTo(error("ERR source and destination objects are the same"));
        assertThat(t.call("MOVE", "d", "16")).isEqualTo(error("ERR DB index is out of range"));
        t.select(1);
        assertThat(t.call("DBSIZE")).isEqualTo(integer(3));
        assertThat(t.call("GET", "c")).isEqualTo(bulk("1"));
        assertThat(t.call("PTTL", "e")).isEqualTo(integer(5000));
    }

    @Test
    void objectAndMemoryIntrospection() {
        t.call("SET", "n", "123");
        t.call("SET", "big", "123456");
        t.call("SET", "e", "short");
        t.call("SET", "r", "x".repeat(45));
        assertThat(t.call("OBJECT", "ENCODING", "n")).isEqualTo(bulk("int"));
        assertThat(t.call("OBJECT", "ENCODING", "e")).isEqualTo(bulk("embstr"));
        assertThat(t.call("OBJECT", "ENCODING", "r")).isEqualTo(bulk("raw"));
        assertThat(t.call("OBJECT", "ENCODING", "missing")).isEqualTo(NIL);
        assertThat(t.call("OBJECT", "REFCOUNT", "n")).isEqualTo(integer(Integer.MAX_VALUE));
        assertThat(t.call("OBJECT", "REFCOUNT", "big")).isEqualTo(integer(1));
        t.clock.advance(10_000);
        assertThat(t.call("OBJECT", "IDLETIME", "e")).isEqualTo(integer(10));
        t.call("TTL", "e");   // as Redis's LOOKUP_NOTOUCH: these do not count as an access
        t.call("TYPE", "e");
        t.call("EXISTS", "e");
        assertThat(t.call("OBJECT", "IDLETIME", "e")).isEqualTo(integer(10));
        assertThat(t.call("TOUCH", "e", "missing")).isEqualTo(integer(1));   // TOUCH does count as one
        assertThat(t.call("OBJECT", "IDLETIME", "e")).isEqualTo(integer(0));
        t.clock.advance(10_000);
        t.call("GET", "e");
        assertThat(t.call("OBJECT", "IDLETIME", "e")).isEqualTo(integer(0));
        assertThat(t.call("OBJECT", "FREQ", "e")).startsWith("-ERR An LFU maxmemory policy is not selected");
        assertThat(t.call("OBJECT", "NOPE", "e")).isEqualTo(error("ERR unknown subcommand 'NOPE'. Try OBJECT HELP."));
        assertThat(t.call("OBJECT", "ENCODING")).isEqualTo(error("ERR wrong number of arguments for 'object|encoding' command"));
        assertThat(t.call("OBJECT")).isEqualTo(error("ERR wrong number of arguments for 'object' command"));
        String usage = t.call("MEMORY", "USAGE", "r");
        assertThat(Long.parseLong(usage.substring(1, usage.length() - 2))).isBetween(45L + 16, 200L);
        assertThat(t.call("MEMORY", "USAGE", "missing")).isEqualTo(NIL);
    }

    @Test
    void databasesFlushAndSwap() {
        t.call("SET", "a", "0");
        t.select(2);
        t.call("SET", "b", "2");
        assertThat(t.call("SWAPDB", "0", "2")).isEqualTo(OK);
        assertThat(t.call("GET", "a")).isEqualTo(bulk("0"));
        assertThat(t.call("SWAPDB", "0", "x")).isEqualTo(error("ERR invalid second DB index"));
        assertThat(t.call("SWAPDB", "0", "16")).isEqualTo(error("ERR DB index is out of range"));
        assertThat(t.call("FLUSHDB", "BAD")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("FLUSHDB")).isEqualTo(OK);
        assertThat(t.call("DBSIZE")).isEqualTo(integer(0));
        t.select(0);
        assertThat(t.call("DBSIZE")).isEqualTo(integer(1));
        assertThat(t.call("FLUSHALL", "ASYNC")).isEqualTo(OK);
        assertThat(t.call("DBSIZE")).isEqualTo(integer(0));
        assertThat(t.call("MGET", "a", "b")).isEqualTo(array(NIL, NIL));
    }
}
