package io.forkline.engine.types;

import io.forkline.engine.EngineTester;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.struct.Listpack;
import io.forkline.engine.struct.ScoreRange;
import io.forkline.engine.struct.LexRange;
import io.forkline.pages.Memory;
import io.forkline.pages.MemoryView;
import io.forkline.pages.alloc.Allocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The value-level operations of {@link SortedSetValue} in both encodings, and the listpack bytes Redis writes. */
class SortedSetValueTest {

    private final EngineTester t = new EngineTester();
    private final Allocator allocator = t.engine.allocator();
    private final Memory memory = t.engine.memory();
    private final SplittableRandom random = new SplittableRandom(7);

    @AfterEach
    void close() {
        t.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private long insert(long value, Encoding encoding, double score, String member) {
        byte[] bytes = bytes(member);
        return SortedSetValue.insert(allocator, value, encoding, score, bytes, 0, bytes.length, random);
    }

    private static List<String> elements(Memory memory, long value, Encoding encoding) {
        List<String> out = new ArrayList<>();
        SortedSetValue.forEach(memory, value, encoding,
                (member, score) -> out.add(new String(member.toBytes(memory), StandardCharsets.UTF_8) + "=" + score));
        return out;
    }

    /** The listpack of a key, as an RDB file or DUMP holds it. */
    private String listpackOf(String key) {
        byte[] name = bytes(key);
        long entry = t.engine.keyspace().find(0, name, 0, name.length);
        assertThat(KeyEntry.encoding(memory, entry)).isEqualTo(Encoding.LISTPACK);
        return HexFormat.of().formatHex(Listpack.toBlob(memory, KeyEntry.value(memory, entry)));
    }

    @Test
    void theListpackHoldsTheBytesRedisWrites() {
        // DUMP of this set from redis-server 7.0.15 (type 17, RDB_TYPE_ZSET_LISTPACK): the listpack verbatim
        t.call("ZADD", "g", "1", "a", "2.5", "b", "-0", "c", "1e17", "d", "inf", "e", "12", "f", "-inf", "g", "0.1", "h",
                "4611686018427387905", "i");
        assertThat(listpackOf("g")).isEqualTo("610000001200816702842d696e6605816302000181680293302e3130303030303030303030303030"
                + "30303114816102010181620283322e35048166020c01816402f400008a5d7845630109816902f400"
                + "000000000000400981650283696e6604ff");
        t.call("ZADD", "g2", "1", "a", "2", "b", "3", "c", "2", "a");
        t.call("ZREM", "g2", "b");
        assertThat(listpackOf("g2")).isEqualTo("11000000040081610202018163020301ff");
    }

    @ParameterizedTest
    @EnumSource(value = Encoding.class, names = {"LISTPACK", "SKIPLIST"})
    void insertScoreRankRemove(Encoding encoding) {
        long value = SortedSetValue.create(allocator, encoding);
        value = insert(value, encoding, 2, "b");
        value = insert(value, encoding, 1, "a");
        value = insert(value, encoding, 2, "a2");
        value = insert(value, encoding, 1.5, "12");
        assertThat(elements(memory, value, encoding)).containsExactly("a=1.0", "12=1.5", "a2=2.0", "b=2.0");
        assertThat(SortedSetValue.size(memory, value, encoding)).isEqualTo(4);
        assertThat(SortedSetValue.score(memory, value, encoding, bytes("a2"), 0, 2)).isEqualTo(2.0);
        assertThat(SortedSetValue.score(memory, value, encoding, bytes("zz"), 0, 2)).isNaN();
        assertThat(SortedSetValue.rank(memory, value, encoding, bytes("12"), 0, 2)).isEqualTo(1);
        assertThat(SortedSetValue.rank(memory, value, encoding, bytes("zz"), 0, 2)).isEqualTo(-1);
        value = SortedSetValue.updateScore(allocator, value, encoding, bytes("a"), 0, 1, 3, random);
        assertThat(elements(memory, value, encoding)).containsExactly("12=1.5", "a2=2.0", "b=2.0", "a=3.0");
        assertThat(SortedSetValue.remove(allocator, value, encoding, bytes("zz"), 0, 2)).isZero();
        value = SortedSetValue.remove(allocator, value, encoding, bytes("a2"), 0, 2);
        assertThat(elements(memory, value, encoding)).containsExactly("12=1.5", "b=2.0", "a=3.0");
        assertThat(SortedSetValue.rank(memory, value, encoding, bytes("a"), 0, 1)).isEqualTo(2);
        SortedSetValue.HANDLER.free(allocator, value, encoding);
    }

    @ParameterizedTest
    @EnumSource(value = Encoding.class, names = {"LISTPACK", "SKIPLIST"})
    void rangesCountAndRemove(Encoding encoding) {
        long value = SortedSetValue.create(allocator, encoding);
        for (int i = 0; i < 10; i++) {
            value = insert(value, encoding, i, "m" + i);
        }
        SortedSetRange scores = SortedSetRange.of(new ScoreRange(2, true, 6, false));
        assertThat(SortedSetValue.count(memory, value, encoding, scores)).isEqualTo(4);
        SortedSetValue.Removal removal = SortedSetValue.removeRange(allocator, value, encoding, scores);
        assertThat(removal.removed()).isEqualTo(4);
        value = removal.value();
        assertThat(elements(memory, value, encoding)).containsExactly("m0=0.0", "m1=1.0", "m2=2.0", "m7=7.0", "m8=8.0", "m9=9.0");
        SortedSetRange members = SortedSetRange.of(LexRange.parse(bytes("(m0"), bytes("[m7")));
        assertThat(SortedSetValue.count(memory, value, encoding, members)).isEqualTo(3);
        value = SortedSetValue.removeByRank(allocator, value, encoding, 4, 2);
        assertThat(elements(memory, value, encoding)).containsExactly("m0=0.0", "m1=1.0", "m2=2.0", "m7=7.0");
        removal = SortedSetValue.removeRange(allocator, value, encoding, SortedSetRange.of(ScoreRange.all()));
        assertThat(removal.removed()).isEqualTo(4);
        assertThat(SortedSetValue.size(memory, removal.value(), encoding)).isZero();
        SortedSetValue.HANDLER.free(allocator, removal.value(), encoding);
    }

    @Test
    void toSkiplistKeepsEveryElementAndFreesTheListpack() {
        long used = allocator.usedBytes();
        long listpack = SortedSetValue.create(allocator, Encoding.LISTPACK);
        for (int i = 0; i < 20; i++) {
            listpack = insert(listpack, Encoding.LISTPACK, i % 3, "m" + i);
        }
        List<String> before = elements(memory, listpack, Encoding.LISTPACK);
        long skiplist = SortedSetValue.toSkiplist(allocator, listpack, random);
        assertThat(elements(memory, skiplist, Encoding.SKIPLIST)).isEqualTo(before);
        SortedSetValue.HANDLER.free(allocator, skiplist, Encoding.SKIPLIST);
        assertThat(allocator.usedBytes()).isEqualTo(used);
    }

    @ParameterizedTest
    @EnumSource(value = Encoding.class, names = {"LISTPACK", "SKIPLIST"})
    void buildFromSortedElements(Encoding encoding) {
        ScoredMembers elements = new ScoredMembers();
        elements.add(bytes("b"), 2);
        elements.add(bytes("a"), 2);
        elements.add(bytes("c"), -0.0);
        elements.add(bytes("d"), 0.0);
        elements.sort();
        long value = SortedSetValue.build(allocator, encoding, elements, random);
        assertThat(elements(memory, value, encoding)).containsExactly(
                encoding == Encoding.LISTPACK ? "c=0.0" : "c=-0.0", "d=0.0", "a=2.0", "b=2.0");
        assertThat(elements.longestMember()).isEqualTo(1);
        SortedSetValue.HANDLER.free(allocator, value, encoding);
    }

    @ParameterizedTest
    @EnumSource(value = Encoding.class, names = {"LISTPACK", "SKIPLIST"})
    void duplicateIsDeepAndFreeReturnsEverything(Encoding encoding) {
        long used = allocator.usedBytes();
        long value = SortedSetValue.create(allocator, encoding);
        for (int i = 0; i < 50; i++) {
            value = insert(value, encoding, i, "member-" + i);
        }
        long copy = SortedSetValue.HANDLER.duplicate(allocator, value, encoding);
        value = SortedSetValue.remove(allocator, value, encoding, bytes("member-3"), 0, 8);
        assertThat(SortedSetValue.size(memory, copy, encoding)).isEqualTo(50);
        assertThat(SortedSetValue.score(memory, copy, encoding, bytes("member-3"), 0, 8)).isEqualTo(3.0);
        assertThat(SortedSetValue.HANDLER.memoryUsage(memory, copy, encoding, 0))
                .isGreaterThan(50 * 8L).isEqualTo(SortedSetValue.HANDLER.memoryUsage(memory, copy, encoding, 50));
        SortedSetValue.HANDLER.free(allocator, value, encoding);
        SortedSetValue.HANDLER.free(allocator, copy, encoding);
        assertThat(allocator.usedBytes()).isEqualTo(used);
    }

    @ParameterizedTest
    @EnumSource(value = Encoding.class, names = {"LISTPACK", "SKIPLIST"})
    void aForkKeepsReadingTheOldElements(Encoding encoding) {
        long value = SortedSetValue.create(allocator, encoding);
        for (int i = 0; i < 30; i++) {
            value = insert(value, encoding, i, "m" + i);
        }
        List<String> before = elements(memory, value, encoding);
        MemoryView view = t.engine.memory().fork();
        try {
            long frozen = value;
            for (int i = 0; i < 30; i += 2) {
                value = SortedSetValue.remove(allocator, value, encoding, bytes("m" + i), 0, ("m" + i).length());
                value = SortedSetValue.updateScore(allocator, value, encoding, bytes("m" + (i + 1)), 0, ("m" + (i + 1)).length(),
                        -i, random);
            }
            assertThat(elements(view, frozen, encoding)).isEqualTo(before);
            assertThat(SortedSetValue.score(view, frozen, encoding, bytes("m4"), 0, 2)).isEqualTo(4.0);
            assertThat(SortedSetValue.rank(view, frozen, encoding, bytes("m29"), 0, 3)).isEqualTo(29);
            assertThat(SortedSetValue.size(memory, value, encoding)).isEqualTo(15);
        } finally {
            view.close();
        }
    }

    @Test
    void otherEncodingsAreRefused() {
        assertThatThrownBy(() -> SortedSetValue.size(memory, 0, Encoding.INTSET)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("intset");
    }
}
