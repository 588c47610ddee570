package io.forkline.engine.types;

import io.forkline.engine.EngineTester;
import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.command.KeyEvents;
import io.forkline.pages.PageSize;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
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

/** Replies, effects and encodings of the hash commands, as Redis 7.0 gives them (checked against redis-server 7.0.15). */
class HashCommandsTest {

    private static final String EMPTY_ARRAY = "*0\r\n";
    private static final String EMPTY_SCAN = array(bulk("0"), EMPTY_ARRAY);

    private EngineTester t = new EngineTester();

    @AfterEach
    void close() {
        t.close();
    }

    private String encoding(String key) {
        return t.call("OBJECT", "ENCODING", key);
    }

    private static String repeat(String s, int times) {
        return s.repeat(times);
    }

    // ---------------------------------------------------------------------------------------------
    // HSET, HMSET, HSETNX

    @Test
    void hsetCountsNewFieldsAndIsPropagatedAsSent() {
        assertThat(t.call("HSET", "h", "a", "1", "b", "2")).isEqualTo(integer(2));
        assertThat(t.effects()).isEqualTo(command("HSET", "h", "a", "1", "b", "2"));
        assertThat(t.call("HSET", "h", "a", "1", "c", "3")).isEqualTo(integer(1));
        assertThat(t.call("HSET", "h", "a", "x")).isEqualTo(integer(0));
        assertThat(t.effects()).isEqualTo(command("HSET", "h", "a", "x"));   // a change all the same
        assertThat(t.call("HGET", "h", "a")).isEqualTo(bulk("x"));
        assertThat(t.call("HGET", "h", "b")).isEqualTo(bulk("2"));
        assertThat(t.call("HSET", "h", "", "")).isEqualTo(integer(1));
        assertThat(t.call("HGET", "h", "")).isEqualTo(bulk(""));
        assertThat(t.call("HSET", "h", "a", "1", "a", "2")).isEqualTo(integer(0));
        assertThat(t.call("HGET", "h", "a")).isEqualTo(bulk("2"));
        assertThat(t.call("TYPE", "h")).isEqualTo("+hash\r\n");
    }

    @Test
    void hsetAndHmsetArity() {
        assertThat(t.call("HSET", "h", "a", "1", "b")).isEqualTo(error("ERR wrong number of arguments for 'hset' command"));
        assertThat(t.call("HSET", "h", "a")).isEqualTo(error("ERR wrong number of arguments for 'hset' command"));
        assertThat(t.call("HMSET", "h", "a", "1", "b")).isEqualTo(error("ERR wrong number of arguments for 'hmset' command"));
        assertThat(t.call("HMSET", "h")).isEqualTo(error("ERR wrong number of arguments for 'hmset' command"));
        assertThat(t.call("EXISTS", "h")).isEqualTo(integer(0));
        assertThat(t.effects()).isEmpty();
    }

    @Test
    void hmsetRepliesOk() {
        assertThat(t.call("HMSET", "h", "a", "1", "b", "2")).isEqualTo(OK);
        assertThat(t.effects()).isEqualTo(command("HMSET", "h", "a", "1", "b", "2"));
        assertThat(t.call("HMSET", "h", "a", "3")).isEqualTo(OK);
        assertThat(t.call("HGETALL", "h")).isEqualTo(array(bulk("a"), bulk("3"), bulk("b"), bulk("2")));
    }

    @Test
    void hsetnxSetsOnlyAbsentFields() {
        assertThat(t.call("HSETNX", "h", "a", "1")).isEqualTo(integer(1));
        assertThat(t.effects()).isEqualTo(command("HSETNX", "h", "a", "1"));
        assertThat(t.call("HSETNX", "h", "a", "2")).isEqualTo(integer(0));
        assertThat(t.effects()).isEmpty();
        assertThat(t.call("HSETNX", "h", "b", "2")).isEqualTo(integer(1));
        assertThat(t.call("HGETALL", "h")).isEqualTo(array(bulk("a"), bulk("1"), bulk("b"), bulk("2")));
        assertThat(t.call("HSETNX", "h", "a")).isEqualTo(error("ERR wrong number of arguments for 'hsetnx' command"));
    }

    @Test
    void integersAreStoredAsIntegersAndReadBackAsText() {
        assertThat(t.call("HSET", "h", "10", "-123", "n", "9223372036854775807", "z", "007", "m", "-0")).isEqualTo(integer(4));
        assertThat(t.call("HGET", "h", "10")).isEqualTo(bulk("-123"));
        assertThat(t.call("HGET", "h", "n")).isEqualTo(bulk("9223372036854775807"));
        assertThat(t.call("HGET", "h", "z")).isEqualTo(bulk("007"));
        assertThat(t.call("HGET", "h", "010")).isEqualTo(NIL);
        assertThat(t.call("HSTRLEN", "h", "10")).isEqualTo(integer(4));
        assertThat(t.call("HSTRLEN", "h", "m")).isEqualTo(integer(2));
        assertThat(t.call("HKEYS", "h")).isEqualTo(array(bulk("10"), bulk("n"), bulk("z"), bulk("m")));
    }

    // ---------------------------------------------------------------------------------------------
    // Reads

    @Test
    void hgetHmgetHlenHstrlenHexists() {
        assertThat(t.call("HGET", "h", "a")).isEqualTo(NIL);
        assertThat(t.call("HMGET", "h", "a", "b")).isEqualTo(array(NIL, NIL));
        assertThat(t.call("HLEN", "h")).isEqualTo(integer(0));
        assertThat(t.call("HSTRLEN", "h", "a")).isEqualTo(integer(0));
        assertThat(t.call("HEXISTS", "h", "a")).isEqualTo(integer(0));
        t.call("HSET", "h", "a", "hello", "n", "-123");
        assertThat(t.call("HGET", "h", "a")).isEqualTo(bulk("hello"));
        assertThat(t.call("HGET", "h", "q")).isEqualTo(NIL);
        assertThat(t.call("HMGET", "h", "n", "q", "a")).isEqualTo(array(bulk("-123"), NIL, bulk("hello")));
        assertThat(t.call("HLEN", "h")).isEqualTo(integer(2));
        assertThat(t.call("HSTRLEN", "h", "a")).isEqualTo(integer(5));
        assertThat(t.call("HSTRLEN", "h", "n")).isEqualTo(integer(4));
        assertThat(t.call("HSTRLEN", "h", "q")).isEqualTo(integer(0));
        assertThat(t.call("HEXISTS", "h", "a")).isEqualTo(integer(1));
        assertThat(t.call("HEXISTS", "h", "q")).isEqualTo(integer(0));
        assertThat(t.call("HGET", "h")).isEqualTo(error("ERR wrong number of arguments for 'hget' command"));
        assertThat(t.call("HMGET", "h")).isEqualTo(error("ERR wrong number of arguments for 'hmget' command"));
        assertThat(t.call("HLEN", "h", "x")).isEqualTo(error("ERR wrong number of arguments for 'hlen' command"));
        assertThat(t.call("HSTRLEN", "h")).isEqualTo(error("ERR wrong number of arguments for 'hstrlen' command"));
        assertThat(t.call("HEXISTS", "h")).isEqualTo(error("ERR wrong number of arguments for 'hexists' command"));
    }

    @Test
    void hkeysHvalsHgetallInListpackOrder() {
        assertThat(t.call("HKEYS", "h")).isEqualTo(EMPTY_ARRAY);
        assertThat(t.call("HVALS", "h")).isEqualTo(EMPTY_ARRAY);
        assertThat(t.call("HGETALL", "h")).isEqualTo(EMPTY_ARRAY);
        t.call("HSET", "h", "a", "1", "b", "2", "c3", "3", "10", "x");
        assertThat(t.call("HKEYS", "h")).isEqualTo(array(bulk("a"), bulk("b"), bulk("c3"), bulk("10")));
        assertThat(t.call("HVALS", "h")).isEqualTo(array(bulk("1"), bulk("2"), bulk("3"), bulk("x")));
        assertThat(t.call("HGETALL", "h")).isEqualTo(array(bulk("a"), bulk("1"), bulk("b"), bulk("2"), bulk("c3"), bulk("3"),
                bulk("10"), bulk("x")));
        assertThat(t.call("HKEYS", "h", "x")).isEqualTo(error("ERR wrong number of arguments for 'hkeys' command"));
        assertThat(t.call("HVALS")).isEqualTo(error("ERR wrong number of arguments for 'hvals' command"));
        assertThat(t.call("HGETALL")).isEqualTo(error("ERR wrong number of arguments for 'hgetall' command"));
    }

    @Test
    void resp3RepliesAMapForHgetallAndNullsAsUnderscore() {
        t.resp(3);
        assertThat(t.call("HGETALL", "h")).isEqualTo("%0\r\n");
        assertThat(t.call("HKEYS", "h")).isEqualTo(EMPTY_ARRAY);
        assertThat(t.call("HGET", "h", "a")).isEqualTo("_\r\n");
        t.call("HSET", "h", "a", "1", "b", "2");
        assertThat(t.call("HGETALL", "h")).isEqualTo("%2\r\n" + bulk("a") + bulk("1") + bulk("b") + bulk("2"));
        assertThat(t.call("HKEYS", "h")).isEqualTo(array(bulk("a"), bulk("b")));
        assertThat(t.call("HVALS", "h")).isEqualTo(array(bulk("1"), bulk("2")));
        assertThat(t.call("HMGET", "h", "a", "zz")).isEqualTo(array(bulk("1"), "_\r\n"));
        assertThat(t.call("HSCAN", "h", "0")).isEqualTo(array(bulk("0"), array(bulk("a"), bulk("1"), bulk("b"), bulk("2"))));
        assertThat(t.call("HINCRBYFLOAT", "h", "f", "1.5")).isEqualTo(bulk("1.5"));   // a bulk string, not a double
    }

    @Test
    void everyCommandRefusesAnotherType() {
        t.call("SET", "s", "v");
        for (String[] call : new String[][] {{"HSET", "s", "a", "1"}, {"HMSET", "s", "a", "1"}, {"HSETNX", "s", "a", "1"},
                {"HGET", "s", "a"}, {"HMGET", "s", "a"}, {"HDEL", "s", "a"}, {"HLEN", "s"}, {"HSTRLEN", "s", "a"},
                {"HEXISTS", "s", "a"}, {"HKEYS", "s"}, {"HVALS", "s"}, {"HGETALL", "s"}, {"HINCRBY", "s", "a", "1"},
                {"HINCRBYFLOAT", "s", "a", "1"}, {"HSCAN", "s", "0"}, {"HSCAN", "s", "0", "bogus"},
                {"HRANDFIELD", "s"}, {"HRANDFIELD", "s", "2"}, {"HRANDFIELD", "s", "-2", "WITHVALUES"}}) {
            assertThat(t.call(call)).as(String.join(" ", call)).isEqualTo(WRONGTYPE);
        }
        assertThat(t.call("GET", "s")).isEqualTo(bulk("v"));
        // argument errors come first where Redis checks them first
        assertThat(t.call("HINCRBY", "s", "a", "x")).isEqualTo(error("ERR value is not an integer or out of range"));
        assertThat(t.call("HINCRBYFLOAT", "s", "a", "x")).isEqualTo(error("ERR value is not a valid float"));
        assertThat(t.call("HSCAN", "s", "x")).isEqualTo(error("ERR invalid cursor"));
        assertThat(t.call("HRANDFIELD", "s", "x")).isEqualTo(error("ERR value is not an integer or out of range"));
        assertThat(t.call("HSET", "s", "a", "1", "b")).isEqualTo(error("ERR wrong number of arguments for 'hset' command"));
    }

    // ---------------------------------------------------------------------------------------------
    // HDEL

    @Test
    void hdelCountsDeletedFieldsAndTheLastOneDeletesTheKey() {
        assertThat(t.call("HDEL", "h", "a")).isEqualTo(integer(0));
        assertThat(t.effects()).isEmpty();
        t.call("HSET", "h", "a", "1", "n", "5", "z", "x");
        assertThat(t.call("HDEL", "h", "q")).isEqualTo(integer(0));
        assertThat(t.effects()).isEmpty();
        assertThat(t.call("HDEL", "h", "n", "n", "q")).isEqualTo(integer(1));
        assertThat(t.effects()).isEqualTo(command("HDEL", "h", "n", "n", "q"));
        assertThat(t.call("HGETALL", "h")).isEqualTo(array(bulk("a"), bulk("1"), bulk("z"), bulk("x")));
        assertThat(t.call("HDEL", "h", "z", "a", "more")).isEqualTo(integer(2));
        assertThat(t.call("EXISTS", "h")).isEqualTo(integer(0));
        assertThat(t.call("HDEL", "h")).isEqualTo(error("ERR wrong number of arguments for 'hdel' command"));
    }

    @Test
    void hdelOnAHashtableShrinksItAndDeletesTheKeyAtZero() {
        List<String> args = new ArrayList<>(List.of("HSET", "h"));
        for (int i = 0; i < 600; i++) {
            args.add("f" + i);
            args.add("v" + i);
        }
        assertThat(t.call(args.toArray(String[]::new))).isEqualTo(integer(600));
        assertThat(encoding("h")).isEqualTo(bulk("hashtable"));
        for (int i = 0; i < 599; i++) {
            assertThat(t.call("HDEL", "h", "f" + i)).isEqualTo(integer(1));
        }
        assertThat(encoding("h")).isEqualTo(bulk("hashtable"));   // never back to a listpack
        assertThat(t.call("HGETALL", "h")).isEqualTo(array(bulk("f599"), bulk("v599")));
        assertThat(t.call("HDEL", "h", "f599")).isEqualTo(integer(1));
        assertThat(t.call("EXISTS", "h")).isEqualTo(integer(0));
    }

    // ---------------------------------------------------------------------------------------------
    // HINCRBY, HINCRBYFLOAT

    @Test
    void hincrby() {
        assertThat(t.call("HINCRBY", "h", "new", "-3")).isEqualTo(integer(-3));
        assertThat(t.effects()).isEqualTo(command("HINCRBY", "h", "new", "-3"));
        assertThat(t.call("HGET", "h", "new")).isEqualTo(bulk("-3"));
        t.call("HSET", "h", "a", "x", "n", "5", "big", "9223372036854775807", "sp", " 1", "e", "1e3", "z", "007");
        assertThat(t.call("HINCRBY", "h", "n", "10")).isEqualTo(integer(15));
        assertThat(t.call("HINCRBY", "h", "n", "-9223372036854775808")).isEqualTo(integer(-9223372036854775793L));
        for (String field : new String[] {"a", "sp", "e", "z"}) {
            assertThat(t.call("HINCRBY", "h", field, "1")).as(field).isEqualTo(error("ERR hash value is not an integer"));
            assertThat(t.effects()).isEmpty();
        }
        assertThat(t.call("HINCRBY", "h", "big", "1")).isEqualTo(error("ERR increment or decrement would overflow"));
        assertThat(t.call("HINCRBY", "h", "n", "-16")).isEqualTo(error("ERR increment or decrement would overflow"));
        assertThat(t.call("HINCRBY", "h", "n", "x")).isEqualTo(error("ERR value is not an integer or out of range"));
        assertThat(t.call("HINCRBY", "h", "n", "1.5")).isEqualTo(error("ERR value is not an integer or out of range"));
        assertThat(t.call("HINCRBY", "h2", "n", "x")).isEqualTo(error("ERR value is not an integer or out of range"));
        assertThat(t.call("EXISTS", "h2")).isEqualTo(integer(0));
        assertThat(t.call("HINCRBY", "h", "n")).isEqualTo(error("ERR wrong number of arguments for 'hincrby' command"));
    }

    @Test
    void hincrbyOnAHashtableValueString() {
        t.call("HSET", "h", "long", repeat("x", 100), "n", "41");
        assertThat(encoding("h")).isEqualTo(bulk("hashtable"));
        assertThat(t.call("HINCRBY", "h", "n", "1")).isEqualTo(integer(42));
        assertThat(t.call("HINCRBY", "h", "long", "1")).isEqualTo(error("ERR hash value is not an integer"));
        assertThat(t.call("HGET", "h", "n")).isEqualTo(bulk("42"));
    }

    @Test
    void hincrbyfloatIsPropagatedAsHsetOfTheResult() {
        assertThat(t.call("HINCRBYFLOAT", "h", "f", "10.5")).isEqualTo(bulk("10.5"));
        assertThat(t.effects()).isEqualTo(command("HSET", "h", "f", "10.5"));
        assertThat(t.call("HINCRBYFLOAT", "h", "f", "0.1")).isEqualTo(bulk("10.6"));
        assertThat(t.effects()).isEqualTo(command("HSET", "h", "f", "10.6"));
        assertThat(t.call("HINCRBYFLOAT", "h", "f", "-10.6")).isEqualTo(bulk("0"));
        assertThat(t.call("HGET", "h", "f")).isEqualTo(bulk("0"));
    }

    @Test
    void hincrbyfloatPrintsTheLongDoubleRedisComputes() {
        // replies of redis-server 7.0.15 on x86-64
        assertThat(t.call("HINCRBYFLOAT", "h", "a", "12345678901.123456789")).isEqualTo(bulk("12345678901.12345678918063641"));
        assertThat(t.call("HINCRBYFLOAT", "h", "b", "1e40")).isEqualTo(bulk("9999999999999999999783686092270256259072"));
        assertThat(t.call("HINCRBYFLOAT", "h", "c", "0.1")).isEqualTo(bulk("0.1"));
        assertThat(t.call("HINCRBYFLOAT", "h", "c", "0.2")).isEqualTo(bulk("0.3"));
        assertThat(t.call("HINCRBYFLOAT", "h", "d", "3.0e-7")).isEqualTo(bulk("0.0000003"));
        assertThat(t.call("HINCRBYFLOAT", "h", "e", "1e-20")).isEqualTo(bulk("0"));
        assertThat(t.call("HINCRBYFLOAT", "h", "f", "123456789012345678901234567890")).isEqualTo(bulk("123456789012345678899921813504"));
        assertThat(t.call("HINCRBYFLOAT", "h", "g", "18446744073709551615")).isEqualTo(bulk("18446744073709551615"));
        assertThat(t.call("HINCRBYFLOAT", "h", "g", "1")).isEqualTo(bulk("18446744073709551616"));
        assertThat(t.call("HINCRBYFLOAT", "h", "i", "3.7252902984619140625e-9")).isEqualTo(bulk("0.0000000037252903"));
        assertThat(t.call("HINCRBYFLOAT", "h", "j", "0.00000000000000000500000000000000000001")).isEqualTo(bulk("0"));
        assertThat(t.call("HINCRBYFLOAT", "h", "k", "99999999999999999999.99999")).isEqualTo(bulk("100000000000000000000"));
        assertThat(t.call("HINCRBYFLOAT", "h", "l", "-0.000000000000000001")).isEqualTo(bulk("0"));
        assertThat(t.call("HINCRBYFLOAT", "h", "m", "1e-4940")).isEqualTo(bulk("0"));
        assertThat(t.call("HINCRBYFLOAT", "h", "o", "+.5")).isEqualTo(bulk("0.5"));
        assertThat(t.call("HINCRBYFLOAT", "h", "o", "5.")).isEqualTo(bulk("5.5"));
        assertThat(t.call("HINCRBYFLOAT", "h", "o", "5.0e3")).isEqualTo(bulk("5005.5"));
        t.call("HSET", "h", "n", "-9223372036854775803", "e3", "1e3", "z", "007", "big", "9223372036854775807");
        assertThat(t.call("HINCRBYFLOAT", "h", "n", "1.5")).isEqualTo(bulk("-9223372036854775801.5"));
        assertThat(t.call("HINCRBYFLOAT", "h", "e3", "1")).isEqualTo(bulk("1001"));
        assertThat(t.call("HINCRBYFLOAT", "h", "z", "1")).isEqualTo(bulk("8"));
        assertThat(t.call("HINCRBYFLOAT", "h", "big", "1")).isEqualTo(bulk("9223372036854775808"));
    }

    @Test
    void hincrbyfloatAtTheEdgesOfTheLongDoubleRange() {
        // the largest long double, (2^64 - 1) * 2^16320, printed in full
        String largest = java.math.BigInteger.TWO.pow(64).subtract(java.math.BigInteger.ONE).shiftLeft(16320).toString();
        assertThat(t.call("HINCRBYFLOAT", "h", "l", "1.18973149535723176502e+4932")).isEqualTo(bulk(largest));
        assertThat(t.call("HINCRBYFLOAT", "h", "l", "1.18973149535723176502e+4932"))
                .isEqualTo(error("ERR increment would produce NaN or Infinity"));
        assertThat(t.call("HINCRBYFLOAT", "h", "l", "1e5000")).isEqualTo(error("ERR value is not a valid float"));
        assertThat(t.call("HINCRBYFLOAT", "h", "l", "1e-5000")).isEqualTo(error("ERR value is not a valid float"));
        assertThat(t.call("HINCRBYFLOAT", "h", "l", "1e99999999999")).isEqualTo(error("ERR value is not a valid float"));
    }

    @Test
    void hincrbyfloatErrors() {
        t.call("HSET", "h", "a", "x", "sp", " 1", "t", "1 ", "i", "inf", "n", "5");
        assertThat(t.call("HINCRBYFLOAT", "h", "a", "1")).isEqualTo(error("ERR hash value is not a float"));
        assertThat(t.call("HINCRBYFLOAT", "h", "sp", "1")).isEqualTo(error("ERR hash value is not a float"));
        assertThat(t.call("HINCRBYFLOAT", "h", "t", "1")).isEqualTo(error("ERR hash value is not a float"));
        assertThat(t.call("HINCRBYFLOAT", "h", "i", "1")).isEqualTo(error("ERR increment would produce NaN or Infinity"));
        assertThat(t.call("HINCRBYFLOAT", "h", "n", "inf")).isEqualTo(error("ERR value is NaN or Infinity"));
        assertThat(t.call("HINCRBYFLOAT", "h", "n", "-Infinity")).isEqualTo(error("ERR value is NaN or Infinity"));
        assertThat(t.call("HINCRBYFLOAT", "h", "n", "nan")).isEqualTo(error("ERR value is not a valid float"));
        assertThat(t.call("HINCRBYFLOAT", "h", "n", "abc")).isEqualTo(error("ERR value is not a valid float"));
        assertThat(t.call("HINCRBYFLOAT", "h", "n", "1e")).isEqualTo(error("ERR value is not a valid float"));
        assertThat(t.call("HINCRBYFLOAT", "h", "n", "")).isEqualTo(error("ERR value is not a valid float"));
        assertThat(t.effects()).isEmpty();
        assertThat(t.call("HINCRBYFLOAT", "nokey", "n", "inf")).isEqualTo(error("ERR value is NaN or Infinity"));
        assertThat(t.call("EXISTS", "nokey")).isEqualTo(integer(0));
        assertThat(t.call("HGET", "h", "n")).isEqualTo(bulk("5"));
        assertThat(t.call("HINCRBYFLOAT", "h", "n")).isEqualTo(error("ERR wrong number of arguments for 'hincrbyfloat' command"));
    }

    // ---------------------------------------------------------------------------------------------
    // Encodings

    @Test
    void longValuesAndFieldsConvertToAHashtable() {
        String v64 = repeat("v", 64);
        String v65 = repeat("v", 65);
        t.call("HSET", "h", "a", v64);
        assertThat(encoding("h")).isEqualTo(bulk("listpack"));
        t.call("HSET", "h", "b", v65);
        assertThat(encoding("h")).isEqualTo(bulk("hashtable"));
        assertThat(t.call("HGET", "h", "a")).isEqualTo(bulk(v64));
        assertThat(t.call("HGET", "h", "b")).isEqualTo(bulk(v65));
        t.call("DEL", "h");
        t.call("HSET", "h", v65, "x");
        assertThat(encoding("h")).isEqualTo(bulk("hashtable"));
        assertThat(t.call("HGET", "h", v65)).isEqualTo(bulk("x"));
    }

    @Test
    void hsetnxOfAnExistingFieldDoesNotConvertButHsetDoes() {
        String v65 = repeat("v", 65);
        t.call("HSET", "h", "a", "1");
        assertThat(t.call("HSETNX", "h", "a", v65)).isEqualTo(integer(0));
        assertThat(encoding("h")).isEqualTo(bulk("listpack"));
        assertThat(t.call("HSET", "h", "a", v65)).isEqualTo(integer(0));
        assertThat(encoding("h")).isEqualTo(bulk("hashtable"));
        assertThat(t.call("HSETNX", "h2", "a", v65)).isEqualTo(integer(1));
        assertThat(encoding("h2")).isEqualTo(bulk("hashtable"));
    }

    @Test
    void incrementsConvertOnALongFieldOrResult() {
        String f70 = repeat("f", 70);
        assertThat(t.call("HINCRBY", "h", f70, "1")).isEqualTo(integer(1));
        assertThat(encoding("h")).isEqualTo(bulk("hashtable"));
        assertThat(t.call("HINCRBYFLOAT", "h2", f70, "1.5")).isEqualTo(bulk("1.5"));
        assertThat(encoding("h2")).isEqualTo(bulk("hashtable"));
        assertThat(t.call("HINCRBYFLOAT", "h3", "g", "1e40")).isEqualTo(bulk("9999999999999999999783686092270256259072"));
        assertThat(encoding("h3")).isEqualTo(bulk("listpack"));
        assertThat(t.call("HINCRBYFLOAT", "h3", "f", "1e100")).isEqualTo(
                bulk("9999999999999999999669353532207342619498699019828496079271391541752018669482644324418977840117055488"));
        assertThat(encoding("h3")).isEqualTo(bulk("hashtable"));
    }

    @Test
    void theEntryLimitConvertsAfterTheFieldThatPassesIt() {
        List<String> args = new ArrayList<>(List.of("HSET", "h"));
        for (int i = 0; i < 512; i++) {
            args.add("f" + i);
            args.add(Integer.toString(i));
        }
        assertThat(t.call(args.toArray(String[]::new))).isEqualTo(integer(512));
        assertThat(encoding("h")).isEqualTo(bulk("listpack"));
        assertThat(t.call("HSET", "h", "f0", "again")).isEqualTo(integer(0));
        assertThat(encoding("h")).isEqualTo(bulk("listpack"));
        assertThat(t.call("HSET", "h", "f512", "512")).isEqualTo(integer(1));
        assertThat(encoding("h")).isEqualTo(bulk("hashtable"));
        assertThat(t.call("HLEN", "h")).isEqualTo(integer(513));
        assertThat(t.call("HGET", "h", "f0")).isEqualTo(bulk("again"));
        assertThat(t.call("HGET", "h", "f377")).isEqualTo(bulk("377"));
    }

    @Test
    void thresholdsComeFromTheConfig() {
        t.close();
        EngineConfig config = new EngineConfig();
        config.hashMaxListpackEntries = 2;
        config.hashMaxListpackValue = 3;
        t = new EngineTester(config, PageSize.KIB_4);
        t.call("HSET", "h", "a", "1", "b", "2");
        assertThat(encoding("h")).isEqualTo(bulk("listpack"));
        t.call("HSET", "h", "c", "3");
        assertThat(encoding("h")).isEqualTo(bulk("hashtable"));
        t.call("HSET", "h2", "abc", "xyz");
        assertThat(encoding("h2")).isEqualTo(bulk("listpack"));
        t.call("HSET", "h2", "abc", "wxyz");
        assertThat(encoding("h2")).isEqualTo(bulk("hashtable"));
        config.hashMaxListpackEntries = 0;
        t.call("HSET", "h3", "a", "1");
        assertThat(encoding("h3")).isEqualTo(bulk("hashtable"));
        assertThat(t.call("HGETALL", "h3")).isEqualTo(array(bulk("a"), bulk("1")));
    }

    // ---------------------------------------------------------------------------------------------
    // HSCAN

    @Test
    void hscanOfAListpackReturnsEverythingWithCursorZero() {
        t.call("HSET", "h", "a", "1", "b", "2", "c3", "3", "10", "x");
        String all = array(bulk("0"), array(bulk("a"), bulk("1"), bulk("b"), bulk("2"), bulk("c3"), bulk("3"), bulk("10"), bulk("x")));
        assertThat(t.call("HSCAN", "h", "0")).isEqualTo(all);
        assertThat(t.call("HSCAN", "h", "7")).isEqualTo(all);
        assertThat(t.call("HSCAN", "h", "18446744073709551615")).isEqualTo(all);
        // cursors as strtoul reads them: a sign, wrapping when negative, and "" is 0
        assertThat(t.call("HSCAN", "h", "-1")).isEqualTo(all);
        assertThat(t.call("HSCAN", "h", "+5")).isEqualTo(all);
        assertThat(t.call("HSCAN", "h", "")).isEqualTo(all);
        assertThat(t.call("HSCAN", "h", "-18446744073709551615")).isEqualTo(all);
        assertThat(t.call("HSCAN", "h", "0", "MATCH", "*", "COUNT", "1")).isEqualTo(all);
        assertThat(t.call("HSCAN", "h", "0", "match", "c*")).isEqualTo(array(bulk("0"), array(bulk("c3"), bulk("3"))));
        assertThat(t.call("HSCAN", "h", "0", "match", "1*")).isEqualTo(array(bulk("0"), array(bulk("10"), bulk("x"))));
        assertThat(t.call("HSCAN", "h", "0", "match", "nothing")).isEqualTo(array(bulk("0"), EMPTY_ARRAY));
    }

    @Test
    void hscanErrors() {
        t.call("HSET", "h", "a", "1");
        assertThat(t.call("HSCAN", "h", "0", "count", "0")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("HSCAN", "h", "0", "count", "-1")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("HSCAN", "h", "0", "count", "x")).isEqualTo(error("ERR value is not an integer or out of range"));
        assertThat(t.call("HSCAN", "h", "0", "count")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("HSCAN", "h", "0", "match")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("HSCAN", "h", "0", "type", "hash")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("HSCAN", "h", "0", "novalues")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("HSCAN", "h", "x")).isEqualTo(error("ERR invalid cursor"));
        assertThat(t.call("HSCAN", "h", "18446744073709551616")).isEqualTo(error("ERR invalid cursor"));
        assertThat(t.call("HSCAN", "h", "-18446744073709551616")).isEqualTo(error("ERR invalid cursor"));
        assertThat(t.call("HSCAN", "h", "-")).isEqualTo(error("ERR invalid cursor"));
        assertThat(t.call("HSCAN", "h", "+")).isEqualTo(error("ERR invalid cursor"));
        assertThat(t.call("HSCAN", "h", "1 ")).isEqualTo(error("ERR invalid cursor"));
        assertThat(t.call("HSCAN", "h", " 5")).isEqualTo(error("ERR invalid cursor"));
        assertThat(t.call("HSCAN", "nokey", "x")).isEqualTo(error("ERR invalid cursor"));
        assertThat(t.call("HSCAN", "nokey", "0", "bogus")).isEqualTo(EMPTY_SCAN);   // a missing key's options are not read
        assertThat(t.call("HSCAN", "nokey", "0")).isEqualTo(EMPTY_SCAN);
        assertThat(t.call("HSCAN", "h")).isEqualTo(error("ERR wrong number of arguments for 'hscan' command"));
    }

    @Test
    void hscanOfAHashtableWalksWithTheCursorAndReturnsEveryField() {
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            t.call("HSET", "h", "field:" + i, "value:" + i);
            expected.put("field:" + i, "value:" + i);
        }
        assertThat(encoding("h")).isEqualTo(bulk("hashtable"));
        Map<String, String> seen = new HashMap<>();
        String cursor = "0";
        int calls = 0;
        do {
            List<String> reply = parseScan(t.call("HSCAN", "h", cursor, "COUNT", "20"));
            cursor = reply.get(0);
            for (int i = 1; i < reply.size(); i += 2) {
                seen.put(reply.get(i), reply.get(i + 1));
            }
            calls++;
        } while (!cursor.equals("0"));
        assertThat(seen).isEqualTo(expected);
        assertThat(calls).isGreaterThan(10);
        // MATCH filters fields after the walk: a whole scan still finds every match
        Set<String> matched = new HashSet<>();
        cursor = "0";
        do {
            List<String> reply = parseScan(t.call("HSCAN", "h", cursor, "MATCH", "field:1?"));
            cursor = reply.get(0);
            for (int i = 1; i < reply.size(); i += 2) {
                matched.add(reply.get(i));
                assertThat(reply.get(i + 1)).isEqualTo("value:" + reply.get(i).substring(6));
            }
        } while (!cursor.equals("0"));
        assertThat(matched).containsExactlyInAnyOrder("field:10", "field:11", "field:12", "field:13", "field:14",
                "field:15", "field:16", "field:17", "field:18", "field:19");
    }

    /** HSCAN's reply as [cursor, field, value, field, value, ...]. */
    static List<String> parseScan(String reply) {
        List<String> parts = new ArrayList<>();
        String[] lines = reply.split("\r\n", -1);
        // *2, $n, cursor, *m, then $len / text pairs
        parts.add(lines[2]);
        for (int i = 5; i < lines.length; i += 2) {
            parts.add(lines[i]);
        }
        return parts;
    }

    // ---------------------------------------------------------------------------------------------
    // HRANDFIELD

    @Test
    void hrandfieldWithoutCount() {
        assertThat(t.call("HRANDFIELD", "h")).isEqualTo(NIL);
        t.call("HSET", "h", "a", "1", "b", "2", "30", "3");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(t.call("HRANDFIELD", "h"));
        }
        assertThat(seen).containsExactlyInAnyOrder(bulk("a"), bulk("b"), bulk("30"));
        t.resp(3);
        assertThat(t.call("HRANDFIELD", "nokey")).isEqualTo("_\r\n");
    }

    @Test
    void hrandfieldArgumentErrors() {
        t.call("HSET", "h", "a", "1");
        assertThat(t.call("HRANDFIELD", "h", "-9223372036854775808")).isEqualTo(
                error("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"));
        assertThat(t.call("HRANDFIELD", "h", "9223372036854775807", "WITHVALUES")).isEqualTo(error("ERR value is out of range"));
        assertThat(t.call("HRANDFIELD", "h", "4611686018427387904", "withvalues")).isEqualTo(error("ERR value is out of range"));
        assertThat(t.call("HRANDFIELD", "h", "-4611686018427387904", "withvalues")).isEqualTo(error("ERR value is out of range"));
        assertThat(t.call("HRANDFIELD", "h", "4611686018427387903", "withvalues")).isEqualTo(array(bulk("a"), bulk("1")));
        assertThat(t.call("HRANDFIELD", "h", "1", "withvalue")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("HRANDFIELD", "h", "1", "withvalues", "x")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("HRANDFIELD", "h", "x")).isEqualTo(error("ERR value is not an integer or out of range"));
        assertThat(t.call("HRANDFIELD", "nokey", "x")).isEqualTo(error("ERR value is not an integer or out of range"));
        assertThat(t.call("HRANDFIELD", "nokey", "5", "bad")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("HRANDFIELD", "nokey", "5")).isEqualTo(EMPTY_ARRAY);
        assertThat(t.call("HRANDFIELD", "h", "0")).isEqualTo(EMPTY_ARRAY);
        assertThat(t.call("HRANDFIELD", "h", "0", "WITHVALUES")).isEqualTo(EMPTY_ARRAY);
        assertThat(t.call("HRANDFIELD")).isEqualTo(error("ERR wrong number of arguments for 'hrandfield' command"));
    }

    @Test
    void hrandfieldWithACountAtLeastTheSizeReturnsTheWholeHash() {
        t.call("HSET", "h", "a", "1", "b", "2", "c", "3");
        assertThat(t.call("HRANDFIELD", "h", "5", "WITHVALUES")).isEqualTo(
                array(bulk("a"), bulk("1"), bulk("b"), bulk("2"), bulk("c"), bulk("3")));
        assertThat(t.call("HRANDFIELD", "h", "3")).isEqualTo(array(bulk("a"), bulk("b"), bulk("c")));
        t.resp(3);
        assertThat(t.call("HRANDFIELD", "h", "3", "WITHVALUES")).isEqualTo(
                array(array(bulk("a"), bulk("1")), array(bulk("b"), bulk("2")), array(bulk("c"), bulk("3"))));
    }

    @Test
    void hrandfieldWithAPositiveCountReturnsDistinctFieldsInEveryStrategy() {
        fillHash("small", 50);        // listpack: one ordered pass
        fillHash("large", 600);       // hashtable: shuffled (count * 3 > size) or drawn
        assertThat(encoding("large")).isEqualTo(bulk("hashtable"));
        for (String key : new String[] {"small", "large"}) {
            int size = key.equals("small") ? 50 : 600;
            for (int count : new int[] {1, 2, 10, size / 3, size / 3 + 1, size - 1}) {
                for (int round = 0; round < 5; round++) {
                    List<String> fields = bulks(t.call("HRANDFIELD", key, Integer.toString(count)));
                    assertThat(fields).as("%s %d", key, count).hasSize(count).doesNotHaveDuplicates()
                            .allMatch(f -> Integer.parseInt(f.substring(1)) < size);
                    List<String> pairs = bulks(t.call("HRANDFIELD", key, Integer.toString(count), "WITHVALUES"));
                    assertThat(pairs).hasSize(2 * count);
                    Set<String> distinct = new HashSet<>();
                    for (int i = 0; i < pairs.size(); i += 2) {
                        assertThat(pairs.get(i + 1)).isEqualTo("v" + pairs.get(i).substring(1));
                        distinct.add(pairs.get(i));
                    }
                    assertThat(distinct).hasSize(count);
                }
            }
        }
    }

    @Test
    void hrandfieldWithANegativeCountMayRepeatAndCoversTheHash() {
        fillHash("small", 5);
        fillHash("large", 300);
        for (String key : new String[] {"small", "large"}) {
            int size = key.equals("small") ? 5 : 300;
            List<String> fields = bulks(t.call("HRANDFIELD", key, "-20000"));
            assertThat(fields).hasSize(20000).allMatch(f -> Integer.parseInt(f.substring(1)) < size);
            assertThat(new HashSet<>(fields)).hasSize(size);   // a miss in 20000 fair picks of 300 has odds below e^-60
            List<String> pairs = bulks(t.call("HRANDFIELD", key, "-7", "WITHVALUES"));
            assertThat(pairs).hasSize(14);
            for (int i = 0; i < pairs.size(); i += 2) {
                assertThat(pairs.get(i + 1)).isEqualTo("v" + pairs.get(i).substring(1));
            }
        }
        t.resp(3);
        String reply = t.call("HRANDFIELD", "small", "-2", "WITHVALUES");
        assertThat(reply).startsWith("*2\r\n*2\r\n$2\r\nf");
        assertThat(t.call("HRANDFIELD", "small", "-2")).startsWith("*2\r\n$2\r\nf");
    }

    private void fillHash(String key, int size) {
        List<String> args = new ArrayList<>(List.of("HSET", key));
        for (int i = 0; i < size; i++) {
            args.add("f" + i);
            args.add("v" + i);
        }
        t.call(args.toArray(String[]::new));
    }

    /** The bulk strings of a flat array reply. */
    static List<String> bulks(String reply) {
        List<String> out = new ArrayList<>();
        String[] lines = reply.split("\r\n", -1);
        for (int i = 2; i < lines.length; i += 2) {
            out.add(lines[i]);
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // The key: expiry, generic commands, memory, WATCH signals, dirty counts

    @Test
    void anExpiredHashIsGoneAndRecreatedEmpty() {
        t.call("HSET", "h", "a", "1", "b", "2");
        t.call("PEXPIRE", "h", "100");
        t.clock.advance(100);
        assertThat(t.call("HGET", "h", "a")).isEqualTo(NIL);
        assertThat(t.call("HSET", "h", "c", "3")).isEqualTo(integer(1));
        assertThat(t.call("HGETALL", "h")).isEqualTo(array(bulk("c"), bulk("3")));
        assertThat(t.call("PTTL", "h")).isEqualTo(integer(-1));
    }

    @Test
    void copyRenameAndOverwriteWorkForBothEncodings() {
        t.call("HSET", "small", "a", "1", "n", "2");
        fillHash("large", 600);
        assertThat(t.call("COPY", "small", "small2")).isEqualTo(integer(1));
        assertThat(t.call("COPY", "large", "large2")).isEqualTo(integer(1));
        t.call("HSET", "small", "a", "changed");
        t.call("HDEL", "large", "f0");
        assertThat(t.call("HGETALL", "small2")).isEqualTo(array(bulk("a"), bulk("1"), bulk("n"), bulk("2")));
        assertThat(t.call("HLEN", "large2")).isEqualTo(integer(600));
        assertThat(t.call("HGET", "large2", "f0")).isEqualTo(bulk("v0"));
        assertThat(encoding("large2")).isEqualTo(bulk("hashtable"));
        assertThat(encoding("small2")).isEqualTo(bulk("listpack"));
        assertThat(t.call("RENAME", "large2", "moved")).isEqualTo(OK);
        assertThat(t.call("HGET", "moved", "f599")).isEqualTo(bulk("v599"));
        assertThat(t.call("SET", "moved", "now a string")).isEqualTo(OK);
        assertThat(t.call("GET", "moved")).isEqualTo(bulk("now a string"));
        assertThat(t.call("MEMORY", "USAGE", "small")).matches(":\\d+\r\n");
        assertThat(t.call("MEMORY", "USAGE", "large", "SAMPLES", "0")).matches(":\\d+\r\n");
        long small = Long.parseLong(t.call("MEMORY", "USAGE", "small").substring(1).trim());
        long large = Long.parseLong(t.call("MEMORY", "USAGE", "large").substring(1).trim());
        assertThat(large).isGreaterThan(small * 20);
    }

    @Test
    void deletingHashesFreesAllTheirMemory() {
        t.call("SET", "warmup", "x");   // the keyspace's tables exist before the baseline
        t.call("DEL", "warmup");
        long baseline = t.engine.allocator().usedBytes();
        t.call("HSET", "small", "a", "1", "b", "hello");
        fillHash("large", 500);
        t.call("HSET", "large", "long", "x".repeat(1000));
        t.call("COPY", "large", "copy");
        t.call("HINCRBYFLOAT", "small", "f", "1.5");
        assertThat(t.engine.allocator().usedBytes()).isGreaterThan(baseline);
        t.call("DEL", "small", "large");
        t.call("SET", "copy", "x");
        t.call("DEL", "copy");
        assertThat(t.engine.allocator().usedBytes()).isEqualTo(baseline);
    }

    @Test
    void writesSignalTheKeyAndCountChanges() {
        List<String> modified = new ArrayList<>();
        t.engine.context().events(new KeyEvents() {
            @Override
            public void modified(int db, byte[] key, int offset, int length) {
                modified.add(new String(key, offset, length, java.nio.charset.StandardCharsets.UTF_8));
            }

            @Override
            public void ready(int db, byte[] key, int offset, int length) {
            }
        });
        long dirty = t.engine.context().dirty();
        t.call("HSET", "h", "a", "1", "b", "2");
        assertThat(t.engine.context().dirty() - dirty).isEqualTo(2);
        t.call("HGET", "h", "a");
        t.call("HSETNX", "h", "a", "1");
        t.call("HDEL", "h", "zz");
        assertThat(t.engine.context().dirty() - dirty).isEqualTo(2);
        t.call("HDEL", "h", "a", "b");
        assertThat(t.engine.context().dirty() - dirty).isEqualTo(4);
        t.call("HINCRBY", "h", "n", "1");
        t.call("HINCRBYFLOAT", "h", "n", "1");
        t.call("HSETNX", "h", "m", "1");
        assertThat(t.engine.context().dirty() - dirty).isEqualTo(7);
        assertThat(modified).containsExactly("h", "h", "h", "h", "h");
    }
}
