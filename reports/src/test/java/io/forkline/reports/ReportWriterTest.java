package io.forkline.reports;

import io.forkline.reports.json.Json;
import io.forkline.reports.run.RunLayout;
import io.forkline.reports.table.Tables;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A report rendered from a small run written here: its tables, its series, and numbers that match the hlog. */
class ReportWriterTest {

    private static final long START = 1_700_000_000_000L;

    @TempDir
    Path root;

    @Test
    void rendersTablesAndChartsThatMatchTheLogs() throws Exception {
        Path run = writeRun(root.resolve("run-a"), 2000, 1000);
        String summary = ReportWriter.write(List.of(run), run);
        String html = Files.readString(run.resolve(RunLayout.INDEX_HTML));
        assertThat(Files.readString(run.resolve(RunLayout.SUMMARY_TXT))).isEqualTo(summary);

        // the summary's latencies are the hlog's, read back independently
        Histogram forkline = read(RunLayout.resultDir(run, "none", "forkline").resolve(RunLayout.LATENCY_HLOG));
        assertThat(forkline.getTotalCount()).isEqualTo(1101);
        assertThat(forkline.getMaxValue() / 1e6).isBetween(49.9, 50.1);
        String row = line(summary, "none\\s+forkline\\s");
        List<String> cells = List.of(row.trim().split("\\s+"));
        assertThat(cells.subList(0, 8)).containsExactly("none", "forkline", "2,000", Tables.millis(forkline.getValueAtPercentile(50) / 1e6),
                Tables.millis(forkline.getValueAtPercentile(99) / 1e6), Tables.millis(forkline.getValueAtPercentile(99.9) / 1e6),
                Tables.millis(forkline.getMaxValue() / 1e6), "1.500");
        assertThat(cells.get(8)).as("copied MiB").isEqualTo("3.0");
        assertThat(cells.get(9)).as("fsyncs").isEqualTo("12");
        assertThat(html).contains("<td>" + Tables.millis(forkline.getValueAtPercentile(99) / 1e6) + "</td>");

        // the skipped scenario with its reason, and the ratios of forkline to Redis
        assertThat(summary).contains("aof-always on forkline skipped: the server took 'appendonly yes' but writes no AOF");
        assertThat(summary).contains("none on forkline: the bench's own threads were held up to 250 ms").doesNotContain("none on redis: the bench");
                assertThat(summary).contains("forkline / Redis: run-a");
        Histogram redis = read(RunLayout.resultDir(run, "none", "redis").resolve(RunLayout.LATENCY_HLOG));
        String ratio = line(summary.substring(summary.indexOf("forkline / Redis")), "none\\s");
        assertThat(ratio.trim().split("\\s+")).startsWith("none", "2.00x",
                String.format(java.util.Locale.ROOT, "%.2fx", forkline.getValueAtPercentile(50) / (double) redis.getValueAtPercentile(50)));

        // charts: inline SVG, one line per result, events marked, nothing fetched from elsewhere
        assertThat(html).contains("<svg").doesNotContain("<script").doesNotContain("<link")
                .doesNotContain("https://").doesNotContain("src=");
        assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://");
        assertThat(count(html, "data-series=\"none / forkline\"")).as("percentiles, throughput and copied and used memory over time")
                .isEqualTo(4);
        assertThat(count(html, "data-series=\"none / redis\"")).as("no copy-on-write: no copied-memory line").isEqualTo(3);
        assertThat(html).contains("Latency by percentile", "Latency over time", "Copied memory over time", "Throughput over time");
        assertThat(html).containsPattern("<title>1\\.500 s bgsave-sent: BGSAVE</title>");
        assertThat(html).containsPattern("<title>2\\.100 s fork: latest_fork_usec:1500</title>");
        assertThat(html).contains("test cpu", "JMH microbenchmarks", "ForkPauseBenchmark.fork", "dataMiB=256");
        assertThat(html).contains("the server took &#39;appendonly yes&#39; but writes no AOF");
        // the percentile chart's x axis ticks are 0%, 90%, 99% ... as HdrHistogram plots them
        assertThat(html).contains(">90%<", ">99%<", ">99.9%<");
    }

    @Test
    void eachEventKindHasItsColour() {
        assertThat(HtmlReport.markerColor("fsync-delayed")).isNotEqualTo(HtmlReport.markerColor("fsync"));
        assertThat(HtmlReport.markerColor("aof-rewrite-running")).isEqualTo(HtmlReport.markerColor("aof-rewrite-done"));
        assertThat(HtmlReport.markerColor("bgsave-error")).isEqualTo("#000000");
        assertThat(HtmlReport.markerColor("save-sent")).isEqualTo(HtmlReport.markerColor("bgsave-sent"));
    }

    @Test
    void thePercentileCurveEndsAtTheMaximum() throws Exception {
        Histogram h = new Histogram(3);
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(i * 1000L);
        }
        double[][] curve = HtmlReport.percentileCurve(h);
        assertThat(curve[0]).isSorted();
        assertThat(curve[0][curve[0].length - 1]).isLessThan(100);
        assertThat(curve[1][curve[1].length - 1]).isEqualTo(h.getMaxValue() / 1e6);
        assertThat(curve[1]).isSorted();
    }

    @Test
    void comparesRunsSideBySide() throws Exception {
        Path a = writeRun(root.resolve("run-a"), 2000, 1000);
        Path b = writeRun(root.resolve("run-b"), 3000, 1000);
        Path out = root.resolve("both");
        String summary = ReportWriter.write(List.of(a, b), out);
        assertThat(summary).contains("Across runs");
        String row = line(summary.substring(summary.indexOf("Across runs")), "none\\s+forkline\\s");
        assertThat(row).contains("2,000").contains("3,000");
        assertThat(Files.readString(out.resolve(RunLayout.INDEX_HTML))).contains("run-a", "run-b", "../run-a/none/forkline/result.json");
    }

    @Test
    void aFolderThatIsNoRunIsRefused() throws Exception {
        Files.createDirectories(root.resolve("empty"));
        assertThatThrownBy(() -> ReportWriter.write(List.of(root.resolve("empty")), root.resolve("out")))
                .hasMessageContaining("not a run folder");
        assertThatThrownBy(() -> ReportWriter.write(List.of(root.resolve("missing")), root.resolve("out")))
                .hasMessageContaining("not a folder");
    }

    // ---- a small run, written as the bench writes one

    private static Path writeRun(Path run, double forklineOps, double redisOps) throws Exception {
        Files.createDirectories(run);
        Map<String, Object> runJson = new LinkedHashMap<>();
        runJson.put("title", "test run");
        runJson.put("started", "2026-01-01T00:00:00Z");
        runJson.put("machine", Map.of("cores", 2, "cpu", "test cpu"));
        runJson.put("settings", Map.of("command", "forkline bench --test"));
        runJson.put("study", Map.of("workload", Map.of("keys", 10), "scenarios", List.of(Map.of("name", "none"), Map.of("name", "aof-always"))));
        Files.writeString(run.resolve(RunLayout.RUN_JSON), Json.write(runJson));
        writeResult(run, "none", "forkline", forklineOps, 7, true);
        writeResult(run, "none", "redis", redisOps, 11, false);
        Path skipped = RunLayout.resultDir(run, "aof-always", "forkline");
        Files.createDirectories(skipped);
        Files.writeString(skipped.resolve(RunLayout.RESULT_JSON), Json.write(Map.of("scenario", "aof-always", "target", "forkline",
                "status", "skipped", "reason", "the server took 'appendonly yes' but writes no AOF")));
        Path jmh = run.resolve(RunLayout.JMH_DIR);
        Files.createDirectories(jmh);
        Files.writeString(jmh.resolve("fork.json"), """
                [{"benchmark": "io.forkline.bench.jmh.ForkPauseBenchmark.fork", "mode": "avgt", "params": {"dataMiB": "256"},
                  "primaryMetric": {"score": 123.4, "scoreError": "NaN", "scoreUnit": "us/op"}}]
                """);
        return run;
    }

    private static void writeResult(Path run, String scenario, String target, double ops, long seed, boolean snapshot) throws Exception {
        Path dir = RunLayout.resultDir(run, scenario, target);
        Files.createDirectories(dir);
        Random random = new Random(seed);
        try (PrintStream out = new PrintStream(Files.newOutputStream(dir.resolve(RunLayout.LATENCY_HLOG)))) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputLogFormatVersion();
            writer.outputStartTime(START);
            writer.setBaseTime(START);
            writer.outputLegend();
            for (int second = 0; second < 2; second++) {
                Histogram interval = new Histogram(3);
                for (int i = 0; i < 550; i++) {
                    interval.recordValue(200_000L + random.nextInt(800_000));
                }
                if (second == 1 && snapshot) {
                    interval.recordValue(50_000_000L);   // the stall of a snapshot
                }
                interval.setStartTimeStamp(START + second * 1000L);
                interval.setEndTimeStamp(START + (second + 1) * 1000L);
                writer.outputIntervalHistogram(interval);
            }
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("operations", 1100);
        metrics.put("throughput", ops);
        metrics.put("errors", 0);
        metrics.put("unanswered", 0);
        if (snapshot) {
            metrics.put("forkPauseMicros", 1500.0);
            metrics.put("copiedBytes", 3.0 * 1024 * 1024);
            metrics.put("fsyncs", 12.0);
            metrics.put("benchLateMillis", 250.0);
        }
        Files.writeString(dir.resolve(RunLayout.RESULT_JSON), Json.write(Map.of("scenario", scenario, "target", target, "status", "ok",
                "directives", Map.of("appendonly", "no"), "metrics", metrics)));
        Files.writeString(dir.resolve(RunLayout.COUNTERS_CSV), "t_ms,used_memory,current_cow_size\n-500,1048576,0\n0,1048576,0\n"
                + "1000,2097152," + (snapshot ? 1048576 : 0) + "\n2000,2097152," + (snapshot ? 3145728 : 0) + "\n");
        Files.writeString(dir.resolve(RunLayout.EVENTS_JSON), snapshot ? """
                [{"t_ms": -300, "kind": "bgsave-sent", "detail": "probe"},
                 {"t_ms": 1500, "kind": "bgsave-sent", "detail": "BGSAVE"},
                 {"t_ms": 2100, "kind": "fork", "detail": "latest_fork_usec:1500"}]
                """ : "[]");
    }

    private static Histogram read(Path hlog) throws Exception {
        Histogram sum = new Histogram(3);
        HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        EncodableHistogram next;
        while ((next = reader.nextIntervalHistogram()) != null) {
            sum.add((Histogram) next);
        }
        reader.close();
        return sum;
    }

    private static String line(String text, String prefix) {
        Pattern start = Pattern.compile("^" + prefix);
        for (String line : text.split("\n")) {
            if (start.matcher(line).find()) {
                return line;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' in:\n" + text);
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
