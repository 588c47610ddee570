package io.forkline.engine.types;

import io.forkline.engine.EngineTester;
import io.forkline.engine.command.Arguments;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.forkline.engine.EngineTester.NIL;
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
}
