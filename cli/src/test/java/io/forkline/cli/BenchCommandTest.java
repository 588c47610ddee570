package io.forkline.cli;

import io.forkline.reports.run.RunLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code forkline bench} end to end on the embedded server, short: the run folder, its report, the summary printed. */
class BenchCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int bench(String... args) {
        CommandLine line = new CommandLine(new BenchCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        return line.execute(args);
    }

    @Test
    void runsAScenarioAndWritesItsReport() throws Exception {
        Path run = dir.resolve("run");
        int code = bench("--scenario", "none,aof-always", "--duration", "0.4", "--warmup", "0.1", "--keys", "200", "--clients", "3",
                "--out", run.toString());
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed).contains("[1/2] none on forkline", "[2/2] aof-always on forkline", "Summary: run", "report: ");
        assertThat(run.resolve(RunLayout.RUN_JSON)).isNotEmptyFile();
        assertThat(run.resolve(RunLayout.INDEX_HTML)).isNotEmptyFile();
        assertThat(Files.readString(run.resolve(RunLayout.SUMMARY_TXT))).containsPattern("none\\s+forkline\\s+[0-9,]+\\s");
        assertThat(Files.readString(run.resolve(RunLayout.RUN_JSON))).contains("\"command\": \"forkline bench --scenario none,aof-always");
        assertThat(RunLayout.resultDir(run, "aof-always", "forkline").resolve(RunLayout.RESULT_JSON)).exists();
    }

    @Test
    void refusesWhatItCannotRun() {
        assertThat(bench("--scenario", "nope", "--out", dir.resolve("x").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no scenario named 'nope'");
        assertThat(bench("--target", "127.0.0.1:1", "--compare-redis")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--target and --compare-redis exclude each other");
        assertThat(bench("--list")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("bgsave-fork-2m", "chronicle-map");
    }
}
