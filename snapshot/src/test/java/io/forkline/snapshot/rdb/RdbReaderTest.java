package io.forkline.snapshot.rdb;

import io.forkline.snapshot.io.BufferSource;
import io.forkline.snapshot.io.TruncatedInputException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RdbReaderTest {

    private static RecordingVisitor read(byte[] file) throws IOException {
        RecordingVisitor visitor = new RecordingVisitor();
        new RdbReader(new BufferSource(file), file.length).read(visitor);
        return visitor;
    }

    private static RdbFormatException failure(byte[] file) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> read(file));
        assertThat(thrown).isInstanceOf(RdbFormatException.class);
        return (RdbFormatException) thrown;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    // ---------------------------------------------------------------------------------------------
    // Header, opcodes, checksum

    @Test
    void readsAnEmptyFileOfEachVersion() throws IOException {
        for (int version = 1; version <= 11; version++) {
            RdbBuilder file = RdbBuilder.version(version);
            byte[] bytes = version < 5 ? file.endVersion4() : file.end();
            assertThat(read(bytes).events).as("version %d", version)
                    .containsExactly("header " + version, "end " + (version < 5 ? "unchecked" : "checked"));
        }
    }

    @Test
    void refusesVersion12And0AndAWrongSignature() {
        RdbFormatException v12 = failure(RdbBuilder.version(12).end());
        assertThat(v12).hasMessageContaining("Can't handle RDB format version 12");
        assertThat(v12.offset()).isEqualTo(5);
        assertThat(failure(RdbBuilder.version(0).end())).hasMessageContaining("Can't handle RDB format version 0");
        byte[] wrong = RdbBuilder.version(10).end();
        wrong[0] = 'X';
        assertThat(failure(wrong)).hasMessageStartingWith("at offset 0: expected the signature \"REDIS\", got \"XEDIS\"");
        byte[] letters = RdbBuilder.version(10).end();
        letters[7] = 'x';
        assertThat(failure(letters)).hasMessageContaining("expected a version of 4 digits");
    }

    @Test
    void reportsAuxSelectResizeAndFunctionsInOrder() throws IOException {
        byte[] file = RdbBuilder.version(10).aux("redis-ver", "7.0.15").aux("unknown-field", "kept")
                .function("#!lua name=lib\nredis.register_function('f', function() return 1 end)")
                .selectDb(3).resizeDb(1, 0).key(RdbType.STRING, "k").string("v").end();
        assertThat(read(file).events).containsExactly("header 10", "aux redis-ver=7.0.15", "aux unknown-field=kept",
                "function #!lua name=lib\nredis.register_function('f', function() return 1 end)", "select 3", "resize 1 0",
                "entry 3 k string:v", "end checked");
    }

    @Test
    void expiresInSecondsAndMillisecondsApplyToTheNextKeyOnly() throws IOException {
        byte[] file = RdbBuilder.version(9).selectDb(0)
                .expireSeconds(1_700_000_000).key(RdbType.STRING, "seconds").string("a")
                .key(RdbType.STRING, "none").string("b")
                .expireMillis(1_700_000_000_123L).idle(50).key(RdbType.STRING, "millis").string("c")
                .freq(7).expireMillis(-5).key(RdbType.STRING, "negative").string("d")
                .end();
        assertThat(read(file).entries()).containsExactly("entry 0 seconds string:a expire 1700000000000", "entry 0 none string:b",
                "entry 0 millis string:c expire 1700000000123", "entry 0 negative string:d expire -5");
    }

    @Test
    void checksMismatchedChecksumsAndSkipsZeroOnes() throws IOException {
        byte[] file = RdbBuilder.version(10).selectDb(0).key(RdbType.STRING, "k").string("v").end();
        byte[] corrupt = file.clone();
        corrupt[corrupt.length - 1] ^= 0x40;
        RdbFormatException wrong = failure(corrupt);
        assertThat(wrong).hasMessageContaining("Wrong RDB checksum expected: (").hasMessageContaining(") but got (");
        assertThat(wrong.offset()).isEqualTo(file.length - 8);
        byte[] flipped = file.clone();
        flipped[flipped.length - 10] ^= 1;  // the value's byte: still well formed, but the CRC no longer matches
        assertThat(failure(flipped)).hasMessageContaining("Wrong RDB checksum");
        byte[] unchecked = RdbBuilder.version(10).selectDb(0).key(RdbType.STRING, "k").string("v").endWithoutChecksum();
        assertThat(read(unchecked).events).endsWith("end unchecked");
    }

    @Test
    void stopsRightAfterTheChecksumLeavingWhatFollows() throws IOException {
        byte[] rdb = RdbBuilder.version(10).selectDb(0).key(RdbType.STRING, "k").string("v").end();
        byte[] withTail = java.util.Arrays.copyOf(rdb, rdb.length + 5);
        System.arraycopy(bytes("*1\r\n"), 0, withTail, rdb.length, 4);
        BufferSource source = new BufferSource(withTail);
        new RdbReader(source).read(new RecordingVisitor());
        assertThat(source.position()).isEqualTo(rdb.length);
    }

    @Test
    void refusesUnknownTypesPrereleaseFunctionsAndModuleAux() {
        RdbFormatException unknown = failure(RdbBuilder.version(10).selectDb(0).raw(8).string("k").end());
        assertThat(unknown).hasMessage("at offset 11: expected an object type or an opcode, got 0x08 (no such RDB type)");
        assertThat(failure(RdbBuilder.version(10).raw(0x16).string("k").end())).hasMessageContaining("got 0x16");
        assertThat(failure(RdbBuilder.version(10).raw(0xF4).end())).hasMessageContaining("got 0xf4 (an opcode");
        assertThat(failure(RdbBuilder.version(10).op(RdbOpcode.FUNCTION_PRE_GA).string("x").end()))
                .hasMessageContaining("Pre-release function format not supported");
        long graphId = moduleId("graphdata", 3);
        RdbFormatException module = failure(RdbBuilder.version(10).op(RdbOpcode.MODULE_AUX).length64(graphId).length(2).length(1)
                .length(0).end());
        assertThat(module).hasMessageContaining("no matching module 'graphdata'");
    }

    private static long moduleId(String name, int version) {
        String charset = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        long id = 0;
        for (char c : name.toCharArray()) {
            id = id << 6 | charset.indexOf(c);
        }
        return id << 10 | version;
    }

    @Test
    void moduleValuesStopTheLoadNamingTheKeyAndTheType() {
        RdbFormatException module = failure(RdbBuilder.version(10).selectDb(2).key(RdbType.MODULE_2, "m").length(1).end());
        assertThat(module).hasMessage("at offset 11: key \"m\" in database 2 holds a module value (RDB type 7, MODULE_2), "
                + "which forkline cannot load");
        assertThat(failure(RdbBuilder.version(8).key(RdbType.MODULE_PRE_GA, "m").end())).hasMessageContaining("RDB type 6");
    }

    // ---------------------------------------------------------------------------------------------
    // Lengths and strings

    @Test
    void readsEveryLengthEncodingIncludingNonMinimalOnes() throws IOException {
        byte[] sixty = "x".repeat(60).getBytes(StandardCharsets.US_ASCII);
        byte[] file = RdbBuilder.version(10).selectDb(0)
                .key(RdbType.STRING, "six").raw(3).raw(bytes("abc"))
                .key(RdbType.STRING, "fourteen").raw(0x40, 3).raw(bytes("abc"))
                .key(RdbType.STRING, "thirtytwo").length32(3).raw(bytes("abc"))
                .key(RdbType.STRING, "sixtyfour").length64(3).raw(bytes("abc"))
                .key(RdbType.STRING, "long").length(sixty.length).raw(sixty)
                .end();
        assertThat(read(file).entries()).containsExactly("entry 0 six string:abc", "entry 0 fourteen string:abc",
                "entry 0 thirtytwo string:abc", "entry 0 sixtyfour string:abc", "entry 0 long string:" + "x".repeat(60));
    }

    @Test
    void refusesTheLengthEncodings0x82To0xBf() {
        for (int first = 0x82; first <= 0xBF; first++) {
            byte[] bad = RdbBuilder.version(10).op(RdbOpcode.SELECTDB).raw(first, 0, 0, 0, 0).end();
            RdbFormatException failure = failure(bad);
            assertThat(failure.offset()).isEqualTo(10);
            assertThat(failure).hasMessage(String.format("at offset 10: expected a length encoding (a database index), got 0x%02x", first));
        }
        assertThat(failure(RdbBuilder.version(10).selectDb(0).key(RdbType.STRING, "k").raw(0x82).end()))
                .hasMessageContaining("got 0x82");
    }

    @Test
    void readsIntegerAndLzfStrings() throws IOException {
        byte[] repeated = "forkline ".repeat(40).getBytes(StandardCharsets.US_ASCII);
        byte[] file = RdbBuilder.version(10).selectDb(0)
                .key(RdbType.STRING, "i8").int8(-7)
                .key(RdbType.STRING, "i16").int16(-12345)
                .key(RdbType.STRING, "i32").int32(Integer.MIN_VALUE)
                .raw(RdbType.STRING.code()).int16(500).int8(127)    // an integer-encoded key
                .key(RdbType.STRING, "lzf").lzf(repeated)
                .end();
        assertThat(read(file).entries()).containsExactly("entry 0 i8 string:-7", "entry 0 i16 string:-12345",
                "entry 0 i32 string:-2147483648", "entry 0 500 string:127", "entry 0 lzf string:" + "forkline ".repeat(40));
    }

    @Test
    void refusesUnknownStringEncodingsAndBadLzf() {
        assertThat(failure(RdbBuilder.version(10).key(RdbType.STRING, "k").raw(0xC4).end()))
                .hasMessage("at offset 12: expected a string encoding (a string value), got 0xc4");
        // "a" x 100 as Redis compresses it, but announced as 99 bytes
        byte[] lzf = {0x01, 0x61, 0x61, (byte) 0xe0, 0x57, 0x00, 0x01, 0x61, 0x61};
        assertThat(failure(RdbBuilder.version(10).key(RdbType.STRING, "k").raw(0xC3).length(9).length(99).raw(lzf).end()))
                .hasMessageContaining("Invalid LZF compressed string");
        assertThat(failure(RdbBuilder.version(10).key(RdbType.STRING, "k").raw(0xC3).length(9).length(100_000).raw(lzf).end()))
                .hasMessageContaining("88 times its 9 compressed bytes");
    }

    @Test
    void impossibleLengthsAreErrorsNotAllocations() {
        // a string of 2^40 bytes, a set of 2^31 members, a string longer than what is left
        assertThat(failure(RdbBuilder.version(10).key(RdbType.STRING, "k").length64(1L << 40).end()))
                .hasMessageContaining("expected a length of at most 2147483639 bytes (a string value), got 1099511627776");
        assertThat(failure(RdbBuilder.version(10).key(RdbType.SET, "k").length32(1L << 31).end()))
                .hasMessageContaining("at most 2147483639 set members");
        assertThat(failure(RdbBuilder.version(10).key(RdbType.STRING, "k").length32(1000).raw(bytes("short")).end()))
                .hasMessageContaining("expected a length of at most the 14 bytes left (a string value), got 1000");
        assertThat(failure(RdbBuilder.version(10).key(RdbType.LIST, "k").length32(1000).string("a").end()))
                .hasMessageContaining("expected a count of list elements that fits in the 11 bytes left, got 1000");
        assertThat(failure(RdbBuilder.version(10).key(RdbType.STRING, "k").length64(-1).end()))
                .hasMessageContaining("at most 2147483639 bytes (a string value), got 18446744073709551615");
        assertThat(failure(RdbBuilder.version(10).op(RdbOpcode.RESIZEDB).length64(-1).length(0).end()))
                .hasMessageContaining("expected a RESIZEDB key count below 2^63, got 18446744073709551615");
    }

    @Test
    void withoutAKnownLengthAHugeStringFailsAsTruncatedInput() {
        byte[] file = RdbBuilder.version(10).key(RdbType.STRING, "k").length32(2_000_000_000L).raw(bytes("abc")).end();
        assertThatThrownBy(() -> new RdbReader(new BufferSource(file)).read(new RecordingVisitor()))
                .isInstanceOf(TruncatedInputException.class);
    }

    @Test
    void aTruncatedFileFailsWithItsOffset() {
        byte[] file = RdbBuilder.version(10).selectDb(0).key(RdbType.STRING, "key").string("value").end();
        byte[] cut = java.util.Arrays.copyOf(file, 18);
        assertThatThrownBy(() -> new RdbReader(new BufferSource(cut)).read(new RecordingVisitor()))
                .isInstanceOf(TruncatedInputException.class).hasMessageContaining("offset 17: expected 4 more bytes");
    }

    // ---------------------------------------------------------------------------------------------
    // Plain aggregates

    @Test
    void readsPlainListsSetsHashesAndBothSortedSetEncodings() throws IOException {
        byte[] file = RdbBuilder.version(10).selectDb(0)
                .key(RdbType.LIST, "list").length(3).string("a").int8(5).string("")
                .key(RdbType.SET, "set").length(3).string("x").int16(300).string("y")
                .key(RdbType.HASH, "hash").length(2).string("f").string("v").string("n").int8(1)
                .key(RdbType.ZSET, "zset").length(4).string("a").stringDouble(1.5).string("b").stringDouble(Double.POSITIVE_INFINITY)
                .string("c").stringDouble(Double.NEGATIVE_INFINITY).string("d").raw(3).raw(bytes("-10"))
                .key(RdbType.ZSET_2, "zset2").length(2).string("hi").binaryDouble(0.25).string("lo").binaryDouble(-3)
                .end();
        assertThat(read(file).entries()).containsExactly("entry 0 list list[a, 5, ]", "entry 0 set set[x, 300, y]",
                "entry 0 hash hash{f=v, n=1}", "entry 0 zset zset[a=1.5, b=inf, c=-inf, d=-10]", "entry 0 zset2 zset[hi=0.25, lo=-3]");
    }

    @Test
    void refusesNanScoresAndDuplicates() {
        assertThat(failure(RdbBuilder.version(10).key(RdbType.ZSET, "z").length(1).string("a").stringDouble(Double.NaN).end()))
                .hasMessageContaining("Zset with NAN score detected");
        assertThat(failure(RdbBuilder.version(10).key(RdbType.ZSET_2, "z").length(1).string("a").binaryDouble(Double.NaN).end()))
                .hasMessageContaining("Zset with NAN score detected");
        assertThat(failure(RdbBuilder.version(10).key(RdbType.ZSET, "z").length(1).string("a").raw(3).raw(bytes("1x5")).end()))
                .hasMessageContaining("expected a score as text, got \"1x5\"");
        assertThat(failure(RdbBuilder.version(10).key(RdbType.SET, "s").length(2).string("1").int8(1).end()))
                .hasMessageContaining("Duplicate set members detected: \"1\"");
        assertThat(failure(RdbBuilder.version(10).key(RdbType.HASH, "h").length(2).string("f").string("1").string("f").string("2").end()))
                .hasMessageContaining("Duplicate hash fields detected: \"f\"");
        assertThat(failure(RdbBuilder.version(10).key(RdbType.ZSET_2, "z").length(2).string("m").binaryDouble(1).string("m")
                .binaryDouble(2).end())).hasMessageContaining("Duplicate zset fields detected: \"m\"");
    }

    @Test
    void emptyAggregatesAreReportedAsEmptyEntries() throws IOException {
        byte[] file = RdbBuilder.version(10).selectDb(0).key(RdbType.LIST, "l").length(0).key(RdbType.SET, "s").length(0)
                .key(RdbType.HASH_LISTPACK, "h").string(RdbBuilder.listpack())
                .key(RdbType.LIST_QUICKLIST_2, "q").length(1).length(2).string(RdbBuilder.listpack()).end();
        assertThat(read(file).events).containsSubsequence("empty 0 l LIST", "empty 0 s SET", "empty 0 h HASH_LISTPACK",
                "empty 0 q LIST_QUICKLIST_2");
    }

    // ---------------------------------------------------------------------------------------------
    // Blobs: what Redis 7 writes

    @Test
    void readsListpacksIntsetsAndQuicklistNodesOfBothContainers() throws IOException {
        byte[] file = RdbBuilder.version(11).selectDb(0)
                .key(RdbType.HASH_LISTPACK, "h").string(RdbBuilder.listpack("f1", "v1", "f2", 2, "n", -5000))
                .key(RdbType.ZSET_LISTPACK, "z").string(RdbBuilder.listpack("a", "1.5", "b", 2, "c", "-inf", "d", "inf"))
                .key(RdbType.SET_LISTPACK, "sl").string(RdbBuilder.listpack("x", 7, "y"))
                .key(RdbType.SET_INTSET, "si").string(RdbBuilder.intset(8, -5_000_000_000L, 1, 3))
                .key(RdbType.LIST_QUICKLIST_2, "q").length(3)
                .length(2).string(RdbBuilder.listpack("a", "b", 3, -5, 1_000_000_000_000L))
                .length(1).string("plain element")
                .length(2).lzf(RdbBuilder.listpack("c".repeat(30), "c".repeat(30)))
                .end();
        assertThat(read(file).entries()).containsExactly("entry 0 h hash{f1=v1, f2=2, n=-5000}",
                "entry 0 z zset[a=1.5, b=2, c=-inf, d=inf]", "entry 0 sl set[x, 7, y]", "entry 0 si set[-5000000000, 1, 3]",
                "entry 0 q list[a, b, 3, -5, 1000000000000, plain element, " + "c".repeat(30) + ", " + "c".repeat(30) + "]");
    }

    @Test
    void decodesEveryListpackIntegerWidth() throws IOException {
        Object[] values = {0L, 127L, 128L, -1L, -4096L, 4095L, 4096L, -4097L, 32767L, -32768L, 32768L, 8_388_607L, -8_388_608L,
                8_388_608L, Integer.MAX_VALUE, (long) Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, "x".repeat(100),
                "y".repeat(5000)};
        byte[] file = RdbBuilder.version(10).key(RdbType.LIST_QUICKLIST_2, "l").length(1).length(2)
                .string(RdbBuilder.listpack(values)).end();
        RdbValue.ListOf list = (RdbValue.ListOf) read(file).values.getFirst();
        assertThat(list.elements()).extracting(RecordingVisitor::text)
                .containsExactly(java.util.Arrays.stream(values).map(String::valueOf).toArray(String[]::new));
    }

    @Test
    void refusesCorruptBlobsNamingTheBlobsOffset() {
        byte[] listpack = RdbBuilder.listpack("f", "v");
        listpack[0]++;   // total bytes no longer the blob's length
        RdbFormatException bad = failure(RdbBuilder.version(10).key(RdbType.HASH_LISTPACK, "h").string(listpack).end());
        assertThat(bad.offset()).isEqualTo(12);
        assertThat(bad).hasMessageContaining("expected a valid listpack of 13 bytes (HASH_LISTPACK), got corrupt listpack at offset 0");
        assertThat(failure(RdbBuilder.version(10).key(RdbType.HASH_LISTPACK, "h").string(RdbBuilder.listpack("f")).end()))
                .hasMessageContaining("an even number of elements in a hash blob");
        assertThat(failure(RdbBuilder.version(10).key(RdbType.SET_INTSET, "s").string(RdbBuilder.intset(2, 3, 1)).end()))
                .hasMessageContaining("corrupt intset");
        assertThat(failure(RdbBuilder.version(10).key(RdbType.SET_INTSET, "s").string(RdbBuilder.intset(2)).end()))
                .hasMessageContaining("at least one value");
        assertThat(failure(RdbBuilder.version(10).key(RdbType.ZSET_LISTPACK, "z").string(RdbBuilder.listpack("a", "nan")).end()))
                .hasMessageContaining("Zset with NAN score detected");
        assertThat(failure(RdbBuilder.version(10).key(RdbType.ZSET_LISTPACK, "z").string(RdbBuilder.listpack("a", "x")).end()))
                .hasMessageContaining("a score for member \"a\", got \"x\"");
        assertThat(failure(RdbBuilder.version(10).key(RdbType.HASH_LISTPACK, "h").string(RdbBuilder.listpack("f", 1, "f", 2)).end()))
                .hasMessageContaining("Duplicate hash fields detected: \"f\"");
        assertThat(failure(RdbBuilder.version(10).key(RdbType.LIST_QUICKLIST_2, "q").length(1).length(3).string("x").end()))
                .hasMessageContaining("expected a quicklist node container, 1 (plain) or 2 (packed), got 3");
        assertThat(failure(RdbBuilder.version(10).key(RdbType.LIST_QUICKLIST_2, "q").length(1).length(1).string("").end()))
                .hasMessageContaining("expected a quicklist node of at least one byte, got an empty one");
    }

    // ---------------------------------------------------------------------------------------------
    // Blobs: what older Redis wrote (ziplist, zipmap), in an RDB v9 file as Redis 6.2 and before wrote them

    @Test
    void readsAVersion9FileOfZiplistsZipmapsAndSecondExpires() throws IOException {
        String longValue = "v".repeat(300);   // a 14-bit string length and a 5-byte prevlen after it
        byte[] file = RdbBuilder.version(9).aux("redis-ver", "6.2.14").selectDb(0).resizeDb(6, 1)
                .key(RdbType.HASH_ZIPLIST, "hz").string(RdbBuilder.ziplist("name", "redis", "age", 12, "big", longValue, "after", -1))
                .key(RdbType.ZSET_ZIPLIST, "zz").string(RdbBuilder.ziplist("a", "1.5", "b", 2, "c", "-inf", "d", 5_000_000_000L))
                .key(RdbType.LIST_QUICKLIST, "lq").length(2)
                .string(RdbBuilder.ziplist("x", 0, 12, 13, -128, 127, 128, -32768, 32767, 32768, 8_388_607, -8_388_608))
                .lzf(RdbBuilder.ziplist("y".repeat(40), Integer.MAX_VALUE, Long.MIN_VALUE, "z".repeat(20_000)))
                .expireSeconds(2_000_000_000).key(RdbType.HASH_ZIPMAP, "hm").string(RdbBuilder.zipmap(2, "f", "v", "g", "w".repeat(300)))
                .key(RdbType.LIST_ZIPLIST, "lz").string(RdbBuilder.ziplist("p", "q"))
                .key(RdbType.SET_INTSET, "si").string(RdbBuilder.intset(2, -3, 7))
                .end();
        RecordingVisitor visitor = read(file);
        assertThat(visitor.entries()).containsExactly(
                "entry 0 hz hash{name=redis, age=12, big=" + longValue + ", after=-1}",
                "entry 0 zz zset[a=1.5, b=2, c=-inf, d=5000000000]",
                "entry 0 lq list[x, 0, 12, 13, -128, 127, 128, -32768, 32767, 32768, 8388607, -8388608, " + "y".repeat(40)
                        + ", 2147483647, -9223372036854775808, " + "z".repeat(20_000) + "]",
                "entry 0 hm hash{f=v, g=" + "w".repeat(300) + "} expire 2000000000000",
                "entry 0 lz list[p, q]",
                "entry 0 si set[-3, 7]");
        assertThat(visitor.types).containsExactly(RdbType.HASH_ZIPLIST, RdbType.ZSET_ZIPLIST, RdbType.LIST_QUICKLIST,
                RdbType.HASH_ZIPMAP, RdbType.LIST_ZIPLIST, RdbType.SET_INTSET);
    }

    @Test
    void refusesCorruptZiplistsAndZipmaps() {
        byte[] ziplist = RdbBuilder.ziplist("a", "b");
        ziplist[4] = 10;   // zltail pointing at the first entry instead of the last
        assertThat(failure(RdbBuilder.version(9).key(RdbType.LIST_ZIPLIST, "l").string(ziplist).end()))
                .hasMessageContaining("corrupt ziplist at offset 4: expected a tail offset of 13 (the last entry), found 10");
        byte[] prevlen = RdbBuilder.ziplist("a", "b");
        prevlen[13] = 2;   // the second entry's prevlen
        assertThat(failure(RdbBuilder.version(9).key(RdbType.LIST_ZIPLIST, "l").string(prevlen).end()))
                .hasMessageContaining("expected a prevlen of 3 (the previous entry's size), found 2");
        byte[] encoding = RdbBuilder.ziplist(5, "b");
        encoding[11] = (byte) 0xC5;
        assertThat(failure(RdbBuilder.version(9).key(RdbType.LIST_ZIPLIST, "l").string(encoding).end()))
                .hasMessageContaining("expected a ziplist entry encoding, found 0xc5");
        byte[] count = RdbBuilder.ziplist("a", "b");
        count[8] = 3;
        assertThat(failure(RdbBuilder.version(9).key(RdbType.LIST_ZIPLIST, "l").string(count).end()))
                .hasMessageContaining("expected an entry count of 2 (entries walked), found 3");
        byte[] longString = RdbBuilder.ziplist("a");
        longString[11] = 0x3F;   // a 63-byte string in a 13-byte ziplist
        assertThat(failure(RdbBuilder.version(9).key(RdbType.LIST_ZIPLIST, "l").string(longString).end()))
                .hasMessageContaining("expected an entry that ends before the end byte");
        assertThat(failure(RdbBuilder.version(9).key(RdbType.ZSET_ZIPLIST, "z").string(RdbBuilder.ziplist("a")).end()))
                .hasMessageContaining("an even number of elements in a sorted set blob");
        assertThat(failure(RdbBuilder.version(9).key(RdbType.HASH_ZIPMAP, "h").string(RdbBuilder.zipmap(0)).end()))
                .hasMessageContaining("expected at least one field");
        byte[] zipmap = RdbBuilder.zipmap(0, "f", "v");
        zipmap[0] = 5;
        assertThat(failure(RdbBuilder.version(9).key(RdbType.HASH_ZIPMAP, "h").string(zipmap).end()))
                .hasMessageContaining("expected a field count of 1 (fields walked), found 5");
        assertThat(failure(RdbBuilder.version(9).key(RdbType.HASH_ZIPMAP, "h").string(RdbBuilder.zipmap(0, "f", "v", "f", "w")).end()))
                .hasMessageContaining("Hash zipmap with dup elements: \"f\"");
        byte[] overrun = RdbBuilder.zipmap(0, "f", "v");
        overrun[1] = 100;
        assertThat(failure(RdbBuilder.version(9).key(RdbType.HASH_ZIPMAP, "h").string(overrun).end()))
                .hasMessageContaining("corrupt zipmap at offset 1");
    }

    // ---------------------------------------------------------------------------------------------
    // One payload (RESTORE)

    @Test
    void readsOnePayload() throws IOException {
        byte[] payload = RdbBuilder.payload().string(RdbBuilder.listpack("f", "v")).bytes();
        RdbValue value = RdbReader.readValue(RdbType.HASH_LISTPACK, new BufferSource(payload));
        assertThat(RecordingVisitor.describe(value)).isEqualTo("hash{f=v}");
        assertThatThrownBy(() -> RdbReader.readValue(RdbType.MODULE_2, new BufferSource(payload)))
                .isInstanceOf(RdbFormatException.class).hasMessageContaining("a module value");
    }
}
