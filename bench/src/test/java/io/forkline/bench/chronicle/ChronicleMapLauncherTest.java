package io.forkline.bench.chronicle;

import io.forkline.bench.load.Workload;
import io.forkline.bench.study.ScenarioRunner;
import io.forkline.reports.json.JsonObject;
import io.forkline.reports.run.RunLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** When the baseline's JVM cannot even start, the result says why; no number is made up. */
class ChronicleMapLauncherTest {

    @TempDir
    Path run;

    @Test
    void aChildThatDiesLeavesAFailedResultWithItsOutput() throws Exception {
        Workload workload = Workload.writeHeavy().withKeys(10).withDurations(0, 0.1);
        ScenarioRunner.Outcome outcome = ChronicleMapLauncher.run(run, "chronicle-map", workload, run.resolve("no-such.jar").toString());
        assertThat(outcome.status()).isEqualTo("failed");
        Path dir = RunLayout.resultDir(run, "chronicle-map", ChronicleMapLauncher.TARGET);
        JsonObject result = JsonObject.parse(Files.readString(dir.resolve(RunLayout.RESULT_JSON)), "");
        assertThat(result.string("status")).isEqualTo("failed");
        assertThat(result.string("reason")).startsWith("the Chronicle Map JVM exited with 1 before writing a result: ")
                .contains(ChronicleMapBaseline.class.getName());
        assertThat(result.has("metrics")).isFalse();
        assertThat(dir.resolve("data")).doesNotExist();
    }

    /** The real thing, small: Chronicle Map 2026.1 in a child JVM with its flags, on this JDK. */
    @Test
    void runsTheBaselineInAChildJvm() throws Exception {
        Workload workload = Workload.writeHeavy().withKeys(2000).withClients(2).withDurations(0.2, 0.5);
        ScenarioRunner.Outcome outcome = ChronicleMapLauncher.run(run, "chronicle-map", workload, System.getProperty("java.class.path"));
        Path dir = RunLayout.resultDir(run, "chronicle-map", ChronicleMapLauncher.TARGET);
        JsonObject result = JsonObject.parse(Files.readString(dir.resolve(RunLayout.RESULT_JSON)), "");
        assertThat(outcome.status()).as("%s; child output: %s", outcome.line(), Files.readString(dir.resolve("child.log"))).isEqualTo("ok");
        JsonObject metrics = result.object("metrics");
        assertThat(metrics.integer("operations")).isPositive();
        assertThat(metrics.object("latencyMicros").integer("count")).isEqualTo(metrics.integer("operations"));
        assertThat(result.object("preload").integer("requests")).isEqualTo(2000);
        assertThat(Files.readAllLines(dir.resolve(RunLayout.COUNTERS_CSV)).getFirst()).isEqualTo("t_ms,used_memory,used_memory_rss,mapped_file_bytes");
        assertThat(dir.resolve(RunLayout.LATENCY_HLOG)).isNotEmptyFile();
        assertThat(dir.resolve("data")).as("the mapped file is deleted").doesNotExist();
    }

    @Test
    void aMixTheBaselineCannotRunIsSkippedWithTheReason() throws Exception {
        Path dir = run.resolve("chronicle-map").resolve("jvm");
        Files.createDirectories(dir);
        Path workload = dir.resolve("w.json");
        Files.writeString(workload, "{\"commands\": {\"INCR\": 1}, \"keys\": 10, \"durationSeconds\": 0.1}");
        ChronicleMapBaseline.main(new String[] {dir.toString(), workload.toString()});
        JsonObject result = JsonObject.parse(Files.readString(dir.resolve(RunLayout.RESULT_JSON)), "");
        assertThat(result.string("status")).isEqualTo("skipped");
        assertThat(result.string("reason")).isEqualTo("the Chronicle Map baseline runs SET, GET and DEL only; the mix has INCR");
    }
}
