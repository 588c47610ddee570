package io.forkline.reports.run;

import io.forkline.reports.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads JMH's JSON result files ({@code -rf json}) from a folder. */
public final class JmhResults {

    private JmhResults() {
    }

    public static List<JmhResult> read(Path dir) throws IOException {
        List<JmhResult> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                out.addAll(parse(file));
            }
        }
        return out;
    }

    static List<JmhResult> parse(Path file) throws IOException {
        if (!(Json.parseFile(file) instanceof List<?> items)) {
            throw new IOException(file + ": expected JMH's JSON array of results");
        }
        List<JmhResult> out = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> result) || !(result.get("primaryMetric") instanceof Map<?, ?> metric)) {
                throw new IOException(file + ": an entry without primaryMetric is not a JMH result");
            }
            Map<String, String> params = new LinkedHashMap<>();
            if (result.get("params") instanceof Map<?, ?> map) {
                map.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
            }
            out.add(new JmhResult(String.valueOf(result.get("benchmark")), String.valueOf(result.get("mode")), params,
                    number(metric.get("score")), number(metric.get("scoreError")), String.valueOf(metric.get("scoreUnit"))));
        }
        return out;
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
