package io.forkline.reports.run;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An HdrHistogram interval log read back: each interval's time (seconds from the log's start time)
 * and histogram, for the latencies as measured (untagged) and, when present, the uncorrected ones
 * (tag {@link RunLayout#UNCORRECTED_TAG}), and the totals over all intervals. Values are nanoseconds.
 */
public final class LatencyLog {

    /** One interval: from and to, seconds from the log's start; its histogram. */
    public record Interval(double fromSeconds, double toSeconds, Histogram histogram) {

        public double seconds() {
            return Math.max(1e-3, toSeconds - fromSeconds);
        }
    }

    private final List<Interval> intervals;
    private final List<Interval> uncorrected;
    private final Histogram total;
    private final Histogram totalUncorrected;

    private LatencyLog(List<Interval> intervals, List<Interval> uncorrected) {
        this.intervals = List.copyOf(intervals);
        this.uncorrected = List.copyOf(uncorrected);
        this.total = sum(intervals);
        this.totalUncorrected = uncorrected.isEmpty() ? null : sum(uncorrected);
    }

    public static LatencyLog read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new LatencyLog(List.of(), List.of());
        }
        List<Interval> main = new ArrayList<>();
        List<Interval> other = new ArrayList<>();
        HistogramLogReader reader = new HistogramLogReader(file.toFile());
        try {
            EncodableHistogram next;
            while ((next = reader.nextIntervalHistogram()) != null) {
                if (!(next instanceof Histogram histogram)) {
                    throw new IOException(file + ": expected integer-valued histograms, got " + next.getClass().getSimpleName());
                }
                double start = reader.getStartTimeSec();
                Interval interval = new Interval(histogram.getStartTimeStamp() / 1000.0 - start,
                        histogram.getEndTimeStamp() / 1000.0 - start, histogram);
                if (RunLayout.UNCORRECTED_TAG.equals(histogram.getTag())) {
                    other.add(interval);
                } else if (histogram.getTag() == null) {
                    main.add(interval);
                }
            }
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a readable HdrHistogram log: " + e, e);
        } finally {
            reader.close();
        }
        return new LatencyLog(main, other);
    }

    private static Histogram sum(List<Interval> intervals) {
        Histogram sum = new Histogram(3);
        for (Interval interval : intervals) {
            sum.add(interval.histogram());
        }
        return sum;
    }

    public List<Interval> intervals() {
        return intervals;
    }

    public List<Interval> uncorrectedIntervals() {
        return uncorrected;
    }

    /** Every measured latency (nanoseconds). */
    public Histogram total() {
        return total;
    }

    /** The uncorrected service times, or null for a closed loop. */
    public Histogram totalUncorrected() {
        return totalUncorrected;
    }

    public boolean isEmpty() {
        return total.getTotalCount() == 0;
    }
}
