package io.forkline.engine.types;

import io.forkline.engine.EngineTester;
import io.forkline.engine.command.EngineConfig;
import io.forkline.pages.PageSize;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.forkline.engine.EngineTester.NIL;
import static io.forkline.engine.EngineTester.OK;
import static io.forkline.engine.EngineTester.WRONGTYPE;
import static io.forkline.engine.EngineTester.array;
import static io.forkline.engine.EngineTester.bulk;
import static io.forkline.engine.EngineTester.command;
import static io.forkline.engine.EngineTester.error;
import static io.forkline.engine.EngineTester.integer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replies and effects of the single-key sorted-set commands (ZADD, ZINCRBY, ZREM, ZCARD, ZSCORE, ZMSCORE, ZRANK,
 * ZREVRANK, ZCOUNT, ZLEXCOUNT, ZREMRANGEBY*, ZRANDMEMBER, ZSCAN) as Redis 7.0.15 gives them: each expected reply
 * here was checked against a real redis-server 7.0.
 */
class SortedSetCommandsTest {

    static final String EMPTY = "*0\r\n";

    private final EngineTester t = new EngineTester();

    @AfterEach
    void close() {
        t.close();
    }

    /** A RESP3 double. */
    static String dbl(String text) {
        return "," + text + "\r\n";
    }

    /** An array of bulk strings. */
    static String bulks(String... values) {
        return array(Arrays.stream(values).map(EngineTester::bulk).toArray(String[]::new));
    }

    private String encoding(String key) {
        return t.call("OBJECT", "ENCODING", key);
    }

    // ---------------------------------------------------------------------------------------------
    // ZADD

    @Test
    void zaddAddsAndUpdatesAndCountsWhatItAdded() {
        assertThat(t.call("ZADD", "z", "1", "a", "2", "b", "3", "c")).isEqualTo(integer(3));
        assertThat(t.effects()).isEqualTo(command("ZADD", "z", "1", "a", "2", "b", "3", "c"));
        assertThat(t.call("ZADD", "z", "1", "a")).isEqualTo(integer(0));
        assertThat(t.effects()).isEmpty();   // nothing changed, nothing propagated
        assertThat(t.call("ZADD", "z", "CH", "5", "a", "2", "b", "9", "d")).isEqualTo(integer(2));
        assertThat(t.call("ZRANGE", "z", "0", "-1", "WITHSCORES")).isEqualTo(bulks("b", "2", "c", "3", "a", "5", "d", "9"));
        assertThat(t.call("ZADD", "z", "1", "x", "2", "x")).isEqualTo(integer(1));   // added, then updated
        assertThat(t.call("ZSCORE", "z", "x")).isEqualTo(bulk("2"));
        assertThat(encoding("z")).isEqualTo(bulk("listpack"));
    }

    @Test
    void zaddOptions() {
        t.call("ZADD", "z", "1", "a", "2", "b", "3", "c", "9", "d");
        assertThat(t.call("ZADD", "z", "NX", "100", "a", "7", "e")).isEqualTo(integer(1));
        assertThat(t.call("ZSCORE", "z", "a")).isEqualTo(bulk("1"));
        assertThat(t.call("ZADD", "z", "XX", "100", "a", "7", "f")).isEqualTo(integer(0));
        assertThat(t.call("ZSCORE", "z", "f")).isEqualTo(NIL);
        assertThat(t.call("ZADD", "z", "xx", "ch", "101", "a", "7", "f")).isEqualTo(integer(1));
        assertThat(t.call("ZADD", "z", "GT", "CH", "50", "a", "4", "c")).isEqualTo(integer(1));
        assertThat(t.call("ZSCORE", "z", "a")).isEqualTo(bulk("101"));
        assertThat(t.call("ZSCORE", "z", "c")).isEqualTo(bulk("4"));
        assertThat(t.call("ZADD", "z", "LT", "CH", "200", "a", "1", "c")).isEqualTo(integer(1));
        assertThat(t.call("ZSCORE", "z", "c")).isEqualTo(bulk("1"));
        assertThat(t.call("ZADD", "z", "GT", "XX", "CH", "300", "a", "0", "b", "5", "new")).isEqualTo(integer(1));
        assertThat(t.call("ZSCORE", "z", "new")).isEqualTo(NIL);
        assertThat(t.call("ZADD", "z", "GT", "1", "brandnew")).isEqualTo(integer(1));   // GT and LT let new members in
    }

    @Test
    void zaddIncr() {
        t.call("ZADD", "z", "300", "a");
        assertThat(t.call("ZADD", "z", "INCR", "5", "a")).isEqualTo(bulk("305"));
        assertThat(t.effects()).isEqualTo(command("ZADD", "z", "INCR", "5", "a"));
        assertThat(t.call("ZADD", "z", "INCR", "NX", "5", "a")).isEqualTo(NIL);
        assertThat(t.call("ZADD", "z", "INCR", "XX", "5", "zz")).isEqualTo(NIL);
        assertThat(t.call("ZADD", "z", "INCR", "GT", "-1", "a")).isEqualTo(NIL);
        assertThat(t.call("ZADD", "z", "INCR", "LT", "-1", "a")).isEqualTo(bulk("304"));
        assertThat(t.call("ZADD", "z", "INCR", "0", "a")).isEqualTo(bulk("304"));
        assertThat(t.effects()).isEmpty();
        assertThat(t.call("ZADD", "z", "INCR", "1.5", "b")).isEqualTo(bulk("1.5"));
    }

    @Test
    void zaddOnAMissingKeyWithXxCreatesNothing() {
        assertThat(t.call("ZADD", "nokey", "XX", "1", "a")).isEqualTo(integer(0));
        assertThat(t.call("ZADD", "nokey", "XX", "INCR", "1", "a")).isEqualTo(NIL);
        assertThat(t.call("EXISTS", "nokey")).isEqualTo(integer(0));
    }

    @Test
    void zaddErrors() {
        t.call("ZADD", "z", "1", "a");
        assertThat(t.call("ZADD", "z", "NX", "XX", "1", "a")).isEqualTo(error("ERR XX and NX options at the same time are not compatible"));
        assertThat(t.call("ZADD", "z", "GT", "LT", "1", "a")).isEqualTo(error("ERR GT, LT, and/or NX options at the same time are not compatible"));
        assertThat(t.call("ZADD", "z", "GT", "NX", "1", "a")).isEqualTo(error("ERR GT, LT, and/or NX options at the same time are not compatible"));
        assertThat(t.call("ZADD", "z", "LT", "NX", "1", "a")).isEqualTo(error("ERR GT, LT, and/or NX options at the same time are not compatible"));
        assertThat(t.call("ZADD", "z", "INCR", "1", "a", "2", "b")).isEqualTo(error("ERR INCR option supports a single increment-element pair"));
        assertThat(t.call("ZADD", "z", "1")).isEqualTo(error("ERR wrong number of arguments for 'zadd' command"));
        assertThat(t.call("ZADD", "z", "1", "a", "2")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("ZADD", "z", "NX", "1")).isEqualTo(error("ERR syntax error"));
        for (String notAScore : new String[] {"abc", "1e400", "nan", " 1", "1 ", ""}) {
            assertThat(t.call("ZADD", "z", notAScore, "a")).as(notAScore).isEqualTo(error("ERR value is not a valid float"));
        }
        assertThat(t.call("ZADD", "z", "1", "a", "x", "b")).isEqualTo(error("ERR value is not a valid float"));
        assertThat(t.call("ZCARD", "z")).isEqualTo(integer(1));   // a bad score anywhere changes nothing
        t.call("SET", "s", "v");
        assertThat(t.call("ZADD", "s", "1", "a")).isEqualTo(WRONGTYPE);
        assertThat(t.call("ZADD", "s", "x", "a")).isEqualTo(error("ERR value is not a valid float"));   // scores first
    }

    @Test
    void zaddReadsScoresAsStrtodDoes() {
        assertThat(t.call("ZADD", "z", "0x10", "hex", "inf", "pinf", "-inf", "ninf", "+1.5e1", "e", ".5", "half")).isEqualTo(integer(5));
        assertThat(t.call("ZRANGE", "z", "0", "-1", "WITHSCORES"))
                .isEqualTo(bulks("ninf", "-inf", "half", "0.5", "e", "15", "hex", "16", "pinf", "inf"));
    }

    @Test
    void zaddRefusesAnIncrementThatMakesNaN() {
        t.call("ZADD", "z", "inf", "a");
        assertThat(t.call("ZADD", "z", "INCR", "-inf", "a")).isEqualTo(error("ERR resulting score is not a number (NaN)"));
        assertThat(t.effects()).isEmpty();
        assertThat(t.call("ZINCRBY", "z", "-inf", "a")).isEqualTo(error("ERR resulting score is not a number (NaN)"));
        assertThat(t.call("ZSCORE", "z", "a")).isEqualTo(bulk("inf"));
        assertThat(t.call("ZADD", "z", "INCR", "NX", "-inf", "a")).isEqualTo(NIL);   // NX decides first
    }

    @Test
    void scoresAreRepliedAsRedisFormatsThem() {
        t.call("ZADD", "z", "1.5", "x", "0.1", "y", "-0", "negz", "1e17", "big", "1e-5", "tiny", "123456789012345678", "huge");
        assertThat(t.call("ZSCORE", "z", "x")).isEqualTo(bulk("1.5"));
        assertThat(t.call("ZSCORE", "z", "y")).isEqualTo(bulk("0.10000000000000001"));
        assertThat(t.call("ZSCORE", "z", "negz")).isEqualTo(bulk("0"));   // a listpack keeps -0 as the integer 0
        assertThat(t.call("ZSCORE", "z", "big")).isEqualTo(bulk("1e+17"));
        assertThat(t.call("ZSCORE", "z", "tiny")).isEqualTo(bulk("1.0000000000000001e-05"));
        assertThat(t.call("ZSCORE", "z", "huge")).isEqualTo(bulk("1.2345678901234568e+17"));
        t.resp(3);
        assertThat(t.call("ZSCORE", "z", "x")).isEqualTo(dbl("1.5"));
        assertThat(t.call("ZSCORE", "z", "big")).isEqualTo(dbl("1e+17"));
    }

    @Test
    void negativeZeroSurvivesInASkiplist() {
        t.call("ZADD", "z", "-0", "x".repeat(70));
        assertThat(encoding("z")).isEqualTo(bulk("skiplist"));
        assertThat(t.call("ZSCORE", "z", "x".repeat(70))).isEqualTo(bulk("-0"));
    }

    @Test
    void zaddSignalsTheKeyAndWakesBlockedClients() {
        List<String> events = new ArrayList<>();
        t.engine.context().events(new io.forkline.engine.command.KeyEvents() {
            @Override
            public void modified(int db, byte[] key, int offset, int length) {
                events.add("modified " + new String(key, offset, length, java.nio.charset.StandardCharsets.UTF_8));
            }

            @Override
            public void ready(int db, byte[] key, int offset, int length) {
                events.add("ready " + new String(key, offset, length, java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        t.call("ZADD", "z", "1", "a");
        assertThat(events).containsExactly("modified z", "ready z");
        events.clear();
        t.call("ZADD", "z", "2", "a");
        assertThat(events).containsExactly("modified z");
        events.clear();
        t.call("ZADD", "z", "2", "a");
        assertThat(events).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // Encodings

    @Test
    void aLongMemberOrTooManyMembersConvertToSkiplist() {
        String longest = "n".repeat(64);
        String tooLong = "m".repeat(65);
        t.call("ZADD", "a", "1", longest);
        assertThat(encoding("a")).isEqualTo(bulk("listpack"));
        t.call("ZADD", "a", "2", tooLong);
        assertThat(encoding("a")).isEqualTo(bulk("skiplist"));
        t.call("ZREM", "a", tooLong);
        assertThat(encoding("a")).isEqualTo(bulk("skiplist"));   // never back
        t.call("ZADD", "b", "1", tooLong);
        assertThat(encoding("b")).isEqualTo(bulk("skiplist"));
        t.call("ZADD", "c", "1", "x", "2", tooLong, "3", "y");
        assertThat(encoding("c")).isEqualTo(bulk("skiplist"));
        assertThat(t.call("ZRANGE", "c", "0", "-1", "WITHSCORES")).isEqualTo(bulks("x", "1", tooLong, "2", "y", "3"));
        t.call("ZINCRBY", "d", "1", tooLong);
        assertThat(encoding("d")).isEqualTo(bulk("skiplist"));
        for (int i = 0; i < 128; i++) {
            t.call("ZADD", "e", Integer.toString(i), "m" + i);
        }
        assertThat(encoding("e")).isEqualTo(bulk("listpack"));
        t.call("ZADD", "e", "128", "m128");
        assertThat(encoding("e")).isEqualTo(bulk("skiplist"));
        assertThat(t.call("ZCARD", "e")).isEqualTo(integer(129));
        assertThat(t.call("ZRANGE", "e", "127", "128")).isEqualTo(bulks("m127", "m128"));
    }

    @Test
    void thresholdsComeFromTheConfig() {
        EngineConfig config = new EngineConfig();
        config.zsetMaxListpackEntries = 3;
        try (EngineTester small = new EngineTester(config, PageSize.KIB_4)) {
            small.call("ZADD", "g", "1", "a", "2", "b", "3", "c");
            assertThat(small.call("OBJECT", "ENCODING", "g")).isEqualTo(bulk("listpack"));
            small.call("ZADD", "g", "4", "d");
            assertThat(small.call("OBJECT", "ENCODING", "g")).isEqualTo(bulk("skiplist"));
            small.call("ZADD", "i", "1", "a", "2", "b");
            small.call("ZADD", "i", "3", "c", "4", "d", "5", "e");   // converts in the middle of one command
            assertThat(small.call("OBJECT", "ENCODING", "i")).isEqualTo(bulk("skiplist"));
            assertThat(small.call("ZRANGE", "i", "0", "-1")).isEqualTo(bulks("a", "b", "c", "d", "e"));
            config.zsetMaxListpackEntries = 0;
            small.call("ZADD", "l", "1", "a");
            assertThat(small.call("OBJECT", "ENCODING", "l")).isEqualTo(bulk("skiplist"));
            config.zsetMaxListpackEntries = 128;
            config.zsetMaxListpackValue = 0;
            small.call("ZADD", "o", "1", "a");
            assertThat(small.call("OBJECT", "ENCODING", "o")).isEqualTo(bulk("skiplist"));
        }
    }

    @Test
    void integerLikeMembersAreStoredAsIntegersAndReadBackAsText() {
        t.call("ZADD", "q", "5", "x", "1", "12", "2", "-5", "3", "007", "4", "9223372036854775807", "4", "9223372036854775808");
        assertThat(t.call("ZRANGE", "q", "0", "-1", "WITHSCORES")).isEqualTo(bulks("12", "1", "-5", "2", "007", "3",
                "9223372036854775807", "4", "9223372036854775808", "4", "x", "5"));
        assertThat(t.call("ZSCORE", "q", "12")).isEqualTo(bulk("1"));
        assertThat(t.call("ZRANK", "q", "007")).isEqualTo(integer(2));
        assertThat(t.call("ZREM", "q", "12", "-5")).isEqualTo(integer(2));
        assertThat(t.call("ZRANGEBYLEX", "q", "-", "+")).isEqualTo(bulks("007", "9223372036854775807", "9223372036854775808", "x"));
    }

    @Test
    void copyDuplicatesEitherEncoding() {
        t.call("ZADD", "c", "1", "x", "2", "m".repeat(65), "3", "y");
        t.call("ZADD", "l", "1", "x", "2", "y");
        assertThat(t.call("COPY", "c", "c2")).isEqualTo(integer(1));
        assertThat(t.call("COPY", "l", "l2")).isEqualTo(integer(1));
        assertThat(encoding("c2")).isEqualTo(bulk("skiplist"));
        assertThat(encoding("l2")).isEqualTo(bulk("listpack"));
        t.call("ZADD", "c", "9", "x");
        t.call("ZADD", "l", "9", "x");
        assertThat(t.call("ZRANGE", "c2", "0", "-1", "WITHSCORES")).isEqualTo(bulks("x", "1", "m".repeat(65), "2", "y", "3"));
        assertThat(t.call("ZRANGE", "l2", "0", "-1", "WITHSCORES")).isEqualTo(bulks("x", "1", "y", "2"));
        assertThat(t.call("ZSCORE", "c2", "y")).isEqualTo(bulk("3"));
    }

    @Test
    void memoryUsageCountsEitherEncoding() {
        t.call("ZADD", "l", "1", "x", "2", "y");
        t.call("ZADD", "s", "1", "x", "2", "m".repeat(65));
        long listpack = Long.parseLong(t.call("MEMORY", "USAGE", "l").trim().substring(1));
        long skiplist = Long.parseLong(t.call("MEMORY", "USAGE", "s").trim().substring(1));
        assertThat(listpack).isPositive();
        assertThat(skiplist).isGreaterThan(listpack + 65 * 2);
    }

    @Test
    void deletingAndOverwritingFreeTheValue() {
        t.call("SET", "warm", "up");   // the keyspace's table, allocated once
        t.call("DEL", "warm");
        long before = t.engine.allocator().usedBytes();
        t.call("ZADD", "s", "1", "x", "2", "m".repeat(65));
        t.call("ZADD", "l", "1", "x");
        t.call("DEL", "s", "l");
        assertThat(t.engine.allocator().usedBytes()).isEqualTo(before);
        t.call("ZADD", "s", "1", "x", "2", "m".repeat(65));
        t.call("SET", "s", "v");
        t.call("DEL", "s");
        assertThat(t.engine.allocator().usedBytes()).isEqualTo(before);
    }

    // ---------------------------------------------------------------------------------------------
    // ZINCRBY

    @Test
    void zincrby() {
        assertThat(t.call("ZINCRBY", "z", "1", "newone")).isEqualTo(bulk("1"));
        assertThat(t.effects()).isEqualTo(command("ZINCRBY", "z", "1", "newone"));
        assertThat(t.call("ZINCRBY", "z", "2.5", "newone")).isEqualTo(bulk("3.5"));
        assertThat(t.call("ZINCRBY", "z", "abc", "x")).isEqualTo(error("ERR value is not a valid float"));
        assertThat(t.call("ZINCRBY", "z", "nx", "x")).isEqualTo(error("ERR syntax error"));   // parsed as ZADD's options
        assertThat(t.call("ZINCRBY", "z", "1")).isEqualTo(error("ERR wrong number of arguments for 'zincrby' command"));
        t.call("SET", "s", "v");
        assertThat(t.call("ZINCRBY", "s", "1", "a")).isEqualTo(WRONGTYPE);
        t.resp(3);
        assertThat(t.call("ZINCRBY", "z", "1", "newone")).isEqualTo(dbl("4.5"));
    }

    // ---------------------------------------------------------------------------------------------
    // ZREM, ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK

    @Test
    void zrem() {
        t.call("ZADD", "z", "1", "a", "2", "b", "3", "c");
        assertThat(t.call("ZREM", "z", "a", "nope", "b")).isEqualTo(integer(2));
        assertThat(t.effects()).isEqualTo(command("ZREM", "z", "a", "nope", "b"));
        assertThat(t.call("ZREM", "z", "nope")).isEqualTo(integer(0));
        assertThat(t.effects()).isEmpty();
        assertThat(t.call("ZREM", "nokey", "a")).isEqualTo(integer(0));
        assertThat(t.call("ZREM", "z", "c", "c")).isEqualTo(integer(1));
        assertThat(t.call("EXISTS", "z")).isEqualTo(integer(0));   // emptied, deleted
        assertThat(t.call("ZREM", "z")).isEqualTo(error("ERR wrong number of arguments for 'zrem' command"));
        t.call("SET", "s", "v");
        assertThat(t.call("ZREM", "s", "a")).isEqualTo(WRONGTYPE);
    }

    @Test
    void zremFromASkiplistDeletesTheKeyWhenEmpty() {
        String longMember = "m".repeat(65);
        t.call("ZADD", "z", "1", longMember, "2", "b");
        assertThat(t.call("ZREM", "z", "b", longMember)).isEqualTo(integer(2));
        assertThat(t.call("EXISTS", "z")).isEqualTo(integer(0));
    }

    @Test
    void zcard() {
        assertThat(t.call("ZCARD", "nokey")).isEqualTo(integer(0));
        t.call("ZADD", "z", "1", "a", "2", "b");
        assertThat(t.call("ZCARD", "z")).isEqualTo(integer(2));
        assertThat(t.call("ZCARD")).isEqualTo(error("ERR wrong number of arguments for 'zcard' command"));
        t.call("SET", "s", "v");
        assertThat(t.call("ZCARD", "s")).isEqualTo(WRONGTYPE);
    }

    @Test
    void zscoreAndZmscore() {
        t.call("ZADD", "z", "304", "a", "1.5", "x");
        assertThat(t.call("ZSCORE", "z", "nope")).isEqualTo(NIL);
        assertThat(t.call("ZSCORE", "nokey", "a")).isEqualTo(NIL);
        assertThat(t.call("ZMSCORE", "z", "a", "nope", "x")).isEqualTo(array(bulk("304"), NIL, bulk("1.5")));
        assertThat(t.call("ZMSCORE", "nokey", "a", "b")).isEqualTo(array(NIL, NIL));
        assertThat(t.call("ZMSCORE", "z")).isEqualTo(error("ERR wrong number of arguments for 'zmscore' command"));
        assertThat(t.call("ZSCORE", "z")).isEqualTo(error("ERR wrong number of arguments for 'zscore' command"));
        t.call("SET", "s", "v");
        assertThat(t.call("ZSCORE", "s", "a")).isEqualTo(WRONGTYPE);
        assertThat(t.call("ZMSCORE", "s", "a")).isEqualTo(WRONGTYPE);
        t.resp(3);
        assertThat(t.call("ZSCORE", "z", "nope")).isEqualTo("_\r\n");
        assertThat(t.call("ZMSCORE", "z", "x", "nope")).isEqualTo(array(dbl("1.5"), "_\r\n"));
    }

    @Test
    void zrankAndZrevrank() {
        t.call("ZADD", "z", "1", "a", "2", "b", "3", "c", "3", "d");
        assertThat(t.call("ZRANK", "z", "a")).isEqualTo(integer(0));
        assertThat(t.call("ZRANK", "z", "d")).isEqualTo(integer(3));
        assertThat(t.call("ZREVRANK", "z", "a")).isEqualTo(integer(3));
        assertThat(t.call("ZREVRANK", "z", "d")).isEqualTo(integer(0));
        assertThat(t.call("ZRANK", "z", "nope")).isEqualTo(NIL);
        assertThat(t.call("ZREVRANK", "nokey", "a")).isEqualTo(NIL);
        assertThat(t.call("ZRANK", "z")).isEqualTo(error("ERR wrong number of arguments for 'zrank' command"));
        t.call("ZADD", "z", "0", "m".repeat(65));   // now a skiplist
        assertThat(t.call("ZRANK", "z", "d")).isEqualTo(integer(4));
        assertThat(t.call("ZREVRANK", "z", "m".repeat(65))).isEqualTo(integer(4));
        t.call("SET", "s", "v");
        assertThat(t.call("ZRANK", "s", "a")).isEqualTo(WRONGTYPE);
        assertThat(t.call("ZREVRANK", "s", "a")).isEqualTo(WRONGTYPE);
        t.resp(3);
        assertThat(t.call("ZRANK", "z", "nope")).isEqualTo("_\r\n");
    }

    // ---------------------------------------------------------------------------------------------
    // ZCOUNT, ZLEXCOUNT

    @Test
    void zcount() {
        t.call("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
        assertThat(t.call("ZCOUNT", "z", "-inf", "+inf")).isEqualTo(integer(4));
        assertThat(t.call("ZCOUNT", "z", "(1", "3")).isEqualTo(integer(2));
        assertThat(t.call("ZCOUNT", "z", "3", "1")).isEqualTo(integer(0));
        assertThat(t.call("ZCOUNT", "z", "(3", "(3")).isEqualTo(integer(0));
        assertThat(t.call("ZCOUNT", "nokey", "0", "1")).isEqualTo(integer(0));
        assertThat(t.call("ZCOUNT", "z", "x", "1")).isEqualTo(error("ERR min or max is not a float"));
        assertThat(t.call("ZCOUNT", "nokey", "1", "(")).isEqualTo(integer(0));   // "(" alone is an open 0, as strtod reads ""
        assertThat(t.call("ZCOUNT", "z", "1")).isEqualTo(error("ERR wrong number of arguments for 'zcount' command"));
        t.call("ZADD", "z", "2.5", "m".repeat(65));
        assertThat(t.call("ZCOUNT", "z", "2", "3")).isEqualTo(integer(3));
        assertThat(t.call("ZCOUNT", "z", "(2", "(3")).isEqualTo(integer(1));
        assertThat(t.call("ZCOUNT", "z", "5", "+inf")).isEqualTo(integer(0));
        t.call("SET", "s", "v");
        assertThat(t.call("ZCOUNT", "s", "0", "1")).isEqualTo(WRONGTYPE);
        assertThat(t.call("ZCOUNT", "s", "x", "1")).isEqualTo(error("ERR min or max is not a float"));   // the range first
    }

    @Test
    void zlexcount() {
        t.call("ZADD", "l", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e", "0", "f", "0", "g");
        assertThat(t.call("ZLEXCOUNT", "l", "-", "+")).isEqualTo(integer(7));
        assertThat(t.call("ZLEXCOUNT", "l", "[b", "(f")).isEqualTo(integer(4));
        assertThat(t.call("ZLEXCOUNT", "l", "(b", "(b")).isEqualTo(integer(0));
        assertThat(t.call("ZLEXCOUNT", "l", "[b", "[b")).isEqualTo(integer(1));
        assertThat(t.call("ZLEXCOUNT", "l", "+", "-")).isEqualTo(integer(0));
        assertThat(t.call("ZLEXCOUNT", "nokey", "-", "+")).isEqualTo(integer(0));
        assertThat(t.call("ZLEXCOUNT", "l", "x", "y")).isEqualTo(error("ERR min or max not valid string range item"));
        t.call("ZADD", "l", "0", "c" + "m".repeat(65));
        assertThat(t.call("ZLEXCOUNT", "l", "[b", "[d")).isEqualTo(integer(4));
        t.call("SET", "s", "v");
        assertThat(t.call("ZLEXCOUNT", "s", "-", "+")).isEqualTo(WRONGTYPE);
    }

    // ---------------------------------------------------------------------------------------------
    // ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZREMRANGEBYLEX

    @Test
    void zremrangebyrank() {
        t.call("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "6", "f");
        assertThat(t.call("ZREMRANGEBYRANK", "z", "0", "0")).isEqualTo(integer(1));
        assertThat(t.effects()).isEqualTo(command("ZREMRANGEBYRANK", "z", "0", "0"));
        assertThat(t.call("ZREMRANGEBYRANK", "z", "-2", "-1")).isEqualTo(integer(2));
        assertThat(t.call("ZRANGE", "z", "0", "-1")).isEqualTo(bulks("b", "c", "d"));
        assertThat(t.call("ZREMRANGEBYRANK", "z", "5", "10")).isEqualTo(integer(0));
        assertThat(t.effects()).isEmpty();
        assertThat(t.call("ZREMRANGEBYRANK", "z", "2", "1")).isEqualTo(integer(0));
        assertThat(t.call("ZREMRANGEBYRANK", "z", "a", "1")).isEqualTo(error("ERR value is not an integer or out of range"));
        assertThat(t.call("ZREMRANGEBYRANK", "nokey", "0", "1")).isEqualTo(integer(0));
        assertThat(t.call("ZREMRANGEBYRANK", "z", "-100", "100")).isEqualTo(integer(3));
        assertThat(t.call("EXISTS", "z")).isEqualTo(integer(0));
        t.call("SET", "s", "v");
        assertThat(t.call("ZREMRANGEBYRANK", "s", "0", "1")).isEqualTo(WRONGTYPE);
    }

    @Test
    void zremrangebyscore() {
        t.call("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
        assertThat(t.call("ZREMRANGEBYSCORE", "z", "(2", "3")).isEqualTo(integer(1));
        assertThat(t.call("ZRANGE", "z", "0", "-1")).isEqualTo(bulks("a", "b", "d"));
        assertThat(t.call("ZREMRANGEBYSCORE", "z", "x", "1")).isEqualTo(error("ERR min or max is not a float"));
        assertThat(t.call("ZREMRANGEBYSCORE", "z", "10", "20")).isEqualTo(integer(0));
        assertThat(t.call("ZREMRANGEBYSCORE", "nokey", "0", "1")).isEqualTo(integer(0));
        assertThat(t.call("ZREMRANGEBYSCORE", "z", "-inf", "+inf")).isEqualTo(integer(3));
        assertThat(t.call("EXISTS", "z")).isEqualTo(integer(0));
        t.call("SET", "s", "v");
        assertThat(t.call("ZREMRANGEBYSCORE", "s", "0", "1")).isEqualTo(WRONGTYPE);
    }

    @Test
    void zremrangebylex() {
        t.call("ZADD", "l", "0", "a", "0", "b", "0", "c", "0", "d");
        assertThat(t.call("ZREMRANGEBYLEX", "l", "[b", "[c")).isEqualTo(integer(2));
        assertThat(t.call("ZRANGE", "l", "0", "-1")).isEqualTo(bulks("a", "d"));
        assertThat(t.call("ZREMRANGEBYLEX", "l", "x", "y")).isEqualTo(error("ERR min or max not valid string range item"));
        assertThat(t.call("ZREMRANGEBYLEX", "nokey", "-", "+")).isEqualTo(integer(0));
        assertThat(t.call("ZREMRANGEBYLEX", "l", "-", "+")).isEqualTo(integer(2));
        assertThat(t.call("EXISTS", "l")).isEqualTo(integer(0));
        t.call("SET", "s", "v");
        assertThat(t.call("ZREMRANGEBYLEX", "s", "-", "+")).isEqualTo(WRONGTYPE);
    }

    @Test
    void rangeRemovalsOnASkiplist() {
        String longMember = "m".repeat(65);
        t.call("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", longMember);
        assertThat(t.call("ZREMRANGEBYRANK", "z", "1", "1")).isEqualTo(integer(1));
        assertThat(t.call("ZREMRANGEBYSCORE", "z", "3", "(5")).isEqualTo(integer(2));
        assertThat(t.call("ZRANGE", "z", "0", "-1", "WITHSCORES")).isEqualTo(bulks("a", "1", longMember, "5"));
        assertThat(t.call("ZSCORE", "z", "c")).isEqualTo(NIL);   // the dict forgot it too
        t.call("ZADD", "l", "0", "a", "0", "b", "0", "c", "0", longMember);
        assertThat(t.call("ZREMRANGEBYLEX", "l", "(a", "[c")).isEqualTo(integer(2));
        assertThat(t.call("ZRANGE", "l", "0", "-1")).isEqualTo(bulks("a", longMember));
        assertThat(t.call("ZSCORE", "l", "b")).isEqualTo(NIL);
        assertThat(t.call("ZREMRANGEBYSCORE", "z", "-inf", "+inf")).isEqualTo(integer(2));
        assertThat(t.call("EXISTS", "z")).isEqualTo(integer(0));
    }

    // ---------------------------------------------------------------------------------------------
    // ZRANDMEMBER

    @Test
    void zrandmemberWithoutCount() {
        assertThat(t.call("ZRANDMEMBER", "nokey")).isEqualTo(NIL);
        t.call("ZADD", "z", "1", "a", "2", "b", "3", "c");
        for (int i = 0; i < 20; i++) {
            assertThat(t.call("ZRANDMEMBER", "z")).isIn(bulk("a"), bulk("b"), bulk("c"));
        }
        t.call("SET", "s", "v");
        assertThat(t.call("ZRANDMEMBER", "s")).isEqualTo(WRONGTYPE);
    }

    @Test
    void zrandmemberWithCount() {
        assertThat(t.call("ZRANDMEMBER", "nokey", "3")).isEqualTo(EMPTY);
        assertThat(t.call("ZRANDMEMBER", "nokey", "3", "WITHSCORES")).isEqualTo(EMPTY);
        t.call("ZADD", "z", "1", "a", "2", "b");
        assertThat(t.call("ZRANDMEMBER", "z", "0")).isEqualTo(EMPTY);
        assertThat(t.call("ZRANDMEMBER", "z", "10", "WITHSCORES")).isEqualTo(bulks("a", "1", "b", "2"));   // all, in order
        assertThat(t.call("ZRANDMEMBER", "z", "2")).isEqualTo(bulks("a", "b"));
        String repeated = t.call("ZRANDMEMBER", "z", "-5");
        assertThat(repeated).startsWith("*5\r\n");
        assertThat(repeated.replace("*5\r\n", "").replace(bulk("a"), "").replace(bulk("b"), "")).isEmpty();
        assertThat(t.call("ZRANDMEMBER", "z", "-3", "WITHSCORES")).startsWith("*6\r\n");
        t.resp(3);
        assertThat(t.call("ZRANDMEMBER", "z", "1", "WITHSCORES")).isIn(array(array(bulk("a"), dbl("1"))), array(array(bulk("b"), dbl("2"))));
        assertThat(t.call("ZRANDMEMBER", "z", "-2", "WITHSCORES")).startsWith("*2\r\n*2\r\n");
    }

    @Test
    void zrandmemberWithAPositiveCountGivesDistinctMembers() {
        for (String key : new String[] {"small", "large"}) {
            int size = key.equals("small") ? 100 : 300;
            for (int i = 0; i < size; i++) {
                t.call("ZADD", key, Integer.toString(i), "m" + i);
            }
            for (int count : new int[] {1, 10, 40, 90, 99}) {   // both of Redis's strategies: draw, and strike out
                String reply = t.call("ZRANDMEMBER", key, Integer.toString(count));
                String[] lines = reply.split("\r\n");
                assertThat(lines[0]).isEqualTo("*" + count);
                Set<String> members = new HashSet<>();
                for (int i = 2; i < lines.length; i += 2) {
                    members.add(lines[i]);
                }
                assertThat(members).hasSize(count).allMatch(m -> m.startsWith("m"));
            }
        }
    }

    @Test
    void zrandmemberErrors() {
        t.call("ZADD", "z", "1", "a");
        assertThat(t.call("ZRANDMEMBER", "z", "x")).isEqualTo(error("ERR value is not an integer or out of range"));
        assertThat(t.call("ZRANDMEMBER", "z", "-9223372036854775808"))
                .isEqualTo(error("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"));
        assertThat(t.call("ZRANDMEMBER", "z", "1", "WITHSCORE")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("ZRANDMEMBER", "z", "1", "WITHSCORES", "extra")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("ZRANDMEMBER", "z", "5000000000000000000", "WITHSCORES")).isEqualTo(error("ERR value is out of range"));
        t.call("SET", "s", "v");
        assertThat(t.call("ZRANDMEMBER", "s", "1")).isEqualTo(WRONGTYPE);
        assertThat(t.call("ZRANDMEMBER", "s", "0")).isEqualTo(WRONGTYPE);
    }

    // ---------------------------------------------------------------------------------------------
    // ZSCAN

    @Test
    void zscanOfAListpackReturnsEverythingWithStoredScores() {
        t.call("ZADD", "r", "1.5", "a", "2.25", "b", "1e20", "c", "-3.125", "d", "100000000000000000", "e");
        assertThat(t.call("ZSCAN", "r", "0")).isEqualTo(array(bulk("0"),
                bulks("d", "-3.125", "a", "1.5", "b", "2.25", "e", "100000000000000000", "c", "1e+20")));
        assertThat(t.call("ZSCAN", "r", "0", "MATCH", "[ab]", "COUNT", "1")).isEqualTo(array(bulk("0"), bulks("a", "1.5", "b", "2.25")));
        assertThat(t.call("ZSCAN", "nokey", "0")).isEqualTo(array(bulk("0"), EMPTY));
        assertThat(t.call("ZSCAN", "nokey", "0", "badoption")).isEqualTo(array(bulk("0"), EMPTY));
    }

    @Test
    void zscanOfASkiplistVisitsEveryMemberOnce() {
        for (int i = 0; i < 500; i++) {
            t.call("ZADD", "z", Integer.toString(i), "m" + i);
        }
        Map<String, String> seen = new HashMap<>();
        String cursor = "0";
        int calls = 0;
        do {
            String[] lines = t.call("ZSCAN", "z", cursor, "COUNT", "20").split("\r\n");
            cursor = lines[2];
            for (int i = 5; i < lines.length; i += 4) {
                seen.put(lines[i], lines[i + 2]);
            }
            calls++;
        } while (!cursor.equals("0"));
        assertThat(calls).isGreaterThan(10);
        assertThat(seen).hasSize(500).containsEntry("m7", "7").containsEntry("m499", "499");
        String matched = t.call("ZSCAN", "z", "0", "MATCH", "m1?", "COUNT", "1000");
        assertThat(matched).contains(bulk("m15")).doesNotContain(bulk("m150")).doesNotContain(bulk("m2"));
    }

    @Test
    void zscanErrors() {
        t.call("ZADD", "z", "1", "a");
        assertThat(t.call("ZSCAN", "z", "x")).isEqualTo(error("ERR invalid cursor"));
        assertThat(t.call("ZSCAN", "z", "0", "COUNT", "0")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("ZSCAN", "z", "0", "COUNT", "x")).isEqualTo(error("ERR value is not an integer or out of range"));
        assertThat(t.call("ZSCAN", "z", "0", "MATCH")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("ZSCAN", "z", "0", "foo", "bar")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("ZSCAN", "z")).isEqualTo(error("ERR wrong number of arguments for 'zscan' command"));
        t.call("SET", "s", "v");
        assertThat(t.call("ZSCAN", "s", "0")).isEqualTo(WRONGTYPE);
        assertThat(t.call("ZSCAN", "s", "0", "badoption")).isEqualTo(WRONGTYPE);   // the type before the options
    }

    // ---------------------------------------------------------------------------------------------
    // Expiry and types

    @Test
    void anExpiredSortedSetIsGone() {
        t.call("ZADD", "z", "1", "a");
        t.call("PEXPIRE", "z", "100");
        t.clock.advance(100);
        assertThat(t.call("ZCARD", "z")).isEqualTo(integer(0));
        assertThat(t.effects()).isEqualTo(command("DEL", "z"));
        assertThat(t.call("ZADD", "z", "2", "b")).isEqualTo(integer(1));
        assertThat(t.call("TTL", "z")).isEqualTo(integer(-1));
        assertThat(t.call("TYPE", "z")).isEqualTo("+zset\r\n");
        assertThat(t.call("SET", "z", "v")).isEqualTo(OK);
    }
}
