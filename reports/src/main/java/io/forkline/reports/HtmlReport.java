package io.forkline.reports;

import io.forkline.reports.chart.BarChart;
import io.forkline.reports.chart.Html;
import io.forkline.reports.chart.LineChart;
import io.forkline.reports.chart.Scale;
import io.forkline.reports.json.Json;
import io.forkline.reports.run.CounterTable;
import io.forkline.reports.run.LatencyLog;
import io.forkline.reports.run.ResultFolder;
import io.forkline.reports.run.RunEvent;
import io.forkline.reports.run.RunFolder;
import io.forkline.reports.run.RunLayout;
import io.forkline.reports.table.Table;
import io.forkline.reports.table.Tables;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report page: one self-contained HTML file (inline CSS and SVG, no script, nothing fetched),
 * with the tables of {@link Tables} and charts of latency by percentile, throughput, latency over
 * time with the snapshot and fsync events marked, copied memory and AOF size over time, then each
 * run's settings, machine and per-scenario details.
 */
final class HtmlReport {

    static final String[] PALETTE = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
        "#7f7f7f", "#bcbd22", "#393b79", "#637939"};
    /** More fsync events than this (of one kind) are counted in the chart's title rather than drawn one by one. */
    static final int MAX_MARKED_FSYNCS = 100;

    private final List<RunFolder> runs;
    private final Path outDir;
    private final StringBuilder page = new StringBuilder();

    HtmlReport(List<RunFolder> runs, Path outDir) {
        this.runs = runs;
        this.outDir = outDir;
    }

    String render() throws IOException {
        head();
        page.append("<h1>").append(Html.escape(runs.size() == 1 ? runs.getFirst().title() : "forkline: " + runs.size() + " runs"))
                .append("</h1>");
        page.append("<p class=\"lead\">").append(Html.escape(runs.stream().map(r -> r.name() + " (" + r.json().string("started", "?")
                + ")").reduce((a, b) -> a + ", " + b).orElse(""))).append("</p>");
        for (RunFolder run : runs) {
            page.append(Tables.summary(run).html());
            Table ratios = Tables.ratios(run);
            if (ratios != null) {
                page.append(ratios.html());
            }
        }
        if (runs.size() > 1) {
            page.append(Tables.acrossRuns(runs).html());
        }
        for (RunFolder run : runs) {
            charts(run);
        }
        for (RunFolder run : runs) {
            if (!run.jmh().isEmpty()) {
                page.append(Tables.jmh(run.jmh(), run.name()).html());
            }
        }
        for (RunFolder run : runs) {
            settings(run);
        }
        page.append("</body></html>\n");
        return page.toString();
    }

    private void head() {
        page.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>forkline report</title><style>")
                .append("body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px auto;max-width:1320px;color:#222;padding:0 16px}")
                .append("h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}")
                .append("h3{font-size:15px;margin:18px 0 6px}.lead{color:#555;margin:0 0 16px}")
                .append("table.data{border-collapse:collapse;margin:14px 0 4px;font-variant-numeric:tabular-nums}")
                .append("table.data caption{text-align:left;font-weight:600;padding:4px 0;font-size:15px}")
                .append("table.data th,table.data td{padding:3px 9px;border-bottom:1px solid #e4e4e4;text-align:right;white-space:nowrap}")
                .append("table.data th{background:#f4f6f8;font-weight:600}table.data .label{text-align:left}")
                .append("tr.skipped td{color:#999}ul.notes{color:#555;font-size:12.5px;margin:4px 0 14px;padding-left:18px}")
                .append("svg.chart{background:#fff;border:1px solid #e2e2e2;margin:6px 0 0}svg .title{font-weight:600;font-size:13px}")
                .append("svg .tick{font-size:11px;fill:#444}svg .axis{font-size:12px;fill:#333}svg .grid{stroke:#eee}")
                .append("svg .plot{fill:none;stroke:#ccc}svg .empty{fill:#999}")
                .append(".legend{font-size:12px;margin:2px 0 12px;display:flex;flex-wrap:wrap;gap:4px 14px}.legend svg{vertical-align:middle;margin-right:4px}")
                .append(".grid2{display:grid;grid-template-columns:repeat(auto-fill,minmax(640px,1fr));gap:4px 16px}")
                .append("table.kv td{padding:1px 10px 1px 0;vertical-align:top;font-size:13px}table.kv td:first-child{color:#555;white-space:nowrap}")
                .append("details{margin:4px 0}summary{cursor:pointer}code,pre{font-size:12px}pre{background:#f7f7f7;padding:8px;overflow:auto}")
                .append(".kinds span{margin-right:12px;font-size:12px}.kinds i{display:inline-block;width:10px;height:10px;margin-right:4px}")
                .append("</style></head><body>");
    }

    private void charts(RunFolder run) throws IOException {
        List<ResultFolder> ok = run.results().stream().filter(ResultFolder::ok).toList();
        if (ok.isEmpty()) {
            return;
        }
        String suffix = runs.size() > 1 ? " (" + run.name() + ")" : "";
        page.append("<h2 id=\"percentiles\">Latency by percentile").append(Html.escape(suffix)).append("</h2>");
        LineChart percentiles = new LineChart("Latency by percentile" + suffix, 1200, 460)
                .x("percentile", Scale.PERCENTILE, LineChart::compact)
                .y("latency (ms, log scale)", Scale.LOG10, LineChart::compact);
        for (int i = 0; i < ok.size(); i++) {
            ResultFolder result = ok.get(i);
            Histogram h = result.latency().total();
            if (h.getTotalCount() > 0) {
                double[][] curve = percentileCurve(h);
                percentiles.add(new LineChart.Series(label(result), curve[0], curve[1], color(run, result, i), dashed(result)));
            }
        }
        page.append(percentiles.render());

        page.append("<h2 id=\"throughput\">Throughput").append(Html.escape(suffix)).append("</h2>");
        BarChart throughput = new BarChart("Requests per second in the measured window" + suffix, 1000, v -> String.format(Locale.ROOT, "%,.0f", v));
        for (int i = 0; i < ok.size(); i++) {
            Double ops = ok.get(i).metric("throughput");
            if (ops != null) {
                throughput.add(label(ok.get(i)), ops, color(run, ok.get(i), i));
            }
        }
        page.append(throughput.render());
        LineChart overTime = new LineChart("Throughput over time" + suffix, 1200, 340)
                .x("seconds into the measured window", Scale.LINEAR, LineChart::compact)
                .y("requests/s", Scale.LINEAR, LineChart::compact).yFrom(0);
        for (int i = 0; i < ok.size(); i++) {
            // a short last interval (the drain after the window) holds too few requests to give a rate
            List<LatencyLog.Interval> all = ok.get(i).latency().intervals();
            double typical = all.stream().mapToDouble(LatencyLog.Interval::seconds).sorted().skip(all.size() / 2).findFirst().orElse(1);
            List<LatencyLog.Interval> intervals = all.stream().filter(v -> v.seconds() >= 0.4 * typical).toList();
            double[] xs = new double[intervals.size()];
            double[] ys = new double[intervals.size()];
            for (int k = 0; k < intervals.size(); k++) {
                xs[k] = (intervals.get(k).fromSeconds() + intervals.get(k).toSeconds()) / 2;
                ys[k] = intervals.get(k).histogram().getTotalCount() / intervals.get(k).seconds();
            }
            overTime.add(new LineChart.Series(label(ok.get(i)), xs, ys, color(run, ok.get(i), i), dashed(ok.get(i))));
        }
        page.append(overTime.render());

        page.append("<h2 id=\"over-time\">Latency over time").append(Html.escape(suffix)).append("</h2>");
        page.append("<p class=\"kinds\">Marked: ");
        for (String[] kind : MARKER_KINDS) {
            if (kind[2].isEmpty()) {
                continue;   // the same colour as the row above (SAVE beside BGSAVE)
            }
            page.append("<span><i style=\"background:").append(kind[1]).append("\"></i>").append(Html.escape(kind[2])).append("</span>");
        }
        page.append("</p><div class=\"grid2\">");
        for (ResultFolder result : ok) {
            page.append("<div>").append(latencyOverTime(result)).append("</div>");
        }
        page.append("</div>");

        LineChart cow = counterChart("Copied memory (copy-on-write) over time" + suffix, "MiB", run, ok, "current_cow_size", 1024.0 * 1024);
        if (!cow.isEmpty()) {
            page.append("<h2 id=\"copied\">Copied memory over time").append(Html.escape(suffix)).append("</h2>").append(cow.render());
        }
        LineChart aof = counterChart("AOF size over time" + suffix, "MiB", run, ok, "aof_current_size", 1024.0 * 1024);
        if (!aof.isEmpty()) {
            page.append("<h2 id=\"aof\">AOF size over time").append(Html.escape(suffix)).append("</h2>").append(aof.render());
        }
        LineChart memory = counterChart("Used memory over time" + suffix, "MiB", run, ok, "used_memory", 1024.0 * 1024);
        if (!memory.isEmpty()) {
            page.append("<h2 id=\"memory\">Used memory over time").append(Html.escape(suffix)).append("</h2>").append(memory.render());
        }
    }

    /** kind prefix, colour, legend text. */
    static final String[][] MARKER_KINDS = {
        {"bgsave-sent", "#6a1b9a", "snapshot asked (BGSAVE/SAVE sent)"},
        {"save-sent", "#6a1b9a", ""},
        {"bgsave-reply", "#ba68c8", "snapshot command answered"},
        {"save-reply", "#ba68c8", ""},
        {"save-running", "#ef6c00", "save running (INFO)"},
        {"save-done", "#ffb300", "save done (INFO)"},
        {"fork", "#c62828", "fork"},
        {"fsync-slow", "#0d47a1", "fsync over 1 ms"},
        {"fsync", "#64b5f6", "fsync"},
        {"fsync-delayed", "#311b92", "delayed fsync (aof_delayed_fsync)"},
        {"aof-rewrite", "#2e7d32", "AOF rewrite"},
        {"error", "#000000", "error reply"},
    };

    static String markerColor(String kind) {
        for (String[] k : MARKER_KINDS) {
            if (kind.equals(k[0])) {
                return k[1];
            }
        }
        for (String[] k : MARKER_KINDS) {
            if (kind.startsWith(k[0] + "-") || kind.endsWith("-" + k[0])) {
                return k[1];   // aof-rewrite-running, bgsave-error
            }
        }
        return "#555555";
    }

    private String latencyOverTime(ResultFolder result) throws IOException {
        List<LatencyLog.Interval> intervals = result.latency().intervals();
        double[] xs = new double[intervals.size()];
        double[] p50 = new double[intervals.size()];
        double[] p99 = new double[intervals.size()];
        double[] max = new double[intervals.size()];
        for (int k = 0; k < intervals.size(); k++) {
            Histogram h = intervals.get(k).histogram();
            xs[k] = (intervals.get(k).fromSeconds() + intervals.get(k).toSeconds()) / 2;
            p50[k] = h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(50) / 1e6;
            p99[k] = h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1e6;
            max[k] = h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue() / 1e6;
        }
        List<RunEvent> events = result.events().stream().filter(e -> e.tMillis() >= 0).toList();
        long fsyncs = events.stream().filter(e -> e.kind().equals("fsync")).count();
        long slow = events.stream().filter(e -> e.kind().equals("fsync-slow")).count();
        String title = label(result) + (fsyncs > MAX_MARKED_FSYNCS ? "; " + fsyncs + "+ fsyncs not marked" : "")
                + (slow > MAX_MARKED_FSYNCS ? "; " + slow + " fsyncs over 1 ms not marked" : "");
        LineChart chart = new LineChart(title, 640, 300)
                .x("seconds into the measured window", Scale.LINEAR, LineChart::compact)
                .y("latency per interval (ms, log)", Scale.LOG10, LineChart::compact);
        chart.add(new LineChart.Series("p50", xs, p50, "#2ca02c", false));
        chart.add(new LineChart.Series("p99", xs, p99, "#1f77b4", false));
        chart.add(new LineChart.Series("max", xs, max, "#d62728", false));
        for (RunEvent event : events) {
            if (event.kind().equals("fsync") && fsyncs > MAX_MARKED_FSYNCS || event.kind().equals("fsync-slow") && slow > MAX_MARKED_FSYNCS) {
                continue;
            }
            chart.mark(new LineChart.Marker(event.tMillis() / 1000.0, markerColor(event.kind()),
                    String.format(Locale.ROOT, "%.3f s %s: %s", event.tMillis() / 1000.0, event.kind(), event.detail())));
        }
        return chart.render();
    }

    private LineChart counterChart(String title, String unit, RunFolder run, List<ResultFolder> ok, String column, double divisor)
            throws IOException {
        LineChart chart = new LineChart(title, 1200, 340).x("seconds into the measured window", Scale.LINEAR, LineChart::compact)
                .y(unit, Scale.LINEAR, LineChart::compact).yFrom(0);
        for (int i = 0; i < ok.size(); i++) {
            CounterTable counters = ok.get(i).counters();
            if (!counters.has(column)) {
                continue;
            }
            double[] t = counters.column("t_ms");
            double[] v = counters.column(column);
            boolean any = false;
            List<double[]> points = new ArrayList<>();
            for (int k = 0; k < t.length; k++) {
                if (t[k] >= 0 && !Double.isNaN(v[k])) {
                    points.add(new double[] {t[k] / 1000.0, v[k] / divisor});
                    any |= v[k] > 0;
                }
            }
            if (!any) {
                continue;
            }
            double[] xs = points.stream().mapToDouble(p -> p[0]).toArray();
            double[] ys = points.stream().mapToDouble(p -> p[1]).toArray();
            chart.add(new LineChart.Series(label(ok.get(i)), xs, ys, color(run, ok.get(i), i), dashed(ok.get(i))));
        }
        return chart;
    }

    /** Percentile (x) and latency in ms (y) along the histogram, as HdrHistogram's percentile output walks it. */
    static double[][] percentileCurve(Histogram h) {
        List<double[]> points = new ArrayList<>();
        for (HistogramIterationValue v : h.percentiles(5)) {
            double p = v.getPercentileLevelIteratedTo();
            if (p < 100) {
                points.add(new double[] {p, v.getValueIteratedTo() / 1e6});
            }
        }
        // the maximum sits at the percentile of the last value, 1 - 1/count, or on the walk's last point if that is further
        double top = 100.0 * (1 - 1.0 / Math.max(2, h.getTotalCount()));
        if (points.isEmpty() || top > points.getLast()[0]) {
            points.add(new double[] {top, h.getMaxValue() / 1e6});
        } else {
            points.getLast()[1] = h.getMaxValue() / 1e6;
        }
        return new double[][] {points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray()};
    }

    private String label(ResultFolder result) {
        return result.scenario() + " / " + result.target();
    }

    /** One colour per scenario, so a scenario on forkline and on Redis match; the target shows as solid or dashed. */
    private static String color(RunFolder run, ResultFolder result, int fallback) {
        List<String> scenarios = run.results().stream().map(ResultFolder::scenario).distinct().toList();
        int at = scenarios.indexOf(result.scenario());
        return PALETTE[(at < 0 ? fallback : at) % PALETTE.length];
    }

    private static boolean dashed(ResultFolder result) {
        return !result.target().equals("forkline");
    }

    private void settings(RunFolder run) throws IOException {
        page.append("<h2 id=\"settings\">Settings and machine: ").append(Html.escape(run.name())).append("</h2>");
        page.append("<h3>Machine</h3>").append(keyValues(run.json().objectOrEmpty("machine").members()));
        page.append("<h3>Run</h3>");
        Map<String, Object> runFacts = new LinkedHashMap<>();
        for (String key : List.of("started", "finished", "loadAverageAtEnd")) {
            if (run.json().has(key)) {
                runFacts.put(key, run.json().members().get(key));
            }
        }
        runFacts.putAll(run.json().objectOrEmpty("settings").members());
        page.append(keyValues(runFacts));
        if (run.json().has("targets")) {
            page.append("<h3>Targets</h3>").append(keyValues(run.json().object("targets").members()));
        }
        if (run.json().has("study")) {
            page.append("<h3>Workload</h3>").append(keyValues(run.json().object("study").objectOrEmpty("workload").members()));
        }
        page.append("<h3>Scenarios</h3>");
        for (ResultFolder result : run.results()) {
            page.append("<details><summary>").append(Html.escape(label(result) + ": " + result.status()
                    + (result.description().isEmpty() ? "" : " - " + result.description()))).append("</summary>");
            Map<String, Object> facts = new LinkedHashMap<>();
            if (!result.reason().isEmpty()) {
                facts.put("reason", result.reason());
            }
            facts.put("directives asked", result.directives());
            facts.put("as the server got them", result.applied());
            if (!result.notes().isEmpty()) {
                facts.put("notes", String.join("\n", result.notes()));
            }
            if (result.json().has("metrics")) {
                facts.put("metrics", result.json().object("metrics").members());
            }
            if (result.latency().totalUncorrected() != null) {
                Histogram u = result.latency().totalUncorrected();
                facts.put("uncorrected (service time) p50 / p99 / max ms", Tables.millis(u.getValueAtPercentile(50) / 1e6) + " / "
                        + Tables.millis(u.getValueAtPercentile(99) / 1e6) + " / " + Tables.millis(u.getMaxValue() / 1e6));
            }
            String rel = relative(result.dir());
            facts.put("files", rel + "/" + RunLayout.RESULT_JSON + ", " + RunLayout.LATENCY_HLOG + ", " + RunLayout.COUNTERS_CSV + ", "
                    + RunLayout.EVENTS_JSON);
            page.append(keyValues(facts)).append("</details>");
        }
    }

    private String relative(Path dir) {
        try {
            return outDir.toAbsolutePath().normalize().relativize(dir.toAbsolutePath().normalize()).toString();
        } catch (IllegalArgumentException e) {
            return dir.toString();
        }
    }

    private static String keyValues(Map<String, Object> facts) {
        StringBuilder out = new StringBuilder("<table class=\"kv\">");
        facts.forEach((key, value) -> {
            String text = value instanceof Map<?, ?> || value instanceof List<?> ? Json.write(value) : String.valueOf(value);
            out.append("<tr><td>").append(Html.escape(key)).append("</td><td>");
            if (text.contains("\n")) {
                out.append("<pre>").append(Html.escape(text)).append("</pre>");
            } else {
                out.append(Html.escape(text));
            }
            out.append("</td></tr>");
        });
        return out.append("</table>").toString();
    }
}
