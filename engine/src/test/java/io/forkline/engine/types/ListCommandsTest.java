package io.forkline.engine.types;

import io.forkline.engine.EngineTester;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.Effects;
import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.command.KeyEvents;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.resp.RespReply;
import io.forkline.engine.struct.Quicklist;
import io.forkline.pages.PageSize;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.forkline.engine.EngineTester.NIL;
import static io.forkline.engine.EngineTester.OK;
import static io.forkline.engine.EngineTester.WRONGTYPE;
import static io.forkline.engine.EngineTester.array;
import static io.forkline.engine.EngineTester.bulk;
import static io.forkline.engine.EngineTester.command;
import static io.forkline.engine.EngineTester.error;
import static io.forkline.engine.EngineTester.integer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Replies, errors and effects of the list commands, as Redis 7.0.15 gives them. */
class ListCommandsTest {

    private static final String NULL_ARRAY = "*-1\r\n";
    private static final String EMPTY = "*0\r\n";
    private static final String NOT_AN_INTEGER = error("ERR value is not an integer or out of range");
    private static final String SYNTAX = error("ERR syntax error");
    private static final String MUST_BE_POSITIVE = error("ERR value is out of range, must be positive");

    private final EngineTester t = new EngineTester();

    @AfterEach
    void close() {
        t.close();
    }

    private static String bulks(String... values) {
        String[] elements = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            elements[i] = bulk(values[i]);
        }
        return array(elements);
    }

    private String range(String key) {
        return t.call("LRANGE", key, "0", "-1");
    }

    // ---------------------------------------------------------------------------------------------
    // LPUSH RPUSH LPUSHX RPUSHX LLEN

    @Test
    void pushesAddAtEitherEndAndReplyTheLength() {
        assertThat(t.call("RPUSH", "l", "b", "c")).isEqualTo(integer(2));
        assertThat(t.effects()).isEqualTo(command("RPUSH", "l", "b", "c"));
        assertThat(t.call("LPUSH", "l", "a", "0")).isEqualTo(integer(4));
        assertThat(t.effects()).isEqualTo(command("LPUSH", "l", "a", "0"));
        assertThat(range("l")).isEqualTo(bulks("0", "a", "b", "c"));
        assertThat(t.call("LLEN", "l")).isEqualTo(integer(4));
        assertThat(t.call("LLEN", "missing")).isEqualTo(integer(0));
        assertThat(t.call("TYPE", "l")).isEqualTo("+list\r\n");
        assertThat(t.call("OBJECT", "ENCODING", "l")).isEqualTo(bulk("quicklist"));
        assertThat(t.call("RPUSH", "l")).isEqualTo(error("ERR wrong number of arguments for 'rpush' command"));
        assertThat(t.call("LPUSH", "l")).isEqualTo(error("ERR wrong number of arguments for 'lpush' command"));
        assertThat(t.call("LLEN")).isEqualTo(error("ERR wrong number of arguments for 'llen' command"));
    }

    @Test
    void pushxPushesOnlyOntoAnExistingList() {
        assertThat(t.call("LPUSHX", "l", "a")).isEqualTo(integer(0));
        assertThat(t.effects()).isEmpty();
        assertThat(t.call("RPUSHX", "l", "a", "b")).isEqualTo(integer(0));
        assertThat(t.call("EXISTS", "l")).isEqualTo(integer(0));
        t.call("RPUSH", "l", "m");
        assertThat(t.call("LPUSHX", "l", "a", "b")).isEqualTo(integer(3));
        assertThat(t.effects()).isEqualTo(command("LPUSHX", "l", "a", "b"));
        assertThat(t.call("RPUSHX", "l", "z")).isEqualTo(integer(4));
        assertThat(range("l")).isEqualTo(bulks("b", "a", "m", "z"));
        assertThat(t.call("LPUSHX", "l")).isEqualTo(error("ERR wrong number of arguments for 'lpushx' command"));
    }

    @Test
    void everyCommandRefusesAKeyOfAnotherType() {
        t.call("SET", "s", "v");
        String[][] calls = {{"LPUSH", "s", "a"}, {"RPUSH", "s", "a"}, {"LPUSHX", "s", "a"}, {"RPUSHX", "s", "a"},
            {"LPOP", "s"}, {"RPOP", "s", "2"}, {"LLEN", "s"}, {"LRANGE", "s", "0", "-1"}, {"LINDEX", "s", "0"},
            {"LSET", "s", "0", "x"}, {"LINSERT", "s", "BEFORE", "a", "b"}, {"LREM", "s", "0", "a"}, {"LTRIM", "s", "0", "1"},
            {"LPOS", "s", "a"}, {"RPOPLPUSH", "s", "d"}, {"LMOVE", "s", "d", "LEFT", "RIGHT"}, {"LMPOP", "1", "s", "LEFT"}};
        for (String[] call : calls) {
            assertThat(t.call(call)).as(String.join(" ", call)).isEqualTo(WRONGTYPE);
            assertThat(t.effects()).isEmpty();
        }
        assertThat(t.call("GET", "s")).isEqualTo(bulk("v"));
        t.call("RPUSH", "l", "a");
        assertThat(t.call("GET", "l")).isEqualTo(WRONGTYPE);
        assertThat(t.call("SET", "l", "now a string")).isEqualTo(OK);
        assertThat(t.call("GET", "l")).isEqualTo(bulk("now a string"));
    }

    @Test
    void elementsReadBackExactlyWhateverTheyLookLike() {
        String big = "x".repeat(20_000);
        t.call("RPUSH", "l", "1", "-5", "9223372036854775807", "-9223372036854775808", "007", "-0", "", "1.5", big);
        assertThat(range("l")).isEqualTo(bulks("1", "-5", "9223372036854775807", "-9223372036854775808", "007", "-0", "", "1.5", big));
        assertThat(t.call("LINDEX", "l", "2")).isEqualTo(bulk("9223372036854775807"));
        assertThat(t.call("LINDEX", "l", "6")).isEqualTo(bulk(""));
    }

    // ---------------------------------------------------------------------------------------------
    // LPOP RPOP

    @Test
    void popsOneElementFromEitherEnd() {
        t.call("RPUSH", "l", "a", "b", "c");
        assertThat(t.call("LPOP", "l")).isEqualTo(bulk("a"));
        assertThat(t.effects()).isEqualTo(command("LPOP", "l"));
        assertThat(t.call("RPOP", "l")).isEqualTo(bulk("c"));
        assertThat(t.effects()).isEqualTo(command("RPOP", "l"));
        assertThat(t.call("RPOP", "l")).isEqualTo(bulk("b"));
        assertThat(t.call("EXISTS", "l")).as("an emptied list loses its key").isEqualTo(integer(0));
        assertThat(t.call("LPOP", "l")).isEqualTo(NIL);
        assertThat(t.effects()).isEmpty();
        assertThat(t.call("LPOP", "l", "1", "2")).isEqualTo(error("ERR wrong number of arguments for 'lpop' command"));
        assertThat(t.call("RPOP", "l", "1", "2")).isEqualTo(error("ERR wrong number of arguments for 'rpop' command"));
        assertThat(t.call("LPOP")).isEqualTo(error("ERR wrong number of arguments for 'lpop' command"));
    }

    @Test
    void popsWithACountReplyAnArray() {
        t.call("RPUSH", "l", "a", "b", "c", "d", "e");
        assertThat(t.call("LPOP", "l", "2")).isEqualTo(bulks("a", "b"));
        assertThat(t.effects()).isEqualTo(command("LPOP", "l", "2"));
        assertThat(t.call("RPOP", "l", "2")).isEqualTo(bulks("e", "d"));
        assertThat(t.call("LPOP", "l", "0")).isEqualTo(EMPTY);
        assertThat(t.effects()).isEmpty();
        assertThat(t.call("RPOP", "l", "9223372036854775807")).isEqualTo(bulks("c"));
        assertThat(t.call("EXISTS", "l")).isEqualTo(integer(0));
        assertThat(t.call("LPOP", "l", "2")).isEqualTo(NULL_ARRAY);
        assertThat(t.call("LPOP", "l", "0")).isEqualTo(NULL_ARRAY);
        t.resp(3);
        assertThat(t.call("LPOP", "l", "2")).isEqualTo("_\r\n");
        assertThat(t.call("LPOP", "l")).isEqualTo("_\r\n");
    }

    @Test
    void aPopCountMustBeANonNegativeInteger() {
        t.call("RPUSH", "l", "a");
        assertThat(t.call("LPOP", "l", "-1")).isEqualTo(MUST_BE_POSITIVE);
        assertThat(t.call("RPOP", "l", "abc")).isEqualTo(MUST_BE_POSITIVE);
        assertThat(t.call("LPOP", "l", "99999999999999999999")).isEqualTo(MUST_BE_POSITIVE);
        assertThat(t.call("LPOP", "missing", "-1")).isEqualTo(MUST_BE_POSITIVE);
        assertThat(range("l")).isEqualTo(bulks("a"));
    }

    // ---------------------------------------------------------------------------------------------
    // LRANGE LINDEX

    @Test
    void lrangeClampsItsIndexesAsRedisDoes() {
        t.call("RPUSH", "l", "a", "b", "c", "d");
        assertThat(t.call("LRANGE", "l", "1", "2")).isEqualTo(bulks("b", "c"));
        assertThat(t.call("LRANGE", "l", "-3", "-2")).isEqualTo(bulks("b", "c"));
        assertThat(t.call("LRANGE", "l", "-100", "100")).isEqualTo(bulks("a", "b", "c", "d"));
        assertThat(t.call("LRANGE", "l", "2", "1")).isEqualTo(EMPTY);
        assertThat(t.call("LRANGE", "l", "4", "10")).isEqualTo(EMPTY);
        assertThat(t.call("LRANGE", "l", "0", "-5")).isEqualTo(EMPTY);
        assertThat(t.call("LRANGE", "l", "-9223372036854775808", "9223372036854775807")).isEqualTo(bulks("a", "b", "c", "d"));
        assertThat(t.call("LRANGE", "l", "9223372036854775807", "-9223372036854775808")).isEqualTo(EMPTY);
        assertThat(t.call("LRANGE", "missing", "0", "-1")).isEqualTo(EMPTY);
        assertThat(t.call("LRANGE", "l", "a", "1")).isEqualTo(NOT_AN_INTEGER);
        assertThat(t.call("LRANGE", "l", "0", "1.5")).isEqualTo(NOT_AN_INTEGER);
        assertThat(t.call("LRANGE", "l", "0")).isEqualTo(error("ERR wrong number of arguments for 'lrange' command"));
    }

    @Test
    void lindexCountsFromEitherEnd() {
        t.call("RPUSH", "l", "a", "b", "c");
        assertThat(t.call("LINDEX", "l", "0")).isEqualTo(bulk("a"));
        assertThat(t.call("LINDEX", "l", "-1")).isEqualTo(bulk("c"));
        assertThat(t.call("LINDEX", "l", "3")).isEqualTo(NIL);
        assertThat(t.call("LINDEX", "l", "-4")).isEqualTo(NIL);
        assertThat(t.call("LINDEX", "l", "abc")).isEqualTo(NOT_AN_INTEGER);
        assertThat(t.call("LINDEX", "missing", "abc")).as("a missing key answers before the index is read").isEqualTo(NIL);
        assertThat(t.call("LINDEX", "l")).isEqualTo(error("ERR wrong number of arguments for 'lindex' command"));
    }

    // ---------------------------------------------------------------------------------------------
    // LSET LINSERT

    @Test
    void lsetReplacesByIndex() {
        t.call("RPUSH", "l", "a", "b", "c");
        assertThat(t.call("LSET", "l", "1", "B")).isEqualTo(OK);
        assertThat(t.effects()).isEqualTo(command("LSET", "l", "1", "B"));
        assertThat(t.call("LSET", "l", "-1", "x".repeat(10_000))).isEqualTo(OK);
        assertThat(range("l")).isEqualTo(bulks("a", "B", "x".repeat(10_000)));
        assertThat(t.call("LSET", "l", "3", "x")).isEqualTo(error("ERR index out of range"));
        assertThat(t.call("LSET", "l", "-4", "x")).isEqualTo(error("ERR index out of range"));
        assertThat(t.effects()).isEmpty();
        assertThat(t.call("LSET", "l", "one", "x")).isEqualTo(NOT_AN_INTEGER);
        assertThat(t.call("LSET", "missing", "0", "x")).isEqualTo(error("ERR no such key"));
        assertThat(t.call("LSET", "missing", "abc", "x")).isEqualTo(error("ERR no such key"));
        assertThat(t.call("LSET", "l", "0")).isEqualTo(error("ERR wrong number of arguments for 'lset' command"));
    }

    @Test
    void linsertPutsAnElementNextToTheFirstPivot() {
        t.call("RPUSH", "l", "a", "12", "c", "12");
        assertThat(t.call("LINSERT", "l", "BEFORE", "12", "x")).isEqualTo(integer(5));
        assertThat(t.effects()).isEqualTo(command("LINSERT", "l", "BEFORE", "12", "x"));
        assertThat(t.call("LINSERT", "l", "after", "c", "y")).isEqualTo(integer(6));
        assertThat(range("l")).isEqualTo(bulks("a", "x", "12", "c", "y", "12"));
        assertThat(t.call("LINSERT", "l", "BEFORE", "012", "z")).as("an integer pivot matches its exact text").isEqualTo(integer(-1));
        assertThat(t.call("LINSERT", "l", "AFTER", "nope", "z")).isEqualTo(integer(-1));
        assertThat(t.effects()).isEmpty();
        assertThat(t.call("LINSERT", "missing", "BEFORE", "a", "z")).isEqualTo(integer(0));
        assertThat(t.call("EXISTS", "missing")).isEqualTo(integer(0));
        assertThat(t.call("LINSERT", "l", "MIDDLE", "a", "z")).isEqualTo(SYNTAX);
        assertThat(t.call("LINSERT", "missing", "MIDDLE", "a", "z")).isEqualTo(SYNTAX);
        assertThat(t.call("LINSERT", "l", "BEFORE", "a")).isEqualTo(error("ERR wrong number of arguments for 'linsert' command"));
    }

    // ---------------------------------------------------------------------------------------------
    // LREM LTRIM

    @Test
    void lremRemovesMatchesFromEitherEnd() {
        t.call("RPUSH", "l", "a", "b", "a", "c", "a", "b", "a");
        assertThat(t.call("LREM", "l", "2", "a")).isEqualTo(integer(2));
        assertThat(t.effects()).isEqualTo(command("LREM", "l", "2", "a"));
        assertThat(range("l")).isEqualTo(bulks("b", "c", "a", "b", "a"));
        assertThat(t.call("LREM", "l", "-1", "b")).isEqualTo(integer(1));
        assertThat(range("l")).isEqualTo(bulks("b", "c", "a", "a"));
        assertThat(t.call("LREM", "l", "0", "a")).isEqualTo(integer(2));
        assertThat(t.call("LREM", "l", "0", "zz")).isEqualTo(integer(0));
        assertThat(t.effects()).isEmpty();
        assertThat(t.call("LREM", "l", "-9223372036854775808", "b")).isEqualTo(integer(1));
        assertThat(t.call("LREM", "l", "1", "c")).isEqualTo(integer(1));
        assertThat(t.call("EXISTS", "l")).isEqualTo(integer(0));
        assertThat(t.call("LREM", "l", "1", "c")).isEqualTo(integer(0));
        assertThat(t.call("LREM", "l", "x", "c")).isEqualTo(NOT_AN_INTEGER);
        assertThat(t.call("LREM", "l", "1")).isEqualTo(error("ERR wrong number of arguments for 'lrem' command"));
    }

    @Test
    void ltrimKeepsARange() {
        t.call("RPUSH", "l", "a", "b", "c", "d", "e");
        assertThat(t.call("LTRIM", "l", "1", "-2")).isEqualTo(OK);
        assertThat(t.effects()).isEqualTo(command("LTRIM", "l", "1", "-2"));
        assertThat(range("l")).isEqualTo(bulks("b", "c", "d"));
        assertThat(t.call("LTRIM", "l", "-100", "100")).isEqualTo(OK);
        assertThat(t.effects()).as("nothing trimmed, nothing propagated").isEmpty();
        assertThat(t.call("LTRIM", "l", "-9223372036854775808", "9223372036854775807")).isEqualTo(OK);
        assertThat(range("l")).isEqualTo(bulks("b", "c", "d"));
        assertThat(t.call("LTRIM", "l", "1", "1")).isEqualTo(OK);
        assertThat(range("l")).isEqualTo(bulks("c"));
        assertThat(t.call("LTRIM", "l", "1", "0")).isEqualTo(OK);
        assertThat(t.call("EXISTS", "l")).isEqualTo(integer(0));
        assertThat(t.call("LTRIM", "missing", "0", "1")).isEqualTo(OK);
        assertThat(t.call("LTRIM", "missing", "x", "1")).isEqualTo(NOT_AN_INTEGER);
        assertThat(t.call("LTRIM", "missing", "0", "x")).isEqualTo(NOT_AN_INTEGER);
        assertThat(t.call("LTRIM", "l", "0")).isEqualTo(error("ERR wrong number of arguments for 'ltrim' command"));
    }

    // ---------------------------------------------------------------------------------------------
    // LPOS

    @Test
    void lposFindsMatchesByRankCountAndMaxlen() {
        t.call("RPUSH", "l", "a", "b", "a", "c", "a", "7");
        assertThat(t.call("LPOS", "l", "a")).isEqualTo(integer(0));
        assertThat(t.call("LPOS", "l", "7")).isEqualTo(integer(5));
        assertThat(t.call("LPOS", "l", "a", "RANK", "2")).isEqualTo(integer(2));
        assertThat(t.call("LPOS", "l", "a", "RANK", "-1")).isEqualTo(integer(4));
        assertThat(t.call("LPOS", "l", "a", "RANK", "4")).isEqualTo(NIL);
        assertThat(t.call("LPOS", "l", "a", "COUNT", "0")).isEqualTo(array(integer(0), integer(2), integer(4)));
        assertThat(t.call("LPOS", "l", "a", "COUNT", "2")).isEqualTo(array(integer(0), integer(2)));
        assertThat(t.call("LPOS", "l", "a", "RANK", "-2", "COUNT", "0")).isEqualTo(array(integer(2), integer(0)));
        assertThat(t.call("LPOS", "l", "a", "RANK", "2", "COUNT", "1")).isEqualTo(array(integer(2)));
        assertThat(t.call("LPOS", "l", "a", "COUNT", "0", "MAXLEN", "3")).isEqualTo(array(integer(0), integer(2)));
        assertThat(t.call("LPOS", "l", "a", "MAXLEN", "1", "RANK", "2")).isEqualTo(NIL);
        assertThat(t.call("LPOS", "l", "a", "RANK", "2", "RANK", "1")).as("the last option wins").isEqualTo(integer(0));
        assertThat(t.call("LPOS", "l", "a", "RANK", "-9223372036854775808")).isEqualTo(integer(4));
        assertThat(t.call("LPOS", "l", "zz")).isEqualTo(NIL);
        assertThat(t.call("LPOS", "l", "zz", "COUNT", "0")).isEqualTo(EMPTY);
        assertThat(t.call("LPOS", "missing", "a")).isEqualTo(NIL);
        assertThat(t.call("LPOS", "missing", "a", "COUNT", "1")).isEqualTo(EMPTY);
        assertThat(t.call("LPOS", "l")).isEqualTo(error("ERR wrong number of arguments for 'lpos' command"));
    }

    @Test
    void lposOptionErrors() {
        t.call("RPUSH", "l", "a");
        assertThat(t.call("LPOS", "l", "a", "RANK", "0")).isEqualTo(error("ERR RANK can't be zero: use 1 to start from the "
                + "first match, 2 from the second ... or use negative to start from the end of the list"));
        assertThat(t.call("LPOS", "l", "a", "RANK", "x")).isEqualTo(NOT_AN_INTEGER);
        assertThat(t.call("LPOS", "l", "a", "COUNT", "-1")).isEqualTo(error("ERR COUNT can't be negative"));
        assertThat(t.call("LPOS", "l", "a", "COUNT", "x")).isEqualTo(error("ERR COUNT can't be negative"));
        assertThat(t.call("LPOS", "l", "a", "MAXLEN", "-1")).isEqualTo(error("ERR MAXLEN can't be negative"));
        assertThat(t.call("LPOS", "l", "a", "MAXLEN", "x")).isEqualTo(error("ERR MAXLEN can't be negative"));
        assertThat(t.call("LPOS", "l", "a", "RANK")).isEqualTo(SYNTAX);
        assertThat(t.call("LPOS", "l", "a", "FOO", "1")).isEqualTo(SYNTAX);
        assertThat(t.call("LPOS", "missing", "a", "RANK", "0")).as("options are read before the key").startsWith("-ERR RANK");
    }

    // ---------------------------------------------------------------------------------------------
    // RPOPLPUSH LMOVE

    @Test
    void rpoplpushAndLmoveMoveOneElement() {
        t.call("RPUSH", "src", "a", "b", "c");
        assertThat(t.call("RPOPLPUSH", "src", "dst")).isEqualTo(bulk("c"));
        assertThat(t.effects()).isEqualTo(command("RPOPLPUSH", "src", "dst"));
        assertThat(t.call("LMOVE", "src", "dst", "LEFT", "RIGHT")).isEqualTo(bulk("a"));
        assertThat(t.effects()).isEqualTo(command("LMOVE", "src", "dst", "LEFT", "RIGHT"));
        assertThat(range("dst")).isEqualTo(bulks("c", "a"));
        assertThat(t.call("LMOVE", "src", "dst", "right", "left")).isEqualTo(bulk("b"));
        assertThat(t.call("EXISTS", "src")).isEqualTo(integer(0));
        assertThat(range("dst")).isEqualTo(bulks("b", "c", "a"));
        assertThat(t.call("RPOPLPUSH", "src", "dst")).isEqualTo(NIL);
        assertThat(t.call("LMOVE", "src", "dst", "LEFT", "LEFT")).isEqualTo(NIL);
        assertThat(t.effects()).isEmpty();
        assertThat(t.call("LMOVE", "dst", "dst", "UP", "LEFT")).isEqualTo(SYNTAX);
        assertThat(t.call("LMOVE", "dst", "dst", "LEFT", "DOWN")).isEqualTo(SYNTAX);
        assertThat(t.call("LMOVE", "dst", "dst", "LEFT")).isEqualTo(error("ERR wrong number of arguments for 'lmove' command"));
        assertThat(t.call("RPOPLPUSH", "dst")).isEqualTo(error("ERR wrong number of arguments for 'rpoplpush' command"));
    }

    @Test
    void movingWithinOneListRotatesIt() {
        t.call("RPUSH", "l", "a", "b", "c");
        assertThat(t.call("RPOPLPUSH", "l", "l")).isEqualTo(bulk("c"));
        assertThat(range("l")).isEqualTo(bulks("c", "a", "b"));
        assertThat(t.call("LMOVE", "l", "l", "LEFT", "RIGHT")).isEqualTo(bulk("c"));
        assertThat(range("l")).isEqualTo(bulks("a", "b", "c"));
        t.call("RPUSH", "one", "x");
        assertThat(t.call("RPOPLPUSH", "one", "one")).isEqualTo(bulk("x"));
        assertThat(range("one")).as("a one-element list survives its rotation").isEqualTo(bulks("x"));
        assertThat(t.call("LMOVE", "one", "one", "LEFT", "LEFT")).isEqualTo(bulk("x"));
        assertThat(range("one")).isEqualTo(bulks("x"));
    }

    @Test
    void aMoveToAKeyOfAnotherTypeChangesNothing() {
        t.call("RPUSH", "src", "a");
        t.call("SET", "s", "v");
        assertThat(t.call("LMOVE", "src", "s", "LEFT", "LEFT")).isEqualTo(WRONGTYPE);
        assertThat(t.call("RPOPLPUSH", "src", "s")).isEqualTo(WRONGTYPE);
        assertThat(t.effects()).isEmpty();
        assertThat(range("src")).isEqualTo(bulks("a"));
        assertThat(t.call("RPOPLPUSH", "missing", "s")).as("a missing source answers first").isEqualTo(NIL);
    }

    // ---------------------------------------------------------------------------------------------
    // LMPOP

    @Test
    void lmpopPopsFromTheFirstKeyHoldingAList() {
        t.call("RPUSH", "b", "1", "2", "3");
        t.call("RPUSH", "c", "x");
        assertThat(t.call("LMPOP", "3", "a", "b", "c", "LEFT")).isEqualTo(array(bulk("b"), bulks("1")));
        assertThat(t.effects()).isEqualTo(command("LPOP", "b", "1"));
        assertThat(t.call("LMPOP", "2", "a", "b", "RIGHT", "COUNT", "10")).isEqualTo(array(bulk("b"), bulks("3", "2")));
        assertThat(t.effects()).isEqualTo(command("RPOP", "b", "2"));
        assertThat(t.call("EXISTS", "b")).isEqualTo(integer(0));
        assertThat(t.call("LMPOP", "2", "b", "c", "left", "count", "1")).isEqualTo(array(bulk("c"), bulks("x")));
        assertThat(t.call("LMPOP", "2", "b", "c", "LEFT")).isEqualTo(NULL_ARRAY);
        assertThat(t.effects()).isEmpty();
        t.resp(3);
        assertThat(t.call("LMPOP", "1", "b", "LEFT")).isEqualTo("_\r\n");
        t.resp(2);
        t.call("SET", "s", "v");
        t.call("RPUSH", "l", "v");
        assertThat(t.call("LMPOP", "2", "missing", "s", "LEFT")).isEqualTo(WRONGTYPE);
        assertThat(t.call("LMPOP", "2", "l", "s", "LEFT")).isEqualTo(array(bulk("l"), bulks("v")));
    }

    @Test
    void lmpopArgumentErrors() {
        t.call("RPUSH", "l", "a");
        String numkeys = error("ERR numkeys should be greater than 0");
        String count = error("ERR count should be greater than 0");
        assertThat(t.call("LMPOP", "0", "l", "LEFT")).isEqualTo(numkeys);
        assertThat(t.call("LMPOP", "-1", "l", "LEFT")).isEqualTo(numkeys);
        assertThat(t.call("LMPOP", "abc", "l", "LEFT")).isEqualTo(numkeys);
        assertThat(t.call("LMPOP", "2", "l", "LEFT")).isEqualTo(SYNTAX);
        assertThat(t.call("LMPOP", "9223372036854775807", "l", "LEFT")).isEqualTo(SYNTAX);
        assertThat(t.call("LMPOP", "1", "l", "MIDDLE")).isEqualTo(SYNTAX);
        assertThat(t.call("LMPOP", "1", "l", "LEFT", "COUNT", "0")).isEqualTo(count);
        assertThat(t.call("LMPOP", "1", "l", "LEFT", "COUNT", "-5")).isEqualTo(count);
        assertThat(t.call("LMPOP", "1", "l", "LEFT", "COUNT", "abc")).isEqualTo(count);
        assertThat(t.call("LMPOP", "1", "l", "LEFT", "COUNT", "1", "COUNT", "2")).isEqualTo(SYNTAX);
        assertThat(t.call("LMPOP", "1", "l", "LEFT", "COUNT")).isEqualTo(SYNTAX);
        assertThat(t.call("LMPOP", "1", "l", "LEFT", "FOO")).isEqualTo(SYNTAX);
        assertThat(t.call("LMPOP", "1", "l")).isEqualTo(error("ERR wrong number of arguments for 'lmpop' command"));
        assertThat(range("l")).isEqualTo(bulks("a"));
    }

    // ---------------------------------------------------------------------------------------------
    // Signals, expiry, the generic commands on lists, configuration

    /** Records the key events of each command. */
    private static final class Recorder implements KeyEvents {
        final List<String> events = new ArrayList<>();

        @Override
        public void modified(int db, byte[] key, int offset, int length) {
            events.add("modified " + new String(key, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public void ready(int db, byte[] key, int offset, int length) {
            events.add("ready " + new String(key, offset, length, StandardCharsets.UTF_8));
        }
    }

    @Test
    void pushesSignalReadyKeysAndEveryChangeSignalsWatchers() {
        Recorder recorder = new Recorder();
        t.engine.context().events(recorder);
        t.call("RPUSH", "l", "a", "b");
        assertThat(recorder.events).containsExactly("modified l", "ready l");
        recorder.events.clear();
        t.call("LPUSHX", "missing", "a");
        t.call("LRANGE", "l", "0", "-1");
        t.call("LPOS", "l", "a");
        t.call("LREM", "l", "0", "zz");
        assertThat(recorder.events).isEmpty();
        t.call("LMOVE", "l", "other", "LEFT", "LEFT");
        assertThat(recorder.events).containsExactly("modified other", "ready other", "modified l");
        recorder.events.clear();
        t.call("LSET", "l", "0", "x");
        t.call("LINSERT", "l", "BEFORE", "x", "y");
        t.call("LREM", "l", "1", "y");
        t.call("LPOP", "l");
        assertThat(recorder.events).containsExactly("modified l", "modified l", "modified l", "modified l");
    }

    @Test
    void anExpiredListIsGoneForEveryCommand() {
        t.call("RPUSH", "l", "a", "b");
        t.call("PEXPIRE", "l", "100");
        t.clock.advance(100);
        assertThat(t.call("LPOP", "l")).isEqualTo(NIL);
        assertThat(t.effects()).isEqualTo(command("DEL", "l"));
        t.call("RPUSH", "l", "a", "b");
        t.call("PEXPIRE", "l", "100");
        t.clock.advance(100);
        assertThat(t.call("RPUSH", "l", "c")).isEqualTo(integer(1));
        assertThat(t.call("PTTL", "l")).isEqualTo(integer(-1));
    }

    @Test
    void genericCommandsWorkOnLists() {
        t.call("RPUSH", "l", "a", "b", "c");
        assertThat(t.call("COPY", "l", "copy")).isEqualTo(integer(1));
        t.call("RPUSH", "copy", "d");
        assertThat(range("l")).isEqualTo(bulks("a", "b", "c"));
        assertThat(range("copy")).isEqualTo(bulks("a", "b", "c", "d"));
        assertThat(t.call("RENAME", "copy", "renamed")).isEqualTo(OK);
        assertThat(range("renamed")).isEqualTo(bulks("a", "b", "c", "d"));
        String usage = t.call("MEMORY", "USAGE", "l");
        assertThat(Long.parseLong(usage.substring(1, usage.length() - 2))).isBetween(48L + 32 + 13, 400L);
        assertThat(t.call("DEL", "l", "renamed")).isEqualTo(integer(2));
        assertThat(t.call("FLUSHALL")).isEqualTo(OK);
        assertThat(t.engine.allocator().usedBytes()).isLessThan(64 * 1024);
    }

    @Test
    void aNewListTakesTheConfiguredNodeSize() {
        EngineConfig config = new EngineConfig();
        config.listMaxListpackSize = 3;
        try (EngineTester small = new EngineTester(config, PageSize.KIB_4)) {
            small.call("RPUSH", "l", "1", "2", "3", "4", "5", "6", "7");
            long entry = small.engine.keyspace().find(0, "l".getBytes(StandardCharsets.UTF_8), 0, 1);
            long quicklist = KeyEntry.value(small.engine.memory(), entry);
            assertThat(Quicklist.fill(small.engine.memory(), quicklist)).isEqualTo(3);
            assertThat(Quicklist.nodes(small.engine.memory(), quicklist)).isEqualTo(3);
            config.listMaxListpackSize = -2;   // an existing list keeps the fill it was made with
            small.call("RPUSH", "l", "8", "9");
            assertThat(Quicklist.nodes(small.engine.memory(), quicklist)).isEqualTo(3);
            assertThat(small.call("OBJECT", "ENCODING", "l")).isEqualTo(bulk("quicklist"));
        }
    }

    @Test
    void commandTableDescribesTheListCommands() {
        var table = t.engine.commands();
        assertThat(table.get("lpush").arity()).isEqualTo(-3);
        assertThat(table.get("lpush").group()).isEqualTo("list");
        assertThat(table.get("lmove").lastKey()).isEqualTo(2);
        assertThat(table.get("lmpop").firstKey()).isZero();
        assertThat(table.get("lmpop").has(io.forkline.engine.command.CommandFlag.MOVABLEKEYS)).isTrue();
        assertThat(table.get("lrange").isWrite()).isFalse();
        assertThat(table.get("ltrim").isWrite()).isTrue();
        for (String name : List.of("lpush", "rpush", "lpushx", "rpushx", "lpop", "rpop", "llen", "lrange", "lindex", "lset",
                "linsert", "lrem", "ltrim", "lpos", "rpoplpush", "lmove", "lmpop")) {
            assertThat(table.get(name)).as(name).isNotNull();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers for the server's blocking commands

    private final RespReply served = new RespReply();
    private final Effects servedEffects = new Effects();

    /** The engine's context armed as the server arms it to serve a blocked client in database 0. */
    private CommandContext serving() {
        served.clear();
        servedEffects.clear();
        CommandContext context = t.engine.context();
        context.begin(0, served, servedEffects);
        return context;
    }

    private static byte[] key(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void serveBlockedPopRepliesKeyAndElementAndPropagatesAPop() {
        t.call("RPUSH", "l", "a", "b");
        assertThat(ListCommands.serveBlockedPop(serving(), key("l"), ListEnd.RIGHT)).isTrue();
        assertThat(served.toString()).isEqualTo(bulks("l", "b"));
        assertThat(servedEffects.toString()).isEqualTo(command("RPOP", "l"));
        assertThat(ListCommands.serveBlockedPop(serving(), key("l"), ListEnd.LEFT)).isTrue();
        assertThat(served.toString()).isEqualTo(bulks("l", "a"));
        assertThat(servedEffects.toString()).isEqualTo(command("LPOP", "l"));
        assertThat(t.call("EXISTS", "l")).isEqualTo(integer(0));
        assertThat(ListCommands.serveBlockedPop(serving(), key("l"), ListEnd.LEFT)).isFalse();
        t.call("SET", "s", "v");
        assertThat(ListCommands.serveBlockedPop(serving(), key("s"), ListEnd.LEFT)).isFalse();
        assertThat(served.toString()).isEmpty();
        assertThat(servedEffects.toString()).isEmpty();
    }

    @Test
    void serveBlockedMultiPopRepliesLikeLmpop() {
        t.call("RPUSH", "l", "a", "b", "c");
        assertThat(ListCommands.serveBlockedMultiPop(serving(), key("l"), ListEnd.RIGHT, 2)).isTrue();
        assertThat(served.toString()).isEqualTo(array(bulk("l"), bulks("c", "b")));
        assertThat(servedEffects.toString()).isEqualTo(command("RPOP", "l", "2"));
        assertThat(ListCommands.serveBlockedMultiPop(serving(), key("l"), ListEnd.LEFT, 5)).isTrue();
        assertThat(servedEffects.toString()).isEqualTo(command("LPOP", "l", "1"));
        assertThat(ListCommands.serveBlockedMultiPop(serving(), key("l"), ListEnd.LEFT, 5)).isFalse();
        assertThatThrownBy(() -> ListCommands.serveBlockedMultiPop(serving(), key("l"), ListEnd.LEFT, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serveBlockedMoveMovesAndPropagatesLmoveOrRpoplpush() {
        t.call("RPUSH", "src", "a", "b");
        assertThat(ListCommands.serveBlockedMove(serving(), key("src"), key("dst"), ListEnd.RIGHT, ListEnd.LEFT, true)).isTrue();
        assertThat(served.toString()).isEqualTo(bulk("b"));
        assertThat(servedEffects.toString()).isEqualTo(command("RPOPLPUSH", "src", "dst"));
        assertThat(ListCommands.serveBlockedMove(serving(), key("src"), key("dst"), ListEnd.LEFT, ListEnd.RIGHT, false)).isTrue();
        assertThat(servedEffects.toString()).isEqualTo(command("LMOVE", "src", "dst", "LEFT", "RIGHT"));
        assertThat(range("dst")).isEqualTo(bulks("b", "a"));
        assertThat(t.call("EXISTS", "src")).isEqualTo(integer(0));
        assertThat(ListCommands.serveBlockedMove(serving(), key("src"), key("dst"), ListEnd.LEFT, ListEnd.RIGHT, false)).isFalse();
        t.call("SET", "s", "v");
        assertThat(ListCommands.serveBlockedMove(serving(), key("dst"), key("s"), ListEnd.LEFT, ListEnd.RIGHT, false)).isTrue();
        assertThat(served.toString()).isEqualTo(WRONGTYPE);
        assertThat(servedEffects.toString()).isEmpty();
        assertThat(range("dst")).isEqualTo(bulks("b", "a"));
        assertThat(ListCommands.serveBlockedMove(serving(), key("s"), key("dst"), ListEnd.LEFT, ListEnd.RIGHT, false)).isFalse();
    }

    @Test
    void hasListAndTheMultiPopParserServeBlockingCommandsToo() {
        t.call("RPUSH", "l", "a", "b");
        t.call("SET", "s", "v");
        Arguments blmpop = Arguments.of("BLMPOP", "0", "3", "missing", "s", "l", "RIGHT", "COUNT", "5");
        ListCommands.MultiPopArguments parsed = ListCommands.MultiPopArguments.parse(blmpop, 2);
        assertThat(parsed).isEqualTo(new ListCommands.MultiPopArguments(3, 3, ListEnd.RIGHT, 5));
        CommandContext context = serving();
        assertThat(ListCommands.hasList(context, blmpop, 3)).isFalse();
        assertThatThrownBy(() -> ListCommands.hasList(context, blmpop, 4)).isSameAs(CommandError.WRONGTYPE);
        assertThat(ListCommands.hasList(context, blmpop, 5)).isTrue();
        assertThatThrownBy(() -> ListCommands.popFirstNonEmpty(context, blmpop, parsed)).isSameAs(CommandError.WRONGTYPE);
        ListCommands.MultiPopArguments fromL = new ListCommands.MultiPopArguments(5, 1, ListEnd.RIGHT, 5);
        assertThat(ListCommands.popFirstNonEmpty(serving(), blmpop, fromL)).isTrue();
        assertThat(served.toString()).isEqualTo(array(bulk("l"), bulks("b", "a")));
        assertThat(servedEffects.toString()).isEqualTo(command("RPOP", "l", "2"));
        assertThat(ListCommands.popFirstNonEmpty(serving(), blmpop, fromL)).isFalse();
        assertThat(ListCommands.MultiPopArguments.parse(Arguments.of("BLMPOP", "0", "1", "k", "left"), 2))
                .isEqualTo(new ListCommands.MultiPopArguments(3, 1, ListEnd.LEFT, 1));
        assertThatThrownBy(() -> ListCommands.MultiPopArguments.parse(Arguments.of("BLMPOP", "0", "2", "k", "left"), 2))
                .isSameAs(CommandError.SYNTAX);
        assertThatThrownBy(() -> ListEnd.parse(Arguments.of("x", "up"), 1)).isSameAs(CommandError.SYNTAX);
        assertThat(ListEnd.parse(Arguments.of("x", "Right"), 1)).isEqualTo(ListEnd.RIGHT);
        assertThat(new String(ListEnd.LEFT.argument(), StandardCharsets.US_ASCII)).isEqualTo("LEFT");
    }
}
