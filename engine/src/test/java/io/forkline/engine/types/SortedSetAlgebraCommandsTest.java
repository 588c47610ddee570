package io.forkline.engine.types;

import io.forkline.engine.EngineTester;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandTable;
import io.forkline.engine.command.Dispatcher;
import io.forkline.engine.command.Effects;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.ValueHandler;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.resp.RespReply;
import io.forkline.engine.struct.Element;
import io.forkline.engine.struct.Listpack;
import io.forkline.pages.Memory;
import io.forkline.pages.alloc.Allocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import static io.forkline.engine.EngineTester.NIL;
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
 * Replies and effects of ZUNION, ZINTER, ZDIFF, ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE and ZINTERCARD, as Redis
 * 7.0.15 gives them. Sets as sources are read through {@link SetMembers}; these tests give the commands a stand-in
 * set type (a listpack of members) until the set family is merged.
 */
class SortedSetAlgebraCommandsTest {

    private static final String SYNTAX = error("ERR syntax error");
    private static final String LONG = "~".repeat(65);

    private final EngineTester t = new EngineTester();
    private final Dispatcher withSets = new Dispatcher(CommandTable.of(SortedSetCommands.specs(new ListpackSets()),
            io.forkline.engine.types.KeyCommands.specs(), StringCommands.specs()));
    private final RespReply reply = new RespReply();
    private final Effects effects = new Effects();

    @AfterEach
    void close() {
        t.close();
    }

    /** Sends a command through a table that reads stand-in sets. */
    private String call(String... args) {
        reply.clear();
        effects.clear();
        t.engine.context().begin(0, reply, effects);
        withSets.execute(t.engine.context(), Arguments.of(args));
        return reply.toString();
    }

    /** A stand-in set value: its members in a listpack. */
    private static final class ListpackSets implements SetMembers, ValueHandler {

        @Override
        public long size(Memory memory, long value, Encoding encoding) {
            return Listpack.size(memory, value);
        }

        @Override
        public boolean contains(Memory memory, long value, Encoding encoding, byte[] member, int offset, int length) {
            return Listpack.find(memory, value, Listpack.first(memory, value), member, offset, length, 0) != -1;
        }

        @Override
        public void forEach(Memory memory, long value, Encoding encoding, Consumer<byte[]> members) {
            Element element = new Element();
            for (int position = Listpack.first(memory, value); position != -1; position = Listpack.next(memory, value, position)) {
                Listpack.get(memory, value, position, element);
                members.accept(element.toBytes(memory));
            }
        }

        @Override
        public void free(Allocator allocator, long value, Encoding encoding) {
            Listpack.free(allocator, value);
        }

        @Override
        public long duplicate(Allocator allocator, long value, Encoding encoding) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long memoryUsage(Memory memory, long value, Encoding encoding, int samples) {
            return Listpack.totalBytes(memory, value);
        }
    }

    private void sadd(String key, String... members) {
        ListpackSets sets = new ListpackSets();
        t.engine.keyspace().register(ValueType.SET, sets);
        long listpack = Listpack.create(t.engine.allocator());
        for (String member : members) {
            byte[] bytes = member.getBytes(StandardCharsets.UTF_8);
            listpack = Listpack.append(t.engine.allocator(), listpack, bytes, 0, bytes.length);
        }
        byte[] name = key.getBytes(StandardCharsets.UTF_8);
        t.engine.keyspace().add(0, name, 0, name.length, ValueType.SET, Encoding.LISTPACK, listpack, t.clock.millis());
    }

    /** a = {x:1, y:2, z:3}, b = {y:10, z:20, w:30}, in the given encoding. */
    private void twoSets(String encoding) {
        t.call("ZADD", "a", "1", "x", "2", "y", "3", "z");
        t.call("ZADD", "b", "10", "y", "20", "z", "30", "w");
        if (encoding.equals("skiplist")) {
            for (String key : new String[] {"a", "b"}) {
                t.call("ZADD", key, "0", LONG);
                t.call("ZREM", key, LONG);
            }
        }
        assertThat(t.call("OBJECT", "ENCODING", "a")).isEqualTo(bulk(encoding));
    }

    // ---------------------------------------------------------------------------------------------
    // ZUNION, ZINTER, ZDIFF, ZINTERCARD

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "skiplist"})
    void zunion(String encoding) {
        twoSets(encoding);
        assertThat(t.call("ZUNION", "2", "a", "b")).isEqualTo(bulks("x", "y", "z", "w"));
        assertThat(t.call("ZUNION", "2", "a", "b", "WITHSCORES")).isEqualTo(bulks("x", "1", "y", "12", "z", "23", "w", "30"));
        assertThat(t.call("ZUNION", "2", "a", "b", "WEIGHTS", "2", "3", "WITHSCORES"))
                .isEqualTo(bulks("x", "2", "y", "34", "z", "66", "w", "90"));
        assertThat(t.call("ZUNION", "2", "a", "b", "AGGREGATE", "MIN", "WITHSCORES")).isEqualTo(bulks("x", "1", "y", "2", "z", "3", "w", "30"));
        assertThat(t.call("ZUNION", "2", "a", "b", "aggregate", "max", "withscores")).isEqualTo(bulks("x", "1", "y", "10", "z", "20", "w", "30"));
        assertThat(t.call("ZUNION", "2", "a", "nokey", "WITHSCORES")).isEqualTo(bulks("x", "1", "y", "2", "z", "3"));
        assertThat(t.call("ZUNION", "1", "nokey")).isEqualTo(EMPTY);
        assertThat(t.call("ZUNION", "2", "a", "b", "WITHSCORES", "WITHSCORES")).startsWith("*8\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "skiplist"})
    void zinter(String encoding) {
        twoSets(encoding);
        assertThat(t.call("ZINTER", "2", "a", "b", "WITHSCORES")).isEqualTo(bulks("y", "12", "z", "23"));
        assertThat(t.call("ZINTER", "2", "a", "b", "WEIGHTS", "0", "1", "AGGREGATE", "SUM", "WITHSCORES")).isEqualTo(bulks("y", "10", "z", "20"));
        assertThat(t.call("ZINTER", "2", "a", "a", "WITHSCORES")).isEqualTo(bulks("x", "2", "y", "4", "z", "6"));
        assertThat(t.call("ZINTER", "2", "a", "nokey")).isEqualTo(EMPTY);
        assertThat(t.call("ZINTER", "1", "a", "WITHSCORES")).isEqualTo(bulks("x", "1", "y", "2", "z", "3"));
        assertThat(t.call("ZINTER", "2", "a", "b")).isEqualTo(bulks("y", "z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "skiplist"})
    void zdiff(String encoding) {
        twoSets(encoding);
        assertThat(t.call("ZDIFF", "2", "a", "b", "WITHSCORES")).isEqualTo(bulks("x", "1"));
        assertThat(t.call("ZDIFF", "2", "b", "a")).isEqualTo(bulks("w"));
        assertThat(t.call("ZDIFF", "2", "a", "a")).isEqualTo(EMPTY);
        assertThat(t.call("ZDIFF", "1", "a", "WITHSCORES")).isEqualTo(bulks("x", "1", "y", "2", "z", "3"));
        assertThat(t.call("ZDIFF", "2", "nokey", "a")).isEqualTo(EMPTY);
        assertThat(t.call("ZDIFF", "2", "a", "b", "WEIGHTS", "1", "2")).isEqualTo(SYNTAX);
        assertThat(t.call("ZDIFF", "2", "a", "b", "AGGREGATE", "SUM")).isEqualTo(SYNTAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "skiplist"})
    void zintercard(String encoding) {
        twoSets(encoding);
        assertThat(t.call("ZINTERCARD", "2", "a", "b")).isEqualTo(integer(2));
        assertThat(t.call("ZINTERCARD", "2", "a", "b", "LIMIT", "1")).isEqualTo(integer(1));
        assertThat(t.call("ZINTERCARD", "2", "a", "b", "LIMIT", "0")).isEqualTo(integer(2));
        assertThat(t.call("ZINTERCARD", "2", "a", "nokey")).isEqualTo(integer(0));
        assertThat(t.call("ZINTERCARD", "2", "a", "b", "LIMIT", "-1")).isEqualTo(error("ERR LIMIT can't be negative"));
        assertThat(t.call("ZINTERCARD", "2", "a", "b", "LIMIT", "x")).isEqualTo(error("ERR LIMIT can't be negative"));
        assertThat(t.call("ZINTERCARD", "2", "a", "b", "WITHSCORES")).isEqualTo(SYNTAX);
        assertThat(t.call("ZINTERCARD", "2", "a", "b", "WEIGHTS", "1", "1")).isEqualTo(SYNTAX);
        assertThat(t.call("ZINTERCARD", "0", "a")).isEqualTo(error("ERR at least 1 input key is needed for 'zintercard' command"));
    }

    @Test
    void infinitiesAndNaNProductsAndSums() {
        t.call("ZADD", "inf1", "inf", "m");
        t.call("ZADD", "inf2", "-inf", "m");
        assertThat(t.call("ZUNION", "2", "inf1", "inf2", "WITHSCORES")).isEqualTo(bulks("m", "0"));   // inf + -inf
        assertThat(t.call("ZINTER", "2", "inf1", "inf2", "WITHSCORES")).isEqualTo(bulks("m", "0"));
        assertThat(t.call("ZUNION", "2", "inf1", "inf2", "WEIGHTS", "0", "1", "WITHSCORES")).isEqualTo(bulks("m", "-inf"));   // 0 * inf
        assertThat(t.call("ZINTER", "2", "inf1", "inf2", "AGGREGATE", "MIN", "WITHSCORES")).isEqualTo(bulks("m", "-inf"));
        assertThat(t.call("ZUNION", "1", "inf1", "WEIGHTS", "0x2", "WITHSCORES")).isEqualTo(bulks("m", "inf"));
        assertThat(t.call("ZUNION", "1", "inf1", "WEIGHTS", "nan", "WITHSCORES")).isEqualTo(error("ERR weight value is not a float"));
        assertThat(t.call("ZUNION", "1", "inf1", "WEIGHTS", "1e400", "WITHSCORES")).isEqualTo(error("ERR weight value is not a float"));
    }

    @Test
    void resp3NestsPairs() {
        twoSets("listpack");
        t.resp(3);
        assertThat(t.call("ZUNION", "2", "a", "b", "WITHSCORES")).isEqualTo(array(array(bulk("x"), dbl("1")),
                array(bulk("y"), dbl("12")), array(bulk("z"), dbl("23")), array(bulk("w"), dbl("30"))));
        assertThat(t.call("ZINTER", "2", "a", "b")).isEqualTo(bulks("y", "z"));
        assertThat(t.call("ZDIFF", "2", "a", "b", "WITHSCORES")).isEqualTo(array(array(bulk("x"), dbl("1"))));
    }

    @Test
    void argumentErrors() {
        twoSets("listpack");
        assertThat(t.call("ZUNION", "2", "a", "b", "WEIGHTS", "1")).isEqualTo(SYNTAX);
        assertThat(t.call("ZUNION", "2", "a", "b", "WEIGHTS", "1", "x")).isEqualTo(error("ERR weight value is not a float"));
        assertThat(t.call("ZUNION", "2", "a", "b", "AGGREGATE", "foo")).isEqualTo(SYNTAX);
        assertThat(t.call("ZUNION", "2", "a", "b", "AGGREGATE")).isEqualTo(SYNTAX);
        assertThat(t.call("ZUNION", "0", "a")).isEqualTo(error("ERR at least 1 input key is needed for 'zunion' command"));
        assertThat(t.call("ZINTER", "-1", "a")).isEqualTo(error("ERR at least 1 input key is needed for 'zinter' command"));
        assertThat(t.call("ZUNION", "x", "a")).isEqualTo(error("ERR value is not an integer or out of range"));
        assertThat(t.call("ZUNION", "3", "a", "b")).isEqualTo(SYNTAX);
        assertThat(t.call("ZUNIONSTORE", "dst", "0", "a")).isEqualTo(error("ERR at least 1 input key is needed for 'zunionstore' command"));
        assertThat(t.call("ZUNIONSTORE", "dst", "2", "a", "b", "WITHSCORES")).isEqualTo(SYNTAX);
        assertThat(t.call("ZDIFFSTORE", "dst", "0", "a")).isEqualTo(error("ERR at least 1 input key is needed for 'zdiffstore' command"));
        assertThat(t.call("ZUNION", "1")).isEqualTo(error("ERR wrong number of arguments for 'zunion' command"));
        assertThat(t.call("ZUNIONSTORE", "dst", "1")).isEqualTo(error("ERR wrong number of arguments for 'zunionstore' command"));
        t.call("SET", "s", "str");
        assertThat(t.call("ZUNION", "2", "a", "s")).isEqualTo(WRONGTYPE);
        assertThat(t.call("ZINTER", "2", "s", "a", "foo")).isEqualTo(WRONGTYPE);   // the keys before the options
        assertThat(t.call("ZDIFF", "1", "s")).isEqualTo(WRONGTYPE);
        assertThat(t.call("ZINTERCARD", "1", "s")).isEqualTo(WRONGTYPE);
        assertThat(t.call("ZUNIONSTORE", "dst", "2", "a", "s")).isEqualTo(WRONGTYPE);
        assertThat(t.call("EXISTS", "dst")).isEqualTo(integer(0));
    }

    // ---------------------------------------------------------------------------------------------
    // The STORE forms

    @ParameterizedTest
    @ValueSource(strings = {"listpack", "skiplist"})
    void storeForms(String encoding) {
        twoSets(encoding);
        assertThat(t.call("ZUNIONSTORE", "dst", "2", "a", "b")).isEqualTo(integer(4));
        assertThat(t.effects()).isEqualTo(command("ZUNIONSTORE", "dst", "2", "a", "b"));
        assertThat(t.call("ZRANGE", "dst", "0", "-1", "WITHSCORES")).isEqualTo(bulks("x", "1", "y", "12", "z", "23", "w", "30"));
        assertThat(t.call("OBJECT", "ENCODING", "dst")).isEqualTo(bulk("listpack"));
        assertThat(t.call("ZINTERSTORE", "dst", "2", "a", "b", "WEIGHTS", "2", "0.5")).isEqualTo(integer(2));
        assertThat(t.call("ZRANGE", "dst", "0", "-1", "WITHSCORES")).isEqualTo(bulks("y", "9", "z", "16"));
        assertThat(t.call("ZDIFFSTORE", "dst", "2", "a", "b")).isEqualTo(integer(1));
        assertThat(t.call("ZRANGE", "dst", "0", "-1", "WITHSCORES")).isEqualTo(bulks("x", "1"));
        assertThat(t.call("ZDIFFSTORE", "dst", "2", "a", "a")).isEqualTo(integer(0));
        assertThat(t.effects()).isEqualTo(command("ZDIFFSTORE", "dst", "2", "a", "a"));
        assertThat(t.call("EXISTS", "dst")).isEqualTo(integer(0));
        assertThat(t.call("ZDIFFSTORE", "dst", "2", "a", "a")).isEqualTo(integer(0));
        assertThat(t.effects()).isEmpty();
        assertThat(t.call("ZINTERSTORE", "dst", "2", "a", "nokey")).isEqualTo(integer(0));
        assertThat(t.call("ZUNIONSTORE", "a", "2", "a", "b")).isEqualTo(integer(4));   // a source can be the destination
        assertThat(t.call("ZRANGE", "a", "0", "-1", "WITHSCORES")).isEqualTo(bulks("x", "1", "y", "12", "z", "23", "w", "30"));
        t.call("SET", "s", "v");
        t.call("EXPIRE", "s", "100");
        assertThat(t.call("ZUNIONSTORE", "s", "1", "b")).isEqualTo(integer(3));
        assertThat(t.call("TYPE", "s")).isEqualTo("+zset\r\n");
        assertThat(t.call("TTL", "s")).isEqualTo(integer(-1));
    }

    @Test
    void storedResultsTakeTheEncodingTheirSizeAndMembersCallFor() {
        t.engine.config().zsetMaxListpackEntries = 3;
        t.call("ZADD", "a", "1", "x", "2", "y", "3", "z");
        t.call("ZADD", "b", "4", "w");
        t.call("ZADD", "c", "5", LONG);
        t.call("ZUNIONSTORE", "dst", "2", "a", "b");
        assertThat(t.call("OBJECT", "ENCODING", "dst")).isEqualTo(bulk("skiplist"));
        t.call("ZINTERSTORE", "dst", "2", "a", "a");
        assertThat(t.call("OBJECT", "ENCODING", "dst")).isEqualTo(bulk("listpack"));
        t.call("ZUNIONSTORE", "dst", "1", "c");
        assertThat(t.call("OBJECT", "ENCODING", "dst")).isEqualTo(bulk("skiplist"));
        t.call("ZDIFFSTORE", "dst", "2", "dst", "a");
        assertThat(t.call("OBJECT", "ENCODING", "dst")).isEqualTo(bulk("skiplist"));
        assertThat(t.call("ZSCORE", "dst", LONG)).isEqualTo(bulk("5"));
    }

    // ---------------------------------------------------------------------------------------------
    // Sets as sources

    @Test
    void setsAreSourcesWithScoreOne() {
        twoSets("listpack");
        sadd("s", "y", "q", "x");
        assertThat(call("ZUNION", "2", "a", "s", "WITHSCORES")).isEqualTo(bulks("q", "1", "x", "2", "y", "3", "z", "3"));
        assertThat(call("ZINTER", "2", "s", "a", "WEIGHTS", "10", "1", "WITHSCORES")).isEqualTo(bulks("x", "11", "y", "12"));
        assertThat(call("ZINTER", "2", "s", "s", "WITHSCORES")).isEqualTo(bulks("q", "2", "x", "2", "y", "2"));
        assertThat(call("ZDIFF", "2", "s", "a", "WITHSCORES")).isEqualTo(bulks("q", "1"));
        assertThat(call("ZDIFF", "2", "a", "s")).isEqualTo(bulks("z"));
        assertThat(call("ZINTERCARD", "3", "a", "s", "b")).isEqualTo(integer(1));
        assertThat(call("ZUNIONSTORE", "dst", "1", "s")).isEqualTo(integer(3));
        assertThat(effects.toString()).isEqualTo(command("ZUNIONSTORE", "dst", "1", "s"));
        assertThat(call("ZRANGE", "dst", "0", "-1", "WITHSCORES")).isEqualTo(bulks("q", "1", "x", "1", "y", "1"));
        assertThat(call("ZSCORE", "s", "x")).isEqualTo(EngineTester.WRONGTYPE);
        assertThat(call("ZADD", "dst", "1", "a")).isEqualTo(integer(1));
        assertThat(call("GET", "dst")).isEqualTo(WRONGTYPE);
        assertThat(call("ZSCORE", "nokey", "x")).isEqualTo(NIL);
    }

    @Test
    void realSetsOfEveryEncodingAreSourcesScoredOne() {
        t.call("SADD", "ints", "1", "2");
        t.call("SADD", "strings", "a", "b");
        String[] many = new String[202];
        many[0] = "SADD";
        many[1] = "big";
        for (int i = 0; i < 200; i++) {
            many[i + 2] = "m" + i;
        }
        t.call(many);
        assertThat(t.call("OBJECT", "ENCODING", "big")).isEqualTo(EngineTester.bulk("hashtable"));
        t.call("ZADD", "z", "5", "a", "7", "m5");
        assertThat(t.call("ZUNION", "3", "ints", "strings", "z", "WITHSCORES")).isEqualTo(EngineTester.array(
                EngineTester.bulk("1"), EngineTester.bulk("1"), EngineTester.bulk("2"), EngineTester.bulk("1"),
                EngineTester.bulk("b"), EngineTester.bulk("1"), EngineTester.bulk("a"), EngineTester.bulk("6"),
                EngineTester.bulk("m5"), EngineTester.bulk("7")));
        assertThat(t.call("ZINTERCARD", "2", "big", "z")).isEqualTo(EngineTester.integer(1));
        assertThat(t.call("ZINTER", "2", "big", "z", "WITHSCORES")).isEqualTo(EngineTester.array(
                EngineTester.bulk("m5"), EngineTester.bulk("8")));
    }
}
