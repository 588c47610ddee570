package io.forkline.engine.types;

import io.forkline.engine.EngineTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.forkline.engine.EngineTester.WRONGTYPE;
import static io.forkline.engine.EngineTester.array;
import static io.forkline.engine.EngineTester.bulk;
import static io.forkline.engine.EngineTester.command;
import static io.forkline.engine.EngineTester.error;
import static io.forkline.engine.EngineTester.integer;
import static io.forkline.engine.types.SortedSetCommandsTest.EMPTY;
import static io.forkline.engine.types.SortedSetCommandsTest.bulks;
import static io.forkline.engine.types.SortedSetCommandsTest.dbl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replies and effects of ZRANGE (by rank, score and member, REV, LIMIT, WITHSCORES), ZRANGESTORE, ZREVRANGE,
 * Z[REV]RANGEBYSCORE and Z[REV]RANGEBYLEX, as Redis 7.0.15 gives them, each test run on a listpack and on a
 * skiplist holding the same elements.
 */
class SortedSetRangeCommandsTest {

    private static final String SYNTAX = error("ERR syntax error");
    private static final String LONG = "~".repeat(65);   // orders after every letter; forces the skiplist encoding

    private final EngineTester t = new EngineTester();

    @AfterEach
    void close() {
        t.close();
    }

    /** Creates {@code key} with (score, member) pairs, as a skiplist when {@code encoding} says so. */
    private void zadd(String encoding, String key, String... pairs) {
        String[] args = new String[pairs.length + 2];
        args[0] = "ZADD";
        args[1] = key;
        System.arraycopy(pairs, 0, args, 2, pairs.length);
        t.call(args);
        if (encoding.equals("skiplist")) {
            t.call("ZADD", key, "1000", LONG);
            t.call("ZREM", key, LONG);
        }
        assertThat(t.call("OBJECT", "ENCODING", key)).isEqualTo(bulk(encoding));
    }

    private void letters(String encoding) {
        zadd(encoding, "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "6", "f");
    }

    private void sameScores(String encoding) {
        zadd(encoding, "l", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e", "0", "f", "0", "g");
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "skiplist"})
    void zrangeByRank(String encoding) {
        letters(encoding);
        assertThat(t.call("ZRANGE", "z", "0", "-1")).isEqualTo(bulks("a", "b", "c", "d", "e", "f"));
        assertThat(t.call("ZRANGE", "z", "2", "3", "WITHSCORES")).isEqualTo(bulks("c", "3", "d", "4"));
        assertThat(t.call("ZRANGE", "z", "-2", "-1")).isEqualTo(bulks("e", "f"));
        assertThat(t.call("ZRANGE", "z", "-100", "100")).isEqualTo(bulks("a", "b", "c", "d", "e", "f"));
        assertThat(t.call("ZRANGE", "z", "5", "2")).isEqualTo(EMPTY);
        assertThat(t.call("ZRANGE", "z", "6", "10")).isEqualTo(EMPTY);
        assertThat(t.call("ZRANGE", "z", "0", "-1", "REV")).isEqualTo(bulks("f", "e", "d", "c", "b", "a"));
        assertThat(t.call("ZRANGE", "z", "0", "1", "rev", "withscores")).isEqualTo(bulks("f", "6", "e", "5"));
        assertThat(t.call("ZRANGE", "z", "0", "-1", "LIMIT", "0", "-1")).isEqualTo(bulks("a", "b", "c", "d", "e", "f"));
        assertThat(t.call("ZRANGE", "nokey", "0", "-1")).isEqualTo(EMPTY);
        assertThat(t.call("ZRANGE", "nokey", "0", "-1", "WITHSCORES")).isEqualTo(EMPTY);
        assertThat(t.call("ZREVRANGE", "z", "0", "1")).isEqualTo(bulks("f", "e"));
        assertThat(t.call("ZREVRANGE", "z", "1", "2", "WITHSCORES")).isEqualTo(bulks("e", "5", "d", "4"));
        assertThat(t.call("ZREVRANGE", "z", "-1", "-1")).isEqualTo(bulks("a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "skiplist"})
    void zrangeByScore(String encoding) {
        letters(encoding);
        assertThat(t.call("ZRANGE", "z", "1", "4", "BYSCORE")).isEqualTo(bulks("a", "b", "c", "d"));
        assertThat(t.call("ZRANGE", "z", "(1", "4", "BYSCORE", "WITHSCORES")).isEqualTo(bulks("b", "2", "c", "3", "d", "4"));
        assertThat(t.call("ZRANGE", "z", "1", "(4", "BYSCORE", "LIMIT", "1", "2")).isEqualTo(bulks("b", "c"));
        assertThat(t.call("ZRANGE", "z", "4", "1", "BYSCORE", "REV")).isEqualTo(bulks("d", "c", "b", "a"));
        assertThat(t.call("ZRANGE", "z", "(4", "1", "BYSCORE", "REV", "WITHSCORES", "LIMIT", "0", "1")).isEqualTo(bulks("c", "3"));
        assertThat(t.call("ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "2", "-1")).isEqualTo(bulks("c", "d", "e", "f"));
        assertThat(t.call("ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "-1", "2")).isEqualTo(EMPTY);
        assertThat(t.call("ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "6", "2")).isEqualTo(EMPTY);
        assertThat(t.call("ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "5", "2")).isEqualTo(bulks("f"));
        assertThat(t.call("ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "0", "0")).isEqualTo(EMPTY);
        assertThat(t.call("ZRANGEBYSCORE", "z", "2", "4")).isEqualTo(bulks("b", "c", "d"));
        assertThat(t.call("ZRANGEBYSCORE", "z", "2", "4", "WITHSCORES", "LIMIT", "1", "1")).isEqualTo(bulks("c", "3"));
        assertThat(t.call("ZRANGEBYSCORE", "z", "-inf", "(3")).isEqualTo(bulks("a", "b"));
        assertThat(t.call("ZRANGEBYSCORE", "z", "4", "2")).isEqualTo(EMPTY);
        assertThat(t.call("ZRANGEBYSCORE", "z", "", "4")).isEqualTo(bulks("a", "b", "c", "d"));   // "" is 0
        assertThat(t.call("ZRANGEBYSCORE", "z", "(", "1")).isEqualTo(bulks("a"));
        assertThat(t.call("ZRANGEBYSCORE", "z", "7", "+inf")).isEqualTo(EMPTY);
        assertThat(t.call("ZREVRANGEBYSCORE", "z", "4", "2")).isEqualTo(bulks("d", "c", "b"));
        assertThat(t.call("ZREVRANGEBYSCORE", "z", "4", "2", "WITHSCORES", "LIMIT", "1", "5")).isEqualTo(bulks("c", "3", "b", "2"));
        assertThat(t.call("ZREVRANGEBYSCORE", "z", "+inf", "-inf", "LIMIT", "0", "2")).isEqualTo(bulks("f", "e"));
        assertThat(t.call("ZREVRANGEBYSCORE", "z", "2", "4")).isEqualTo(EMPTY);
        assertThat(t.call("ZRANGEBYSCORE", "nokey", "0", "1")).isEqualTo(EMPTY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "skiplist"})
    void zrangeByLex(String encoding) {
        sameScores(encoding);
        assertThat(t.call("ZRANGE", "l", "-", "+", "BYLEX")).isEqualTo(bulks("a", "b", "c", "d", "e", "f", "g"));
        assertThat(t.call("ZRANGE", "l", "[c", "[a", "BYLEX", "REV")).isEqualTo(bulks("c", "b", "a"));
        assertThat(t.call("ZRANGE", "l", "(a", "[c", "BYLEX", "LIMIT", "1", "5")).isEqualTo(bulks("c"));
        assertThat(t.call("ZRANGEBYLEX", "l", "-", "[c")).isEqualTo(bulks("a", "b", "c"));
        assertThat(t.call("ZRANGEBYLEX", "l", "-", "(c")).isEqualTo(bulks("a", "b"));
        assertThat(t.call("ZRANGEBYLEX", "l", "[aaa", "(g")).isEqualTo(bulks("b", "c", "d", "e", "f"));
        assertThat(t.call("ZRANGEBYLEX", "l", "[e", "+")).isEqualTo(bulks("e", "f", "g"));
        assertThat(t.call("ZRANGEBYLEX", "l", "+", "-")).isEqualTo(EMPTY);
        assertThat(t.call("ZRANGEBYLEX", "l", "-", "+", "LIMIT", "2", "3")).isEqualTo(bulks("c", "d", "e"));
        assertThat(t.call("ZREVRANGEBYLEX", "l", "[c", "-")).isEqualTo(bulks("c", "b", "a"));
        assertThat(t.call("ZREVRANGEBYLEX", "l", "+", "(e")).isEqualTo(bulks("g", "f"));
        assertThat(t.call("ZREVRANGEBYLEX", "l", "+", "-", "LIMIT", "1", "2")).isEqualTo(bulks("f", "e"));
        assertThat(t.call("ZREVRANGEBYLEX", "l", "-", "+")).isEqualTo(EMPTY);
        assertThat(t.call("ZRANGEBYLEX", "nokey", "-", "+")).isEqualTo(EMPTY);
    }

    /**
     * A lex range over unequal scores is undefined: Redis walks a listpack from its start (checked here) and a skiplist
     * down its levels, so that its answer there depends on the random levels of the nodes.
     */
    @Test
    void aLexRangeOverUnequalScoresWalksAListpackAsRedisDoes() {
        zadd("listpack", "u", "1", "c", "2", "a", "3", "d");
        assertThat(t.call("ZRANGEBYLEX", "u", "[b", "[z")).isEqualTo(bulks("c", "a", "d"));
        assertThat(t.call("ZRANGEBYLEX", "u", "[b", "[c")).isEqualTo(bulks("c", "a"));
        assertThat(t.call("ZRANGEBYLEX", "u", "-", "[c")).isEqualTo(bulks("c", "a"));
        assertThat(t.call("ZRANGEBYLEX", "u", "(c", "+")).isEqualTo(bulks("d"));
        assertThat(t.call("ZREVRANGEBYLEX", "u", "[z", "[b")).isEqualTo(bulks("d"));
        assertThat(t.call("ZLEXCOUNT", "u", "-", "[c")).isEqualTo(integer(2));
        assertThat(t.call("ZREMRANGEBYLEX", "u", "[b", "[c")).isEqualTo(integer(2));
        assertThat(t.call("ZRANGE", "u", "0", "-1")).isEqualTo(bulks("d"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "skiplist"})
    void resp3RepliesScoresAsDoublesInPairs(String encoding) {
        letters(encoding);
        t.resp(3);
        assertThat(t.call("ZRANGE", "z", "0", "1", "WITHSCORES")).isEqualTo(array(array(bulk("a"), dbl("1")), array(bulk("b"), dbl("2"))));
        assertThat(t.call("ZRANGEBYSCORE", "z", "-inf", "+inf", "WITHSCORES", "LIMIT", "0", "2"))
                .isEqualTo(array(array(bulk("a"), dbl("1")), array(bulk("b"), dbl("2"))));
        assertThat(t.call("ZREVRANGE", "z", "0", "0", "WITHSCORES")).isEqualTo(array(array(bulk("f"), dbl("6"))));
        assertThat(t.call("ZRANGE", "z", "0", "1")).isEqualTo(bulks("a", "b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "skiplist"})
    void zrangeSyntaxErrors(String encoding) {
        letters(encoding);
        assertThat(t.call("ZRANGE", "z", "0", "-1", "LIMIT", "0", "1"))
                .isEqualTo(error("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"));
        assertThat(t.call("ZRANGE", "z", "-", "+", "BYLEX", "WITHSCORES"))
                .isEqualTo(error("ERR syntax error, WITHSCORES not supported in combination with BYLEX"));
        assertThat(t.call("ZRANGEBYLEX", "z", "-", "+", "WITHSCORES"))
                .isEqualTo(error("ERR syntax error, WITHSCORES not supported in combination with BYLEX"));
        assertThat(t.call("ZREVRANGE", "z", "0", "1", "LIMIT", "0", "1"))
                .isEqualTo(error("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"));
        assertThat(t.call("ZRANGE", "z", "0", "-1", "BYSCORE", "BYLEX")).isEqualTo(SYNTAX);
        assertThat(t.call("ZRANGE", "z", "0", "-1", "REV", "REV")).isEqualTo(SYNTAX);
        assertThat(t.call("ZRANGE", "z", "0", "-1", "foo")).isEqualTo(SYNTAX);
        assertThat(t.call("ZRANGE", "z", "0", "-1", "LIMIT", "1")).isEqualTo(SYNTAX);
        assertThat(t.call("ZREVRANGE", "z", "0", "1", "REV")).isEqualTo(SYNTAX);
        assertThat(t.call("ZREVRANGE", "z", "0", "1", "BYSCORE")).isEqualTo(SYNTAX);
        assertThat(t.call("ZRANGEBYSCORE", "z", "2", "4", "REV")).isEqualTo(SYNTAX);
        assertThat(t.call("ZRANGEBYSCORE", "z", "2", "4", "BYSCORE")).isEqualTo(SYNTAX);
        assertThat(t.call("ZRANGE", "z", "a", "b")).isEqualTo(error("ERR value is not an integer or out of range"));
        assertThat(t.call("ZRANGE", "z", "a", "b", "BYSCORE")).isEqualTo(error("ERR min or max is not a float"));
        assertThat(t.call("ZRANGE", "z", "a", "b", "BYLEX")).isEqualTo(error("ERR min or max not valid string range item"));
        assertThat(t.call("ZRANGEBYSCORE", "z", "x", "4")).isEqualTo(error("ERR min or max is not a float"));
        assertThat(t.call("ZRANGEBYLEX", "z", "a", "b")).isEqualTo(error("ERR min or max not valid string range item"));
        assertThat(t.call("ZRANGE", "z", "0", "1", "BYSCORE", "LIMIT", "x", "1")).isEqualTo(error("ERR value is not an integer or out of range"));
        assertThat(t.call("ZRANGE", "z", "0")).isEqualTo(error("ERR wrong number of arguments for 'zrange' command"));
        assertThat(t.call("ZRANGE", "z", "1", "2", "BYSCORE", "WITHSCORES", "WITHSCORES")).isEqualTo(bulks("a", "1", "b", "2"));
        t.call("SET", "s", "v");
        assertThat(t.call("ZRANGE", "s", "0", "-1")).isEqualTo(WRONGTYPE);
        assertThat(t.call("ZREVRANGE", "s", "0", "-1")).isEqualTo(WRONGTYPE);
        assertThat(t.call("ZRANGEBYSCORE", "s", "0", "1")).isEqualTo(WRONGTYPE);
        assertThat(t.call("ZREVRANGEBYSCORE", "s", "1", "0")).isEqualTo(WRONGTYPE);
        assertThat(t.call("ZRANGEBYLEX", "s", "-", "+")).isEqualTo(WRONGTYPE);
        assertThat(t.call("ZREVRANGEBYLEX", "s", "+", "-")).isEqualTo(WRONGTYPE);
        assertThat(t.call("ZRANGE", "s", "0", "-1", "foo")).isEqualTo(SYNTAX);   // the options before the type
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "skiplist"})
    void zrangestore(String encoding) {
        zadd(encoding, "z", "1", "a", "2", "b", "3", "c", "4", "d");
        assertThat(t.call("ZRANGESTORE", "dst", "z", "1", "2")).isEqualTo(integer(2));
        assertThat(t.effects()).isEqualTo(command("ZRANGESTORE", "dst", "z", "1", "2"));
        assertThat(t.call("ZRANGE", "dst", "0", "-1", "WITHSCORES")).isEqualTo(bulks("b", "2", "c", "3"));
        assertThat(t.call("OBJECT", "ENCODING", "dst")).isEqualTo(bulk("listpack"));
        assertThat(t.call("ZRANGESTORE", "dst", "z", "3", "2", "BYSCORE", "REV")).isEqualTo(integer(2));
        assertThat(t.call("ZRANGE", "dst", "0", "-1", "WITHSCORES")).isEqualTo(bulks("b", "2", "c", "3"));
        assertThat(t.call("ZRANGESTORE", "dst", "z", "(a", "+", "BYLEX", "LIMIT", "1", "1")).isEqualTo(integer(1));
        assertThat(t.call("ZRANGE", "dst", "0", "-1")).isEqualTo(bulks("c"));
        assertThat(t.call("ZRANGESTORE", "dst", "z", "10", "20")).isEqualTo(integer(0));
        assertThat(t.effects()).isEqualTo(command("ZRANGESTORE", "dst", "z", "10", "20"));
        assertThat(t.call("EXISTS", "dst")).isEqualTo(integer(0));   // an empty result deletes the destination
        assertThat(t.call("ZRANGESTORE", "dst", "z", "10", "20")).isEqualTo(integer(0));
        assertThat(t.effects()).isEmpty();   // nothing to delete, nothing changed
        t.call("SET", "dst", "x");
        t.call("EXPIRE", "dst", "100");
        assertThat(t.call("ZRANGESTORE", "dst", "z", "0", "0")).isEqualTo(integer(1));
        assertThat(t.call("TTL", "dst")).isEqualTo(integer(-1));
        assertThat(t.call("TYPE", "dst")).isEqualTo("+zset\r\n");
        assertThat(t.call("ZRANGESTORE", "dst", "nokey", "0", "-1")).isEqualTo(integer(0));
        assertThat(t.call("EXISTS", "dst")).isEqualTo(integer(0));
        assertThat(t.call("ZRANGESTORE", "z", "z", "0", "1")).isEqualTo(integer(2));   // the source can be the destination
        assertThat(t.call("ZRANGE", "z", "0", "-1")).isEqualTo(bulks("a", "b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "skiplist"})
    void zrangestoreErrors(String encoding) {
        letters(encoding);
        assertThat(t.call("ZRANGESTORE", "dst", "z", "0", "-1", "WITHSCORES")).isEqualTo(SYNTAX);
        assertThat(t.call("ZRANGESTORE", "dst", "z", "0", "-1", "LIMIT", "0", "1"))
                .isEqualTo(error("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"));
        assertThat(t.call("ZRANGESTORE", "dst", "z", "0")).isEqualTo(error("ERR wrong number of arguments for 'zrangestore' command"));
        t.call("SET", "s", "v");
        assertThat(t.call("ZRANGESTORE", "dst", "s", "0", "-1")).isEqualTo(WRONGTYPE);
        assertThat(t.call("ZRANGESTORE", "s", "z", "0", "0")).isEqualTo(integer(1));   // any destination is overwritten
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 128})
    void zrangestoreChoosesTheEncodingByTheResult(int entries) {
        t.engine.config().zsetMaxListpackEntries = entries;
        t.call("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", LONG);
        for (String[] call : new String[][] {{"0", "2"}, {"0", "3"}, {"1", "3", "BYSCORE"}, {"1", "4", "BYSCORE"}, {"3", "4"}}) {
            String[] args = new String[call.length + 3];
            args[0] = "ZRANGESTORE";
            args[1] = "dst";
            args[2] = "z";
            System.arraycopy(call, 0, args, 3, call.length);
            long stored = Long.parseLong(t.call(args).trim().substring(1));
            boolean withLong = call[1].equals("4") && call.length == 2;
            String expected = stored <= entries && !withLong ? "listpack" : "skiplist";
            assertThat(t.call("OBJECT", "ENCODING", "dst")).as(String.join(" ", call)).isEqualTo(bulk(expected));
        }
    }
}
