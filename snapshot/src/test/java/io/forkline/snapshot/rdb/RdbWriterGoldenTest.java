package io.forkline.snapshot.rdb;

import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.struct.Quicklist;
import io.forkline.pages.alloc.Allocator;
import io.forkline.snapshot.io.BufferSink;
import io.forkline.snapshot.io.Crc64;
import io.forkline.snapshot.io.Lzf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Files and values against bytes Redis 7.0.15 wrote (reference redis-formats.md §1.13) and against
 * bytes computed by hand from the format's rules.
 */
class RdbWriterGoldenTest {

    private final EngineDriver driver = new EngineDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    // ---------------------------------------------------------------------------------------------
    // Whole files

    @Test
    void anEmptyAofBaseIsByteForByteWhatRedisWrote() throws IOException {
        byte[] expected = Hex.bytes("""
                "REDIS0010"
                fa 09 "redis-ver" 06 "7.0.15"
                fa 0a "redis-bits" c0 40
                fa 05 "ctime" c2 99 fe 06 6b
                fa 08 "used-mem" c2 98 5f 0d 00
                fa 08 "aof-base" c0 01
                ff
                05 db 0a 6f 52 fb b8 af""");
        KeyspaceImage image = new KeyspaceImage(driver.engine.memory(), driver.engine.keyspace().root(), 16, 876440);
        BufferSink sink = new BufferSink();
        new RdbWriter(RdbWriteOptions.defaults().withAofBase(true), InstantSource.fixed(Instant.ofEpochSecond(0x6b06fe99L)))
                .write(image, sink, new SaveProgress());
        assertThat(Hex.format(sink.toByteArray())).isEqualTo(Hex.format(expected));
        assertThat(expected).hasSize(89);
    }

    @Test
    void aKeyWithAnExpireInAnotherDatabase() {
        driver.call(5, "SET", "ex1", "v");
        driver.call(5, "PEXPIREAT", "ex1", "1795620613630");   // fe 2d 54 13 a2 01 00 00, as in the reference
        byte[] file = Snapshots.write(Snapshots.live(driver.engine), RdbWriteOptions.defaults().withChecksum(false));
        int aux = auxLength(file);
        assertThat(Hex.format(Arrays.copyOfRange(file, aux, file.length))).isEqualTo(Hex.format(Hex.bytes("""
                fe 05  fb 01 01
                fc fe 2d 54 13 a2 01 00 00  00 03 "ex1" 01 "v"
                ff 00 00 00 00 00 00 00 00""")));
    }

    @Test
    void theChecksumCoversEverythingBeforeItAndIsZeroWhenOff() {
        driver.call(0, "SET", "k", "v");
        driver.call(0, "RPUSH", "l", "a", "b");
        byte[] checked = Snapshots.write(Snapshots.live(driver.engine), RdbWriteOptions.defaults());
        byte[] unchecked = Snapshots.write(Snapshots.live(driver.engine), RdbWriteOptions.defaults().withChecksum(false));
        int body = checked.length - 8;
        assertThat(Arrays.copyOf(unchecked, body)).isEqualTo(Arrays.copyOf(checked, body));
        assertThat(Arrays.copyOfRange(unchecked, body, unchecked.length)).containsOnly(0);
        long crc = Crc64.update(0, checked, 0, body);
        byte[] trailer = new byte[8];
        for (int i = 0; i < 8; i++) {
            trailer[i] = (byte) (crc >>> (8 * i));
        }
        assertThat(Arrays.copyOfRange(checked, body, checked.length)).isEqualTo(trailer);
        assertThat(checked[body - 1] & 0xff).isEqualTo(0xff);
    }

    @Test
    void auxFieldsFollowRedisOrderAndExtraFieldsReplaceOrJoinThem() {
        RdbWriteOptions options = RdbWriteOptions.defaults().withAux("repl-stream-db", "0").withAux("ctime", "12")
                .withAux("repl-id", "ab".repeat(20));
        RdbTestParser.Parsed parsed = RdbTestParser.parse(Snapshots.write(Snapshots.live(driver.engine), options));
        assertThat(parsed.aux().keySet()).containsExactly("redis-ver", "redis-bits", "ctime", "used-mem", "repl-stream-db",
                "repl-id", "aof-base");
        assertThat(parsed.aux()).containsEntry("ctime", "12").containsEntry("redis-ver", "7.0.15")
                .containsEntry("redis-bits", "64").containsEntry("aof-base", "0")
                .containsEntry("used-mem", Long.toString(driver.engine.allocator().usedBytes()));
    }

    @Test
    void onlyVersionTenIsWritten() {
        assertThatThrownBy(() -> new RdbWriteOptions(true, true, 11, Map.of(), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only version 10");
    }

    // ---------------------------------------------------------------------------------------------
    // Values Redis 7.0.15 wrote (type byte, then payload)

    @Test
    void aSmallListIsOnePackedNodeHoldingTheListpack() {
        driver.call(0, "RPUSH", "l1", "a", "b", "3", "-5");
        assertValue("l1", true, "12 01 02 12 | 12 00 00 00 04 00 81 61 02 81 62 02 03 01 df fb 02 ff");
    }

    @Test
    void anIntsetIsItsBlob() {
        driver.call(0, "SADD", "si", "1", "2", "3");
        assertValue("si", true, "0b 0e | 02 00 00 00 03 00 00 00 01 00 02 00 03 00");
        driver.call(0, "SADD", "wide", "100000");
        assertValue("wide", true, "0b 0c | 04 00 00 00 01 00 00 00 a0 86 01 00");
    }

    @Test
    void listpackSortedSetsAndHashesAreTheirBlobs() {
        driver.call(0, "ZADD", "z1", "1.5", "a", "2", "b");
        assertValue("z1", true, "11 14 | 14 00 00 00 04 00 81 61 02 83 31 2e 35 04 81 62 02 02 01 ff");
        driver.call(0, "HSET", "h1", "f1", "v1", "f2", "2");
        assertValue("h1", true, "10 15 | 15 00 00 00 04 00 82 66 31 03 82 76 31 03 82 66 32 03 02 01 ff");
    }

    @Test
    void smallIntegersAreIntegerEncoded() {
        driver.call(0, "SET", "n1", "12345");
        assertValue("n1", true, "00 c1 39 30");
    }

    @Test
    void aListpackSetIsWrittenAsAPlainSetSinceVersionTenHasNoSetListpack() {
        driver.call(0, "SADD", "ss", "a", "c", "b", "-7");
        assertValue("ss", true, "02 04 01 \"a\" 01 \"c\" 01 \"b\" c0 f9");
    }

    @Test
    void aHundredAsCompressToLzfThatDecodesAsRedisDecodes() {
        driver.call(0, "SET", "big", "a".repeat(100));
        byte[] value = value("big", true);
        assertThat(value[0]).isEqualTo((byte) 0);
        assertThat(value[1] & 0xff).isEqualTo(0xc3);
        int compressed = value[2] & 0xff;
        assertThat(Arrays.copyOfRange(value, 3, 5)).isEqualTo(Hex.bytes("40 64"));
        assertThat(value).hasSize(5 + compressed);
        byte[] out = new byte[100];
        assertThat(Lzf.decompress(value, 5, compressed, out, 0, 100)).isTrue();
        assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo("a".repeat(100));
        assertThat(compressed).isLessThanOrEqualTo(96);
    }

    // ---------------------------------------------------------------------------------------------
    // Values computed by hand

    @Test
    void stringsTakeTheSmallestEncodingRedisWouldChoose() {
        String[][] cases = {
                {"0", "c0 00"}, {"-128", "c0 80"}, {"127", "c0 7f"}, {"128", "c1 80 00"}, {"-129", "c1 7f ff"},
                {"32767", "c1 ff 7f"}, {"-32768", "c1 00 80"}, {"32768", "c2 00 80 00 00"},
                {"2147483647", "c2 ff ff ff 7f"}, {"-2147483648", "c2 00 00 00 80"},
                {"2147483648", "0a \"2147483648\""}, {"12345678901", "0b \"12345678901\""},
                {"9223372036854775807", "13 \"9223372036854775807\""}, {"-0", "02 \"-0\""}, {"007", "03 \"007\""},
                {"+1", "02 \"+1\""}, {" 1", "02 \" 1\""}, {"", "00"}, {"v", "01 \"v\""},
                {"a".repeat(20), "14 \"" + "a".repeat(20) + "\""},
        };
        for (String[] c : cases) {
            driver.call(0, "SET", "k", c[0]);
            assertThat(Hex.format(value("k", true))).as("SET k '%s'", c[0]).isEqualTo(Hex.format(Hex.bytes("00 " + c[1])));
        }
    }

    @Test
    void compressionStartsAbove20BytesOnlyWhenOnAndOnlyWhenItSavesFourBytes() {
        driver.call(0, "SET", "k", "a".repeat(21));
        assertThat(value("k", true)[1] & 0xff).isEqualTo(0xc3);
        assertThat(Hex.format(value("k", false))).isEqualTo(Hex.format(Hex.bytes("00 15 \"" + "a".repeat(21) + "\"")));
        String noise = "q8Zr2Lk0pXw7Yv3Nb5Tm1";   // 21 distinct-ish bytes: LZF cannot save 4 of them
        driver.call(0, "SET", "k", noise);
        assertThat(Hex.format(value("k", true))).isEqualTo(Hex.format(Hex.bytes("00 15 \"" + noise + "\"")));
    }

    @Test
    void lengthsUseOneTwoFiveOrNineBytesBigEndian() throws IOException {
        long[] lengths = {0, 63, 64, 16383, 16384, 0xFFFF_FFFFL, 0x1_0000_0000L};
        String[] expected = {"00", "3f", "40 40", "7f ff", "80 00 00 40 00", "80 ff ff ff ff", "81 00 00 00 01 00 00 00 00"};
        for (int i = 0; i < lengths.length; i++) {
            BufferSink sink = new BufferSink();
            RdbEncoder encoder = new RdbEncoder(sink, true);
            encoder.length(lengths[i]);
            encoder.flush();
            assertThat(Hex.format(sink.toByteArray())).as("length %d", lengths[i]).isEqualTo(expected[i]);
        }
    }

    @Test
    void aHashtableHashIsFieldValuePairs() {
        driver.call(0, "HSET", "h", "f1", "v".repeat(65));   // a value over hash-max-listpack-value: a hashtable
        assertValue("h", false, "04 01 02 \"f1\" 40 41 \"" + "v".repeat(65) + "\"");
        assertThat(RdbTestParser.parseValue(value("h", true)))
                .isEqualTo(new Value.HashOf(Map.of("f1", "v".repeat(65))));
    }

    @Test
    void aSkiplistSortedSetIsWrittenHighestScoreFirstWithBinaryDoubles() {
        driver.call(0, "ZADD", "z", "1", "a", "2", "m".repeat(65));
        assertValue("z", false, "05 02 40 41 \"" + "m".repeat(65) + "\" 00 00 00 00 00 00 00 40 01 \"a\" 00 00 00 00 00 00 f0 3f");
    }

    @Test
    void aHashtableSetIsItsMembers() {
        driver.call(0, "SADD", "s", "m".repeat(65));
        assertValue("s", false, "02 01 40 41 \"" + "m".repeat(65) + "\"");
    }

    @Test
    void plainNodesHoldTheirElementBetweenPackedNodes() {
        Allocator allocator = driver.engine.allocator();
        long list = Quicklist.create(allocator, -2, 10);
        for (String element : new String[] {"small", "0123456789abcdef", "x"}) {
            byte[] bytes = element.getBytes(StandardCharsets.US_ASCII);
            Quicklist.pushTail(allocator, list, bytes, 0, bytes.length);
        }
        byte[] key = "p".getBytes(StandardCharsets.US_ASCII);
        driver.engine.keyspace().add(0, key, 0, 1, ValueType.LIST, Encoding.QUICKLIST, list, driver.clock.millis());
        assertValue("p", false, """
                12 03
                02 0e | 0e 00 00 00 01 00 85 "small" 06 ff
                01 10 "0123456789abcdef"
                02 0a | 0a 00 00 00 01 00 81 "x" 02 ff""");
    }

    @Test
    void aLongListSpreadsOverNodesOfAtMost8KiB() {
        for (int i = 0; i < 2000; i++) {
            driver.call(0, "RPUSH", "long", "element-" + i);
        }
        Value.ListOf list = (Value.ListOf) RdbTestParser.parseValue(value("long", true));
        assertThat(list.elements()).hasSize(2000).startsWith("element-0").endsWith("element-1999");
        byte[] raw = value("long", false);
        assertThat(raw[0]).isEqualTo((byte) RdbType.LIST_QUICKLIST_2.code());
        assertThat(raw[1] & 0xff).as("node count").isGreaterThan(2).isLessThan(64);
    }

    // ---------------------------------------------------------------------------------------------

    private void assertValue(String key, boolean compress, String expected) {
        assertThat(Hex.format(value(key, compress))).isEqualTo(Hex.format(Hex.bytes(expected)));
    }

    private byte[] value(String key, boolean compress) {
        long entry = driver.entry(0, key);
        assertThat(entry).as("key %s", key).isNotZero();
        BufferSink sink = new BufferSink();
        try {
            RdbWriter.writeValue(driver.engine.memory(), entry, sink, compress);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return sink.toByteArray();
    }

    /** Where the AUX fields end: the first byte after them. */
    private static int auxLength(byte[] file) {
        RdbTestParser.Parsed parsed = RdbTestParser.parse(file);
        int length = 9;
        for (Map.Entry<String, String> aux : parsed.aux().entrySet()) {
            length += 1 + encodedLength(aux.getKey()) + encodedLength(aux.getValue());
        }
        return length;
    }

    private static int encodedLength(String text) {
        BufferSink sink = new BufferSink();
        try {
            RdbEncoder encoder = new RdbEncoder(sink, true);
            encoder.string(Value.bytes(text));
            encoder.flush();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return (int) sink.position();
    }
}
