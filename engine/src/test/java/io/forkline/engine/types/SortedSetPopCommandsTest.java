package io.forkline.engine.types;

import io.forkline.engine.EngineTester;
import io.forkline.engine.command.Effects;
import io.forkline.engine.resp.RespReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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

/** Replies and effects of ZPOPMIN, ZPOPMAX and ZMPOP, and of the pop that serves BZPOPMIN, BZPOPMAX and BZMPOP. */
class SortedSetPopCommandsTest {

    private final EngineTester t = new EngineTester();

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void zpopminAndZpopmax() {
        t.call("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
        assertThat(t.call("ZPOPMIN", "z")).isEqualTo(bulks("a", "1"));
        assertThat(t.effects()).isEqualTo(command("ZPOPMIN", "z"));
        assertThat(t.call("ZPOPMAX", "z")).isEqualTo(bulks("d", "4"));
        assertThat(t.effects()).isEqualTo(command("ZPOPMAX", "z"));
        assertThat(t.call("ZPOPMAX", "z", "1")).isEqualTo(bulks("c", "3"));
        assertThat(t.call("ZPOPMIN", "z", "0")).isEqualTo(EMPTY);
        assertThat(t.effects()).isEmpty();
        assertThat(t.call("ZPOPMIN", "z", "10")).isEqualTo(bulks("b", "2"));
        assertThat(t.effects()).isEqualTo(command("ZPOPMIN", "z", "10"));
        assertThat(t.call("EXISTS", "z")).isEqualTo(integer(0));
        assertThat(t.call("ZPOPMIN", "z")).isEqualTo(EMPTY);
        assertThat(t.call("ZPOPMAX", "nokey", "3")).isEqualTo(EMPTY);
        assertThat(t.effects()).isEmpty();
    }

    @Test
    void zpopFromASkiplist() {
        String longMember = "m".repeat(65);
        t.call("ZADD", "z", "1", "a", "2", "b", "3", longMember, "4", "d");
        assertThat(t.call("ZPOPMAX", "z", "2")).isEqualTo(bulks("d", "4", longMember, "3"));
        assertThat(t.call("ZSCORE", "z", "d")).isEqualTo(EngineTester.NIL);
        assertThat(t.call("ZPOPMIN", "z", "2")).isEqualTo(bulks("a", "1", "b", "2"));
        assertThat(t.call("EXISTS", "z")).isEqualTo(integer(0));
    }

    @Test
    void zpopInResp3NestsPairsOnlyWithACount() {
        t.call("ZADD", "z", "1", "a", "2", "b", "3", "c");
        t.resp(3);
        assertThat(t.call("ZPOPMIN", "z")).isEqualTo(array(bulk("a"), dbl("1")));
        assertThat(t.call("ZPOPMIN", "z", "1")).isEqualTo(array(array(bulk("b"), dbl("2"))));
        assertThat(t.call("ZPOPMAX", "z", "5")).isEqualTo(array(array(bulk("c"), dbl("3"))));
        assertThat(t.call("ZPOPMAX", "z", "5")).isEqualTo(EMPTY);
    }

    @Test
    void zpopErrors() {
        t.call("ZADD", "z", "1", "a");
        String positive = error("ERR value is out of range, must be positive");
        assertThat(t.call("ZPOPMIN", "z", "-1")).isEqualTo(positive);
        assertThat(t.call("ZPOPMIN", "z", "abc")).isEqualTo(positive);
        assertThat(t.call("ZPOPMAX", "z", "1", "2")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("ZPOPMAX")).isEqualTo(error("ERR wrong number of arguments for 'zpopmax' command"));
        t.call("SET", "s", "v");
        assertThat(t.call("ZPOPMIN", "s")).isEqualTo(WRONGTYPE);
        assertThat(t.call("ZPOPMAX", "s", "0")).isEqualTo(WRONGTYPE);
    }

    @Test
    void zmpopPopsFromTheFirstNonEmptyKeyAndPropagatesAZpop() {
        t.call("ZADD", "m1", "1", "a", "2", "b");
        t.call("ZADD", "m2", "3", "c");
        assertThat(t.call("ZMPOP", "2", "m1", "m2", "MIN")).isEqualTo(array(bulk("m1"), array(bulks("a", "1"))));
        assertThat(t.effects()).isEqualTo(command("ZPOPMIN", "m1", "1"));
        assertThat(t.call("ZMPOP", "2", "nokey", "m1", "max", "COUNT", "10")).isEqualTo(array(bulk("m1"), array(bulks("b", "2"))));
        assertThat(t.effects()).isEqualTo(command("ZPOPMAX", "m1", "1"));
        assertThat(t.call("EXISTS", "m1")).isEqualTo(integer(0));
        assertThat(t.call("ZMPOP", "2", "m1", "m2", "MAX", "COUNT", "10")).isEqualTo(array(bulk("m2"), array(bulks("c", "3"))));
        assertThat(t.call("ZMPOP", "2", "m1", "m2", "MIN")).isEqualTo("*-1\r\n");
        assertThat(t.effects()).isEmpty();
        t.call("ZADD", "m3", "1", "a", "2", "b", "3", "c");
        assertThat(t.call("ZMPOP", "1", "m3", "MIN", "COUNT", "2")).isEqualTo(array(bulk("m3"), array(bulks("a", "1"), bulks("b", "2"))));
        assertThat(t.effects()).isEqualTo(command("ZPOPMIN", "m3", "2"));
        t.resp(3);
        assertThat(t.call("ZMPOP", "1", "m3", "MIN", "COUNT", "1")).isEqualTo(array(bulk("m3"), array(array(bulk("c"), dbl("3")))));
        assertThat(t.call("ZMPOP", "1", "nokey", "MIN")).isEqualTo("_\r\n");
    }

    @Test
    void zmpopErrors() {
        t.call("ZADD", "m1", "1", "a");
        String syntax = error("ERR syntax error");
        assertThat(t.call("ZMPOP", "0", "m1", "MIN")).isEqualTo(error("ERR numkeys should be greater than 0"));
        assertThat(t.call("ZMPOP", "-1", "m1", "MIN")).isEqualTo(error("ERR numkeys should be greater than 0"));
        assertThat(t.call("ZMPOP", "x", "m1", "MIN")).isEqualTo(error("ERR numkeys should be greater than 0"));
        assertThat(t.call("ZMPOP", "2", "m1", "MIN")).isEqualTo(syntax);
        assertThat(t.call("ZMPOP", "5", "m1", "MIN")).isEqualTo(syntax);
        assertThat(t.call("ZMPOP", "1", "m1", "foo")).isEqualTo(syntax);
        assertThat(t.call("ZMPOP", "1", "m1", "MIN", "COUNT")).isEqualTo(syntax);
        assertThat(t.call("ZMPOP", "1", "m1", "MIN", "foo")).isEqualTo(syntax);
        assertThat(t.call("ZMPOP", "1", "m1", "MIN", "COUNT", "1", "COUNT", "1")).isEqualTo(syntax);
        assertThat(t.call("ZMPOP", "1", "m1", "MIN", "COUNT", "0")).isEqualTo(error("ERR count should be greater than 0"));
        assertThat(t.call("ZMPOP", "1", "m1", "MIN", "COUNT", "-1")).isEqualTo(error("ERR count should be greater than 0"));
        assertThat(t.call("ZMPOP", "1", "m1")).isEqualTo(error("ERR wrong number of arguments for 'zmpop' command"));
        t.call("SET", "s", "v");
        assertThat(t.call("ZMPOP", "1", "s", "MIN")).isEqualTo(WRONGTYPE);
        assertThat(t.call("ZMPOP", "2", "nokey", "s", "MIN")).isEqualTo(WRONGTYPE);
        assertThat(t.call("ZCARD", "m1")).isEqualTo(integer(1));
    }

    // ---------------------------------------------------------------------------------------------
    // The blocking commands' hook

    private final RespReply reply = new RespReply();
    private final Effects effects = new Effects();

    private boolean serve(String key, boolean max, long count, boolean multiPop) {
        reply.clear();
        effects.clear();
        t.engine.context().begin(0, reply, effects);
        return SortedSetPopCommands.serveBlockedPop(t.engine.context(), key.getBytes(StandardCharsets.UTF_8), max, count, multiPop);
    }

    @Test
    void servingBzpopminRepliesTheKeyAndOneElement() {
        t.call("ZADD", "z", "1", "a", "2", "b");
        assertThat(serve("z", false, -1, false)).isTrue();
        assertThat(reply.toString()).isEqualTo(bulks("z", "a", "1"));
        assertThat(effects.toString()).isEqualTo(command("ZPOPMIN", "z"));
        assertThat(serve("z", true, -1, false)).isTrue();
        assertThat(reply.toString()).isEqualTo(bulks("z", "b", "2"));
        assertThat(effects.toString()).isEqualTo(command("ZPOPMAX", "z"));
        assertThat(t.call("EXISTS", "z")).isEqualTo(integer(0));
        assertThat(serve("z", false, -1, false)).isFalse();
        assertThat(reply.length()).isZero();
        assertThat(effects.count()).isZero();
    }

    @Test
    void servingBzmpopNestsAndPropagatesTheCountPopped() {
        t.call("ZADD", "z", "1", "a", "2", "b", "3", "c");
        assertThat(serve("z", true, 2, true)).isTrue();
        assertThat(reply.toString()).isEqualTo(array(bulk("z"), array(bulks("c", "3"), bulks("b", "2"))));
        assertThat(effects.toString()).isEqualTo(command("ZPOPMAX", "z", "2"));
        assertThat(serve("z", false, 10, true)).isTrue();
        assertThat(reply.toString()).isEqualTo(array(bulk("z"), array(bulks("a", "1"))));
        assertThat(effects.toString()).isEqualTo(command("ZPOPMIN", "z", "1"));
        reply.protocol(3);
        t.call("ZADD", "z", "1", "a");
        assertThat(serve("z", false, -1, false)).isTrue();
        assertThat(reply.toString()).isEqualTo(array(bulk("z"), bulk("a"), dbl("1")));
    }

    @Test
    void servingLeavesAKeyOfAnotherTypeAlone() {
        t.call("SET", "s", "v");
        assertThat(serve("s", false, -1, false)).isFalse();
        assertThat(reply.length()).isZero();
        assertThat(t.call("GET", "s")).isEqualTo(bulk("v"));
    }

    @Test
    void servingCountsAndSignalsTheChange() {
        t.call("ZADD", "z", "1", "a", "2", "b");
        long dirty = t.engine.context().dirty();
        List<String> modified = new ArrayList<>();
        t.engine.context().events(new io.forkline.engine.command.KeyEvents() {
            @Override
            public void modified(int db, byte[] key, int offset, int length) {
                modified.add(new String(key, offset, length, StandardCharsets.UTF_8));
            }

            @Override
            public void ready(int db, byte[] key, int offset, int length) {
            }
        });
        serve("z", false, 2, true);
        assertThat(t.engine.context().dirty() - dirty).isEqualTo(2);
        assertThat(modified).containsExactly("z");
    }
}
