package io.forkline.bench.study;

import io.forkline.bench.load.LoadAgent;
import io.forkline.bench.load.LoadGenerator;
import io.forkline.bench.load.LoadResult;
import io.forkline.bench.load.Preloader;
import io.forkline.bench.load.RespClient;
import io.forkline.bench.load.Timeline;
import io.forkline.bench.load.Workload;
import io.forkline.reports.json.Json;
import io.forkline.reports.run.RunLayout;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs one scenario on one target and writes its folder (see {@link RunLayout}): set the server up,
 * check that it runs as asked, load the data set, try one snapshot (a server that cannot take one
 * is skipped with its error), then warm up and measure while the counters are sampled and snapshots
 * are asked for on schedule, wait for the last save to end, and write result.json, the hlog, the
 * counters and the events. The scenario's data files are deleted afterwards (an AOF can be large).
 */
public final class ScenarioRunner {

    /** The outcome in one line, for progress. */
    public record Outcome(String status, String line) {
    }

    private static final long SAMPLE_MILLIS = 250;
    private static final long SAVE_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final Workload workload;
    private final StudyProgress progress;

    public ScenarioRunner(Workload workload, StudyProgress progress) {
        this.workload = workload;
        this.progress = progress;
    }

    public Outcome run(Scenario scenario, Target target, Path runDir) throws IOException, InterruptedException {
        Path dir = RunLayout.resultDir(runDir, scenario.name(), target.name());
        Path work = dir.resolve("data");
        Files.createDirectories(work);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scenario", scenario.name());
        result.put("target", target.name());
        result.put("description", scenario.description());
        result.put("started", Instant.now().toString());
        result.put("status", "running");
        result.put("directives", scenario.directives());
        if (scenario.snapshot() != null) {
            result.put("snapshotSchedule", Map.of("command", scenario.snapshot().command(), "offsetsSeconds",
                    toList(scenario.snapshot().offsets(workload.durationSeconds()))));
        }
        result.put("workload", workload.toJson());
        EventLog events = new EventLog();
        Outcome outcome;
        try {
            outcome = measure(scenario, target, dir, work, result, events);
        } catch (ScenarioSkipped skipped) {
            result.put("status", "skipped");
            result.put("reason", skipped.getMessage());
            outcome = new Outcome("skipped", "skipped: " + skipped.getMessage());
        } catch (IOException | LoadAgent.LoadFailure e) {
            result.put("status", "failed");
            result.put("reason", e.getMessage());
            outcome = new Outcome("failed", "failed: " + e.getMessage());
        } catch (RuntimeException e) {
            // a fault of the bench or the server's reply that the bench did not foresee: the study goes on, the report says so
            result.put("status", "failed");
            result.put("reason", e.toString());
            outcome = new Outcome("failed", "failed: " + e);
        } finally {
            result.put("finished", Instant.now().toString());
            keepServerLog(work, dir);
            deleteTree(work);
        }
        events.write(dir.resolve(RunLayout.EVENTS_JSON));
        Files.writeString(dir.resolve(RunLayout.RESULT_JSON), Json.write(result) + "\n");
        return outcome;
    }

    private Outcome measure(Scenario scenario, Target target, Path dir, Path work, Map<String, Object> result, EventLog events)
            throws ScenarioSkipped, IOException, InterruptedException {
        progress.step("starting " + target.name());
        try (ServerUnderTest server = target.start(scenario, work)) {
            result.put("applied", server.applied());
            try (RespClient control = RespClient.connectWhenReady(server.address(), 300_000, 20_000)) {
                Timeline probeClock = Timeline.startingIn(0, 0, 1);
                String command = prepare(scenario, server, control, probeClock, result, events);
                Timeline timeline = Timeline.startingIn(200_000_000L, workload.warmupSeconds(), workload.durationSeconds());
                shiftEvents(events, probeClock, timeline);
                result.put("measureStartEpochMillis", timeline.epochMillisAtMeasureFrom());
                result.put("notes", server.notes());
                LoadResult load = window(scenario, target.name(), server, control, command, timeline, dir, result, events);
                result.put("status", "ok");
                return new Outcome("ok", summary(load));
            }
        }
    }

    /**
     * Before the window: the settings checked, the data set loaded, the server's own checks, one
     * snapshot tried. Returns the snapshot command, or null when the scenario takes none.
     */
    private String prepare(Scenario scenario, ServerUnderTest server, RespClient control, Timeline clock, Map<String, Object> result,
                           EventLog events) throws ScenarioSkipped, IOException, InterruptedException {
        checkSettings(scenario, control);
        if (workload.preload()) {
            Preloader.Result preload = Preloader.load(server.address(), workload, (answered, total, seconds) ->
                    progress.advance("preload", answered, total, String.format(Locale.ROOT, "%.0f keys/s", answered / Math.max(seconds, 1e-3))));
            result.put("preload", Map.of("requests", preload.requests(), "errors", preload.errors(), "seconds", preload.seconds()));
            if (preload.errors() > 0) {
                throw new ScenarioSkipped("the preload got " + preload.errors() + " errors, the first: " + preload.firstError());
            }
        }
        server.verifyLoaded(control);
        String command = scenario.snapshot() == null ? null : server.snapshotCommand(scenario.snapshot());
        if (command != null) {
            progress.step("probe " + command);
            probeSnapshot(control, command, clock, events);
        }
        return command;
    }

    /** The warm-up and the measured window, with the counters sampled and the snapshots asked for; then the last save awaited. */
    private LoadResult window(Scenario scenario, String target, ServerUnderTest server, RespClient control, String command,
                              Timeline timeline, Path dir, Map<String, Object> result, EventLog events)
            throws IOException, InterruptedException {
        InetSocketAddress address = server.address();
        try (CounterSampler sampler = new CounterSampler(address, timeline, SAMPLE_MILLIS, server.storage(), events)) {
            LoadResult load;
            try {
                sampler.start();
                SnapshotTrigger trigger = command == null ? null
                        : new SnapshotTrigger(address, command, scenario.snapshot().offsets(workload.durationSeconds()), timeline, events);
                try (LoadGenerator generator = LoadGenerator.connect(address, workload, timeline)) {
                    if (trigger != null) {
                        trigger.start();
                    }
                    load = generator.run(dir.resolve(RunLayout.LATENCY_HLOG), scenario.name() + " on " + target,
                            (phase, elapsed, total, rate) -> progress.advance(phase, elapsed, total, String.format(Locale.ROOT, "%.0f ops/s", rate)));
                }
                if (trigger != null) {
                    progress.step("waiting for the last save");
                    List<SnapshotTrigger.Request> requests = trigger.finish();
                    result.put("snapshotRequests", requests.stream().map(r -> Map.of("sentMs", r.sentMillis(), "replyMs", r.replyMillis(),
                            "reply", r.reply(), "error", r.error())).toList());
                    waitForSave(control);
                }
            } finally {
                sampler.stop();
            }
            sampler.sample();
            sampler.writeCsv(dir.resolve(RunLayout.COUNTERS_CSV));
            result.put("metrics", metrics(load, sampler.rows(), command));
            return load;
        }
    }

    /** The settings the generic INFO fields can confirm: an AOF that is asked for must be on. */
    private static void checkSettings(Scenario scenario, RespClient control) throws IOException, ScenarioSkipped {
        if ("yes".equals(scenario.directive("appendonly"))) {
            Map<String, String> info = control.info("persistence");
            if (!"1".equals(info.get("aof_enabled"))) {
                throw new ScenarioSkipped("the server took 'appendonly yes' but INFO persistence reports aof_enabled:"
                        + info.getOrDefault("aof_enabled", "(missing)") + ": it writes no AOF");
            }
        }
        String fsync = scenario.directive("appendfsync");
        if (fsync != null) {
            RespClient.Reply reply = control.call("CONFIG", "GET", "appendfsync");
            String value = reply instanceof RespClient.Array array && array.items().size() == 2 ? array.items().get(1).text() : reply.text();
            if (!fsync.equalsIgnoreCase(value)) {
                throw new ScenarioSkipped("appendfsync " + fsync + " was asked for, CONFIG GET appendfsync says '" + value + "'");
            }
        }
    }

    /** One snapshot before the window: a server that refuses it, or says yes and saves nothing, is skipped. */
    private static void probeSnapshot(RespClient control, String command, Timeline clock, EventLog events)
            throws IOException, InterruptedException, ScenarioSkipped {
        Map<String, String> before = control.info();
        SnapshotTrigger.Request request = SnapshotTrigger.ask(control, command, clock, events);
        if (request.error()) {
            throw new ScenarioSkipped(command + " refused: " + request.reply());
        }
        waitForSave(control);
        Map<String, String> after = control.info();
        // a save shows as a new rdb_saves count or save time, a new fork, or the changes since the last save cleared
        boolean saved = changed(before, after, "rdb_saves") || changed(before, after, "rdb_last_save_time")
                || changed(before, after, "total_forks")
                || !"0".equals(before.getOrDefault("rdb_changes_since_last_save", "0"))
                && "0".equals(after.get("rdb_changes_since_last_save"));
        if (!saved) {
            throw new ScenarioSkipped(command + " replied '" + request.reply() + "' but INFO shows no save (rdb_saves "
                    + before.get("rdb_saves") + " -> " + after.get("rdb_saves") + ", rdb_last_save_time "
                    + before.get("rdb_last_save_time") + " -> " + after.get("rdb_last_save_time") + ", rdb_changes_since_last_save "
                    + before.get("rdb_changes_since_last_save") + " -> " + after.get("rdb_changes_since_last_save") + ")");
        }
        if (!"ok".equals(after.getOrDefault("rdb_last_bgsave_status", "ok"))) {
            throw new ScenarioSkipped(command + " failed: INFO persistence rdb_last_bgsave_status:" + after.get("rdb_last_bgsave_status"));
        }
    }

    private static boolean changed(Map<String, String> before, Map<String, String> after, String field) {
        return after.containsKey(field) && !after.get(field).equals(before.get(field));
    }

    /** Waits until no save is in progress; returns INFO persistence then. */
    private static Map<String, String> waitForSave(RespClient control) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SAVE_TIMEOUT_NANOS;
        while (true) {
            Map<String, String> info = control.info("persistence");
            if (!"1".equals(info.get("rdb_bgsave_in_progress"))) {
                return info;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("a save was still in progress after " + TimeUnit.NANOSECONDS.toSeconds(SAVE_TIMEOUT_NANOS) + " s");
            }
            Thread.sleep(50);
        }
    }

    /** The probe's events were timed on a clock of their own: move them onto the window's. */
    private static void shiftEvents(EventLog events, Timeline from, Timeline to) {
        List<EventLog.Event> probe = events.events();
        if (probe.isEmpty()) {
            return;
        }
        double shift = (from.measureFromNanos() - to.measureFromNanos()) / 1e6;
        EventLog shifted = new EventLog();
        for (EventLog.Event event : probe) {
            shifted.add(event.tMillis() + shift, event.kind(), event.detail());
        }
        events.replaceWith(shifted);
    }

    static Map<String, Object> metrics(LoadResult load, List<Map<String, Double>> rows, String snapshotCommand) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("operations", load.operations());
        out.put("perOperation", load.perOperation());
        out.put("errors", load.errors());
        out.put("warmupErrors", load.warmupErrors());
        if (load.firstError() != null) {
            out.put("firstError", load.firstError());
        }
        out.put("unanswered", load.unanswered());
        out.put("answeredInWindow", load.answeredInWindow());
        out.put("seconds", load.seconds());
        out.put("throughput", load.throughput());
        out.put("targetRate", load.targetRate());
        out.put("latencyMicros", percentiles(load.latency()));
        if (load.uncorrected() != null) {
            out.put("uncorrectedLatencyMicros", percentiles(load.uncorrected()));
        }
        List<Map<String, Double>> window = rows.stream().filter(r -> r.get("t_ms") >= 0).toList();
        // counts over the window run from the last sample before it opened (the first inside may come after a snapshot)
        List<Map<String, Double>> before = rows.stream().filter(r -> r.get("t_ms") < 0).toList();
        Map<String, Double> first = !before.isEmpty() ? before.getLast() : window.isEmpty() ? Map.of() : window.getFirst();
        Map<String, Double> last = window.isEmpty() ? Map.of() : window.getLast();
        if (snapshotCommand != null) {
            out.put("snapshotCommand", snapshotCommand);
            out.put("snapshots", delta(first, last, "rdb_saves"));
            out.put("forkPauseMicros", forkPause(rows));
            out.put("copiedBytes", max(window, "current_cow_peak", "current_cow_size", "rdb_last_cow_size"));
        }
        out.put("fsyncs", delta(first, last, "storage_fsyncs"));
        out.put("fsyncMaxMicros", max(window, "storage_fsync_max_us"));
        out.put("delayedFsyncs", delta(first, last, "aof_delayed_fsync"));
        out.put("aofGrowthBytes", delta(first, last, "aof_current_size"));
        out.put("usedMemoryBytes", max(window, "used_memory"));
        out.put("maxInfoMillis", max(window, "info_ms"));
        out.put("benchGcMillis", delta(first, last, "bench_gc_ms"));
        out.put("benchLateMillis", max(window, "bench_late_ms"));
        return out;
    }

    /** The longest fork among those that happened in the window (a row whose total_forks rose). */
    private static Double forkPause(List<Map<String, Double>> rows) {
        Double pause = null;
        for (int i = 1; i < rows.size(); i++) {
            Map<String, Double> row = rows.get(i);
            Double forks = row.get("total_forks");
            Double before = rows.get(i - 1).get("total_forks");
            if (row.get("t_ms") >= 0 && forks != null && before != null && forks > before && row.containsKey("latest_fork_usec")) {
                pause = pause == null ? row.get("latest_fork_usec") : Math.max(pause, row.get("latest_fork_usec"));
            }
        }
        return pause;
    }

    private static Double delta(Map<String, Double> first, Map<String, Double> last, String field) {
        Double a = first.get(field);
        Double b = last.get(field);
        return a == null || b == null ? null : b - a;
    }

    private static Double max(List<Map<String, Double>> rows, String... fields) {
        Double best = null;
        for (Map<String, Double> row : rows) {
            for (String field : fields) {
                Double value = row.get(field);
                if (value != null && (best == null || value > best)) {
                    best = value;
                }
            }
        }
        return best;
    }

    /** p50 .. p99.99, max and mean of a nanosecond histogram, in microseconds. */
    public static Map<String, Object> percentiles(Histogram histogram) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", histogram.getTotalCount());
        for (double p : new double[] {50, 90, 99, 99.9, 99.99}) {
            out.put(label(p), histogram.getValueAtPercentile(p) / 1e3);
        }
        out.put("max", histogram.getMaxValue() / 1e3);
        out.put("mean", histogram.getMean() / 1e3);
        return out;
    }

    /** {@code p50}, {@code p99.9}. */
    public static String label(double percentile) {
        return "p" + (percentile == Math.rint(percentile) ? Long.toString((long) percentile) : Double.toString(percentile));
    }

    private static String summary(LoadResult load) {
        Histogram h = load.latency();
        return String.format(Locale.ROOT, "%,.0f ops/s  p50 %.3f ms  p99 %.3f ms  max %.1f ms%s", load.throughput(),
                h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6,
                load.errors() > 0 ? "  errors " + load.errors() : "");
    }

    private static List<Double> toList(double[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    private static void keepServerLog(Path work, Path dir) {
        Path log = work.resolve("redis.log");
        if (Files.exists(log)) {
            try {
                Files.copy(log, dir.resolve("server.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException ignored) {
                // the log is a courtesy; the result stands without it
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
