package io.forkline.bench.study;

import io.forkline.reports.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Marked moments of a scenario (snapshot asked for and answered, save running and done, fork, slow
 * or delayed fsync), in milliseconds from the opening of the measured window. Thread-safe.
 */
public final class EventLog {

    /** One event. */
    public record Event(double tMillis, String kind, String detail) {
    }

    private final List<Event> events = new ArrayList<>();

    public synchronized void add(double tMillis, String kind, String detail) {
        events.add(new Event(tMillis, kind, detail));
    }

    /** Replaces every event with another log's. */
    public synchronized void replaceWith(EventLog other) {
        List<Event> copy = other.events();
        events.clear();
        events.addAll(copy);
    }

    public synchronized List<Event> events() {
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(java.util.Comparator.comparingDouble(Event::tMillis));
        return sorted;
    }

    public void write(Path file) throws IOException {
        List<Object> out = new ArrayList<>();
        for (Event event : events()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("t_ms", Math.round(event.tMillis() * 1000) / 1000.0);
            item.put("kind", event.kind());
            item.put("detail", event.detail());
            out.add(item);
        }
        Files.writeString(file, Json.write(out) + "\n");
    }
}
