package io.forkline.engine.types;

import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.struct.Element;
import io.forkline.engine.struct.Listpack;
import io.forkline.pages.Memory;
import io.forkline.pages.MemoryView;
import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.alloc.Allocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hash value's static API, in both encodings: what the commands build on and what a snapshot reads. */
class HashValueTest {

    private final PagedMemory memory = PagedMemory.create(PageSize.KIB_4);
    private final Allocator allocator = new Allocator(memory);

    @AfterEach
    void close() {
        memory.close();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private long set(long hash, Encoding encoding, String field, String value) {
        byte[] f = ascii(field);
        byte[] v = ascii(value);
        return HashValue.set(allocator, hash, encoding, f, 0, f.length, v, 0, v.length);
    }

    private long delete(long hash, Encoding encoding, String field) {
        byte[] f = ascii(field);
        return HashValue.delete(allocator, hash, encoding, f, 0, f.length);
    }

    private static String get(Memory memory, long hash, Encoding encoding, String field) {
        byte[] f = ascii(field);
        Element out = new Element();
        return HashValue.get(memory, hash, encoding, f, 0, f.length, out)
                ? new String(out.toBytes(memory), StandardCharsets.US_ASCII) : null;
    }

    static Map<String, String> contents(Memory memory, long hash, Encoding encoding) {
        Map<String, String> pairs = new LinkedHashMap<>();
        HashValue.forEach(memory, hash, encoding, (field, value) -> pairs.put(
                new String(field.toBytes(memory), StandardCharsets.UTF_8), new String(value.toBytes(memory), StandardCharsets.UTF_8)));
        return pairs;
    }

    private long create(Encoding encoding) {
        return encoding == Encoding.LISTPACK ? HashValue.create(allocator) : HashDict.create(allocator);
    }

    @ParameterizedTest
    @EnumSource(value = Encoding.class, names = {"LISTPACK", "HASHTABLE"})
    void setGetDeleteInEitherEncoding(Encoding encoding) {
        long hash = create(encoding);
        assertThat(HashValue.size(memory, hash, encoding)).isZero();
        assertThat(get(memory, hash, encoding, "a")).isNull();
        hash = set(hash, encoding, "a", "1");
        hash = set(hash, encoding, "b", "two");
        hash = set(hash, encoding, "", "");
        hash = set(hash, encoding, "a", "one, longer than before and longer again");
        assertThat(HashValue.size(memory, hash, encoding)).isEqualTo(3);
        assertThat(get(memory, hash, encoding, "a")).isEqualTo("one, longer than before and longer again");
        assertThat(get(memory, hash, encoding, "")).isEmpty();
        hash = set(hash, encoding, "a", "1");   // shorter again: rewritten in place or reallocated
        assertThat(get(memory, hash, encoding, "a")).isEqualTo("1");
        hash = delete(hash, encoding, "missing");
        hash = delete(hash, encoding, "b");
        assertThat(contents(memory, hash, encoding)).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "", ""));
        HashValue.HANDLER.free(allocator, hash, encoding);
        assertThat(allocator.usedBytes()).isZero();
    }

    @Test
    void aListpackKeepsInsertionOrderAndIntegersAsIntegers() {
        long hash = HashValue.create(allocator);
        hash = set(hash, Encoding.LISTPACK, "z", "123");
        hash = set(hash, Encoding.LISTPACK, "10", "x");
        hash = set(hash, Encoding.LISTPACK, "a", "-0");
        assertThat(contents(memory, hash, Encoding.LISTPACK)).containsExactly(
                Map.entry("z", "123"), Map.entry("10", "x"), Map.entry("a", "-0"));
        Element value = new Element();
        HashValue.get(memory, hash, Encoding.LISTPACK, ascii("z"), 0, 1, value);
        assertThat(value.isInteger()).isTrue();
        assertThat(Listpack.size(memory, hash)).isEqualTo(6);
        Listpack.validate(Listpack.toBlob(memory, hash), true);
    }

    @Test
    void convertingKeepsEveryPairAndFreesTheListpack() {
        long hash = HashValue.create(allocator);
        for (int i = 0; i < 100; i++) {
            hash = set(hash, Encoding.LISTPACK, "f" + i, i % 2 == 0 ? Integer.toString(i) : "v" + i);
        }
        Map<String, String> before = contents(memory, hash, Encoding.LISTPACK);
        long dict = HashValue.toHashtable(allocator, hash);
        assertThat(contents(memory, dict, Encoding.HASHTABLE)).containsExactlyInAnyOrderEntriesOf(before);
        HashValue.HANDLER.free(allocator, dict, Encoding.HASHTABLE);
        assertThat(allocator.usedBytes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = Encoding.class, names = {"LISTPACK", "HASHTABLE"})
    void duplicatesAreDeepAndMemoryIsMeasured(Encoding encoding) {
        long hash = create(encoding);
        for (int i = 0; i < 50; i++) {
            hash = set(hash, encoding, "field" + i, "value" + i);
        }
        long copy = HashValue.HANDLER.duplicate(allocator, hash, encoding);
        hash = set(hash, encoding, "field0", "changed");
        hash = delete(hash, encoding, "field1");
        assertThat(get(memory, copy, encoding, "field0")).isEqualTo("value0");
        assertThat(get(memory, copy, encoding, "field1")).isEqualTo("value1");
        assertThat(HashValue.size(memory, copy, encoding)).isEqualTo(50);
        long all = HashValue.HANDLER.memoryUsage(memory, copy, encoding, 0);
        long sampled = HashValue.HANDLER.memoryUsage(memory, copy, encoding, 5);
        assertThat(all).isGreaterThan(50 * 10);
        assertThat((double) sampled).isCloseTo(all, org.assertj.core.data.Percentage.withPercentage(20));
        HashValue.HANDLER.free(allocator, hash, encoding);
        HashValue.HANDLER.free(allocator, copy, encoding);
        assertThat(allocator.usedBytes()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = Encoding.class, names = {"LISTPACK", "HASHTABLE"})
    void aForkKeepsReadingTheHashAsItWas(Encoding encoding) {
        long hash = create(encoding);
        for (int i = 0; i < 40; i++) {
            hash = set(hash, encoding, "f" + i, "v" + i);
        }
        Map<String, String> frozen = contents(memory, hash, encoding);
        long frozenHash = hash;
        try (MemoryView view = memory.fork()) {
            for (int i = 0; i < 40; i += 2) {
                hash = delete(hash, encoding, "f" + i);
                hash = set(hash, encoding, "f" + (i + 1), "changed" + i);
                hash = set(hash, encoding, "new" + i, "x".repeat(i));
            }
            assertThat(contents(view, frozenHash, encoding)).isEqualTo(frozen);
            assertThat(HashValue.size(view, frozenHash, encoding)).isEqualTo(40);
            assertThat(get(view, frozenHash, encoding, "f0")).isEqualTo("v0");
            assertThat(get(memory, hash, encoding, "f0")).isNull();
            assertThat(get(memory, hash, encoding, "f1")).isEqualTo("changed0");
        }
    }

    @Test
    void otherEncodingsAreRefused() {
        assertThatThrownBy(() -> HashValue.size(memory, 16, Encoding.INTSET)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("intset");
    }
}
