package io.forkline.engine.struct;

import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.Seeded;
import io.forkline.pages.alloc.Allocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The skiplist's bytes in memory are where the descriptor says, and member bytes compare as memcmp does. */
class SkiplistDescriptorTest {

    static LongStream seeds() {
        return Seeded.seeds(8);
    }

    @Test
    void offsetsAreFrozen() {
        assertThat(new long[] {SkiplistDescriptor.HEADER_HEAD_OFFSET, SkiplistDescriptor.HEADER_TAIL_OFFSET,
                SkiplistDescriptor.HEADER_LENGTH_OFFSET, SkiplistDescriptor.HEADER_BYTES_OFFSET,
                SkiplistDescriptor.HEADER_LEVEL_OFFSET, SkiplistDescriptor.HEADER_SIZE})
                .containsExactly(0, 8, 16, 24, 32, 33);
        assertThat(new long[] {SkiplistDescriptor.NODE_SCORE_OFFSET, SkiplistDescriptor.NODE_BACKWARD_OFFSET,
                SkiplistDescriptor.NODE_LEVEL_COUNT_OFFSET, SkiplistDescriptor.NODE_LEVELS_OFFSET})
                .containsExactly(0, 8, 16, 17);
        assertThat(SkiplistDescriptor.forwardOffset(0)).isEqualTo(17);
        assertThat(SkiplistDescriptor.spanOffset(0)).isEqualTo(25);
        assertThat(SkiplistDescriptor.forwardOffset(2)).isEqualTo(49);
        assertThat(SkiplistDescriptor.memberLengthOffset(3)).isEqualTo(65);
        assertThat(SkiplistDescriptor.nodeSize(1, 5)).isEqualTo(17 + 16 + 1 + 5);
        assertThat(SkiplistDescriptor.nodeSize(32, 200)).isEqualTo(17 + 512 + 2 + 200);
    }

    @Test
    void aNodesBytesAreLaidOutAsDescribed() {
        try (PagedMemory memory = PagedMemory.create(PageSize.KIB_4)) {
            Allocator allocator = new Allocator(memory);
            long zsl = Skiplist.create(allocator);
            Random random = new Random(1);
            long first = Skiplist.insert(allocator, zsl, 1.5, "a".getBytes(StandardCharsets.ISO_8859_1), 0, 1, random);
            byte[] member = "b".repeat(130).getBytes(StandardCharsets.ISO_8859_1);
            long second = Skiplist.insert(allocator, zsl, 2.5, member, 0, member.length, random);

            assertThat(memory.getLong(zsl)).isEqualTo(Skiplist.head(memory, zsl));
            assertThat(memory.getLong(zsl + 8)).isEqualTo(second);
            assertThat(memory.getLong(zsl + 16)).isEqualTo(2);
            assertThat(memory.getByte(zsl + 32)).isEqualTo((byte) Skiplist.level(memory, zsl));

            assertThat(Double.longBitsToDouble(memory.getLong(second))).isEqualTo(2.5);
            assertThat(memory.getLong(second + 8)).isEqualTo(first);
            int levels = memory.getByte(second + 16);
            assertThat(levels).isBetween(1, 32);
            assertThat(memory.getLong(first + 17)).as("first's level 0 forward").isEqualTo(second);
            assertThat(memory.getLong(first + 25)).as("first's level 0 span").isEqualTo(1);
            long lengthAt = second + 17 + 16L * levels;
            assertThat(memory.getByte(lengthAt)).isEqualTo((byte) (0x80 | (130 & 0x7F)));
            assertThat(memory.getByte(lengthAt + 1)).isEqualTo((byte) 1);
            assertThat(Skiplist.memberAddress(memory, second)).isEqualTo(lengthAt + 2);
            assertThat(memory.contentEquals(lengthAt + 2, member, 0, 130)).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, 268_435_455, 268_435_456, Integer.MAX_VALUE})
    void varintsRoundTripInTheirSize(int value) {
        try (PagedMemory memory = PagedMemory.create(PageSize.KIB_4)) {
            memory.map(memory.firstAddress(), 4096);
            long address = memory.firstAddress() + 4093;   // across a page boundary when long enough
            memory.map(address + 3, 4096);
            int written = SkiplistDescriptor.writeVarint(memory, address, value);
            assertThat(written).isEqualTo(SkiplistDescriptor.varintSize(value));
            assertThat(SkiplistDescriptor.readVarint(memory, address)).isEqualTo(value);
            int expectedSize = value < 1 << 7 ? 1 : value < 1 << 14 ? 2 : value < 1 << 21 ? 3 : value < 1 << 28 ? 4 : 5;
            assertThat(written).isEqualTo(expectedSize);
        }
    }

    @Test
    void aVarintLongerThanFiveBytesIsCorrupt() {
        try (PagedMemory memory = PagedMemory.create(PageSize.KIB_4)) {
            long address = memory.firstAddress();
            memory.map(address, 4096);
            memory.fill(address, 8, (byte) 0x80);
            assertThatThrownBy(() -> SkiplistDescriptor.readVarint(memory, address))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("past 5 bytes");
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void memberBytesCompareAsMemcmpThenLength(long seed) {
        Seeded.run(seed, random -> {
            try (PagedMemory memory = PagedMemory.create(PageSize.KIB_4)) {
                long base = memory.firstAddress();
                memory.map(base, 3 * 4096);
                for (int trial = 0; trial < 3000; trial++) {
                    byte[] left = randomBytes(random);
                    byte[] right = random.nextInt(3) == 0 ? left.clone() : randomBytes(random);
                    if (random.nextBoolean() && left.length > 0 && right.length >= left.length) {
                        System.arraycopy(left, 0, right, 0, left.length - 1);   // a long common prefix
                    }
                    long address = base + 4096 - random.nextInt(40);   // often straddling the first page boundary
                    memory.putBytes(address, left, 0, left.length);
                    byte[] padded = new byte[right.length + 3];
                    System.arraycopy(right, 0, padded, 3, right.length);
                    int expected = Integer.signum(Arrays.compareUnsigned(left, right));
                    assertThat(Integer.signum(UnsignedBytes.compare(memory, address, left.length, padded, 3, right.length)))
                            .as("%s vs %s", Arrays.toString(left), Arrays.toString(right)).isEqualTo(expected);
                    assertThat(UnsignedBytes.equal(memory, address, left.length, padded, 3, right.length)).isEqualTo(expected == 0);
                }
            }
        });
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(30)];
        byte[] alphabet = {0, 1, 0x7F, (byte) 0x80, (byte) 0xFF};
        for (int index = 0; index < bytes.length; index++) {
            bytes[index] = alphabet[random.nextInt(alphabet.length)];
        }
        return bytes;
    }
}
