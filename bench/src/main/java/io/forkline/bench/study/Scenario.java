package io.forkline.bench.study;

import io.forkline.reports.json.JsonObject;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One setting of the server under the study's workload: redis.conf directives (as
 * {@code redis-server --name value} takes them) and, optionally, snapshots asked for during the
 * measured window. {@code engine} is {@code server} for anything that speaks RESP, or
 * {@code chronicle-map} for the in-process memory-mapped baseline, which has no directives.
 */
public record Scenario(String name, String description, String engine, Map<String, String> directives, SnapshotSchedule snapshot) {

    public static final String SERVER = "server";
    public static final String CHRONICLE_MAP = "chronicle-map";

    public Scenario {
        if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("scenario name '" + name + "' must be lower-case letters, digits, '.', '_' or '-'"
                    + " (it names a folder)");
        }
        if (!engine.equals(SERVER) && !engine.equals(CHRONICLE_MAP)) {
            throw new IllegalArgumentException("scenario " + name + ": engine must be server or chronicle-map, got '" + engine + "'");
        }
        directives = Collections.unmodifiableMap(new LinkedHashMap<>(directives));   // keeps the order given
    }

    public boolean isServer() {
        return engine.equals(SERVER);
    }

    /** A directive's value, or null. */
    public String directive(String name) {
        return directives.get(name);
    }

    /** This scenario with one more directive, unless it already sets it. */
    public Scenario withDefault(String name, String value) {
        if (!isServer() || directives.containsKey(name)) {
            return this;
        }
        Map<String, String> more = new LinkedHashMap<>(directives);
        more.put(name, value);
        return new Scenario(this.name, description, engine, more, snapshot);
    }

    static Scenario fromJson(JsonObject json) {
        json.onlyKnown(Set.of("name", "description", "engine", "directives", "snapshot"));
        return new Scenario(json.string("name"), json.string("description", ""), json.string("engine", SERVER),
                json.strings("directives"), json.has("snapshot") ? SnapshotSchedule.fromJson(json.object("snapshot")) : null);
    }

    Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("description", description);
        out.put("engine", engine);
        out.put("directives", directives);
        if (snapshot != null) {
            out.put("snapshot", snapshot.toJson());
        }
        return out;
    }
}
