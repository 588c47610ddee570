package io.forkline.bench.load;

import java.util.SplittableRandom;

/**
 * Zipfian key popularity: the key of rank i (0-based) is drawn with probability proportional to
 * {@code 1 / (i + 1)^theta}, by the method of Gray et al., "Quickly generating billion-record synthetic
 * databases" (SIGMOD 1994), as YCSB draws it: one O(keys) sum at construction, O(1) per draw.
 *
 * <p>Ranks are spread over the key space by a fixed permutation ({@code rank * multiplier mod keys},
 * the multiplier coprime with keys), so that the hot keys are not neighbours: neighbours share
 * memory pages, and a workload whose hot keys all sit in one page would hide copy-on-write costs.
 */
public final class ZipfianDistribution implements KeyDistribution {

    private static final long SPREAD = 0x9E3779B97F4A7C15L >>> 1;   // odd, large: the golden-ratio constant

    private final long keys;
    private final double theta;
    private final double zetaN;
    private final double alpha;
    private final double eta;
    private final double half;
    private final long multiplier;
    private final boolean spread;

    /** Zipfian over {@code keys} keys with exponent {@code theta} in (0, 1); {@code spread} permutes ranks over the key space. */
    public ZipfianDistribution(long keys, double theta, boolean spread) {
        if (keys < 2 || keys > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a zipfian distribution needs 2 to 2^31-1 keys, got " + keys);
        }
        if (!(theta > 0 && theta < 1)) {
            throw new IllegalArgumentException("zipfian theta must be in (0, 1), got " + theta);
        }
        this.keys = keys;
        this.theta = theta;
        this.zetaN = zeta(keys, theta);
        double zeta2 = zeta(2, theta);
        this.alpha = 1.0 / (1.0 - theta);
        this.eta = (1 - Math.pow(2.0 / keys, 1 - theta)) / (1 - zeta2 / zetaN);
        this.half = 1 + Math.pow(0.5, theta);
        this.spread = spread;
        this.multiplier = coprimeMultiplier(keys);
    }

    /** The sum of 1 / i^theta for i in 1..n. */
    static double zeta(long n, double theta) {
        double sum = 0;
        for (long i = 1; i <= n; i++) {
            sum += 1.0 / Math.pow(i, theta);
        }
        return sum;
    }

    /** The probability the exact Zipf law gives rank {@code rank} (0-based). */
    public double probability(long rank) {
        return 1.0 / Math.pow(rank + 1, theta) / zetaN;
    }

    /** The next rank (0 is the most popular), before the permutation. */
    public long nextRank(SplittableRandom random) {
        double u = random.nextDouble();
        double uz = u * zetaN;
        if (uz < 1.0) {
            return 0;
        }
        if (uz < half) {
            return 1;
        }
        long rank = (long) (keys * Math.pow(eta * u - eta + 1, alpha));
        return Math.min(rank, keys - 1);
    }

    /** The key number of a rank. */
    public long keyOf(long rank) {
        if (!spread) {
            return rank;
        }
        return Math.floorMod(rank * multiplier, keys);   // both below 2^31: the product fits
    }

    @Override
    public long next(SplittableRandom random) {
        return keyOf(nextRank(random));
    }

    @Override
    public long keys() {
        return keys;
    }

    public double theta() {
        return theta;
    }

    @Override
    public String describe() {
        return "zipfian(" + theta + ")";
    }

    private static long coprimeMultiplier(long keys) {
        long m = SPREAD % keys;
        if (m < 2) {
            m = 2;
        }
        while (gcd(m, keys) != 1) {
            m++;
        }
        return m;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
