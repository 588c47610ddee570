package io.forkline.engine.types;

import io.forkline.engine.EngineTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.forkline.engine.EngineTester.NIL;
import static io.forkline.engine.EngineTester.array;
import static io.forkline.engine.EngineTester.bulk;
import static io.forkline.engine.EngineTester.error;
import static io.forkline.engine.EngineTester.integer;
import static org.assertj.core.api.Assertions.assertThat;

/** SORT and SORT_RO, with Redis 7.0's replies. */
class SortCommandTest {

    private final EngineTester t = new EngineTester();

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void sortsNumbersStringsAndLimits() {
        t.call("RPUSH", "l", "3", "1", "2", "10");
        assertThat(t.call("SORT", "l")).isEqualTo(array(bulk("1"), bulk("2"), bulk("3"), bulk("10")));
        assertThat(t.call("SORT", "l", "DESC")).isEqualTo(array(bulk("10"), bulk("3"), bulk("2"), bulk("1")));
        assertThat(t.call("SORT", "l", "ALPHA")).isEqualTo(array(bulk("1"), bulk("10"), bulk("2"), bulk("3")));
        assertThat(t.call("SORT", "l", "LIMIT", "1", "2")).isEqualTo(array(bulk("2"), bulk("3")));
        assertThat(t.call("SORT", "l", "LIMIT", "5", "2")).isEqualTo("*0\r\n");
        assertThat(t.call("SORT", "missing")).isEqualTo("*0\r\n");
        t.call("RPUSH", "words", "b", "a");
        assertThat(t.call("SORT", "words")).isEqualTo(error("ERR One or more scores can't be converted into double"));
        assertThat(t.call("SORT", "words", "ALPHA")).isEqualTo(array(bulk("a"), bulk("b")));
        t.call("ZADD", "z", "1", "c", "2", "b", "3", "a");
        assertThat(t.call("SORT", "z", "ALPHA")).isEqualTo(array(bulk("a"), bulk("b"), bulk("c")));
        assertThat(t.call("SORT", "z", "BY", "nosort")).isEqualTo(array(bulk("c"), bulk("b"), bulk("a")));
        // unsorted, a sorted set or a list keeps its own order, backwards for DESC (LIMIT after that), as Redis
        assertThat(t.call("SORT", "z", "BY", "nosort", "DESC")).isEqualTo(array(bulk("a"), bulk("b"), bulk("c")));
        assertThat(t.call("SORT", "z", "BY", "nosort", "DESC", "LIMIT", "0", "1")).isEqualTo(array(bulk("a")));
        assertThat(t.call("SORT", "words", "BY", "nosort", "DESC")).isEqualTo(array(bulk("a"), bulk("b")));
        t.call("SET", "s", "x");
        assertThat(t.call("SORT", "s")).isEqualTo(EngineTester.WRONGTYPE);
        assertThat(t.call("SORT", "l", "LIMIT", "1")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("SORT_RO", "l", "STORE", "x")).isEqualTo(error("ERR syntax error"));
    }

    @Test
    void byAndGetPatternsReadStringsAndHashFields() {
        t.call("SADD", "ids", "1", "2", "3");
        t.call("MSET", "weight_1", "30", "weight_2", "10", "weight_3", "20", "name_1", "one", "name_3", "three");
        t.call("HSET", "user_1", "age", "5");
        t.call("HSET", "user_2", "age", "7");
        t.call("HSET", "user_3", "age", "6");
        assertThat(t.call("SORT", "ids", "BY", "weight_*")).isEqualTo(array(bulk("2"), bulk("3"), bulk("1")));
        assertThat(t.call("SORT", "ids", "BY", "weight_*", "GET", "name_*", "GET", "#"))
                .isEqualTo(array(NIL, bulk("2"), bulk("three"), bulk("3"), bulk("one"), bulk("1")));
        assertThat(t.call("SORT", "ids", "BY", "user_*->age", "DESC")).isEqualTo(array(bulk("2"), bulk("3"), bulk("1")));
        assertThat(t.call("SORT", "ids", "GET", "user_*->age")).isEqualTo(array(bulk("5"), bulk("7"), bulk("6")));
    }

    @Test
    void storeWritesAListAndAnEmptyResultDeletesTheDestination() {
        t.call("RPUSH", "l", "3", "1", "2");
        assertThat(t.call("SORT", "l", "STORE", "dst")).isEqualTo(integer(3));
        assertThat(t.effects()).isEqualTo(EngineTester.command("SORT", "l", "STORE", "dst"));
        assertThat(t.call("LRANGE", "dst", "0", "-1")).isEqualTo(array(bulk("1"), bulk("2"), bulk("3")));
        t.call("SADD", "set", "b", "a", "c");
        assertThat(t.call("SORT", "set", "BY", "nosort", "STORE", "dst")).isEqualTo(integer(3));
        assertThat(t.call("LRANGE", "dst", "0", "-1")).isEqualTo(array(bulk("a"), bulk("b"), bulk("c")));   // stored sets are sorted
        assertThat(t.call("SORT", "empty", "STORE", "dst")).isEqualTo(integer(0));
        assertThat(t.call("EXISTS", "dst")).isEqualTo(integer(0));
    }
}
