package io.forkline.snapshot.rdb;

import io.forkline.pages.Seeded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link DuplicateFinder} against the obvious quadratic search, on lists small and large, with strides 1 and 2. */
class DuplicateFinderTest {

    static LongStream seeds() {
        return Seeded.seeds(8);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void findsTheFirstRepeatInListOrder(long seed) {
        Seeded.run(seed, random -> {
            DuplicateFinder finder = new DuplicateFinder();
            for (int round = 0; round < 400; round++) {
                List<byte[]> strings = strings(random);
                for (int stride = 1; stride <= 2; stride++) {
                    assertThat(finder.first(strings, stride)).as("stride %d of %d strings", stride, strings.size())
                            .isEqualTo(naive(strings, stride));
                }
            }
        });
    }

    private static List<byte[]> strings(Random random) {
        int count = random.nextBoolean() ? random.nextInt(10) : random.nextInt(400);
        int alphabet = 1 + random.nextInt(random.nextBoolean() ? 3 : 10_000);   // small alphabets repeat often
        List<byte[]> strings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            strings.add(Integer.toString(random.nextInt(alphabet) * (random.nextBoolean() ? 1 : 31)).getBytes(StandardCharsets.US_ASCII));
        }
        return strings;
    }

    private static int naive(List<byte[]> strings, int stride) {
        for (int i = 0; i < strings.size(); i += stride) {
            for (int j = 0; j < i; j += stride) {
                if (Arrays.equals(strings.get(i), strings.get(j))) {
                    return i;
                }
            }
        }
        return -1;
    }
}
