package io.forkline.engine.types;

import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.struct.Element;
import io.forkline.pages.MemoryView;
import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.alloc.Allocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link SetValue}'s operations on each encoding, straight on paged memory, without commands. */
class SetValueTest {

    private final PagedMemory memory = PagedMemory.create(PageSize.KIB_4);
    private final Allocator allocator = new Allocator(memory);
    private final EngineConfig config = new EngineConfig();
    private final long baseline = allocator.usedBytes();

    @AfterEach
    void close() {
        memory.close();
    }

    private static SetMember member(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new SetMember().load(bytes, 0, bytes.length);
    }

    private List<String> read(SetRef set) {
        List<String> members = new ArrayList<>();
        SetValue.forEach(memory, set.value(), set.encoding(), e -> members.add(new String(e.toBytes(memory), StandardCharsets.UTF_8)));
        return members;
    }

    @Test
    void setMemberKnowsCanonicalIntegers() {
        assertThat(member("42").isInteger()).isTrue();
        assertThat(member("42").integer()).isEqualTo(42);
        assertThat(member("-9223372036854775808").isInteger()).isTrue();
        assertThat(member("9223372036854775808").isInteger()).isFalse();
        assertThat(member("042").isInteger()).isFalse();
        assertThat(member("+1").isInteger()).isFalse();
        assertThat(member("").isInteger()).isFalse();
        assertThat(member("x".repeat(100)).length()).isEqualTo(100);
        assertThat(new SetMember().loadInteger(-17).toBytes()).isEqualTo("-17".getBytes(StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @EnumSource(value = Encoding.class, names = {"INTSET", "LISTPACK", "HASHTABLE"})
    void addContainsRemoveInEachEncoding(Encoding encoding) {
        SetRef set = SetValue.create(allocator, encoding);
        assertThat(SetValue.size(memory, set.value(), set.encoding())).isZero();
        assertThat(SetValue.add(allocator, config, set, member("7"))).isTrue();
        assertThat(SetValue.add(allocator, config, set, member("7"))).isFalse();
        assertThat(SetValue.add(allocator, config, set, member("-3"))).isTrue();
        assertThat(set.encoding()).isEqualTo(encoding);
        assertThat(SetValue.contains(memory, set.value(), set.encoding(), member("7"))).isTrue();
        assertThat(SetValue.contains(memory, set.value(), set.encoding(), member("07"))).isFalse();
        assertThat(SetValue.contains(memory, set.value(), set.encoding(), member("x"))).isFalse();
        assertThat(SetValue.remove(allocator, set, member("x"))).isFalse();
        assertThat(SetValue.remove(allocator, set, member("7"))).isTrue();
        assertThat(SetValue.remove(allocator, set, member("7"))).isFalse();
        assertThat(read(set)).containsExactly("-3");
        SetValue.release(allocator, set);
        assertThat(allocator.usedBytes()).isEqualTo(baseline);
    }

    @Test
    void anIntsetConvertsOnItsFirstStringOrPastItsLimit() {
        SetRef set = SetValue.create(allocator, Encoding.INTSET);
        SetValue.add(allocator, config, set, member("2"));
        SetValue.add(allocator, config, set, member("1"));
        SetValue.add(allocator, config, set, member("a"));
        assertThat(set.encoding()).isEqualTo(Encoding.LISTPACK);
        assertThat(read(set)).containsExactly("1", "2", "a");
        SetRef full = SetValue.create(allocator, Encoding.INTSET);
        for (int i = 0; i < config.setMaxIntsetEntries; i++) {
            SetValue.add(allocator, config, full, new SetMember().loadInteger(i));
        }
        assertThat(full.encoding()).isEqualTo(Encoding.INTSET);
        SetValue.add(allocator, config, full, new SetMember().loadInteger(-1));
        assertThat(full.encoding()).isEqualTo(Encoding.HASHTABLE);
        assertThat(SetValue.size(memory, full.value(), full.encoding())).isEqualTo(config.setMaxIntsetEntries + 1L);
        SetValue.release(allocator, set);
        SetValue.release(allocator, full);
        assertThat(allocator.usedBytes()).isEqualTo(baseline);
    }

    @Test
    void convertKeepsTheMembersAndRefusesStringsInAnIntset() {
        SetRef set = SetValue.create(allocator, Encoding.LISTPACK);
        for (String text : List.of("3", "b", "1")) {
            SetValue.add(allocator, config, set, member(text));
        }
        SetValue.convert(allocator, set, Encoding.HASHTABLE);
        assertThat(set.encoding()).isEqualTo(Encoding.HASHTABLE);
        assertThat(new HashSet<>(read(set))).containsExactlyInAnyOrder("3", "b", "1");
        assertThatThrownBy(() -> SetValue.convert(allocator, set, Encoding.INTSET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-integer");
        SetValue.remove(allocator, set, member("b"));
        SetValue.compactToIntset(allocator, config, set);
        assertThat(set.encoding()).isEqualTo(Encoding.INTSET);
        assertThat(read(set)).containsExactly("1", "3");
        SetValue.convert(allocator, set, Encoding.LISTPACK);
        assertThat(read(set)).containsExactly("1", "3");
        SetValue.release(allocator, set);
        assertThat(allocator.usedBytes()).isEqualTo(baseline);
    }

    @Test
    void compactToIntsetLeavesStringsAndLargeSetsAlone() {
        SetRef strings = SetValue.create(allocator, Encoding.LISTPACK);
        SetValue.add(allocator, config, strings, member("1"));
        SetValue.add(allocator, config, strings, member("x"));
        SetValue.compactToIntset(allocator, config, strings);
        assertThat(strings.encoding()).isEqualTo(Encoding.LISTPACK);
        config.setMaxIntsetEntries = 1;
        SetValue.remove(allocator, strings, member("x"));
        SetValue.add(allocator, config, strings, member("2"));
        SetValue.compactToIntset(allocator, config, strings);
        assertThat(strings.encoding()).as("two integers, one allowed").isEqualTo(Encoding.LISTPACK);
        SetValue.release(allocator, strings);
    }

    @Test
    void prepareForConvertsACompactSetBeforeABigBatch() {
        SetRef set = SetValue.create(allocator, Encoding.LISTPACK);
        SetValue.prepareFor(allocator, config, set, config.setMaxListpackEntries);
        assertThat(set.encoding()).isEqualTo(Encoding.LISTPACK);
        SetValue.prepareFor(allocator, config, set, config.setMaxListpackEntries + 1L);
        assertThat(set.encoding()).isEqualTo(Encoding.HASHTABLE);
        SetRef ints = SetValue.create(allocator, Encoding.INTSET);
        SetValue.prepareFor(allocator, config, ints, config.setMaxIntsetEntries + 1L);
        assertThat(ints.encoding()).isEqualTo(Encoding.HASHTABLE);
        assertThat(SetValue.encodingForNew(config, member("1"), 512)).isEqualTo(Encoding.INTSET);
        assertThat(SetValue.encodingForNew(config, member("1"), 513)).isEqualTo(Encoding.HASHTABLE);
        assertThat(SetValue.encodingForNew(config, member("a"), 128)).isEqualTo(Encoding.LISTPACK);
        assertThat(SetValue.encodingForNew(config, member("a"), 129)).isEqualTo(Encoding.HASHTABLE);
        SetValue.release(allocator, set);
        SetValue.release(allocator, ints);
    }

    @ParameterizedTest
    @EnumSource(value = Encoding.class, names = {"INTSET", "LISTPACK", "HASHTABLE"})
    void popRandomEmptiesTheSetMemberByMember(Encoding encoding) {
        SetRef set = SetValue.create(allocator, encoding);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            SetValue.add(allocator, config, set, new SetMember().loadInteger(i * 7));
            expected.add(Integer.toString(i * 7));
        }
        SplittableRandom random = new SplittableRandom(1);
        SetMember popped = new SetMember();
        Set<String> seen = new HashSet<>();
        Element element = new Element();
        while (SetValue.size(memory, set.value(), set.encoding()) > 0) {
            SetValue.randomMember(memory, set.value(), set.encoding(), random, element);
            assertThat(expected).contains(new String(element.toBytes(memory), StandardCharsets.US_ASCII));
            SetValue.popRandom(allocator, set, random, popped);
            assertThat(seen.add(new String(popped.toBytes(), StandardCharsets.US_ASCII))).isTrue();
        }
        assertThat(seen).isEqualTo(expected);
        SetValue.release(allocator, set);
        assertThat(allocator.usedBytes()).isEqualTo(baseline);
    }

    @Test
    void forEachWhileStopsAndScanOfACompactSetIsWhole() {
        SetRef set = SetValue.create(allocator, Encoding.LISTPACK);
        for (String text : List.of("a", "b", "c")) {
            SetValue.add(allocator, config, set, member(text));
        }
        List<String> firstTwo = new ArrayList<>();
        SetValue.forEachWhile(memory, set.value(), set.encoding(), e -> {
            firstTwo.add(new String(e.toBytes(memory), StandardCharsets.UTF_8));
            return firstTwo.size() < 2;
        });
        assertThat(firstTwo).containsExactly("a", "b");
        List<String> scanned = new ArrayList<>();
        assertThat(SetValue.scan(memory, set.value(), set.encoding(), 12345, e -> scanned.add(e.toString()))).isZero();
        assertThat(scanned).hasSize(3);
        SetValue.convert(allocator, set, Encoding.HASHTABLE);
        List<String> one = new ArrayList<>();
        SetValue.forEachWhile(memory, set.value(), set.encoding(), e -> !one.add("x"));
        assertThat(one).hasSize(1);
        SetValue.release(allocator, set);
    }

    @ParameterizedTest
    @EnumSource(value = Encoding.class, names = {"INTSET", "LISTPACK", "HASHTABLE"})
    void duplicateIsIndependentAndMemoryUsageCountsTheStructure(Encoding encoding) {
        SetRef set = SetValue.create(allocator, encoding);
        for (int i = 0; i < 40; i++) {
            SetValue.add(allocator, config, set, new SetMember().loadInteger(i));
        }
        SetRef copy = new SetRef(SetValue.HANDLER.duplicate(allocator, set.value(), set.encoding()), encoding);
        SetValue.remove(allocator, set, member("0"));
        assertThat(SetValue.size(memory, copy.value(), copy.encoding())).isEqualTo(40);
        assertThat(SetValue.size(memory, set.value(), set.encoding())).isEqualTo(39);
        long all = SetValue.HANDLER.memoryUsage(memory, copy.value(), encoding, 0);
        long sampled = SetValue.HANDLER.memoryUsage(memory, copy.value(), encoding, 5);
        assertThat(all).isGreaterThan(40);
        assertThat(sampled).isBetween(all / 2, all * 2);
        SetValue.HANDLER.free(allocator, copy.value(), copy.encoding());
        SetValue.release(allocator, set);
        assertThat(allocator.usedBytes()).isEqualTo(baseline);
    }

    @Test
    void aForkedViewKeepsReadingTheSetAsItWas() {
        SetRef set = SetValue.create(allocator, Encoding.LISTPACK);
        for (String text : List.of("a", "1", "b")) {
            SetValue.add(allocator, config, set, member(text));
        }
        long frozen = set.value();
        MemoryView view = memory.fork();
        SetValue.remove(allocator, set, member("a"));
        SetValue.add(allocator, config, set, member("x".repeat(100)));
        assertThat(set.encoding()).isEqualTo(Encoding.HASHTABLE);
        List<String> old = new ArrayList<>();
        SetValue.forEach(view, frozen, Encoding.LISTPACK, e -> old.add(new String(e.toBytes(view), StandardCharsets.UTF_8)));
        assertThat(old).containsExactly("a", "1", "b");
        assertThat(SetValue.contains(view, frozen, Encoding.LISTPACK, member("a"))).isTrue();
        assertThat(SetValue.size(view, frozen, Encoding.LISTPACK)).isEqualTo(3);
        view.close();
        SetValue.release(allocator, set);
    }
}
