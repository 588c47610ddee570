package io.forkline.bench.chronicle;

import io.forkline.bench.load.Workload;
import io.forkline.bench.study.ScenarioRunner;
import io.forkline.reports.json.Json;
import io.forkline.reports.run.RunLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link ChronicleMapBaseline} in a child JVM with the flags Chronicle Map 2026.1 needs on
 * JDK 25 (exports and opens it reaches into, analytics off, its native temp files in the run
 * folder), waits for it, and makes sure the scenario's result.json exists: when the child dies
 * before writing one, the result says so with the end of its output.
 */
public final class ChronicleMapLauncher {

    /** The target folder name of the baseline. */
    public static final String TARGET = "jvm";

    static final List<String> FLAGS = List.of(
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow",
            "-Dchronicle.analytics.disable=true",
            "-Dchronicle.announcer.disable=true");

    private ChronicleMapLauncher() {
    }

    /** Runs the baseline into {@code RUN/chronicle-map/jvm/}; returns its outcome line. */
    public static ScenarioRunner.Outcome run(Path runDir, String scenario, Workload workload, String classPath)
            throws IOException, InterruptedException {
        Path dir = RunLayout.resultDir(runDir, scenario, TARGET);
        Files.createDirectories(dir);
        Path workloadFile = dir.resolve("workload.json");
        Files.writeString(workloadFile, workload.toJsonText() + "\n");
        Path jna = dir.resolve("data").resolve("jna");
        Files.createDirectories(jna);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(FLAGS);
        command.add("-Djna.tmpdir=" + jna);
        command.add("-Djava.io.tmpdir=" + dir.resolve("data"));
        command.add("-cp");
        command.add(classPath);
        command.add(ChronicleMapBaseline.class.getName());
        command.add(dir.toString());
        command.add(workloadFile.toString());
        Path log = dir.resolve("child.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long limit = (long) (workload.warmupSeconds() + workload.durationSeconds()) + 300;
        boolean ended = process.waitFor(limit, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        deleteData(dir.resolve("data"));
        Files.deleteIfExists(workloadFile);
        Path resultFile = dir.resolve(RunLayout.RESULT_JSON);
        if (!Files.exists(resultFile)) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("scenario", scenario);
            result.put("target", TARGET);
            result.put("status", "failed");
            result.put("reason", ended ? "the Chronicle Map JVM exited with " + process.exitValue() + " before writing a result: "
                    + tail(log) : "the Chronicle Map JVM did not finish within " + limit + " s");
            result.put("finished", Instant.now().toString());
            Files.writeString(resultFile, Json.write(result) + "\n");
            Files.writeString(dir.resolve(RunLayout.EVENTS_JSON), "[]\n");
        }
        Map<String, Object> written = Json.parseObject(Files.readString(resultFile));
        String status = String.valueOf(written.get("status"));
        if (!"ok".equals(status)) {
            return new ScenarioRunner.Outcome(status, status + ": " + written.get("reason"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = (Map<String, Object>) written.get("metrics");
        @SuppressWarnings("unchecked")
        Map<String, Object> latency = (Map<String, Object>) metrics.get("latencyMicros");
        return new ScenarioRunner.Outcome("ok", String.format(java.util.Locale.ROOT, "%,.0f ops/s  p50 %.3f ms  p99 %.3f ms  max %.1f ms",
                ((Number) metrics.get("throughput")).doubleValue(), ((Number) latency.get("p50")).doubleValue() / 1e3,
                ((Number) latency.get("p99")).doubleValue() / 1e3, ((Number) latency.get("max")).doubleValue() / 1e3));
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no output)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    private static void deleteData(Path data) throws IOException {
        if (!Files.exists(data)) {
            return;
        }
        try (var paths = Files.walk(data)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
