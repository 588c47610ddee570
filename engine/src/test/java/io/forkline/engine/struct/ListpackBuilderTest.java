package io.forkline.engine.struct;

import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.Seeded;
import io.forkline.pages.alloc.Allocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.stream.LongStream;

import static io.forkline.engine.struct.TestBytes.ascii;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ListpackBuilder} against what it replaces: {@link Listpack#create} then one {@link Listpack#append}
 * (or {@link Listpack#appendInteger}) per value. Same bytes, same allocation size, for every encoding width.
 */
class ListpackBuilderTest {

    private static final long[] INTEGERS = {0, 1, 127, 128, -1, -4096, -4097, 4095, 4096, 32767, 32768, -32768, -32769,
            (1 << 23) - 1, 1 << 23, -(1 << 23), -(1 << 23) - 1, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L,
            Integer.MIN_VALUE, Integer.MIN_VALUE - 1L, Long.MAX_VALUE, Long.MIN_VALUE};
    private static final String[] NOT_CANONICAL = {"007", "-0", "+1", " 1", "", "-", "9223372036854775808", "1.5"};
    private static final int[] STRING_LENGTHS = {0, 1, 63, 64, 126, 127, 128, 4095, 4096, 16380, 16400};

    static LongStream seeds() {
        return Seeded.seeds(8);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void buildsTheBytesThatAppendingOneByOneGives(long seed) {
        Seeded.run(seed, random -> {
            try (PagedMemory memory = PagedMemory.create(PageSize.KIB_4)) {
                Allocator allocator = new Allocator(memory);
                ListpackBuilder builder = new ListpackBuilder();
                for (int round = 0; round < 40; round++) {
                    builder.clear();
                    long appended = Listpack.create(allocator);
                    int count = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(random.nextBoolean() ? 8 : 300);
                    for (int i = 0; i < count; i++) {
                        if (random.nextInt(5) == 0) {
                            long value = randomInteger(random);
                            builder.addInteger(value);
                            appended = Listpack.appendInteger(allocator, appended, value);
                        } else {
                            byte[] value = randomValue(random);
                            builder.add(value);
                            appended = Listpack.append(allocator, appended, value, 0, value.length);
                        }
                    }
                    assertThat(builder.count()).isEqualTo(count);
                    assertThat(builder.totalBytes()).isEqualTo(Listpack.totalBytes(memory, appended));
                    long built = builder.build(allocator);
                    assertThat(Listpack.toBlob(memory, built)).isEqualTo(Listpack.toBlob(memory, appended));
                    assertThat(builder.toBlob()).isEqualTo(Listpack.toBlob(memory, appended));
                    assertThat(allocator.usableSize(built)).isEqualTo(allocator.usableSize(appended));
                    Listpack.validate(Listpack.toBlob(memory, built), true);
                    Listpack.free(allocator, built);
                    Listpack.free(allocator, appended);
                }
            }
        });
    }

    @Test
    void theCountSaturatesAt65535AsAppendsLeaveIt() {
        try (PagedMemory memory = PagedMemory.create(PageSize.KIB_4)) {
            Allocator allocator = new Allocator(memory);
            ListpackBuilder builder = new ListpackBuilder();
            long appended = Listpack.create(allocator);
            for (int i = 0; i < 65_540; i++) {
                builder.addInteger(i % 100);
                appended = Listpack.appendInteger(allocator, appended, i % 100);
            }
            long built = builder.build(allocator);
            assertThat(Listpack.toBlob(memory, built)).isEqualTo(Listpack.toBlob(memory, appended));
            assertThat(memory.getShort(built + ListpackDescriptor.COUNT_OFFSET) & 0xFFFF).isEqualTo(ListpackDescriptor.COUNT_UNKNOWN);
            assertThat(Listpack.size(memory, built)).isEqualTo(65_540);
        }
    }

    @Test
    void anEmptyBuilderBuildsAnEmptyListpackAndClearStartsOver() {
        try (PagedMemory memory = PagedMemory.create(PageSize.KIB_4)) {
            Allocator allocator = new Allocator(memory);
            ListpackBuilder builder = new ListpackBuilder().add(ascii("x")).addInteger(5);
            long empty = builder.clear().build(allocator);
            assertThat(Listpack.toBlob(memory, empty)).isEqualTo(Listpack.toBlob(memory, Listpack.create(allocator)));
            assertThat(Listpack.size(memory, empty)).isZero();
        }
    }

    private static long randomInteger(Random random) {
        return random.nextBoolean() ? INTEGERS[random.nextInt(INTEGERS.length)] : random.nextLong() >> random.nextInt(64);
    }

    private static byte[] randomValue(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> ascii(Long.toString(randomInteger(random)));
            case 1 -> ascii(NOT_CANONICAL[random.nextInt(NOT_CANONICAL.length)]);
            case 2 -> {
                byte[] bytes = new byte[STRING_LENGTHS[random.nextInt(STRING_LENGTHS.length)]];
                random.nextBytes(bytes);
                yield bytes;
            }
            default -> {
                byte[] bytes = new byte[random.nextInt(20)];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) ('a' + random.nextInt(26));
                }
                yield bytes;
            }
        };
    }
}
