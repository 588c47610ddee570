package io.forkline.bench.load;

import java.util.SplittableRandom;

/**
 * How a workload picks key numbers in {@code [0, keys)}. Instances are immutable and shared by every
 * connection; each connection draws with its own random source.
 */
public sealed interface KeyDistribution permits KeyDistribution.Uniform, ZipfianDistribution {

    /** The next key number. */
    long next(SplittableRandom random);

    long keys();

    /** A name for reports, e.g. {@code uniform} or {@code zipfian(0.99)}. */
    String describe();

    /** Every key equally likely. */
    record Uniform(long keys) implements KeyDistribution {

        public Uniform {
            if (keys < 1) {
                throw new IllegalArgumentException("keys must be at least 1, got " + keys);
            }
        }

        @Override
        public long next(SplittableRandom random) {
            return random.nextLong(keys);
        }

        @Override
        public String describe() {
            return "uniform";
        }
    }
}
