package io.forkline.pages;

import java.util.Random;
import java.util.function.LongFunction;
import java.util.stream.LongStream;

/**
 * Seeds for property tests: a fixed list, or the one seed in {@code -Dforkline.seed=N} to replay a
 * failure. A failing run's error names its seed.
 */
public final class Seeded {

    private Seeded() {
    }

    public static LongStream seeds(int count) {
        String replay = System.getProperty("forkline.seed");
        if (replay != null) {
            return LongStream.of(Long.parseLong(replay));
        }
        return LongStream.range(0, count).map(i -> 0x5DEECE66DL * (i + 1) ^ 0xF0F0L);
    }

    /** Runs {@code body} with a Random of {@code seed}, rethrowing any failure with the seed attached. */
    public static void run(long seed, LongFunction<Random> randoms, Body body) {
        try {
            body.run(randoms.apply(seed));
        } catch (Throwable failure) {
            throw new AssertionError("property failed with seed " + seed + " (replay with -Dforkline.seed=" + seed + ")",
                    failure);
        }
    }

    public static void run(long seed, Body body) {
        run(seed, Random::new, body);
    }

    @FunctionalInterface
    public interface Body {
        void run(Random random) throws Exception;
    }
}
