package io.forkline.snapshot.rdb;

import io.forkline.engine.Engine;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.Effects;
import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.keyspace.Clock;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.Keyspace;
import io.forkline.engine.resp.RespReply;
import io.forkline.engine.struct.Dict;
import io.forkline.engine.struct.Quicklist;
import io.forkline.pages.Memory;
import io.forkline.pages.PageSize;
import io.forkline.snapshot.io.BufferSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyspaceLoaderTest {

    private static final long NOW = 1_700_000_000_000L;

    private final EngineConfig config = new EngineConfig();
    private Engine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private KeyspaceLoader load(byte[] file, boolean dropExpired) throws IOException {
        return load(file, dropExpired, KeyspaceLoader.BATCH_LIMIT);
    }

    private KeyspaceLoader load(byte[] file, boolean dropExpired, int batchLimit) throws IOException {
        if (engine == null) {
            engine = new Engine(config, PageSize.KIB_4, new Clock.Manual(NOW), 7);
        }
        KeyspaceLoader loader = new KeyspaceLoader(engine, NOW, dropExpired, batchLimit);
        new RdbReader(new BufferSource(file), file.length).read(loader);
        return loader;
    }

    /** Batch limits to try: keys one by one, batches of 1, 2 and 7, and the default. */
    private static final int[] BATCH_LIMITS = {0, 1, 2, 7, KeyspaceLoader.BATCH_LIMIT};

    /** Every key of databases 0 to 2 with its type, value as DUMP gives it, and expire. */
    private String contents() {
        StringBuilder all = new StringBuilder();
        for (int db = 0; db < 3; db++) {
            all.append("db ").append(db).append(' ').append(call(db, "DBSIZE"));
            for (int i = 0; i < 300; i++) {
                String key = "key:" + i;
                all.append(key).append(' ').append(call(db, "TYPE", key)).append(call(db, "DUMP", key))
                        .append(call(db, "PEXPIRETIME", key));
            }
        }
        return all.toString();
    }

    private String call(int db, String... args) {
        RespReply reply = new RespReply();
        engine.execute(db, Arguments.of(args), reply, new Effects());
        return reply.toString();
    }

    private String encoding(String key) {
        return call(0, "OBJECT", "ENCODING", key);
    }

    private static String bulk(String text) {
        return "$" + text.length() + "\r\n" + text + "\r\n";
    }

    private static String[] strings(int count, String prefix) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toArray(String[]::new);
    }

    @Test
    void aResizeDbHintSizesTheSelectedDatabaseTablesBeforeItsKeys() throws IOException {
        RdbBuilder file = RdbBuilder.version(10).selectDb(0).key(RdbType.STRING, "zero").string("0")
                .selectDb(2).resizeDb(1000, 10);
        for (int i = 0; i < 20; i++) {
            file.key(RdbType.STRING, "k" + i).string("v");
        }
        load(file.end(), true);
        Memory memory = engine.memory();
        long root = engine.keyspace().root();
        assertThat(Dict.tableBytes(memory, Keyspace.keys(memory, root, 2))).as("1000 keys hinted: 1024 buckets")
                .isEqualTo(48 + 1024 * 8);
        assertThat(Dict.tableBytes(memory, Keyspace.expires(memory, root, 2))).as("10 expires hinted: 16 buckets")
                .isEqualTo(48 + 16 * 8);
        assertThat(Dict.tableBytes(memory, Keyspace.keys(memory, root, 0))).as("no hint: grown by its one key")
                .isEqualTo(48 + 4 * 8);
        assertThat(engine.keyspace().size(2)).isEqualTo(20);
        assertThat(call(2, "GET", "k7")).isEqualTo(bulk("v"));
    }

    @Test
    void stringsGetTheEncodingSetWouldGive() throws IOException {
        load(RdbBuilder.version(10).selectDb(0).key(RdbType.STRING, "int").int16(12345).key(RdbType.STRING, "text").string("12345")
                .key(RdbType.STRING, "short").string("hello").key(RdbType.STRING, "long").string("x".repeat(45))
                .key(RdbType.STRING, "padded").string("007").end(), true);
        assertThat(encoding("int")).isEqualTo(bulk("int"));
        assertThat(encoding("text")).isEqualTo(bulk("int"));
        assertThat(encoding("short")).isEqualTo(bulk("embstr"));
        assertThat(encoding("long")).isEqualTo(bulk("raw"));
        assertThat(encoding("padded")).isEqualTo(bulk("embstr"));
        assertThat(call(0, "GET", "int")).isEqualTo(bulk("12345"));
    }

    @Test
    void hashesFollowTheConfiguredThresholdsWhateverTheFileEncoding() throws IOException {
        config.hashMaxListpackEntries = 3;
        config.hashMaxListpackValue = 10;
        load(RdbBuilder.version(9).selectDb(0)
                .key(RdbType.HASH, "plain-small").length(2).string("a").string("1").string("b").string("2")
                .key(RdbType.HASH_ZIPLIST, "ziplist-many").string(RdbBuilder.ziplist("a", 1, "b", 2, "c", 3, "d", 4))
                .key(RdbType.HASH_ZIPMAP, "zipmap-long").string(RdbBuilder.zipmap(0, "a", "x".repeat(11)))
                .key(RdbType.HASH_LISTPACK, "listpack-exact").string(RdbBuilder.listpack("a", 1, "b", 2, "c", "x".repeat(10)))
                .end(), true);
        assertThat(encoding("plain-small")).isEqualTo(bulk("listpack"));
        assertThat(encoding("ziplist-many")).isEqualTo(bulk("hashtable"));
        assertThat(encoding("zipmap-long")).isEqualTo(bulk("hashtable"));
        assertThat(encoding("listpack-exact")).isEqualTo(bulk("listpack"));
        assertThat(call(0, "HGET", "ziplist-many", "d")).isEqualTo(bulk("4"));
    }

    @Test
    void setsAreIntsetsListpacksOrHashtablesAsSaddMakesThem() throws IOException {
        config.setMaxIntsetEntries = 4;
        config.setMaxListpackEntries = 3;
        load(RdbBuilder.version(11).selectDb(0)
                .key(RdbType.SET, "plain-ints").length(3).string("3").int8(-1).string("2")
                .key(RdbType.SET_INTSET, "intset-many").string(RdbBuilder.intset(2, 1, 2, 3, 4, 5))
                .key(RdbType.SET_LISTPACK, "strings").string(RdbBuilder.listpack("a", "b"))
                .key(RdbType.SET, "many-strings").length(4).string("a").string("b").string("c").string("d")
                .key(RdbType.SET, "leading-zero").length(1).string("01")
                .end(), true);
        assertThat(encoding("plain-ints")).isEqualTo(bulk("intset"));
        assertThat(encoding("intset-many")).isEqualTo(bulk("hashtable"));
        assertThat(encoding("strings")).isEqualTo(bulk("listpack"));
        assertThat(encoding("many-strings")).isEqualTo(bulk("hashtable"));
        assertThat(encoding("leading-zero")).isEqualTo(bulk("listpack"));
        assertThat(call(0, "SISMEMBER", "plain-ints", "-1")).isEqualTo(":1\r\n");
    }

    @Test
    void sortedSetsAreListpacksWhileSmallAndShort() throws IOException {
        config.zsetMaxListpackEntries = 2;
        config.zsetMaxListpackValue = 5;
        load(RdbBuilder.version(10).selectDb(0)
                .key(RdbType.ZSET_2, "small").length(2).string("b").binaryDouble(2).string("a").binaryDouble(1)
                .key(RdbType.ZSET_LISTPACK, "many").string(RdbBuilder.listpack("a", 1, "b", 2, "c", 3))
                .key(RdbType.ZSET, "long-member").length(1).string("abcdef").stringDouble(Double.POSITIVE_INFINITY)
                .end(), true);
        assertThat(encoding("small")).isEqualTo(bulk("listpack"));
        assertThat(encoding("many")).isEqualTo(bulk("skiplist"));
        assertThat(encoding("long-member")).isEqualTo(bulk("skiplist"));
        assertThat(call(0, "ZRANGE", "small", "0", "-1", "WITHSCORES")).isEqualTo("*4\r\n" + bulk("a") + bulk("1") + bulk("b") + bulk("2"));
        assertThat(call(0, "ZSCORE", "long-member", "abcdef")).isEqualTo(bulk("inf"));
    }

    @Test
    void listsArePushedIntoNodesOfTheConfiguredSize() throws IOException {
        config.listMaxListpackSize = 4;
        String[] elements = strings(10, "e");
        RdbBuilder file = RdbBuilder.version(10).selectDb(0).key(RdbType.LIST_QUICKLIST_2, "list").length(1).length(2)
                .string(RdbBuilder.listpack((Object[]) elements));
        load(file.end(), true);
        long entry = engine.keyspace().find(0, "list".getBytes(StandardCharsets.US_ASCII), 0, 4);
        assertThat(Quicklist.nodes(engine.memory(), KeyEntry.value(engine.memory(), entry))).isEqualTo(3);
        assertThat(call(0, "LRANGE", "list", "0", "-1")).isEqualTo("*10\r\n" + String.join("", java.util.Arrays.stream(elements)
                .map(KeyspaceLoaderTest::bulk).toList()));
    }

    @Test
    void expiredKeysAreDroppedOnlyWhenAskedAndOnlyWhenPast() throws IOException {
        byte[] file = RdbBuilder.version(10).selectDb(0)
                .expireMillis(NOW - 1).key(RdbType.STRING, "past").string("a")
                .expireMillis(NOW).key(RdbType.STRING, "now").string("b")
                .expireMillis(NOW + 1000).key(RdbType.STRING, "future").string("c")
                .key(RdbType.STRING, "persistent").string("d").end();
        KeyspaceLoader primary = load(file, true);
        assertThat(primary.keysExpired()).isEqualTo(1);
        assertThat(primary.keysLoaded()).isEqualTo(3);
        assertThat(call(0, "EXISTS", "past")).isEqualTo(":0\r\n");
        assertThat(call(0, "PEXPIRETIME", "future")).isEqualTo(":" + (NOW + 1000) + "\r\n");
        assertThat(call(0, "PEXPIRETIME", "persistent")).isEqualTo(":-1\r\n");
        engine.close();
        engine = null;
        KeyspaceLoader preamble = load(file, false);
        assertThat(preamble.keysExpired()).isZero();
        assertThat(preamble.keysLoaded()).isEqualTo(4);
        assertThat(engine.keyspace().size(0)).isEqualTo(4);
    }

    @Test
    void aKeyTwiceInOneDatabaseIsAnErrorButNotInTwo() throws IOException {
        byte[] twice = RdbBuilder.version(10).selectDb(0).key(RdbType.STRING, "k").string("1").key(RdbType.STRING, "other").string("x")
                .key(RdbType.STRING, "k").string("2").end();
        assertThatThrownBy(() -> load(twice, true)).isInstanceOf(RdbFormatException.class)
                .hasMessage("at offset 25: Duplicate key \"k\" in database 0");
        engine.close();
        engine = null;
        load(RdbBuilder.version(10).selectDb(0).key(RdbType.STRING, "k").string("1").selectDb(1).key(RdbType.STRING, "k").string("2")
                .end(), true);
        assertThat(call(1, "GET", "k")).isEqualTo(bulk("2"));
    }

    @Test
    void batchesOfAnySizeLoadWhatKeysAddedOneByOneLoad() throws IOException {
        RdbBuilder file = RdbBuilder.version(10);
        for (int db = 0; db < 3; db++) {
            file.selectDb(db);
            if (db == 1) {
                file.resizeDb(300, 30);
            }
            for (int i = db; i < 300; i += 1 + db) {
                if (i % 10 == 3) {
                    file.expireMillis(NOW + 1000 + i);
                }
                if (i % 7 == 0) {
                    file.key(RdbType.HASH_LISTPACK, "key:" + i).string(RdbBuilder.listpack("f", "v" + i, "g", "w"));
                } else {
                    file.key(RdbType.STRING, "key:" + i).string("value-" + db + "-" + i);
                }
            }
        }
        byte[] bytes = file.end();
        String expected = null;
        for (int limit : BATCH_LIMITS) {
            KeyspaceLoader loader = load(bytes, true, limit);
            String loaded = contents();
            if (expected == null) {
                expected = loaded;
                assertThat(loader.keysLoaded()).isEqualTo(300 + 150 + 100);
                assertThat(call(1, "PEXPIRETIME", "key:13")).isEqualTo(":" + (NOW + 1013) + "\r\n");
            }
            assertThat(loaded).as("batch limit %d", limit).isEqualTo(expected);
            assertThat(loader.keysLoaded()).as("batch limit %d", limit).isEqualTo(300 + 150 + 100);
            engine.close();
            engine = null;
        }
    }

    /** Loading {@code file} with every batch limit fails on the duplicate {@code key} whose record is at {@code offset}. */
    private void assertDuplicateRefused(byte[] file, int offset, String key) {
        for (int limit : BATCH_LIMITS) {
            assertThatThrownBy(() -> load(file, true, limit)).as("batch limit %d", limit).isInstanceOf(RdbFormatException.class)
                    .hasMessage("at offset " + offset + ": Duplicate key \"" + key + "\" in database 0");
            engine.close();
            engine = null;
        }
    }

    @Test
    void theEarliestDuplicateInTheFileIsTheOneRefusedWhateverTheBatches() {
        RdbBuilder file = RdbBuilder.version(10).selectDb(0);
        for (String key : new String[] {"a", "b", "c"}) {
            file.key(RdbType.STRING, key).string("1");
        }
        int secondB = file.size();
        file.key(RdbType.STRING, "b").string("2").key(RdbType.STRING, "a").string("2").key(RdbType.STRING, "d").string("1");
        assertDuplicateRefused(file.end(), secondB, "b");
    }

    @Test
    void aDuplicateBeforeABadValueOrAWrongChecksumIsRefusedFirst() {
        RdbBuilder badValue = RdbBuilder.version(10).selectDb(0).key(RdbType.STRING, "k").string("1");
        int second = badValue.size();
        badValue.key(RdbType.STRING, "k").string("2").key(RdbType.HASH_LISTPACK, "bad").string(RdbBuilder.listpack("f", "v", "f", "w"));
        assertDuplicateRefused(badValue.end(), second, "k");

        byte[] badChecksum = RdbBuilder.version(10).selectDb(0).key(RdbType.STRING, "k").string("1").key(RdbType.STRING, "k").string("2")
                .end();
        badChecksum[badChecksum.length - 1] ^= 0x40;
        assertDuplicateRefused(badChecksum, second, "k");
    }

    @Test
    void emptyValuesAreSkippedAndCounted() throws IOException {
        KeyspaceLoader loader = load(RdbBuilder.version(10).selectDb(0).key(RdbType.LIST, "l").length(0).key(RdbType.STRING, "s")
                .string("").end(), true);
        assertThat(loader.emptyKeysSkipped()).isEqualTo(1);
        assertThat(call(0, "EXISTS", "l")).isEqualTo(":0\r\n");
        assertThat(call(0, "STRLEN", "s")).isEqualTo(":0\r\n");
    }

    @Test
    void putServesRestoreAndLeavesNothingBehindWhenItRefusesAValue() throws IOException {
        engine = new Engine(config, PageSize.KIB_4, new Clock.Manual(NOW), 7);
        byte[] key = "k".getBytes(StandardCharsets.US_ASCII);
        RdbValue hash = RdbReader.readValue(RdbType.HASH_LISTPACK, new BufferSource(RdbBuilder.payload()
                .string(RdbBuilder.listpack("f", "v")).bytes()));
        assertThat(KeyspaceLoader.put(engine, 0, key, hash, NOW + 5000)).isTrue();
        assertThat(call(0, "HGET", "k", "f")).isEqualTo(bulk("v"));
        assertThat(call(0, "PEXPIRETIME", "k")).isEqualTo(":" + (NOW + 5000) + "\r\n");
        assertThatThrownBy(() -> KeyspaceLoader.put(engine, 0, key, hash, -1)).isInstanceOf(RdbContentException.class)
                .hasMessage("Duplicate key \"k\" in database 0");
        assertThat(KeyspaceLoader.put(engine, 0, "e".getBytes(StandardCharsets.US_ASCII), new RdbValue.ListOf(List.of()), -1)).isFalse();

        long used = engine.allocator().usedBytes();
        byte[] a = "a".getBytes(StandardCharsets.US_ASCII);
        List<RdbValue> refused = List.of(new RdbValue.SetOf(List.of(a, "b".getBytes(StandardCharsets.US_ASCII), a)),
                new RdbValue.HashOf(List.of(a, a, a, a)),
                new RdbValue.SortedSetOf(List.of(a, a), new double[] {1, 2}),
                new RdbValue.SortedSetOf(List.of(a), new double[] {Double.NaN}));
        for (RdbValue value : refused) {
            assertThatThrownBy(() -> KeyspaceLoader.put(engine, 0, "bad".getBytes(StandardCharsets.US_ASCII), value, -1))
                    .isInstanceOf(RdbContentException.class).hasMessageMatching("(Duplicate .* \"a\" in key \"bad\"|Zset with NAN.*)");
        }
        assertThat(engine.allocator().usedBytes()).isEqualTo(used);
        assertThat(call(0, "EXISTS", "bad")).isEqualTo(":0\r\n");
    }
}
