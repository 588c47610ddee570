package io.forkline.bench.load;

import io.forkline.reports.run.RunLayout;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The measured window's latencies as an HdrHistogram interval log: the recorders' interval
 * histograms written four times a second, so that a stall of a few hundred milliseconds has a shape (untagged: latency as measured, from the intended start in an
 * open loop; tagged {@code uncorrected}: service time from the actual send), timestamps relative to
 * the window's opening, plus the running totals. Used by one thread.
 */
public final class IntervalLog implements Closeable {

    /** The length of one interval. */
    public static final long INTERVAL_NANOS = 250_000_000L;

    private final PrintStream out;
    private final HistogramLogWriter writer;
    private final Timeline timeline;
    private final Recorder corrected;
    private final Recorder uncorrected;
    private final Histogram total = new Histogram(3);
    private final Histogram totalUncorrected = new Histogram(3);
    private Histogram recycle;
    private Histogram recycleUncorrected;
    private long intervalStart;

    public IntervalLog(Path file, String comment, Timeline timeline, Recorder corrected, Recorder uncorrected) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.US_ASCII);
        this.writer = new HistogramLogWriter(out);
        this.timeline = timeline;
        this.corrected = corrected;
        this.uncorrected = uncorrected;
        this.intervalStart = timeline.measureFromNanos();
        writer.outputComment(comment);
        writer.outputLogFormatVersion();
        writer.outputStartTime(timeline.epochMillisAtMeasureFrom());
        writer.setBaseTime(timeline.epochMillisAtMeasureFrom());
        writer.outputLegend();
    }

    /** When the next interval ends (clock nanoseconds). */
    public long nextIntervalEnd() {
        return intervalStart + INTERVAL_NANOS;
    }

    /** Writes the interval that ended at {@code nowNanos} if an interval's length has passed since the last one. */
    public void tick(long nowNanos) {
        if (nowNanos >= nextIntervalEnd()) {
            flush(nowNanos);
        }
    }

    /** Writes what is recorded since the last interval, whatever its length (the end of the run). */
    public void flush(long nowNanos) {
        long end = Math.max(nowNanos, intervalStart + 1_000_000L);
        recycle = write(corrected, recycle, end, null, total);
        if (uncorrected != null) {
            recycleUncorrected = write(uncorrected, recycleUncorrected, end, RunLayout.UNCORRECTED_TAG, totalUncorrected);
        }
        intervalStart = end;
    }

    private Histogram write(Recorder recorder, Histogram reuse, long end, String tag, Histogram sum) {
        Histogram interval = recorder.getIntervalHistogram(reuse);
        interval.setTag(tag);
        interval.setStartTimeStamp(timeline.epochMillisAtMeasureFrom() + (intervalStart - timeline.measureFromNanos()) / 1_000_000L);
        interval.setEndTimeStamp(timeline.epochMillisAtMeasureFrom() + (end - timeline.measureFromNanos()) / 1_000_000L);
        writer.outputIntervalHistogram(interval);
        sum.add(interval);
        return interval;
    }

    public Histogram total() {
        return total;
    }

    /** The uncorrected total, or null for a closed loop. */
    public Histogram totalUncorrected() {
        return uncorrected == null ? null : totalUncorrected;
    }

    @Override
    public void close() {
        out.close();
    }
}
