package io.forkline.reports.run;

import io.forkline.reports.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A run folder read back (see {@link RunLayout}): run.json, every result folder in the order the
 * run lists them (or in the study's order, then by name, for a run cut short), and JMH results.
 */
public final class RunFolder {

    private final Path dir;
    private final JsonObject run;
    private final List<ResultFolder> results;
    private final List<JmhResult> jmh;

    private RunFolder(Path dir, JsonObject run, List<ResultFolder> results, List<JmhResult> jmh) {
        this.dir = dir;
        this.run = run;
        this.results = List.copyOf(results);
        this.jmh = List.copyOf(jmh);
    }

    public static RunFolder read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a folder");
        }
        Path runFile = dir.resolve(RunLayout.RUN_JSON);
        JsonObject run;
        if (Files.exists(runFile)) {
            try {
                run = JsonObject.parse(Files.readString(runFile), "");
            } catch (RuntimeException e) {
                throw new IOException(runFile + ": " + e.getMessage(), e);
            }
        } else {
            run = new JsonObject(new java.util.LinkedHashMap<>(), "");
        }
        List<ResultFolder> results = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir, 3)) {
            for (Path file : files.filter(p -> p.getFileName().toString().equals(RunLayout.RESULT_JSON)).sorted().toList()) {
                if (dir.relativize(file).getNameCount() == 3) {
                    results.add(ResultFolder.read(file.getParent()));
                }
            }
        }
        List<String> order = scenarioOrder(run);
        results.sort(Comparator.comparingInt((ResultFolder r) -> {
            int at = order.indexOf(r.scenario());
            return at < 0 ? Integer.MAX_VALUE : at;
        }).thenComparing(ResultFolder::scenario).thenComparing(ResultFolder::target));
        List<JmhResult> jmh = JmhResults.read(dir.resolve(RunLayout.JMH_DIR));
        if (results.isEmpty() && jmh.isEmpty()) {
            throw new IOException(dir + ": no results (no SCENARIO/TARGET/" + RunLayout.RESULT_JSON + ", no " + RunLayout.JMH_DIR
                    + "/*.json): not a run folder");
        }
        return new RunFolder(dir, run, results, jmh);
    }

    private static List<String> scenarioOrder(JsonObject run) {
        List<String> order = new ArrayList<>();
        if (run.has("study")) {
            for (JsonObject scenario : run.object("study").objects("scenarios")) {
                order.add(scenario.string("name", ""));
            }
        }
        return order;
    }

    public Path dir() {
        return dir;
    }

    /** The folder's name, which the report uses to tell runs apart. */
    public String name() {
        return dir.toAbsolutePath().normalize().getFileName().toString();
    }

    public JsonObject json() {
        return run;
    }

    public String title() {
        return run.string("title", "forkline run");
    }

    public List<ResultFolder> results() {
        return results;
    }

    public List<JmhResult> jmh() {
        return jmh;
    }

    /** The target names in the order their results appear. */
    public List<String> targets() {
        return results.stream().map(ResultFolder::target).distinct().toList();
    }

    public Map<String, String> section(String name) {
        return run.strings(name);
    }
}
