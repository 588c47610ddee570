package io.forkline.engine.struct;

import io.forkline.pages.MemoryView;
import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.alloc.Allocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.forkline.engine.struct.TestBytes.hex;
import static io.forkline.engine.struct.TestBytes.toHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

/** Intset operations, golden bytes (reference §2.2) and what validation rejects. */
class IntsetTest {

    private final PagedMemory memory = PagedMemory.create(PageSize.KIB_4);
    private final Allocator allocator = new Allocator(memory);

    @AfterEach
    void close() {
        memory.close();
    }

    private long intset(long... values) {
        long is = Intset.create(allocator);
        for (long value : values) {
            is = Intset.add(allocator, is, value);
        }
        return is;
    }

    private String bytes(long is) {
        return toHex(Intset.toBlob(memory, is));
    }

    @Test
    void emptyIntsetIsAnInt16Header() {
        long is = Intset.create(allocator);
        assertThat(bytes(is)).isEqualTo("02 00 00 00 00 00 00 00");
        assertThat(Intset.size(memory, is)).isZero();
        assertThat(Intset.totalBytes(memory, is)).isEqualTo(8);
        assertThat(Intset.contains(memory, is, 0)).isFalse();
    }

    @Test
    void redisSetFromARealRdbFile() {
        // SET_INTSET {1,2,3} from a Redis 7.0.15 BGSAVE, added out of order
        long is = intset(3, 1, 2, 2);
        assertThat(bytes(is)).isEqualTo(toHex(hex("02 00 00 00 03 00 00 00 01 00 02 00 03 00")));
        assertThat(Intset.get(memory, is, 0)).isEqualTo(1);
        assertThat(Intset.get(memory, is, 2)).isEqualTo(3);
    }

    @Test
    void int16Bounds() {
        assertThat(bytes(intset(32767, -32768))).isEqualTo("02 00 00 00 02 00 00 00 00 80 FF 7F");
    }

    @Test
    void aLargePositiveValueUpgradesAndGoesLast() {
        long is = intset(1, 2, 3);
        is = Intset.add(allocator, is, 70000);   // 0x00011170
        assertThat(bytes(is)).isEqualTo("04 00 00 00 04 00 00 00 01 00 00 00 02 00 00 00 03 00 00 00 70 11 01 00");
        assertThat(Intset.encoding(memory, is)).isEqualTo(4);
    }

    @Test
    void aLargeNegativeValueUpgradesAndGoesFirst() {
        long is = intset(1, -7);
        is = Intset.add(allocator, is, -70000);   // 0xFFFEEE90
        assertThat(bytes(is)).isEqualTo("04 00 00 00 03 00 00 00 90 EE FE FF F9 FF FF FF 01 00 00 00");
    }

    @Test
    void int64UpgradeFromInt16AndFromInt32() {
        long is = intset(-2, 5);
        is = Intset.add(allocator, is, 1L << 40);
        assertThat(bytes(is)).isEqualTo(
                "08 00 00 00 03 00 00 00 FE FF FF FF FF FF FF FF 05 00 00 00 00 00 00 00 00 00 00 00 00 01 00 00");
        long wide = intset(100_000);
        wide = Intset.add(allocator, wide, Long.MIN_VALUE);
        assertThat(bytes(wide)).isEqualTo("08 00 00 00 02 00 00 00 00 00 00 00 00 00 00 80 A0 86 01 00 00 00 00 00");
    }

    @Test
    void addingAPresentValueChangesNothing() {
        long is = intset(5, 70000);
        String before = bytes(is);
        assertThat(Intset.add(allocator, is, 5)).isEqualTo(is);
        assertThat(bytes(is)).isEqualTo(before);
    }

    @Test
    void removeKeepsTheEncoding() {
        long is = intset(1, 70000, 2);
        is = Intset.remove(allocator, is, 70000);
        assertThat(bytes(is)).isEqualTo("04 00 00 00 02 00 00 00 01 00 00 00 02 00 00 00");
        is = Intset.remove(allocator, is, 1);
        is = Intset.remove(allocator, is, 2);
        assertThat(bytes(is)).isEqualTo("04 00 00 00 00 00 00 00");
        is = Intset.add(allocator, is, 3);
        assertThat(bytes(is)).isEqualTo("04 00 00 00 01 00 00 00 03 00 00 00");
    }

    @Test
    void removingAnAbsentValueChangesNothing() {
        long is = intset(1, 2);
        assertThat(Intset.remove(allocator, is, 3)).isEqualTo(is);
        assertThat(Intset.remove(allocator, is, 1L << 40)).as("wider than the encoding").isEqualTo(is);
        assertThat(bytes(is)).isEqualTo("02 00 00 00 02 00 00 00 01 00 02 00");
    }

    @Test
    void contains() {
        long is = intset(-5, 0, 7, 300);
        for (long present : new long[] {-5, 0, 7, 300}) {
            assertThat(Intset.contains(memory, is, present)).isTrue();
        }
        for (long absent : new long[] {-6, 1, 8, 301, 1L << 40, 65536 + 7, Long.MIN_VALUE}) {
            assertThat(Intset.contains(memory, is, absent)).as("%d", absent).isFalse();
        }
    }

    @Test
    void getChecksItsIndex() {
        long is = intset(1);
        assertThatThrownBy(() -> Intset.get(memory, is, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Intset.get(memory, is, -1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void blobsRoundTrip() {
        byte[] blob = hex("04 00 00 00 03 00 00 00 90 EE FE FF F9 FF FF FF 01 00 00 00");
        long is = Intset.fromBlob(allocator, blob);
        assertThat(Intset.toBlob(memory, is)).isEqualTo(blob);
        assertThat(Intset.get(memory, is, 0)).isEqualTo(-70000);
        assertThat(Intset.contains(memory, is, -7)).isTrue();
        Intset.free(allocator, is);
        assertThat(allocator.usedBytes()).isZero();
    }

    @Test
    void aForkedViewKeepsTheOldSet() {
        long is = intset(1, 2, 3);
        MemoryView view = memory.fork();
        long frozen = is;
        is = Intset.add(allocator, is, 1L << 33);
        is = Intset.remove(allocator, is, 2);
        assertThat(toHex(Intset.toBlob(view, frozen))).isEqualTo("02 00 00 00 03 00 00 00 01 00 02 00 03 00");
        assertThat(Intset.contains(view, frozen, 2)).isTrue();
        assertThat(Intset.contains(memory, is, 2)).isFalse();
        view.close();
    }

    // ---------------------------------------------------------------------------------------------
    // Validation

    private static void assertCorrupt(byte[] blob, boolean deep, long offset, String... phrases) {
        assertThatThrownBy(() -> Intset.validate(blob, deep))
                .isInstanceOf(CorruptEncodingException.class)
                .hasMessageContaining("corrupt intset at offset " + offset)
                .hasMessageContainingAll(phrases)
                .asInstanceOf(type(CorruptEncodingException.class))
                .satisfies(e -> assertThat(e.offset()).isEqualTo(offset));
    }

    @Test
    void validateAcceptsGoodBlobs() {
        assertThatCode(() -> Intset.validate(hex("02 00 00 00 03 00 00 00 01 00 02 00 03 00"), true)).doesNotThrowAnyException();
        assertThatCode(() -> Intset.validate(hex("08 00 00 00 01 00 00 00 01 00 00 00 00 00 00 00"), true))
                .as("a wider encoding than needed is legal").doesNotThrowAnyException();
    }

    @Test
    void validateRejectsAShortHeader() {
        assertCorrupt(hex("02 00 00 00 03 00 00"), false, 7, "the 8-byte header");
    }

    @Test
    void validateRejectsABadEncoding() {
        assertCorrupt(hex("03 00 00 00 01 00 00 00 01 00 02"), false, 0, "an encoding of 2, 4 or 8", "found 3");
        assertCorrupt(hex("02 00 00 01 01 00 00 00 01 00"), false, 0, "found 16777218");
    }

    @Test
    void validateRejectsALengthThatDoesNotFillTheBlob() {
        assertCorrupt(hex("02 00 00 00 03 00 00 00 01 00 02 00"), false, 4, "8 + length * 2 = 12 bytes",
                "length 3, which needs 14 bytes");
        assertCorrupt(hex("02 00 00 00 01 00 00 00 01 00 02 00"), false, 4, "length 1");
        assertCorrupt(hex("08 00 00 00 FF FF FF FF 01 00"), false, 4, "length 4294967295");
    }

    @Test
    void validateRejectsAnEmptySet() {
        assertCorrupt(hex("02 00 00 00 00 00 00 00"), false, 4, "at least one value", "found 0");
    }

    @Test
    void deepValidationRejectsDisorderAndDuplicates() {
        byte[] unordered = hex("02 00 00 00 03 00 00 00 01 00 03 00 02 00");
        assertThatCode(() -> Intset.validate(unordered, false)).doesNotThrowAnyException();
        assertCorrupt(unordered, true, 12, "a value above 3 (ascending, no duplicates)", "found 2");
        assertCorrupt(hex("04 00 00 00 02 00 00 00 FF FF FF FF FF FF FF FF"), true, 12, "a value above -1", "found -1");
        assertCorrupt(hex("08 00 00 00 02 00 00 00 00 00 00 00 00 00 00 80 00 00 00 00 00 00 00 80"), true, 16,
                "a value above " + Long.MIN_VALUE);
        assertThatThrownBy(() -> Intset.fromBlob(allocator, unordered)).isInstanceOf(CorruptEncodingException.class);
    }

    @Test
    void descriptorEncodings() {
        assertThat(IntsetDescriptor.encodingFor(Short.MAX_VALUE)).isEqualTo(2);
        assertThat(IntsetDescriptor.encodingFor(Short.MIN_VALUE)).isEqualTo(2);
        assertThat(IntsetDescriptor.encodingFor(Short.MAX_VALUE + 1)).isEqualTo(4);
        assertThat(IntsetDescriptor.encodingFor(Short.MIN_VALUE - 1)).isEqualTo(4);
        assertThat(IntsetDescriptor.encodingFor(Integer.MAX_VALUE)).isEqualTo(4);
        assertThat(IntsetDescriptor.encodingFor(Integer.MIN_VALUE)).isEqualTo(4);
        assertThat(IntsetDescriptor.encodingFor(Integer.MAX_VALUE + 1L)).isEqualTo(8);
        assertThat(IntsetDescriptor.encodingFor(Integer.MIN_VALUE - 1L)).isEqualTo(8);
        assertThat(IntsetDescriptor.isEncoding(2)).isTrue();
        assertThat(IntsetDescriptor.isEncoding(6)).isFalse();
    }
}
