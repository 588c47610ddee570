package io.forkline.bench.load;

/**
 * When a load run starts sending, when its measured window opens and closes (nanoseconds on the
 * run's clock), and the wall-clock time of the window's opening, which every file of the run uses
 * as its time origin. Requests due before the window are warm-up; requests due inside it are measured
 * (their replies may come after it closes).
 */
public record Timeline(long startNanos, long measureFromNanos, long measureToNanos, long epochMillisAtMeasureFrom) {

    /** A timeline starting {@code delayNanos} from now on {@code System.nanoTime()}. */
    public static Timeline startingIn(long delayNanos, double warmupSeconds, double durationSeconds) {
        long nowNanos = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        long start = nowNanos + delayNanos;
        long from = start + (long) (warmupSeconds * 1e9);
        long to = from + (long) (durationSeconds * 1e9);
        return new Timeline(start, from, to, nowMillis + (from - nowNanos) / 1_000_000L);
    }

    /** Milliseconds from the window's opening to {@code nanos} (negative before it). */
    public double millisFromMeasureStart(long nanos) {
        return (nanos - measureFromNanos) / 1e6;
    }

    public double measuredSeconds() {
        return (measureToNanos - measureFromNanos) / 1e9;
    }

    public double totalSeconds() {
        return (measureToNanos - startNanos) / 1e9;
    }
}
