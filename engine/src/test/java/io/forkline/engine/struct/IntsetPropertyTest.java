package io.forkline.engine.struct;

import io.forkline.pages.Memory;
import io.forkline.pages.MemoryView;
import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.Seeded;
import io.forkline.pages.alloc.Allocator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Random add / remove / contains sequences against a TreeSet and the widest encoding ever needed
 * (an intset never downgrades): contents, order and exact bytes agree, every non-empty blob passes
 * deep validation, and a fork taken mid-sequence still reads the set as it was.
 */
class IntsetPropertyTest {

    static LongStream seeds() {
        return Seeded.seeds(20);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void againstATreeSet(long seed) {
        Seeded.run(seed, random -> {
            try (PagedMemory memory = PagedMemory.create(PageSize.KIB_4)) {
                run(memory, new Allocator(memory), random, 3000);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void fromSortedGivesTheBytesOfAddingOneByOne(long seed) {
        Seeded.run(seed, random -> {
            try (PagedMemory memory = PagedMemory.create(PageSize.KIB_4)) {
                Allocator allocator = new Allocator(memory);
                for (int round = 0; round < 200; round++) {
                    TreeSet<Long> model = new TreeSet<>();
                    long added = Intset.create(allocator);
                    int count = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(random.nextBoolean() ? 10 : 600);
                    for (int i = 0; i < count; i++) {
                        long value = randomValue(random, model);
                        model.add(value);
                        added = Intset.add(allocator, added, value);
                    }
                    long[] values = model.stream().mapToLong(Long::longValue).toArray();
                    long built = Intset.fromSorted(allocator, java.util.Arrays.copyOf(values, values.length + 3), values.length);
                    assertThat(Intset.toBlob(memory, built)).isEqualTo(Intset.toBlob(memory, added));
                    assertThat(allocator.usableSize(built)).isEqualTo(allocator.usableSize(added));
                    Intset.free(allocator, built);
                    Intset.free(allocator, added);
                }
                assertThat(allocator.usedBytes()).isZero();
                assertThatThrownBy(() -> Intset.fromSorted(allocator, new long[] {1, 3, 3}, 3))
                        .isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> Intset.fromSorted(allocator, new long[] {2, 1}, 2))
                        .isInstanceOf(IllegalArgumentException.class);
            }
        });
    }

    private static void run(PagedMemory memory, Allocator allocator, Random random, int steps) {
        long is = Intset.create(allocator);
        TreeSet<Long> model = new TreeSet<>();
        int encoding = 2;
        int forkAt = random.nextInt(steps / 2);
        int checkViewAt = forkAt + 1 + random.nextInt(steps / 2);
        MemoryView view = null;
        long frozen = 0;
        TreeSet<Long> frozenModel = null;
        int frozenEncoding = 0;
        for (int step = 0; step < steps; step++) {
            if (step == forkAt) {
                view = memory.fork();
                frozen = is;
                frozenModel = new TreeSet<>(model);
                frozenEncoding = encoding;
            }
            if (step == checkViewAt) {
                check(view, frozen, frozenModel, frozenEncoding);
                view.close();
                view = null;
            }
            long value = randomValue(random, model);
            int dice = random.nextInt(100);
            if (dice < 50) {
                is = Intset.add(allocator, is, value);
                model.add(value);
                encoding = Math.max(encoding, IntsetDescriptor.encodingFor(value));
            } else if (dice < 85) {
                is = Intset.remove(allocator, is, value);
                model.remove(value);
            } else {
                assertThat(Intset.contains(memory, is, value)).as("contains %d", value).isEqualTo(model.contains(value));
            }
            assertThat(Intset.size(memory, is)).isEqualTo(model.size());
            if (step % 20 == 0) {
                check(memory, is, model, encoding);
            }
        }
        check(memory, is, model, encoding);
        if (view != null) {
            check(view, frozen, frozenModel, frozenEncoding);
            view.close();
        }
        Intset.free(allocator, is);
        assertThat(allocator.usedBytes()).isZero();
    }

    private static void check(Memory memory, long is, TreeSet<Long> model, int encoding) {
        assertThat(Intset.encoding(memory, is)).isEqualTo(encoding);
        int index = 0;
        for (long value : model) {
            assertThat(Intset.get(memory, is, index++)).isEqualTo(value);
            assertThat(Intset.contains(memory, is, value)).isTrue();
        }
        byte[] blob = Intset.toBlob(memory, is);
        assertThat(blob).isEqualTo(reference(model, encoding));
        if (!model.isEmpty()) {
            Intset.validate(blob, true);
        }
    }

    /** The blob, from the format description: encoding, length, then the sorted values little-endian. */
    private static byte[] reference(TreeSet<Long> model, int encoding) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + model.size() * encoding).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(encoding).putInt(model.size());
        for (long value : model) {
            switch (encoding) {
                case 2 -> buffer.putShort((short) value);
                case 4 -> buffer.putInt((int) value);
                default -> buffer.putLong(value);
            }
        }
        return buffer.array();
    }

    /** Mostly small values so that adds and removes hit; sometimes wider ones that upgrade; often one already present. */
    private static long randomValue(Random random, TreeSet<Long> model) {
        int dice = random.nextInt(100);
        if (dice < 25 && !model.isEmpty()) {
            Long present = model.ceiling(model.first() + (long) (random.nextDouble() * 200));
            return present != null ? present : model.last();
        } else if (dice < 70) {
            return random.nextInt(400) - 200;
        } else if (dice < 85) {
            return random.nextInt(65536) - 32768;
        } else if (dice < 95) {
            return random.nextInt();
        }
        return random.nextLong();
    }
}
