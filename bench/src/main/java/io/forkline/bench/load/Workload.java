package io.forkline.bench.load;

import io.forkline.reports.json.Json;
import io.forkline.reports.json.JsonException;
import io.forkline.reports.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What load to apply, as data (a JSON file or the command line's options): the command mix, the key
 * space and its popularity, the value size, how many connections with how deep a pipeline, closed loop
 * ({@code rate} 0: each connection sends as soon as its replies come back, like redis-benchmark) or
 * open loop at {@code rate} requests per second with latencies measured from each request's intended
 * start (like wrk2), the warm-up and measured durations, and whether to load the data set first.
 *
 * <pre>
 * {"name": "write-heavy", "commands": {"SET": 80, "GET": 20}, "keys": 200000, "valueSize": 100,
 *  "distribution": "uniform", "clients": 50, "pipeline": 1, "rate": 0,
 *  "warmupSeconds": 2, "durationSeconds": 10, "preload": true, "seed": 1}
 * </pre>
 */
public record Workload(String name, CommandMix commands, long keys, int valueSize, String distribution,
                       double zipfianTheta, int clients, int pipeline, int threads, double rate,
                       double warmupSeconds, double durationSeconds, boolean preload, long seed) {

    private static final Set<String> MEMBERS = Set.of("name", "commands", "keys", "valueSize", "distribution",
            "zipfianTheta", "clients", "pipeline", "threads", "rate", "warmupSeconds", "durationSeconds", "preload", "seed");

    public Workload {
        if (keys < 1 || keys > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("keys must be 1 to 2147483647, got " + keys);
        }
        if (valueSize < 1 || valueSize > 64 * 1024 * 1024) {
            throw new IllegalArgumentException("valueSize must be 1 byte to 64 MiB, got " + valueSize);
        }
        if (!distribution.equals("uniform") && !distribution.equals("zipfian")) {
            throw new IllegalArgumentException("distribution must be uniform or zipfian, got '" + distribution + "'");
        }
        if (clients < 1 || pipeline < 1 || threads < 1) {
            throw new IllegalArgumentException("clients, pipeline and threads must be at least 1, got " + clients + ", "
                    + pipeline + ", " + threads);
        }
        if (rate < 0 || warmupSeconds < 0 || durationSeconds <= 0) {
            throw new IllegalArgumentException("rate and warm-up must not be negative and the duration must be positive, got "
                    + rate + ", " + warmupSeconds + ", " + durationSeconds);
        }
    }

    /** The default study's workload: 80% SET and 20% GET of 100-byte values over 200,000 keys, 50 clients, closed loop. */
    public static Workload writeHeavy() {
        return new Workload("write-heavy", CommandMix.parse("SET=80,GET=20"), 200_000, 100, "uniform", 0.99,
                50, 1, 1, 0, 2, 10, true, 1);
    }

    public boolean openLoop() {
        return rate > 0;
    }

    public KeyDistribution keyDistribution() {
        return distribution.equals("zipfian") ? new ZipfianDistribution(keys, zipfianTheta, true) : new KeyDistribution.Uniform(keys);
    }

    /** The workload a JSON object describes; members left out take {@link #writeHeavy()}'s values. */
    public static Workload fromJson(String text) {
        JsonObject json;
        try {
            json = JsonObject.parse(text, "workload");
            json.onlyKnown(MEMBERS);
        } catch (JsonException e) {
            throw new IllegalArgumentException("workload: " + e.getMessage(), e);
        }
        Workload base = writeHeavy();
        try {
            CommandMix commands = base.commands();
            if (json.has("commands")) {
                Map<Operation, Integer> weights = new LinkedHashMap<>();
                JsonObject mix = json.object("commands");
                for (String op : mix.names()) {
                    weights.put(Operation.named(op), Math.toIntExact(mix.integer(op)));
                }
                commands = new CommandMix(weights);
            }
            return new Workload(json.string("name", base.name()), commands, json.integer("keys", base.keys()),
                    Math.toIntExact(json.integer("valueSize", base.valueSize())), json.string("distribution", base.distribution()),
                    json.number("zipfianTheta", base.zipfianTheta()), Math.toIntExact(json.integer("clients", base.clients())),
                    Math.toIntExact(json.integer("pipeline", base.pipeline())), Math.toIntExact(json.integer("threads", base.threads())),
                    json.number("rate", base.rate()), json.number("warmupSeconds", base.warmupSeconds()),
                    json.number("durationSeconds", base.durationSeconds()), json.bool("preload", base.preload()),
                    json.integer("seed", base.seed()));
        } catch (JsonException | ArithmeticException e) {
            throw new IllegalArgumentException("workload: " + e.getMessage(), e);
        }
    }

    /** This workload as the JSON {@link #fromJson} reads. */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        Map<String, Object> mix = new LinkedHashMap<>();
        commands.weights().forEach((op, weight) -> mix.put(op.name(), weight));
        out.put("commands", mix);
        out.put("keys", keys);
        out.put("valueSize", valueSize);
        out.put("distribution", distribution);
        if (distribution.equals("zipfian")) {
            out.put("zipfianTheta", zipfianTheta);
        }
        out.put("clients", clients);
        out.put("pipeline", pipeline);
        out.put("threads", threads);
        out.put("rate", rate);
        out.put("warmupSeconds", warmupSeconds);
        out.put("durationSeconds", durationSeconds);
        out.put("preload", preload);
        out.put("seed", seed);
        return out;
    }

    public String toJsonText() {
        return Json.write(toJson());
    }

    public Workload withClients(int value) {
        return new Workload(name, commands, keys, valueSize, distribution, zipfianTheta, value, pipeline, threads, rate,
                warmupSeconds, durationSeconds, preload, seed);
    }

    public Workload withPipeline(int value) {
        return new Workload(name, commands, keys, valueSize, distribution, zipfianTheta, clients, value, threads, rate,
                warmupSeconds, durationSeconds, preload, seed);
    }

    public Workload withThreads(int value) {
        return new Workload(name, commands, keys, valueSize, distribution, zipfianTheta, clients, pipeline, value, rate,
                warmupSeconds, durationSeconds, preload, seed);
    }

    public Workload withRate(double value) {
        return new Workload(name, commands, keys, valueSize, distribution, zipfianTheta, clients, pipeline, threads, value,
                warmupSeconds, durationSeconds, preload, seed);
    }

    public Workload withKeys(long value) {
        return new Workload(name, commands, value, valueSize, distribution, zipfianTheta, clients, pipeline, threads, rate,
                warmupSeconds, durationSeconds, preload, seed);
    }

    public Workload withValueSize(int value) {
        return new Workload(name, commands, keys, value, distribution, zipfianTheta, clients, pipeline, threads, rate,
                warmupSeconds, durationSeconds, preload, seed);
    }

    public Workload withDurations(double warmup, double duration) {
        return new Workload(name, commands, keys, valueSize, distribution, zipfianTheta, clients, pipeline, threads, rate,
                warmup, duration, preload, seed);
    }

    public Workload withCommands(CommandMix value) {
        return new Workload(name, value, keys, valueSize, distribution, zipfianTheta, clients, pipeline, threads, rate,
                warmupSeconds, durationSeconds, preload, seed);
    }

    public Workload withDistribution(String value, double theta) {
        return new Workload(name, commands, keys, valueSize, value, theta, clients, pipeline, threads, rate,
                warmupSeconds, durationSeconds, preload, seed);
    }

    public Workload withPreload(boolean value) {
        return new Workload(name, commands, keys, valueSize, distribution, zipfianTheta, clients, pipeline, threads, rate,
                warmupSeconds, durationSeconds, value, seed);
    }
}
