package io.forkline.engine.struct;

import io.forkline.pages.MemoryView;
import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.alloc.Allocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.forkline.engine.struct.TestBytes.ascii;
import static io.forkline.engine.struct.TestBytes.hex;
import static io.forkline.engine.struct.TestBytes.repeat;
import static io.forkline.engine.struct.TestBytes.toHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each listpack operation and its edge cases. */
class ListpackTest {

    private final PagedMemory memory = PagedMemory.create(PageSize.KIB_4);
    private final Allocator allocator = new Allocator(memory);

    @AfterEach
    void close() {
        memory.close();
    }

    private long listpack(String... values) {
        long lp = Listpack.create(allocator);
        for (String value : values) {
            lp = append(lp, value);
        }
        return lp;
    }

    private long append(long lp, String value) {
        byte[] bytes = ascii(value);
        return Listpack.append(allocator, lp, bytes, 0, bytes.length);
    }

    private List<String> contents(io.forkline.pages.Memory from, long lp) {
        List<String> values = new ArrayList<>();
        Element element = new Element();
        for (int p = Listpack.first(from, lp); p != -1; p = Listpack.next(from, lp, p)) {
            Listpack.get(from, lp, p, element);
            values.add(new String(element.toBytes(from), java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return values;
    }

    private List<String> contentsBackward(long lp) {
        List<String> values = new ArrayList<>();
        Element element = new Element();
        for (int p = Listpack.last(memory, lp); p != -1; p = Listpack.prev(memory, lp, p)) {
            Listpack.get(memory, lp, p, element);
            values.addFirst(new String(element.toBytes(memory), java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return values;
    }

    private void assertBlob(long lp, String... values) {
        List<byte[]> model = new ArrayList<>();
        for (String value : values) {
            model.add(ascii(value));
        }
        byte[] blob = Listpack.toBlob(memory, lp);
        assertThat(toHex(blob)).isEqualTo(toHex(ReferenceListpack.encode(model)));
        Listpack.validate(blob, true);
        assertThat(contents(memory, lp)).containsExactly(values);
        assertThat(contentsBackward(lp)).containsExactly(values);
        assertThat(Listpack.size(memory, lp)).isEqualTo(values.length);
    }

    // ---------------------------------------------------------------------------------------------
    // Walking

    @Test
    void anEmptyListpackHasNoEntries() {
        long lp = Listpack.create(allocator);
        assertThat(Listpack.size(memory, lp)).isZero();
        assertThat(Listpack.first(memory, lp)).isEqualTo(-1);
        assertThat(Listpack.last(memory, lp)).isEqualTo(-1);
        assertThat(Listpack.seek(memory, lp, 0)).isEqualTo(-1);
        assertThat(Listpack.seek(memory, lp, -1)).isEqualTo(-1);
        assertThat(Listpack.find(memory, lp, Listpack.first(memory, lp), ascii("x"), 0, 1, 0)).isEqualTo(-1);
    }

    @Test
    void positionsAreByteOffsetsWalkedBothWays() {
        long lp = listpack("a", "1000", "hello");   // entries of 3, 3 and 7 bytes
        assertThat(Listpack.first(memory, lp)).isEqualTo(6);
        assertThat(Listpack.next(memory, lp, 6)).isEqualTo(9);
        assertThat(Listpack.next(memory, lp, 9)).isEqualTo(12);
        assertThat(Listpack.next(memory, lp, 12)).isEqualTo(-1);
        assertThat(Listpack.last(memory, lp)).isEqualTo(12);
        assertThat(Listpack.prev(memory, lp, 12)).isEqualTo(9);
        assertThat(Listpack.prev(memory, lp, 9)).isEqualTo(6);
        assertThat(Listpack.prev(memory, lp, 6)).isEqualTo(-1);
    }

    @Test
    void positionsOutsideTheEntriesAreRefused() {
        long lp = listpack("a");
        assertThatThrownBy(() -> Listpack.next(memory, lp, -1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Listpack.prev(memory, lp, 5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Listpack.get(memory, lp, 9, new Element()))
                .as("the terminator").isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("position 9");
        assertThatThrownBy(() -> Listpack.delete(allocator, lp, 9)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void seekCountsFromEitherEnd() {
        long lp = listpack("a", "b", "c", "d", "e");
        String[] values = {"a", "b", "c", "d", "e"};
        Element element = new Element();
        for (int i = 0; i < 5; i++) {
            Listpack.get(memory, lp, Listpack.seek(memory, lp, i), element);
            assertThat(element.toBytes(memory)).isEqualTo(ascii(values[i]));
            Listpack.get(memory, lp, Listpack.seek(memory, lp, i - 5), element);
            assertThat(element.toBytes(memory)).isEqualTo(ascii(values[i]));
        }
        assertThat(Listpack.seek(memory, lp, 5)).isEqualTo(-1);
        assertThat(Listpack.seek(memory, lp, -6)).isEqualTo(-1);
        assertThat(Listpack.seek(memory, lp, Long.MAX_VALUE)).isEqualTo(-1);
        assertThat(Listpack.seek(memory, lp, Long.MIN_VALUE)).isEqualTo(-1);
    }

    // ---------------------------------------------------------------------------------------------
    // Reading

    @Test
    void getFillsIntegersAndStrings() {
        long lp = listpack("12", "x y", "-9223372036854775808", "");
        Element element = new Element();
        Listpack.get(memory, lp, Listpack.seek(memory, lp, 0), element);
        assertThat(element.isInteger()).isTrue();
        assertThat(element.integer()).isEqualTo(12);
        Listpack.get(memory, lp, Listpack.seek(memory, lp, 1), element);
        assertThat(element.isInteger()).isFalse();
        assertThat(element.length()).isEqualTo(3);
        assertThat(element.address()).isEqualTo(lp + Listpack.seek(memory, lp, 1) + 1);
        assertThat(element.toBytes(memory)).isEqualTo(ascii("x y"));
        Listpack.get(memory, lp, Listpack.seek(memory, lp, 2), element);
        assertThat(element.integer()).isEqualTo(Long.MIN_VALUE);
        Listpack.get(memory, lp, Listpack.seek(memory, lp, 3), element);
        assertThat(element.length()).isZero();
        assertThat(element.toBytes(memory)).isEmpty();
    }

    @Test
    void readsAcceptNonMinimalEncodingsFromABlob() {
        // 5 as int16, 5 as int64, "12" as a string, "ab" as a 12-bit string, count unknown
        byte[] blob = hex("1E 00 00 00 FF FF | F1 05 00 03 | F4 05 00 00 00 00 00 00 00 09 | 82 31 32 03 | E0 02 61 62 04 | FF");
        long lp = Listpack.fromBlob(allocator, blob);
        Element element = new Element();
        assertThat(Listpack.size(memory, lp)).isEqualTo(4);
        int p = Listpack.first(memory, lp);
        Listpack.get(memory, lp, p, element);
        assertThat(element.integer()).isEqualTo(5);
        assertThat(Listpack.entryEquals(memory, lp, p, ascii("5"), 0, 1)).isTrue();
        p = Listpack.next(memory, lp, p);
        Listpack.get(memory, lp, p, element);
        assertThat(element.integer()).isEqualTo(5);
        p = Listpack.next(memory, lp, p);
        Listpack.get(memory, lp, p, element);
        assertThat(element.isInteger()).isFalse();
        assertThat(Listpack.entryEquals(memory, lp, p, ascii("12"), 0, 2)).isTrue();
        assertThat(Listpack.find(memory, lp, Listpack.first(memory, lp), ascii("12"), 0, 2, 0)).isEqualTo(p);
        p = Listpack.next(memory, lp, p);
        Listpack.get(memory, lp, p, element);
        assertThat(element.toBytes(memory)).isEqualTo(ascii("ab"));
        assertThat(Listpack.find(memory, lp, Listpack.first(memory, lp), ascii("ab"), 0, 2, 0)).isEqualTo(p);
        assertThat(contentsBackward(lp)).containsExactly("5", "5", "12", "ab");
    }

    @Test
    void entryEqualsComparesStringForms() {
        long lp = listpack("42", "-7", "hello", "007");
        int integer = Listpack.seek(memory, lp, 0);
        assertThat(Listpack.entryEquals(memory, lp, integer, ascii("42"), 0, 2)).isTrue();
        assertThat(Listpack.entryEquals(memory, lp, integer, ascii("042"), 0, 3)).isFalse();
        assertThat(Listpack.entryEquals(memory, lp, integer, ascii("+42"), 0, 3)).isFalse();
        assertThat(Listpack.entryEquals(memory, lp, integer, ascii("43"), 0, 2)).isFalse();
        assertThat(Listpack.entryEquals(memory, lp, integer, ascii("x42x"), 1, 2)).as("a slice").isTrue();
        assertThat(Listpack.entryEquals(memory, lp, Listpack.seek(memory, lp, 1), ascii("-7"), 0, 2)).isTrue();
        int string = Listpack.seek(memory, lp, 2);
        assertThat(Listpack.entryEquals(memory, lp, string, ascii("hello"), 0, 5)).isTrue();
        assertThat(Listpack.entryEquals(memory, lp, string, ascii("hell"), 0, 4)).isFalse();
        assertThat(Listpack.entryEquals(memory, lp, string, ascii("hellp"), 0, 5)).isFalse();
        int padded = Listpack.seek(memory, lp, 3);
        assertThat(Listpack.entryEquals(memory, lp, padded, ascii("007"), 0, 3)).isTrue();
        assertThat(Listpack.entryEquals(memory, lp, padded, ascii("7"), 0, 1)).isFalse();
    }

    @Test
    void findComparesEverySkipPlusOnethEntry() {
        long lp = listpack("f1", "v1", "f2", "2", "3", "f1");   // a hash: fields at even indexes
        int first = Listpack.first(memory, lp);
        assertThat(Listpack.find(memory, lp, first, ascii("f2"), 0, 2, 1)).isEqualTo(Listpack.seek(memory, lp, 2));
        assertThat(Listpack.find(memory, lp, first, ascii("v1"), 0, 2, 1)).as("a value, not a field").isEqualTo(-1);
        assertThat(Listpack.find(memory, lp, first, ascii("2"), 0, 1, 1)).as("2 is a value").isEqualTo(-1);
        assertThat(Listpack.find(memory, lp, first, ascii("3"), 0, 1, 1)).isEqualTo(Listpack.seek(memory, lp, 4));
        int firstValue = Listpack.next(memory, lp, first);
        assertThat(Listpack.find(memory, lp, firstValue, ascii("2"), 0, 1, 1)).isEqualTo(Listpack.seek(memory, lp, 3));
        assertThat(Listpack.find(memory, lp, first, ascii("2"), 0, 1, 0)).isEqualTo(Listpack.seek(memory, lp, 3));
        assertThat(Listpack.find(memory, lp, first, ascii("02"), 0, 2, 0)).as("not canonical").isEqualTo(-1);
        assertThat(Listpack.find(memory, lp, Listpack.seek(memory, lp, 1), ascii("f1"), 0, 2, 0))
                .as("from a later position").isEqualTo(Listpack.seek(memory, lp, 5));
        assertThat(Listpack.find(memory, lp, first, ascii("f1"), 0, 2, 4)).isEqualTo(first);
        assertThat(Listpack.find(memory, lp, first, ascii("f3"), 0, 2, 0)).isEqualTo(-1);
        assertThatThrownBy(() -> Listpack.find(memory, lp, first, ascii("f1"), 0, 2, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------------------------------------
    // Writing

    @Test
    void appendPrependAndInsert() {
        long lp = listpack("b");
        byte[] a = ascii("a");
        byte[] c = ascii("300");
        byte[] d = ascii("d");
        lp = Listpack.prepend(allocator, lp, a, 0, 1);
        assertBlob(lp, "a", "b");
        lp = Listpack.insert(allocator, lp, Listpack.seek(memory, lp, 1), true, c, 0, 3);
        assertBlob(lp, "a", "b", "300");
        lp = Listpack.insert(allocator, lp, Listpack.seek(memory, lp, 2), false, d, 0, 1);
        assertBlob(lp, "a", "b", "d", "300");
        lp = Listpack.insert(allocator, lp, Listpack.first(memory, lp), false, d, 0, 1);
        assertBlob(lp, "d", "a", "b", "d", "300");
        lp = Listpack.insert(allocator, lp, Listpack.last(memory, lp), true, a, 0, 1);
        assertBlob(lp, "d", "a", "b", "d", "300", "a");
    }

    /** A 250-byte entry that makes a listpack large enough for room before it ({@link Listpack#HEAD_ROOM_MIN}). */
    private static final String PAD = "p".repeat(250);

    @Test
    void prependKeepsRoomBeforeAListpackOfAFewHundredBytesSoThatItMovesOnlyTheHeader() {
        long lp = listpack("b", PAD);
        int moves = 0;
        List<String> model = new ArrayList<>(List.of("b", PAD));
        while (Listpack.totalBytes(memory, lp) + 3 < Listpack.HEAD_ROOM_LIMIT) {
            long before = lp;
            long allocation = allocator.allocationOf(lp);
            lp = Listpack.prepend(allocator, lp, ascii("x"), 0, 1);   // 3 bytes: encoding, "x", backlen
            model.addFirst("x");
            if (allocator.allocationOf(lp) == allocation) {
                assertThat(lp).as("a prepend into the room before").isEqualTo(before - 3);
            } else {
                moves++;
                assertThat(allocator.allocationOf(lp)).as("room left before the moved listpack").isLessThan(lp);
            }
        }
        assertThat(moves).as("moves to a larger allocation, each doubling").isBetween(3, 8);
        assertThat(contents(memory, lp)).isEqualTo(model);
        Listpack.validate(Listpack.toBlob(memory, lp), true);
    }

    @Test
    void aListpackOfLessThanAFewHundredBytesKeepsNoRoomBeforeIt() {
        long lp = listpack("b", "c");
        lp = Listpack.prepend(allocator, lp, ascii("a"), 0, 1);
        assertThat(allocator.allocationOf(lp)).isEqualTo(lp);
        lp = Listpack.delete(allocator, lp, Listpack.first(memory, lp));
        assertThat(allocator.allocationOf(lp)).isEqualTo(lp);
        assertBlob(lp, "b", "c");
    }

    @Test
    void pastTheHeadRoomLimitAPrependGrowsTheListpackInPlaceAsRedisDoes() {
        long lp = listpack("v");
        byte[] big = repeat('y', 1000);
        for (int i = 0; i < 12; i++) {
            lp = Listpack.prepend(allocator, lp, big, 0, big.length);
        }
        assertThat(Listpack.totalBytes(memory, lp)).isGreaterThan(Listpack.HEAD_ROOM_LIMIT);
        assertThat(allocator.allocationOf(lp)).as("no room kept before a large listpack").isEqualTo(lp);
        assertThat(contents(memory, lp)).hasSize(13).endsWith("v");
        Listpack.free(allocator, lp);
        assertThat(allocator.usedBytes()).isZero();
    }

    @Test
    void aListpackWithRoomBeforeItTakesEveryWriteAndFreesItsWholeAllocation() {
        long lp = listpack("b", "c", PAD);
        lp = Listpack.prepend(allocator, lp, ascii("a"), 0, 1);
        assertThat(allocator.allocationOf(lp)).isLessThan(lp);
        lp = append(lp, "d");
        lp = Listpack.insert(allocator, lp, Listpack.seek(memory, lp, 1), true, ascii("ab"), 0, 2);
        lp = Listpack.replaceInteger(allocator, lp, Listpack.seek(memory, lp, 2), 300);
        assertBlob(lp, "a", "b", "300", "c", PAD, "d");
        lp = Listpack.delete(allocator, lp, Listpack.first(memory, lp));
        lp = Listpack.deleteRange(allocator, lp, -1, 1);
        assertBlob(lp, "b", "300", "c", PAD);
        byte[] big = repeat('z', 20_000);
        lp = Listpack.replace(allocator, lp, Listpack.seek(memory, lp, 1), big, 0, big.length);
        assertThat(allocator.allocationOf(lp)).as("grown past its slot: moved to an allocation of its own").isEqualTo(lp);
        assertThat(contents(memory, lp))
                .containsExactly("b", new String(big, java.nio.charset.StandardCharsets.ISO_8859_1), "c", PAD);
        Listpack.free(allocator, lp);
        assertThat(allocator.usedBytes()).isZero();
    }

    @Test
    void aListpackWithRoomBeforeItGivesItBackWhenItShrinksBelowAQuarterOfItsAllocation() {
        long lp = listpack();
        for (int i = 0; i < 300; i++) {
            lp = Listpack.prepend(allocator, lp, ascii("x"), 0, 1);
        }
        long allocation = allocator.allocationOf(lp);
        long usable = allocator.usableSize(allocation);
        assertThat(allocation).isLessThan(lp);
        while (Listpack.totalBytes(memory, lp) > usable / 4 + 3) {
            lp = Listpack.delete(allocator, lp, Listpack.first(memory, lp));
            assertThat(allocator.allocationOf(lp)).as("kept while it fills more than a quarter").isEqualTo(allocation);
        }
        lp = Listpack.delete(allocator, lp, Listpack.first(memory, lp));
        assertThat(allocator.allocationOf(lp)).as("moved to an allocation of its size").isEqualTo(lp);
        assertThat(allocator.usableSize(lp)).isLessThan(usable / 2);
        lp = Listpack.shrinkToFit(allocator, lp);
        Listpack.free(allocator, lp);
        assertThat(allocator.usedBytes()).isZero();
    }

    @Test
    void deletingTheFirstEntriesMovesOnlyTheHeaderAndLeavesRoomForAPrepend() {
        long lp = listpack("a", "b", "c", "d", PAD);   // each letter's entry 3 bytes: encoding, letter, backlen
        long allocation = allocator.allocationOf(lp);
        long before = lp;
        lp = Listpack.delete(allocator, lp, Listpack.first(memory, lp));
        assertThat(lp).isEqualTo(before + 3);
        assertBlob(lp, "b", "c", "d", PAD);
        lp = Listpack.deleteRange(allocator, lp, 0, 2);
        assertThat(lp).isEqualTo(before + 9);
        assertBlob(lp, "d", PAD);
        lp = Listpack.prepend(allocator, lp, ascii("z"), 0, 1);
        assertThat(lp).isEqualTo(before + 6);
        assertThat(allocator.allocationOf(lp)).isEqualTo(allocation);
        assertBlob(lp, "z", "d", PAD);
        Listpack.free(allocator, lp);
        assertThat(allocator.usedBytes()).isZero();
    }

    @Test
    void prependToAnEmptyListpackAppends() {
        long lp = Listpack.prepend(allocator, Listpack.create(allocator), ascii("x"), 0, 1);
        assertBlob(lp, "x");
    }

    @Test
    void appendTakesASliceOfTheArray() {
        long lp = Listpack.append(allocator, Listpack.create(allocator), ascii("[hello]"), 1, 5);
        lp = Listpack.append(allocator, lp, ascii("x123y"), 1, 3);
        assertBlob(lp, "hello", "123");
        assertThatThrownBy(() -> Listpack.append(allocator, Listpack.create(allocator), ascii("abc"), 2, 2))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void replaceGrowsAndShrinksAnEntry() {
        long lp = listpack("a", "b", "c");
        byte[] big = repeat('x', 70000);
        lp = Listpack.replace(allocator, lp, Listpack.seek(memory, lp, 1), big, 0, big.length);
        assertThat(Listpack.toBlob(memory, lp)).isEqualTo(ReferenceListpack.encode(List.of(ascii("a"), big, ascii("c"))));
        lp = Listpack.replace(allocator, lp, Listpack.seek(memory, lp, 1), ascii("77"), 0, 2);
        assertBlob(lp, "a", "77", "c");
        lp = Listpack.replaceInteger(allocator, lp, Listpack.seek(memory, lp, 1), 1L << 40);
        assertBlob(lp, "a", Long.toString(1L << 40), "c");
        lp = Listpack.replaceInteger(allocator, lp, Listpack.seek(memory, lp, 2), -1);
        assertBlob(lp, "a", Long.toString(1L << 40), "-1");
        lp = Listpack.replace(allocator, lp, Listpack.seek(memory, lp, 0), ascii("z"), 0, 1);
        assertBlob(lp, "z", Long.toString(1L << 40), "-1");
    }

    @Test
    void deleteFromEitherEndAndTheMiddle() {
        long lp = listpack("a", "b", "c", "d");
        lp = Listpack.delete(allocator, lp, Listpack.seek(memory, lp, 1));
        assertBlob(lp, "a", "c", "d");
        lp = Listpack.delete(allocator, lp, Listpack.last(memory, lp));
        assertBlob(lp, "a", "c");
        lp = Listpack.delete(allocator, lp, Listpack.first(memory, lp));
        assertBlob(lp, "c");
        lp = Listpack.delete(allocator, lp, Listpack.first(memory, lp));
        assertBlob(lp);
        assertThat(toHex(Listpack.toBlob(memory, lp))).isEqualTo("07 00 00 00 00 00 FF");
    }

    @Test
    void deleteRangeLikeRedis() {
        String[] six = {"a", "b", "c", "d", "e", "f"};
        long lp = listpack(six);
        lp = Listpack.deleteRange(allocator, lp, 1, 2);
        assertBlob(lp, "a", "d", "e", "f");
        lp = Listpack.deleteRange(allocator, lp, -2, 1);
        assertBlob(lp, "a", "d", "f");
        lp = Listpack.deleteRange(allocator, lp, 1, 100);   // past the end: truncated at index 1
        assertBlob(lp, "a");
        lp = Listpack.deleteRange(allocator, lp, 5, 1);     // out of range: nothing
        assertBlob(lp, "a");
        lp = Listpack.deleteRange(allocator, lp, 0, 0);     // nothing
        assertBlob(lp, "a");
        lp = Listpack.deleteRange(allocator, lp, -1, 1);
        assertBlob(lp);
        long full = listpack(six);
        full = Listpack.deleteRange(allocator, full, -3, 3);
        assertBlob(full, "a", "b", "c");
        full = Listpack.deleteRange(allocator, full, 0, 3);
        assertBlob(full);
        assertThatThrownBy(() -> Listpack.deleteRange(allocator, listpack("a"), 0, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deleteRangeWithAnUnknownCountWalksAndKeepsItUnknown() {
        // ["a","b","c","d"] with count 65535
        byte[] blob = hex("13 00 00 00 FF FF 81 61 02 81 62 02 81 63 02 81 64 02 FF");
        long lp = Listpack.fromBlob(allocator, blob);
        assertThat(Listpack.size(memory, lp)).isEqualTo(4);
        assertThat(contents(memory, lp)).containsExactly("a", "b", "c", "d");
        lp = Listpack.deleteRange(allocator, lp, -3, 2);
        assertThat(toHex(Listpack.toBlob(memory, lp))).isEqualTo("0D 00 00 00 FF FF 81 61 02 81 64 02 FF");
        lp = Listpack.deleteRange(allocator, lp, 1, 10);
        assertThat(toHex(Listpack.toBlob(memory, lp))).isEqualTo("0A 00 00 00 FF FF 81 61 02 FF");
        assertThat(Listpack.seek(memory, lp, 1)).isEqualTo(-1);
        assertThat(Listpack.seek(memory, lp, -2)).isEqualTo(-1);
        assertThat(Listpack.seek(memory, lp, -1)).isEqualTo(6);
        lp = append(lp, "z");
        assertThat(toHex(Listpack.toBlob(memory, lp))).isEqualTo("0D 00 00 00 FF FF 81 61 02 81 7A 02 FF");
        assertThat(Listpack.size(memory, lp)).isEqualTo(2);
    }

    @Test
    void theCountBecomesUnknownAt65535AndStaysSo() {
        int entries = 65534;
        byte[] blob = new byte[6 + 2 * entries + 1];
        int total = blob.length;
        blob[0] = (byte) total;
        blob[1] = (byte) (total >> 8);
        blob[2] = (byte) (total >> 16);
        blob[4] = (byte) entries;
        blob[5] = (byte) (entries >> 8);
        for (int i = 0; i < entries; i++) {
            blob[6 + 2 * i] = 0x01;        // the integer 1
            blob[6 + 2 * i + 1] = 0x01;    // backlen 1
        }
        blob[total - 1] = (byte) 0xFF;
        long lp = Listpack.fromBlob(allocator, blob);
        assertThat(Listpack.size(memory, lp)).isEqualTo(65534);
        lp = Listpack.appendInteger(allocator, lp, 2);
        byte[] after = Listpack.toBlob(memory, lp);
        assertThat(after[4]).isEqualTo((byte) 0xFF);
        assertThat(after[5]).isEqualTo((byte) 0xFF);
        assertThat(Listpack.size(memory, lp)).as("walked").isEqualTo(65535);
        assertThat(Listpack.seek(memory, lp, -1)).isEqualTo(Listpack.last(memory, lp));
        assertThat(Listpack.seek(memory, lp, 65534)).isEqualTo(Listpack.last(memory, lp));
        lp = Listpack.delete(allocator, lp, Listpack.first(memory, lp));
        byte[] deleted = Listpack.toBlob(memory, lp);
        assertThat(deleted[4]).as("Redis leaves an unknown count unknown").isEqualTo((byte) 0xFF);
        assertThat(Listpack.size(memory, lp)).isEqualTo(65534);
        Listpack.validate(deleted, true);
    }

    @Test
    void positionsSurviveAMove() {
        long lp = listpack("a", "target", "c");
        int position = Listpack.seek(memory, lp, 1);
        long before = lp;
        for (int i = 0; i < 200; i++) {
            lp = append(lp, "some longer value " + i);
        }
        assertThat(lp).as("grown far enough to move").isNotEqualTo(before);
        assertThat(Listpack.entryEquals(memory, lp, position, ascii("target"), 0, 6)).isTrue();
    }

    @Test
    void freeGivesTheMemoryBack() {
        long lp = listpack("a", "b");
        lp = append(lp, new String(repeat('q', 20000), java.nio.charset.StandardCharsets.ISO_8859_1));
        Listpack.free(allocator, lp);
        assertThat(allocator.usedBytes()).isZero();
    }

    @Test
    void growingPast1GiBIsRefused() {
        long lp = Listpack.create(allocator);
        memory.putInt(lp, (int) ListpackDescriptor.MAX_TOTAL_BYTES - 1);   // pretend: nothing is read past the header
        assertThatThrownBy(() -> Listpack.appendInteger(allocator, lp, 1))
                .isInstanceOfSatisfying(ListpackFullException.class,
                        e -> assertThat(e.wantedBytes()).isEqualTo(ListpackDescriptor.MAX_TOTAL_BYTES + 1))
                .hasMessageContaining("cannot grow to 1073741825 bytes");
    }

    // ---------------------------------------------------------------------------------------------
    // Blobs and forks

    @Test
    void fromBlobCopiesAndChecksDeeply() {
        byte[] blob = hex("12 00 00 00 04 00 81 61 02 81 62 02 03 01 df fb 02 ff");
        long lp = Listpack.fromBlob(allocator, blob);
        assertThat(Listpack.toBlob(memory, lp)).isEqualTo(blob);
        assertThat(contents(memory, lp)).containsExactly("a", "b", "3", "-5");
        byte[] wrongCount = blob.clone();
        wrongCount[4] = 5;
        assertThatThrownBy(() -> Listpack.fromBlob(allocator, wrongCount)).isInstanceOf(CorruptEncodingException.class);
    }

    @Test
    void aForkedViewKeepsReadingTheOldListpackFromAnotherThread() throws Exception {
        long lp = listpack("a", "b", "300");
        MemoryView view = memory.fork();
        long frozen = lp;
        lp = Listpack.delete(allocator, lp, Listpack.first(memory, lp));
        lp = append(lp, new String(repeat('z', 5000), java.nio.charset.StandardCharsets.ISO_8859_1));
        lp = Listpack.replaceInteger(allocator, lp, Listpack.first(memory, lp), 7);
        List<String> seen = CompletableFuture.supplyAsync(() -> contents(view, frozen)).get();
        assertThat(seen).containsExactly("a", "b", "300");
        assertThat(Listpack.toBlob(view, frozen)).isEqualTo(ReferenceListpack.encode(List.of(ascii("a"), ascii("b"), ascii("300"))));
        assertThat(contents(memory, lp).getFirst()).isEqualTo("7");
        view.close();
    }

    @Test
    void elementHolder() {
        Element element = new Element();
        element.setInteger(-120);
        assertThat(element.isInteger()).isTrue();
        assertThat(element.integer()).isEqualTo(-120);
        assertThat(element.stringLength()).isEqualTo(4);
        byte[] buffer = new byte[10];
        assertThat(element.copyTo(memory, buffer, 2)).isEqualTo(4);
        assertThat(java.util.Arrays.copyOfRange(buffer, 2, 6)).isEqualTo(ascii("-120"));
        assertThat(element.toBytes(memory)).isEqualTo(ascii("-120"));
        assertThat(element).hasToString("integer -120");
        assertThatThrownBy(element::address).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(element::length).isInstanceOf(IllegalStateException.class);

        long at = allocator.allocate(16);
        memory.putBytes(at, ascii("payload"), 0, 7);
        element.setString(at, 7);
        assertThat(element.isInteger()).isFalse();
        assertThat(element.address()).isEqualTo(at);
        assertThat(element.length()).isEqualTo(7);
        assertThat(element.stringLength()).isEqualTo(7);
        assertThat(element.toBytes(memory)).isEqualTo(ascii("payload"));
        assertThat(element.copyTo(memory, buffer, 0)).isEqualTo(7);
        assertThat(element.toString()).contains("7 bytes");
        assertThatThrownBy(element::integer).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> element.setString(at, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void descriptorClassifiesFirstBytes() {
        assertThat(ListpackDescriptor.encodingSize(0x00)).isEqualTo(1);
        assertThat(ListpackDescriptor.encodingSize(0xBF)).isEqualTo(1);
        assertThat(ListpackDescriptor.encodingSize(0xDF)).isEqualTo(1);
        assertThat(ListpackDescriptor.encodingSize(0xE0)).isEqualTo(2);
        assertThat(ListpackDescriptor.encodingSize(0xF0)).isEqualTo(5);
        assertThat(ListpackDescriptor.encodingSize(0xF4)).isEqualTo(1);
        assertThat(ListpackDescriptor.encodingSize(0xF5)).isZero();
        assertThat(ListpackDescriptor.encodingSize(0xFE)).isZero();
        assertThat(ListpackDescriptor.encodingSize(0xFF)).isEqualTo(1);
        assertThat(ListpackDescriptor.isEntry(0xFF)).isFalse();
        assertThat(ListpackDescriptor.isEntry(0xF5)).isFalse();
        assertThat(ListpackDescriptor.isEntry(0xF4)).isTrue();
        assertThat(ListpackDescriptor.isInteger(0x7F)).isTrue();
        assertThat(ListpackDescriptor.isInteger(0x80)).isFalse();
        assertThat(ListpackDescriptor.isInteger(0xC5)).isTrue();
        assertThat(ListpackDescriptor.isInteger(0xE5)).isFalse();
        assertThat(ListpackDescriptor.isInteger(0xF0)).isFalse();
        assertThat(ListpackDescriptor.isInteger(0xF2)).isTrue();
        assertThat(ListpackDescriptor.stringHeaderSize(63)).isEqualTo(1);
        assertThat(ListpackDescriptor.stringHeaderSize(64)).isEqualTo(2);
        assertThat(ListpackDescriptor.stringHeaderSize(4096)).isEqualTo(5);
    }
}
