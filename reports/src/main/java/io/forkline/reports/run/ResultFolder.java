package io.forkline.reports.run;

import io.forkline.reports.json.Json;
import io.forkline.reports.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One scenario on one target, read from its folder: result.json, and lazily the latency log,
 * the counters and the events.
 */
public final class ResultFolder {

    private final Path dir;
    private final JsonObject result;
    private LatencyLog latency;
    private CounterTable counters;
    private List<RunEvent> events;

    private ResultFolder(Path dir, JsonObject result) {
        this.dir = dir;
        this.result = result;
    }

    public static ResultFolder read(Path dir) throws IOException {
        Path file = dir.resolve(RunLayout.RESULT_JSON);
        try {
            return new ResultFolder(dir, JsonObject.parse(Files.readString(file), ""));
        } catch (RuntimeException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    public String scenario() {
        return result.string("scenario", dir.getParent().getFileName().toString());
    }

    public String target() {
        return result.string("target", dir.getFileName().toString());
    }

    /** {@code ok}, {@code skipped}, {@code failed} (or {@code running} for a run cut short). */
    public String status() {
        return result.string("status", "unknown");
    }

    public boolean ok() {
        return status().equals("ok");
    }

    public String reason() {
        return result.string("reason", "");
    }

    public String description() {
        return result.string("description", "");
    }

    public JsonObject json() {
        return result;
    }

    public JsonObject metrics() {
        return result.objectOrEmpty("metrics");
    }

    /** A metric, or null when the result has none (not measured, or not reported by the server). */
    public Double metric(String name) {
        JsonObject metrics = metrics();
        return metrics.has(name) ? metrics.number(name) : null;
    }

    public Map<String, String> applied() {
        return result.strings("applied");
    }

    public Map<String, String> directives() {
        return result.strings("directives");
    }

    public List<String> notes() {
        List<String> out = new ArrayList<>();
        if (result.has("notes")) {
            for (Object note : result.array("notes")) {
                out.add(String.valueOf(note));
            }
        }
        return out;
    }

    public LatencyLog latency() throws IOException {
        if (latency == null) {
            latency = LatencyLog.read(dir.resolve(RunLayout.LATENCY_HLOG));
        }
        return latency;
    }

    public CounterTable counters() throws IOException {
        if (counters == null) {
            counters = CounterTable.read(dir.resolve(RunLayout.COUNTERS_CSV));
        }
        return counters;
    }

    public List<RunEvent> events() throws IOException {
        if (events == null) {
            List<RunEvent> out = new ArrayList<>();
            Path file = dir.resolve(RunLayout.EVENTS_JSON);
            if (Files.exists(file)) {
                if (!(Json.parseFile(file) instanceof List<?> items)) {
                    throw new IOException(file + ": expected a JSON array of events");
                }
                for (Object item : items) {
                    if (item instanceof Map<?, ?> map) {
                        Object t = map.get("t_ms");
                        out.add(new RunEvent(t instanceof Number n ? n.doubleValue() : 0, String.valueOf(map.get("kind")),
                                String.valueOf(map.get("detail"))));
                    }
                }
            }
            events = out;
        }
        return events;
    }
}
