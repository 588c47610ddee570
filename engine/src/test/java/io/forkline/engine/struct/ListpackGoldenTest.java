package io.forkline.engine.struct;

import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.alloc.Allocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.forkline.engine.struct.TestBytes.ascii;
import static io.forkline.engine.struct.TestBytes.concat;
import static io.forkline.engine.struct.TestBytes.hex;
import static io.forkline.engine.struct.TestBytes.repeat;
import static io.forkline.engine.struct.TestBytes.toHex;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden bytes: what Redis 7's lpAppend produces, worked out by hand from the format (reference
 * §2.1) and written out here, plus vectors taken from a real Redis 7.0.15 RDB file.
 */
class ListpackGoldenTest {

    private final PagedMemory memory = PagedMemory.create(PageSize.KIB_4);
    private final Allocator allocator = new Allocator(memory);

    @AfterEach
    void close() {
        memory.close();
    }

    private byte[] appended(byte[]... values) {
        long lp = Listpack.create(allocator);
        for (byte[] value : values) {
            lp = Listpack.append(allocator, lp, value, 0, value.length);
        }
        byte[] blob = Listpack.toBlob(memory, lp);
        Listpack.validate(blob, true);
        Listpack.free(allocator, lp);
        return blob;
    }

    private byte[] appendedInteger(long value) {
        long lp = Listpack.appendInteger(allocator, Listpack.create(allocator), value);
        byte[] blob = Listpack.toBlob(memory, lp);
        Listpack.free(allocator, lp);
        return blob;
    }

    @Test
    void emptyListpackIsSevenBytes() {
        long lp = Listpack.create(allocator);
        assertThat(toHex(Listpack.toBlob(memory, lp))).isEqualTo("07 00 00 00 00 00 FF");
        assertThat(Listpack.totalBytes(memory, lp)).isEqualTo(7);
    }

    /** The brief's example, with its total corrected: these 14 bytes say 0E, not 0F (6 + 1 + 5 + 1 + 1). */
    @Test
    void hello() {
        assertThat(toHex(appended(ascii("hello")))).isEqualTo("0E 00 00 00 01 00 85 68 65 6C 6C 6F 06 FF");
    }

    /** Each value appended alone to an empty listpack: header (total, count 1), the entry, FF. */
    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = ';', value = {
            // 7-bit unsigned
            "0;                    09 00 00 00 01 00 | 00 01 | FF",
            "1;                    09 00 00 00 01 00 | 01 01 | FF",
            "127;                  09 00 00 00 01 00 | 7F 01 | FF",
            // 13-bit: 110vvvvv vvvvvvvv, negatives as 8192 + v
            "128;                  0A 00 00 00 01 00 | C0 80 02 | FF",
            "4095;                 0A 00 00 00 01 00 | CF FF 02 | FF",
            "-1;                   0A 00 00 00 01 00 | DF FF 02 | FF",
            "-5;                   0A 00 00 00 01 00 | DF FB 02 | FF",
            "-4096;                0A 00 00 00 01 00 | D0 00 02 | FF",
            // 16-bit
            "4096;                 0B 00 00 00 01 00 | F1 00 10 03 | FF",
            "-4097;                0B 00 00 00 01 00 | F1 FF EF 03 | FF",
            "32767;                0B 00 00 00 01 00 | F1 FF 7F 03 | FF",
            "-32768;               0B 00 00 00 01 00 | F1 00 80 03 | FF",
            // 24-bit
            "32768;                0C 00 00 00 01 00 | F2 00 80 00 04 | FF",
            "-32769;               0C 00 00 00 01 00 | F2 FF 7F FF 04 | FF",
            "8388607;              0C 00 00 00 01 00 | F2 FF FF 7F 04 | FF",
            "-8388608;             0C 00 00 00 01 00 | F2 00 00 80 04 | FF",
            // 32-bit
            "8388608;              0D 00 00 00 01 00 | F3 00 00 80 00 05 | FF",
            "-8388609;             0D 00 00 00 01 00 | F3 FF FF 7F FF 05 | FF",
            "2147483647;           0D 00 00 00 01 00 | F3 FF FF FF 7F 05 | FF",
            "-2147483648;          0D 00 00 00 01 00 | F3 00 00 00 80 05 | FF",
            // 64-bit
            "2147483648;           11 00 00 00 01 00 | F4 00 00 00 80 00 00 00 00 09 | FF",
            "-2147483649;          11 00 00 00 01 00 | F4 FF FF FF 7F FF FF FF FF 09 | FF",
            "9223372036854775807;  11 00 00 00 01 00 | F4 FF FF FF FF FF FF FF 7F 09 | FF",
            "-9223372036854775808; 11 00 00 00 01 00 | F4 00 00 00 00 00 00 00 80 09 | FF",
            // not canonical integers: strings
            "007;                  0C 00 00 00 01 00 | 83 30 30 37 04 | FF",
            "-0;                   0B 00 00 00 01 00 | 82 2D 30 03 | FF",
            "+1;                   0B 00 00 00 01 00 | 82 2B 31 03 | FF",
            "01;                   0B 00 00 00 01 00 | 82 30 31 03 | FF",
            "9223372036854775808;  1C 00 00 00 01 00 | 93 39 32 32 33 33 37 32 30 33 36 38 35 34 37 37 35 38 30 38 14 | FF",
    })
    void integersAndNumericLookingStrings(String value, String expected) {
        assertThat(toHex(appended(ascii(value)))).isEqualTo(toHex(hex(expected)));
    }

    @Test
    void appendIntegerWritesTheSameBytesAsItsDecimalText() {
        long[] values = {0, 127, 128, -1, -4096, 4096, -32769, 8388608, Long.MIN_VALUE, Long.MAX_VALUE};
        for (long value : values) {
            assertThat(appendedInteger(value)).as("%d", value).isEqualTo(appended(ascii(Long.toString(value))));
        }
        assertThat(toHex(appendedInteger(-5))).isEqualTo("0A 00 00 00 01 00 DF FB 02 FF");
    }

    @Test
    void emptyString() {
        assertThat(toHex(appended(new byte[0]))).isEqualTo("09 00 00 00 01 00 80 01 FF");
    }

    @Test
    void sixBitStringOf63Bytes() {
        // L = 1 + 63 = 64; total = 6 + 64 + 1 + 1 = 72
        assertThat(appended(repeat('a', 63))).isEqualTo(concat(hex("48 00 00 00 01 00 BF"), repeat('a', 63), hex("40 FF")));
    }

    @Test
    void twelveBitStringOf64Bytes() {
        // L = 2 + 64 = 66; total = 6 + 66 + 1 + 1 = 74
        assertThat(appended(repeat('a', 64))).isEqualTo(concat(hex("4A 00 00 00 01 00 E0 40"), repeat('a', 64), hex("42 FF")));
    }

    @Test
    void twelveBitStringOf4095Bytes() {
        // L = 2 + 4095 = 4097 = 32 * 128 + 1: backlen 20 81; total = 6 + 4097 + 2 + 1 = 4106 = 0x100A
        assertThat(appended(repeat('a', 4095)))
                .isEqualTo(concat(hex("0A 10 00 00 01 00 EF FF"), repeat('a', 4095), hex("20 81 FF")));
    }

    @Test
    void thirtyTwoBitStringOf4096Bytes() {
        // L = 5 + 4096 = 4101 = 32 * 128 + 5: backlen 20 85; total = 6 + 4101 + 2 + 1 = 4110 = 0x100E
        assertThat(appended(repeat('a', 4096)))
                .isEqualTo(concat(hex("0E 10 00 00 01 00 F0 00 10 00 00"), repeat('a', 4096), hex("20 85 FF")));
    }

    @Test
    void thirtyTwoBitStringOf70000Bytes() {
        // 70000 = 0x11170; L = 70005 = 4 * 16384 + 34 * 128 + 117: backlen 04 A2 F5; total 70015 = 0x1117F
        assertThat(appended(repeat('a', 70000)))
                .isEqualTo(concat(hex("7F 11 01 00 01 00 F0 70 11 01 00"), repeat('a', 70000), hex("04 A2 F5 FF")));
    }

    /** Backlen at the size thresholds: L = 127, 128, 16382, 16383, 16384 (note Redis's odd "< 16383"). */
    @ParameterizedTest(name = "L = {0}")
    @CsvSource(delimiter = ';', value = {
            "127;   87 00 00 00 01 00 E0 7D;       7F",        // 12-bit string of 125
            "128;   89 00 00 00 01 00 E0 7E;       01 80",     // 12-bit string of 126
            "16382; 07 40 00 00 01 00 F0 F9 3F 00 00; 7F FE",  // 32-bit string of 16377
            "16383; 09 40 00 00 01 00 F0 FA 3F 00 00; 00 FF FF",
            "16384; 0A 40 00 00 01 00 F0 FB 3F 00 00; 01 80 80",
    })
    void backlenAtItsThresholds(int entryLength, String headerAndEncoding, String backlen) {
        int dataLength = entryLength - hex(headerAndEncoding).length + 6;
        byte[] blob = appended(repeat('b', dataLength));
        assertThat(blob).isEqualTo(concat(hex(headerAndEncoding), repeat('b', dataLength), hex(backlen), hex("FF")));

        long lp = Listpack.fromBlob(allocator, blob);
        assertThat(Listpack.last(memory, lp)).as("walking back over the backlen").isEqualTo(6);
        assertThat(Listpack.next(memory, lp, 6)).as("walking forward over it").isEqualTo(-1);
    }

    @Test
    void backlenSizesAtEveryThreshold() {
        long[][] sizeByLength = {{0, 1}, {127, 1}, {128, 2}, {16382, 2}, {16383, 3}, {2097150, 3}, {2097151, 4},
                {268435454, 4}, {268435455, 5}, {1L << 32, 5}};
        for (long[] pair : sizeByLength) {
            assertThat(ListpackDescriptor.backlenSize(pair[0])).as("backlen size of %d", pair[0]).isEqualTo((int) pair[1]);
            assertThat(ReferenceListpack.backlen(pair[0])).hasSize((int) pair[1]);
        }
        assertThat(toHex(ReferenceListpack.backlen(2097151))).isEqualTo("00 FF FF FF");
    }

    @Test
    void redisListNodeFromARealRdbFile() {
        // LIST_QUICKLIST_2 node of ["a","b",3,-5] from a Redis 7.0.15 BGSAVE
        assertThat(toHex(appended(ascii("a"), ascii("b"), ascii("3"), ascii("-5"))))
                .isEqualTo(toHex(hex("12 00 00 00 04 00 81 61 02 81 62 02 03 01 df fb 02 ff")));
    }

    @Test
    void redisHashFromARealRdbFile() {
        assertThat(toHex(appended(ascii("f1"), ascii("v1"), ascii("f2"), ascii("2"))))
                .isEqualTo(toHex(hex("15 00 00 00 04 00 82 66 31 03 82 76 31 03 82 66 32 03 02 01 ff")));
    }

    @Test
    void redisSortedSetFromARealRdbFile() {
        assertThat(toHex(appended(ascii("a"), ascii("1.5"), ascii("b"), ascii("2"))))
                .isEqualTo(toHex(hex("14 00 00 00 04 00 81 61 02 83 31 2e 35 04 81 62 02 02 01 ff")));
    }

    @Test
    void redisStreamNodeFromARealRdbFile() {
        long lp = Listpack.create(allocator);
        long[] master = {2, 0, 1};
        for (long v : master) {
            lp = Listpack.appendInteger(allocator, lp, v);
        }
        lp = Listpack.append(allocator, lp, ascii("f"), 0, 1);
        lp = Listpack.appendInteger(allocator, lp, 0);
        lp = Listpack.appendInteger(allocator, lp, 2);   // entry 1-1: flags SAMEFIELDS, ms diff 0, seq diff 0
        lp = Listpack.appendInteger(allocator, lp, 0);
        lp = Listpack.appendInteger(allocator, lp, 0);
        lp = Listpack.append(allocator, lp, ascii("v"), 0, 1);
        lp = Listpack.appendInteger(allocator, lp, 4);
        lp = Listpack.appendInteger(allocator, lp, 2);   // entry 2-0: seq diff -1
        lp = Listpack.appendInteger(allocator, lp, 1);
        lp = Listpack.appendInteger(allocator, lp, -1);
        lp = Listpack.append(allocator, lp, ascii("w"), 0, 1);
        lp = Listpack.appendInteger(allocator, lp, 4);
        assertThat(toHex(Listpack.toBlob(memory, lp))).isEqualTo(toHex(hex(
                "29 00 00 00 0f 00 02 01 00 01 01 01 81 66 02 00 01 02 01 00 01 00 01 81 76 02 04 01 02 01 01 01 df ff 02"
                        + " 81 77 02 04 01 ff")));
    }

    @Test
    void theReferenceEncoderAgreesWithTheHandWrittenBytes() {
        assertThat(toHex(ReferenceListpack.encode(java.util.List.of(ascii("a"), ascii("b"), ascii("3"), ascii("-5")))))
                .isEqualTo(toHex(hex("12 00 00 00 04 00 81 61 02 81 62 02 03 01 df fb 02 ff")));
        assertThat(ReferenceListpack.encode(java.util.List.of(repeat('a', 70000))))
                .isEqualTo(concat(hex("7F 11 01 00 01 00 F0 70 11 01 00"), repeat('a', 70000), hex("04 A2 F5 FF")));
    }
}
