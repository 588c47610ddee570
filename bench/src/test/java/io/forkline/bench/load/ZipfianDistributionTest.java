package io.forkline.bench.load;

import io.forkline.pages.Seeded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ZipfianDistributionTest {

    static LongStream seeds() {
        return Seeded.seeds(3);
    }

    /** The two most popular ranks are drawn exactly as the Zipf law says; the head and the tail hold their share. */
    @ParameterizedTest
    @MethodSource("seeds")
    void drawsFollowTheZipfLaw(long seed) {
        Seeded.run(seed, random -> {
            int keys = 1000;
            ZipfianDistribution zipf = new ZipfianDistribution(keys, 0.99, false);
            SplittableRandom draws = new SplittableRandom(random.nextLong());
            int n = 400_000;
            long[] counts = new long[keys];
            for (int i = 0; i < n; i++) {
                long rank = zipf.nextRank(draws);
                assertThat(rank).isBetween(0L, keys - 1L);
                counts[(int) rank]++;
            }
            // ranks 0 and 1 come from the exact branches of Gray's method: within 3 standard deviations
            for (int rank = 0; rank < 2; rank++) {
                double p = zipf.probability(rank);
                double sd = Math.sqrt(n * p * (1 - p));
                assertThat((double) counts[rank]).isCloseTo(n * p, within(4 * sd));
            }
            // the approximation holds the mass of the top 10% and of the bottom half within 2 points
            double top = 0;
            double topExpected = 0;
            for (int rank = 0; rank < keys / 10; rank++) {
                top += counts[rank];
                topExpected += zipf.probability(rank);
            }
            assertThat(top / n).isCloseTo(topExpected, within(0.02));
            double bottom = 0;
            double bottomExpected = 0;
            for (int rank = keys / 2; rank < keys; rank++) {
                bottom += counts[rank];
                bottomExpected += zipf.probability(rank);
            }
            assertThat(bottom / n).isCloseTo(bottomExpected, within(0.02));
            // popularity falls with rank: the first ten each beat the average of the last hundred
            double tail = 0;
            for (int rank = keys - 100; rank < keys; rank++) {
                tail += counts[rank];
            }
            for (int rank = 0; rank < 10; rank++) {
                assertThat((double) counts[rank]).isGreaterThan(tail / 100);
            }
        });
    }

    @Test
    void theSpreadIsAPermutationOfTheKeySpace() {
        for (long keys : new long[] {2, 7, 1000, 200_000, 1 << 20}) {
            ZipfianDistribution zipf = new ZipfianDistribution(keys, 0.99, true);
            Set<Long> seen = new HashSet<>();
            long checked = Math.min(keys, 50_000);
            for (long rank = 0; rank < checked; rank++) {
                long key = zipf.keyOf(rank);
                assertThat(key).isBetween(0L, keys - 1);
                assertThat(seen.add(key)).as("rank %d of %d keys maps onto a key already taken", rank, keys).isTrue();
            }
            if (keys > 10) {
                assertThat(zipf.keyOf(1) - zipf.keyOf(0)).as("the two hottest keys are not neighbours").isNotIn(-1L, 1L);
            }
        }
    }

    @Test
    void theSameSeedDrawsTheSameKeys() {
        ZipfianDistribution zipf = new ZipfianDistribution(10_000, 0.9, true);
        SplittableRandom a = new SplittableRandom(42);
        SplittableRandom b = new SplittableRandom(42);
        for (int i = 0; i < 1000; i++) {
            assertThat(zipf.next(a)).isEqualTo(zipf.next(b));
        }
    }

    @Test
    void refusesWhatItCannotDraw() {
        assertThatThrownBy(() -> new ZipfianDistribution(1, 0.99, false)).hasMessageContaining("2 to 2^31-1 keys");
        assertThatThrownBy(() -> new ZipfianDistribution(10, 1.0, false)).hasMessageContaining("theta must be in (0, 1)");
    }
}
