package io.forkline.reports.table;

import io.forkline.reports.run.JmhResult;
import io.forkline.reports.run.ResultFolder;
import io.forkline.reports.run.RunFolder;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's tables, built from run folders: each run's summary (latency percentiles computed
 * from the hlog; the rest from result.json), forkline/Redis ratios when a run measured both, a
 * comparison across runs, and JMH results.
 */
public final class Tables {

    /** Garbage collection in the bench's JVM worth a note, in milliseconds over a window. */
    static final double GC_NOTE_MILLIS = 50;
    /** A stall of the bench's own process worth a note, in milliseconds. */
    static final double LATE_NOTE_MILLIS = 100;

    /** The percentiles the tables show. */
    public static final double[] PERCENTILES = {50, 99, 99.9};

    private Tables() {
    }

    public static Table summary(RunFolder run) throws IOException {
        Table table = new Table("Summary: " + run.name(), List.of("scenario", "target", "ops/s", "p50 ms", "p99 ms", "p99.9 ms",
                "max ms", "fork ms", "copied MiB", "fsyncs", "delayed fsyncs", "AOF MiB", "errors"), 2);
        boolean anyFsyncUnknown = false;
        Double openLoopRate = null;
        for (ResultFolder result : run.results()) {
            if (!result.ok()) {
                List<String> cells = new ArrayList<>(List.of(result.scenario(), result.target(), result.status()));
                while (cells.size() < table.header().size()) {
                    cells.add("-");
                }
                table.row(cells, "skipped");
                table.note(result.scenario() + " on " + result.target() + " " + result.status() + ": " + result.reason());
                continue;
            }
            Histogram latency = result.latency().total();
            Double rate = result.metric("targetRate");
            if (rate != null && rate > 0) {
                openLoopRate = rate;
            }
            List<String> cells = new ArrayList<>();
            cells.add(result.scenario());
            cells.add(result.target());
            cells.add(count(result.metric("throughput")));
            for (double p : PERCENTILES) {
                cells.add(millis(latency.getTotalCount() == 0 ? null : latency.getValueAtPercentile(p) / 1e6));
            }
            cells.add(millis(latency.getTotalCount() == 0 ? null : latency.getMaxValue() / 1e6));
            Double fork = result.metric("forkPauseMicros");
            cells.add(fork == null ? "-" : String.format(Locale.ROOT, "%.3f", fork / 1e3));
            cells.add(mebibytes(result.metric("copiedBytes")));
            Double fsyncs = result.metric("fsyncs");
            if (fsyncs == null && result.directives().getOrDefault("appendonly", "no").equals("yes")) {
                anyFsyncUnknown = true;
            }
            cells.add(count(fsyncs));
            cells.add(count(result.metric("delayedFsyncs")));
            cells.add(mebibytes(result.metric("aofGrowthBytes")));
            Double errors = result.metric("errors");
            Double unanswered = result.metric("unanswered");
            cells.add(count(errors) + (unanswered != null && unanswered > 0 ? " +" + count(unanswered) + " unanswered" : ""));
            table.row(cells);
            Double late = result.metric("benchLateMillis");
            if (late != null && late >= LATE_NOTE_MILLIS) {
                table.note(String.format(Locale.ROOT, "%s on %s: the bench's own threads were held up to %.0f ms in the window (a JVM pause "
                        + "or no CPU for the process; a sampling thread woke that late): the latencies include that stall, whichever "
                        + "side caused it", result.scenario(), result.target(), late));
            }
            Double gc = result.metric("benchGcMillis");
            if (gc != null && gc >= GC_NOTE_MILLIS) {
                table.note(String.format(Locale.ROOT, "%s on %s: the bench's JVM paused %.0f ms for garbage collection in the window "
                        + "(the load generator's JVM; the server's too when it is embedded)", result.scenario(), result.target(), gc));
            }
        }
        table.note("latency from each request's intended start in an open loop, from its send in a closed loop; "
                + "percentiles computed from latency.hlog; fork = longest fork pause (latest_fork_usec) of the window's snapshots; "
                + "copied = peak copy-on-write (current_cow_peak / rdb_last_cow_size)");
        if (openLoopRate != null) {
            table.note(String.format(Locale.ROOT, "open loop at %,.0f requests/s: ops/s is what the server answered within the window; "
                    + "below the rate, it could not keep up", openLoopRate));
        }
        if (anyFsyncUnknown) {
            table.note("fsyncs '-': the server does not report its fsyncs (Redis has no such INFO field); forkline's are counted "
                    + "where its files are written");
        }
        return table;
    }

    /** forkline / redis per scenario, for a run that measured both; null when it did not. */
    public static Table ratios(RunFolder run) throws IOException {
        Map<String, ResultFolder> forkline = new LinkedHashMap<>();
        Map<String, ResultFolder> redis = new LinkedHashMap<>();
        for (ResultFolder result : run.results()) {
            if (result.target().equals("forkline")) {
                forkline.put(result.scenario(), result);
            } else if (result.target().equals("redis")) {
                redis.put(result.scenario(), result);
            }
        }
        if (forkline.isEmpty() || redis.isEmpty()) {
            return null;
        }
        Table table = new Table("forkline / Redis: " + run.name(), List.of("scenario", "ops/s", "p50", "p99", "p99.9", "max",
                "fork pause", "copied"), 1);
        for (Map.Entry<String, ResultFolder> entry : forkline.entrySet()) {
            ResultFolder f = entry.getValue();
            ResultFolder r = redis.get(entry.getKey());
            if (r == null) {
                continue;
            }
            if (!f.ok() || !r.ok()) {
                table.row(List.of(entry.getKey(), "-", "-", "-", "-", "-", "-", "-"), "skipped");
                continue;
            }
            Histogram a = f.latency().total();
            Histogram b = r.latency().total();
            List<String> cells = new ArrayList<>();
            cells.add(entry.getKey());
            cells.add(ratio(f.metric("throughput"), r.metric("throughput")));
            for (double p : PERCENTILES) {
                cells.add(ratio((double) a.getValueAtPercentile(p), (double) b.getValueAtPercentile(p)));
            }
            cells.add(ratio((double) a.getMaxValue(), (double) b.getMaxValue()));
            cells.add(ratio(f.metric("forkPauseMicros"), r.metric("forkPauseMicros")));
            cells.add(ratio(f.metric("copiedBytes"), r.metric("copiedBytes")));
            table.row(cells);
        }
        table.note("above 1: forkline has more (throughput: better; latency, pause, copied memory: worse)");
        return table;
    }

    /** Throughput and p99 of every scenario and target, one column pair per run. */
    public static Table acrossRuns(List<RunFolder> runs) throws IOException {
        List<String> header = new ArrayList<>(List.of("scenario", "target"));
        for (RunFolder run : runs) {
            header.add(run.name() + " ops/s");
            header.add(run.name() + " p99 ms");
        }
        Table table = new Table("Across runs", header, 2);
        Map<String, Map<String, ResultFolder>> byKey = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            for (ResultFolder result : runs.get(i).results()) {
                byKey.computeIfAbsent(result.scenario() + "\u0000" + result.target(), k -> new LinkedHashMap<>())
                        .put(runs.get(i).name(), result);
            }
        }
        for (Map.Entry<String, Map<String, ResultFolder>> entry : byKey.entrySet()) {
            String[] key = entry.getKey().split("\u0000");
            List<String> cells = new ArrayList<>(List.of(key[0], key[1]));
            for (RunFolder run : runs) {
                ResultFolder result = entry.getValue().get(run.name());
                if (result == null || !result.ok()) {
                    cells.add(result == null ? "" : result.status());
                    cells.add("");
                } else {
                    cells.add(count(result.metric("throughput")));
                    Histogram h = result.latency().total();
                    cells.add(millis(h.getTotalCount() == 0 ? null : h.getValueAtPercentile(99) / 1e6));
                }
            }
            table.row(cells);
        }
        return table;
    }

    public static Table jmh(List<JmhResult> results, String runName) {
        Table table = new Table("JMH microbenchmarks: " + runName, List.of("benchmark", "params", "mode", "score", "error", "unit"), 3);
        for (JmhResult result : results) {
            StringBuilder params = new StringBuilder();
            result.params().forEach((k, v) -> params.append(params.isEmpty() ? "" : " ").append(k).append('=').append(v));
            String name = result.benchmark();
            int dot = name.lastIndexOf('.', name.lastIndexOf('.') - 1);
            table.row(List.of(dot >= 0 ? name.substring(dot + 1) : name, params.toString(), result.mode(),
                    number(result.score()), number(result.error()), result.unit()));
        }
        return table;
    }

    /** Milliseconds with precision that suits their size. */
    public static String millis(Double ms) {
        if (ms == null) {
            return "-";
        }
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.3f", ms);
        }
        if (ms < 100) {
            return String.format(Locale.ROOT, "%.2f", ms);
        }
        return String.format(Locale.ROOT, "%.1f", ms);
    }

    public static String count(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%,.0f", value);
    }

    static String mebibytes(Double bytes) {
        return bytes == null ? "-" : String.format(Locale.ROOT, "%.1f", bytes / (1024 * 1024));
    }

    static String ratio(Double a, Double b) {
        if (a == null || b == null || !(b > 0)) {
            return "-";
        }
        double r = a / b;
        return r >= 0.1 || r == 0 ? String.format(Locale.ROOT, "%.2fx", r) : String.format(Locale.ROOT, "%.2gx", r);   // 0.0023x, not 0.00x
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.1f", value) : String.format(Locale.ROOT, "%.3f", value);
    }
}
