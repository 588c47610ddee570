package io.forkline.engine.struct;

import io.forkline.pages.Memory;
import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.Seeded;
import io.forkline.pages.alloc.Allocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Quicklist#pushTailAll} against {@link Quicklist#pushTail} of each element: the same nodes (PACKED or
 * PLAIN, in order), each with the same listpack bytes, recorded size and entry count, and the same memory in use,
 * for every fill and PLAIN threshold and elements of all sizes.
 */
class QuicklistPushTailAllTest {

    private static final int[] FILLS = {-5, -4, -3, -2, -1, 0, 1, 2, 3, 5, 16, 128, 1000};
    private static final long[] THRESHOLDS = {Quicklist.DEFAULT_PACKED_THRESHOLD, 12, 100, 1000};

    static LongStream seeds() {
        return Seeded.seeds(16);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void buildsTheNodesThatPushingOneByOneBuilds(long seed) {
        Seeded.run(seed, random -> {
            try (PagedMemory memory = PagedMemory.create(PageSize.KIB_4)) {
                Allocator allocator = new Allocator(memory);
                for (int round = 0; round < 30; round++) {
                    int fill = FILLS[random.nextInt(FILLS.length)];
                    long threshold = THRESHOLDS[random.nextInt(THRESHOLDS.length)];
                    List<byte[]> values = values(random);
                    long oneByOne = Quicklist.create(allocator, fill, threshold);
                    long used = allocator.usedBytes();
                    for (byte[] value : values) {
                        Quicklist.pushTail(allocator, oneByOne, value, 0, value.length);
                    }
                    long usedOneByOne = allocator.usedBytes() - used;
                    long all = Quicklist.create(allocator, fill, threshold);
                    used = allocator.usedBytes();
                    Quicklist.pushTailAll(allocator, all, values);
                    assertThat(allocator.usedBytes() - used).as("memory of the nodes").isEqualTo(usedOneByOne);
                    assertThat(nodes(memory, all)).as("fill %d, threshold %d", fill, threshold).isEqualTo(nodes(memory, oneByOne));
                    assertThat(Quicklist.size(memory, all)).isEqualTo(values.size());
                    assertThat(Quicklist.nodes(memory, all)).isEqualTo(Quicklist.nodes(memory, oneByOne));
                    QuicklistChecks.checkInvariants(memory, all);
                    Quicklist.free(allocator, oneByOne);
                    Quicklist.free(allocator, all);
                }
                assertThat(allocator.usedBytes()).isZero();
            }
        });
    }

    @Test
    void onlyAnEmptyListIsFilledWhole() {
        try (PagedMemory memory = PagedMemory.create(PageSize.KIB_4)) {
            Allocator allocator = new Allocator(memory);
            long quicklist = Quicklist.create(allocator, -2);
            byte[] one = "one".getBytes(StandardCharsets.US_ASCII);
            Quicklist.pushTail(allocator, quicklist, one, 0, one.length);
            assertThatThrownBy(() -> Quicklist.pushTailAll(allocator, quicklist, List.of(one)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(Quicklist.size(memory, quicklist)).isEqualTo(1);
        }
    }

    /** Each node as "P" (plain) or "L", its recorded size and entries, and its bytes. */
    private static List<String> nodes(Memory memory, long quicklist) {
        List<String> nodes = new ArrayList<>();
        for (long node = Quicklist.head(memory, quicklist); node != 0; node = Quicklist.nodeNext(memory, node)) {
            long entry = Quicklist.nodeEntry(memory, node);
            long size = Quicklist.nodeSize(memory, node);
            byte[] bytes = new byte[(int) size];
            memory.getBytes(entry, bytes, 0, bytes.length);
            nodes.add((Quicklist.isPlain(memory, node) ? "P " : "L ") + size + " " + Quicklist.nodeEntries(memory, node) + " "
                    + java.util.HexFormat.of().formatHex(bytes));
        }
        return nodes;
    }

    private static List<byte[]> values(Random random) {
        int count = random.nextInt(3) == 0 ? random.nextInt(5) : random.nextInt(random.nextBoolean() ? 100 : 3000);
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int length = switch (random.nextInt(6)) {
                case 0 -> 0;
                case 1 -> random.nextInt(8);
                case 2 -> 10 + random.nextInt(20);
                case 3 -> 60 + random.nextInt(80);
                case 4 -> 900 + random.nextInt(200);
                default -> random.nextInt(5000);
            };
            byte[] value = new byte[length];
            for (int j = 0; j < length; j++) {
                value[j] = (byte) (random.nextInt(4) == 0 ? '0' + random.nextInt(10) : 'a' + random.nextInt(26));
            }
            if (random.nextInt(8) == 0) {
                value = Long.toString(random.nextLong() >> random.nextInt(64)).getBytes(StandardCharsets.US_ASCII);
            }
            values.add(value);
        }
        return values;
    }
}
