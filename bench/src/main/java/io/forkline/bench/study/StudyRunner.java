package io.forkline.bench.study;

import io.forkline.bench.chronicle.ChronicleMapLauncher;
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

/**
 * Runs a study into a run folder: every server scenario on every target, the targets alternating
 * in order from one scenario to the next (so that with two targets neither always runs first on a
 * machine that warms up or gets busier), and the in-process baseline once. Writes run.json before
 * (so a run cut short is still readable) and after.
 */
public final class StudyRunner {

    /** One scenario on one target, and how it went. */
    public record Entry(String scenario, String target, String status, String line) {
    }

    private final Study study;
    private final List<Target> targets;
    private final Path runDir;
    private final StudyProgress progress;
    private final Map<String, Object> settings;
    private final Path sourceDir;

    /**
     * @param settings  the options the run was started with, recorded in run.json
     * @param sourceDir the source checkout whose git commit the run records
     */
    public StudyRunner(Study study, List<Target> targets, Path runDir, StudyProgress progress, Map<String, Object> settings,
                       Path sourceDir) {
        this.study = study;
        this.targets = List.copyOf(targets);
        this.runDir = runDir;
        this.progress = progress;
        this.settings = settings;
        this.sourceDir = sourceDir;
    }

    public List<Entry> run() throws IOException, InterruptedException {
        Files.createDirectories(runDir);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("format", 1);
        run.put("title", "forkline bench: " + study.name());
        run.put("started", Instant.now().toString());
        run.put("settings", settings);
        run.put("study", study.toJson());
        Map<String, Object> described = new LinkedHashMap<>();
        for (Target target : targets) {
            described.put(target.name(), target.describe());
        }
        run.put("targets", described);
        run.put("machine", MachineInfo.describe(sourceDir));
        writeRunJson(run);
        List<Entry> entries = new ArrayList<>();
        int total = 0;
        for (Scenario scenario : study.scenarios()) {
            total += scenario.isServer() ? targets.size() : 1;
        }
        int index = 0;
        int serverScenario = 0;
        ScenarioRunner runner = new ScenarioRunner(study.workload(), progress);
        for (Scenario scenario : study.scenarios()) {
            if (!scenario.isServer()) {
                progress.scenario(++index, total, scenario.name(), ChronicleMapLauncher.TARGET);
                progress.step("Chronicle Map in a child JVM");
                ScenarioRunner.Outcome outcome = ChronicleMapLauncher.run(runDir, scenario.name(), study.workload(),
                        System.getProperty("java.class.path"));
                progress.finished(outcome.line());
                entries.add(new Entry(scenario.name(), ChronicleMapLauncher.TARGET, outcome.status(), outcome.line()));
                continue;
            }
            List<Target> order = new ArrayList<>(targets);
            if (serverScenario++ % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (Target target : order) {
                progress.scenario(++index, total, scenario.name(), target.name());
                ScenarioRunner.Outcome outcome = runner.run(scenario, target, runDir);
                progress.finished(outcome.line());
                entries.add(new Entry(scenario.name(), target.name(), outcome.status(), outcome.line()));
            }
        }
        run.put("finished", Instant.now().toString());
        run.put("loadAverageAtEnd", MachineInfo.loadAverage());
        run.put("results", entries.stream().map(e -> Map.of("scenario", e.scenario(), "target", e.target(), "status", e.status(),
                "dir", e.scenario() + "/" + e.target())).toList());
        writeRunJson(run);
        return entries;
    }

    private void writeRunJson(Map<String, Object> run) throws IOException {
        Files.writeString(runDir.resolve(RunLayout.RUN_JSON), Json.write(run) + "\n");
    }
}
