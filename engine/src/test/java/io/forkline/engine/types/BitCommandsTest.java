package io.forkline.engine.types;

import io.forkline.engine.EngineTester;
import io.forkline.engine.command.Arguments;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.forkline.engine.EngineTester.NIL;
import static io.forkline.engine.EngineTester.array;
import static io.forkline.engine.EngineTester.WRONGTYPE;
import static io.forkline.engine.EngineTester.bulk;
import static io.forkline.engine.EngineTester.error;
import static io.forkline.engine.EngineTester.integer;
import static org.assertj.core.api.Assertions.assertThat;

/** SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, with the examples of Redis's documentation as expectations. */
class BitCommandsTest {

    private final EngineTester t = new EngineTester();

    @AfterEach
    void close() {
        t.close();
    }

    private void setBytes(String key, int... bytes) {
        byte[] value = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            value[i] = (byte) bytes[i];
        }
        t.call(Arguments.ofBytes("SET".getBytes(StandardCharsets.US_ASCII), key.getBytes(StandardCharsets.US_ASCII), value));
    }

    @Test
    void setbitGrowsTheStringAndReturnsTheOldBit() {
        assertThat(t.call("SETBIT", "k", "7", "1")).isEqualTo(integer(0));
        assertThat(t.call("GET", "k")).isEqualTo(bulk("\u0001"));
        assertThat(t.call("SETBIT", "k", "7", "0")).isEqualTo(integer(1));
        assertThat(t.call("SETBIT", "k", "23", "1")).isEqualTo(integer(0));
        assertThat(t.call("STRLEN", "k")).isEqualTo(integer(3));
        assertThat(t.call("GETBIT", "k", "23")).isEqualTo(integer(1));
        assertThat(t.call("GETBIT", "k", "100")).isEqualTo(integer(0));
        assertThat(t.call("GETBIT", "missing", "0")).isEqualTo(integer(0));
        assertThat(t.call("SETBIT", "k", "-1", "1")).isEqualTo(error("ERR bit offset is not an integer or out of range"));
        assertThat(t.call("SETBIT", "k", "4294967296", "1")).isEqualTo(error("ERR bit offset is not an integer or out of range"));
        assertThat(t.call("SETBIT", "k", "1", "2")).isEqualTo(error("ERR bit is not an integer or out of range"));
        t.call("SET", "n", "1");   // "1" is 0x31: an INT-encoded string becomes raw bytes
        assertThat(t.call("SETBIT", "n", "6", "1")).isEqualTo(integer(0));
        assertThat(t.call("GET", "n")).isEqualTo(bulk("3"));
        t.call("LPUSH", "list", "x");
        assertThat(t.call("SETBIT", "list", "0", "1")).isEqualTo(WRONGTYPE);
        assertThat(t.call("GETBIT", "list", "0")).isEqualTo(WRONGTYPE);
    }

    @Test
    void bitcountCountsBytesOrBitRanges() {
        t.call("SET", "mykey", "foobar");
        assertThat(t.call("BITCOUNT", "mykey")).isEqualTo(integer(26));
        assertThat(t.call("BITCOUNT", "mykey", "0", "0")).isEqualTo(integer(4));
        assertThat(t.call("BITCOUNT", "mykey", "1", "1")).isEqualTo(integer(6));
        assertThat(t.call("BITCOUNT", "mykey", "1", "1", "BYTE")).isEqualTo(integer(6));
        assertThat(t.call("BITCOUNT", "mykey", "5", "30", "BIT")).isEqualTo(integer(17));
        assertThat(t.call("BITCOUNT", "mykey", "-2", "-1")).isEqualTo(integer(7));
        assertThat(t.call("BITCOUNT", "mykey", "5", "1")).isEqualTo(integer(0));
        // two negative indexes in the wrong order count nothing, though both would clamp to the first byte
        assertThat(t.call("BITCOUNT", "mykey", "-7", "-8")).isEqualTo(integer(0));
        assertThat(t.call("BITCOUNT", "mykey", "-7", "-30", "BIT")).isEqualTo(integer(0));
        assertThat(t.call("BITCOUNT", "mykey", "-7", "-6")).isEqualTo(integer(4));
        assertThat(t.call("BITCOUNT", "missing")).isEqualTo(integer(0));
        assertThat(t.call("BITCOUNT", "mykey", "1")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("BITCOUNT", "mykey", "1", "2", "WORD")).isEqualTo(error("ERR syntax error"));
    }

    @Test
    void bitposFindsTheFirstSetOrClearBit() {
        setBytes("mykey", 0xff, 0xf0, 0x00);
        assertThat(t.call("BITPOS", "mykey", "0")).isEqualTo(integer(12));
        setBytes("mykey", 0x00, 0xff, 0xf0);
        assertThat(t.call("BITPOS", "mykey", "1", "0")).isEqualTo(integer(8));
        assertThat(t.call("BITPOS", "mykey", "1", "2")).isEqualTo(integer(16));
        assertThat(t.call("BITPOS", "mykey", "1", "2", "-1", "BYTE")).isEqualTo(integer(16));
        assertThat(t.call("BITPOS", "mykey", "1", "7", "15", "BIT")).isEqualTo(integer(8));
        setBytes("mykey", 0x00, 0x00, 0x00);
        assertThat(t.call("BITPOS", "mykey", "1")).isEqualTo(integer(-1));
        assertThat(t.call("BITPOS", "mykey", "1", "7", "-3", "BIT")).isEqualTo(integer(-1));
        setBytes("ones", 0xff, 0xff);
        assertThat(t.call("BITPOS", "ones", "0")).isEqualTo(integer(16));        // no end: padded with zeros
        assertThat(t.call("BITPOS", "ones", "0", "0", "-1")).isEqualTo(integer(-1));   // an end given: not padded
        assertThat(t.call("BITPOS", "missing", "0")).isEqualTo(integer(0));
        assertThat(t.call("BITPOS", "missing", "1")).isEqualTo(integer(-1));
        assertThat(t.call("BITPOS", "mykey", "2")).isEqualTo(error("ERR The bit argument must be 1 or 0."));
    }

    @Test
    void bitopCombinesStringsPaddedWithZeros() {
        t.call("SET", "key1", "foobar");
        t.call("SET", "key2", "abcdef");
        assertThat(t.call("BITOP", "AND", "dest", "key1", "key2")).isEqualTo(integer(6));
        assertThat(t.call("GET", "dest")).isEqualTo(bulk("`bc`ab"));
        assertThat(t.call("BITOP", "OR", "dest", "key1", "key2")).isEqualTo(integer(6));
        assertThat(t.call("GET", "dest")).isEqualTo(bulk("goofev"));
        setBytes("short", 0x0f);
        setBytes("long", 0xff, 0x01);
        assertThat(t.call("BITOP", "XOR", "x", "short", "long", "missing")).isEqualTo(integer(2));
        assertThat(t.call("BITCOUNT", "x")).isEqualTo(integer(5));   // 0xf0 0x01
        assertThat(t.call("BITPOS", "x", "1")).isEqualTo(integer(0));
        assertThat(t.call("BITPOS", "x", "1", "1")).isEqualTo(integer(15));
        assertThat(t.call("BITOP", "NOT", "n", "short")).isEqualTo(integer(1));
        assertThat(t.call("BITCOUNT", "n")).isEqualTo(integer(4));
        assertThat(t.call("BITOP", "AND", "gone", "missing", "missing2")).isEqualTo(integer(0));
        assertThat(t.call("GET", "gone")).isEqualTo(NIL);
        assertThat(t.call("BITOP", "NOT", "n", "a", "b")).isEqualTo(error("ERR BITOP NOT must be called with a single source key."));
        assertThat(t.call("BITOP", "NAND", "n", "a")).isEqualTo(error("ERR syntax error"));
        t.call("LPUSH", "list", "x");
        assertThat(t.call("BITOP", "OR", "n", "key1", "list")).isEqualTo(WRONGTYPE);
        assertThat(t.effects()).isEmpty();
    }

    /** BITFIELD, each expectation what Debian's redis-server 7.0.15 answered to the same commands in this order. */
    @Test
    void bitfieldAsRedis() {
        assertThat(t.call("BITFIELD", "bf", "INCRBY", "i5", "100", "1", "GET", "u4", "0")).isEqualTo(array(integer(1), integer(0)));
        assertThat(t.call("BITFIELD", "bf", "SET", "i8", "0", "-100", "GET", "i8", "0", "GET", "u8", "0"))
                .isEqualTo(array(integer(0), integer(-100), integer(156)));
        assertThat(t.call("BITFIELD", "bf", "OVERFLOW", "SAT", "INCRBY", "u2", "102", "1", "OVERFLOW", "WRAP", "INCRBY", "u2", "102", "1",
                "OVERFLOW", "FAIL", "INCRBY", "u2", "102", "5")).isEqualTo(array(integer(1), integer(2), NIL));
        assertThat(t.call("BITFIELD", "bf", "INCRBY", "u2", "102", "1", "INCRBY", "u2", "102", "1", "INCRBY", "u2", "102", "1",
                "INCRBY", "u2", "102", "1")).isEqualTo(array(integer(3), integer(0), integer(1), integer(2)));
        assertThat(t.call("BITFIELD", "bf", "OVERFLOW", "SAT", "INCRBY", "i8", "#1", "200", "INCRBY", "i8", "#1", "-1000"))
                .isEqualTo(array(integer(127), integer(-128)));
        assertThat(t.call("BITFIELD", "bf", "SET", "i64", "0", "-1", "GET", "i64", "0", "GET", "u63", "1", "INCRBY", "i64", "0", "1"))
                .isEqualTo(array(integer(-7169730606773829632L), integer(-1), integer(Long.MAX_VALUE), integer(0)));
        assertThat(t.call("BITFIELD", "bf", "OVERFLOW", "WRAP", "INCRBY", "i64", "0", "9223372036854775807", "INCRBY", "i64", "0",
                "9223372036854775807")).isEqualTo(array(integer(Long.MAX_VALUE), integer(-2)));
        assertThat(t.call("BITFIELD", "bf", "OVERFLOW", "FAIL", "SET", "i8", "0", "128", "SET", "i8", "0", "127", "SET", "u8", "0", "256"))
                .isEqualTo(array(NIL, integer(-1), NIL));
        assertThat(t.call("BITFIELD", "bf", "OVERFLOW", "SAT", "SET", "i8", "0", "-1000", "SET", "u8", "0", "-5", "GET", "i8", "0"))
                .isEqualTo(array(integer(127), integer(128), integer(-1)));
        assertThat(t.call("BITFIELD_RO", "bf", "GET", "i8", "0", "GET", "u4", "4")).isEqualTo(array(integer(-1), integer(15)));
        assertThat(t.call("BITFIELD", "missing", "GET", "i8", "0", "GET", "u16", "100")).isEqualTo(array(integer(0), integer(0)));
        assertThat(t.call("EXISTS", "missing")).isEqualTo(integer(0));   // reads create nothing
        t.call("SET", "str", "hello");
        assertThat(t.call("BITFIELD", "str", "GET", "u8", "0", "SET", "u8", "0", "72", "INCRBY", "u8", "8", "-1"))
                .isEqualTo(array(integer(104), integer(104), integer(100)));
        assertThat(t.call("GET", "str")).isEqualTo(bulk("Hdllo"));
    }

    @Test
    void bitfieldErrorsAsRedis() {
        String badType = error("ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.");
        assertThat(t.call("BITFIELD", "bf", "GET", "u64", "0")).isEqualTo(badType);
        assertThat(t.call("BITFIELD", "bf", "GET", "i0", "0")).isEqualTo(badType);
        assertThat(t.call("BITFIELD", "bf", "SET", "i65", "0", "x")).isEqualTo(badType);   // the type is checked first
        assertThat(t.call("BITFIELD", "bf", "GET", "i8", "-1")).isEqualTo(error("ERR bit offset is not an integer or out of range"));
        assertThat(t.call("BITFIELD", "bf", "GET", "i8", "#-1")).isEqualTo(error("ERR bit offset is not an integer or out of range"));
        assertThat(t.call("BITFIELD", "bf", "SET", "i8", "0", "x")).isEqualTo(error("ERR value is not an integer or out of range"));
        assertThat(t.call("BITFIELD", "bf", "OVERFLOW", "what", "GET", "i8", "0")).isEqualTo(error("ERR Invalid OVERFLOW type specified"));
        assertThat(t.call("BITFIELD", "bf", "nonsense")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("BITFIELD", "bf", "GET", "i8")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("BITFIELD_RO", "bf", "GET", "i8", "0", "SET", "i8", "0", "1"))
                .isEqualTo(error("ERR BITFIELD_RO only supports the GET subcommand"));
        assertThat(t.call("EXISTS", "bf")).isEqualTo(integer(0));   // refused before anything ran
        t.call("LPUSH", "list", "a");
        assertThat(t.call("BITFIELD", "list", "GET", "u8", "0")).isEqualTo(WRONGTYPE);
    }

    /** As Redis 7.0: a SETBIT or BITFIELD that changes nothing (on an existing key) counts no change and propagates nothing. */
    @Test
    void writesThatChangeNothingCountNothing() {
        long before = t.engine.context().dirty();
        t.call("SETBIT", "foo", "0", "0");
        t.call("BITFIELD", "foo2", "SET", "i5", "0", "0");
        assertThat(t.engine.context().dirty()).isEqualTo(before + 2);   // created: changes
        t.call("SETBIT", "foo", "0", "0");
        assertThat(t.effects()).isEmpty();
        t.call("BITFIELD", "foo2", "SET", "i5", "0", "0");
        assertThat(t.effects()).isEmpty();
        assertThat(t.engine.context().dirty()).isEqualTo(before + 2);
        t.call("SETBIT", "foo", "0", "1");
        t.call("SETBIT", "foo", "0", "1");
        t.call("BITFIELD", "foo2", "SET", "i5", "0", "1", "SET", "i5", "0", "1");
        assertThat(t.engine.context().dirty()).isEqualTo(before + 4);
        t.call("SETBIT", "foo", "100", "0");   // grows the string: a change
        assertThat(t.engine.context().dirty()).isEqualTo(before + 5);
    }
}
