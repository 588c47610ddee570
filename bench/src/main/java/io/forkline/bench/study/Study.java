package io.forkline.bench.study;

import io.forkline.bench.load.Workload;
import io.forkline.reports.json.Json;
import io.forkline.reports.json.JsonException;
import io.forkline.reports.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A study as data: one workload and the scenarios it runs under. The default study
 * ({@code default-study.json} beside this class) is what {@code forkline bench} runs without options.
 */
public record Study(String name, String description, Workload workload, List<Scenario> scenarios) {

    public Study {
        scenarios = List.copyOf(scenarios);
        Set<String> names = new java.util.HashSet<>();
        for (Scenario scenario : scenarios) {
            if (!names.add(scenario.name())) {
                throw new IllegalArgumentException("study " + name + ": two scenarios are named " + scenario.name());
            }
        }
    }

    public static Study defaultStudy() {
        try (InputStream in = Study.class.getResourceAsStream("default-study.json")) {
            if (in == null) {
                throw new IllegalStateException("default-study.json is missing from the bench jar");
            }
            return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A study from its JSON text; an error names the member at fault. */
    public static Study fromJson(String text) {
        try {
            JsonObject json = JsonObject.parse(text, "study");
            json.onlyKnown(Set.of("name", "description", "workload", "scenarios"));
            Workload workload = json.has("workload") ? Workload.fromJson(Json.write(json.object("workload").members()))
                    : Workload.writeHeavy();
            List<Scenario> scenarios = new ArrayList<>();
            for (JsonObject scenario : json.objects("scenarios")) {
                scenarios.add(Scenario.fromJson(scenario));
            }
            if (scenarios.isEmpty()) {
                throw new IllegalArgumentException("study: no scenarios");
            }
            return new Study(json.string("name", "study"), json.string("description", ""), workload, scenarios);
        } catch (JsonException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The scenarios named (comma-separated), in the study's order; an unknown name is an error listing the known ones. */
    public Study only(String names) {
        Set<String> wanted = new java.util.LinkedHashSet<>();
        for (String part : names.split(",")) {
            if (!part.isBlank()) {
                wanted.add(part.trim());
            }
        }
        List<String> known = scenarios.stream().map(Scenario::name).toList();
        for (String name : wanted) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("no scenario named '" + name + "'; the study has " + String.join(", ", known));
            }
        }
        return new Study(name, description, workload, scenarios.stream().filter(s -> wanted.contains(s.name())).toList());
    }

    public Study withWorkload(Workload other) {
        return new Study(name, description, other, scenarios);
    }

    /** Every server scenario that does not set {@code directive} gets {@code value} (e.g. page-size from --page-size). */
    public Study withDefaultDirective(String directive, String value) {
        return new Study(name, description, workload, scenarios.stream().map(s -> s.withDefault(directive, value)).toList());
    }

    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("description", description);
        out.put("workload", workload.toJson());
        out.put("scenarios", scenarios.stream().map(Scenario::toJson).toList());
        return out;
    }
}
