package io.forkline.bench.chronicle;

import io.forkline.bench.load.IntervalLog;
import io.forkline.bench.load.KeyDistribution;
import io.forkline.bench.load.Operation;
import io.forkline.bench.load.Timeline;
import io.forkline.bench.load.Workload;
import io.forkline.bench.study.ScenarioRunner;
import io.forkline.reports.json.Json;
import io.forkline.reports.run.RunLayout;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import org.HdrHistogram.Recorder;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The memory-mapped baseline, run in a JVM of its own (see {@link ChronicleMapLauncher} for the flags
 * Chronicle Map needs on this JDK): a {@code ChronicleMap<CharSequence, byte[]>} persisted to a file,
 * the workload's data set put into it, then the workload's mix of SET (put), GET (get) and DEL
 * (remove) from {@code min(clients, cores)} threads, in process, with no network and no fsync (the
 * OS writes the mapped pages back when it likes). Latencies are recorded as the server scenarios
 * record them, into the same files.
 *
 * <p>Arguments: RESULT_DIR WORKLOAD_JSON. If Chronicle Map cannot run here, result.json says so with
 * the exception, and no number is made up.
 */
public final class ChronicleMapBaseline {

    private ChronicleMapBaseline() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Workload workload = Workload.fromJson(Files.readString(Path.of(args[1])));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scenario", "chronicle-map");
        result.put("target", ChronicleMapLauncher.TARGET);
        result.put("started", Instant.now().toString());
        result.put("workload", workload.toJson());
        result.put("applied", Map.of("engine", "ChronicleMap<CharSequence, byte[]> createPersistedTo(file)",
                "threads", Integer.toString(threads(workload))));
        result.put("notes", List.of("in process: no network, no RESP; persisted by the OS writing back the mapped file (nothing is fsynced)",
                "threads: min(clients, cores) = " + threads(workload) + ", each " + (workload.openLoop() ? "open loop" : "closed loop")));
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        try {
            for (Operation op : workload.commands().weights().keySet()) {
                if (op != Operation.SET && op != Operation.GET && op != Operation.DEL) {
                    throw new UnsupportedOperationException("the Chronicle Map baseline runs SET, GET and DEL only; the mix has " + op);
                }
            }
            run(workload, dir, data.resolve("baseline.cm3"), result);
        } catch (UnsupportedOperationException e) {
            result.put("status", "skipped");
            result.put("reason", e.getMessage());
        } catch (Throwable e) {
            result.put("status", "skipped");
            result.put("reason", "Chronicle Map cannot run here: " + rootCause(e));
            result.put("exception", stackTrace(e));
        }
        result.put("finished", Instant.now().toString());
        Files.writeString(dir.resolve(RunLayout.RESULT_JSON), Json.write(result) + "\n");
        if (!Files.exists(dir.resolve(RunLayout.EVENTS_JSON))) {
            Files.writeString(dir.resolve(RunLayout.EVENTS_JSON), "[]\n");
        }
    }

    static int threads(Workload workload) {
        return Math.max(1, Math.min(workload.clients(), Runtime.getRuntime().availableProcessors()));
    }

    private static void run(Workload workload, Path dir, Path file, Map<String, Object> result) throws Exception {
        String averageKey = "key:" + "0".repeat(12);
        try (ChronicleMap<CharSequence, byte[]> map = ChronicleMapBuilder.of(CharSequence.class, byte[].class)
                .name("forkline-baseline")
                .entries(Math.max(1, workload.keys()))
                .averageKey(averageKey)
                .averageValueSize(workload.valueSize())
                .createPersistedTo(file.toFile())) {
            long preloadStart = System.nanoTime();
            byte[] value = new byte[workload.valueSize()];
            SplittableRandom random = new SplittableRandom(workload.seed());
            StringBuilder key = new StringBuilder(32);
            if (workload.preload()) {
                for (long k = 0; k < workload.keys(); k++) {
                    fill(value, random);
                    map.put(keyName(key, k), value);
                }
            }
            double preloadSeconds = (System.nanoTime() - preloadStart) / 1e9;
            result.put("preload", Map.of("requests", workload.preload() ? workload.keys() : 0, "errors", 0, "seconds", preloadSeconds));
            measure(workload, dir, map, file, result);
        }
    }

    private static void measure(Workload workload, Path dir, ChronicleMap<CharSequence, byte[]> map, Path file, Map<String, Object> result)
            throws Exception {
        int threads = threads(workload);
        Timeline timeline = Timeline.startingIn(100_000_000L, workload.warmupSeconds(), workload.durationSeconds());
        result.put("measureStartEpochMillis", timeline.epochMillisAtMeasureFrom());
        Recorder corrected = new Recorder(3);
        Recorder uncorrected = workload.openLoop() ? new Recorder(3) : null;
        KeyDistribution keys = workload.keyDistribution();
        List<Worker> workers = new ArrayList<>();
        double period = workload.openLoop() ? threads * 1e9 / workload.rate() : 0;
        for (int t = 0; t < threads; t++) {
            workers.add(new Worker(map, workload, keys, timeline, period, (long) (period * t / threads), corrected, uncorrected,
                    workload.seed() * 1_000_003L + t));
        }
        List<String> counters = new ArrayList<>();
        counters.add("t_ms,used_memory,used_memory_rss,mapped_file_bytes");
        try (IntervalLog log = new IntervalLog(dir.resolve(RunLayout.LATENCY_HLOG), "chronicle-map in process", timeline, corrected,
                uncorrected)) {
            List<Thread> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread thread = new Thread(workers.get(t), "chronicle-worker-" + t);
                thread.setDaemon(true);
                running.add(thread);
                thread.start();
            }
            long nextSample = System.nanoTime();
            while (running.stream().anyMatch(Thread::isAlive)) {
                long now = System.nanoTime();
                if (now >= timeline.measureFromNanos()) {
                    log.tick(now);
                }
                if (now >= nextSample) {
                    counters.add(String.format(Locale.ROOT, "%.3f,%d,%d,%d", timeline.millisFromMeasureStart(now), map.offHeapMemoryUsed(),
                            rss(), Files.size(file)));
                    nextSample += 250_000_000L;
                }
                Thread.sleep(20);
            }
            log.flush(System.nanoTime());
            Map<Operation, Long> perOperation = new EnumMap<>(Operation.class);
            long operations = 0;
            for (Worker worker : workers) {
                for (Operation op : Operation.values()) {
                    if (worker.operations[op.ordinal()] > 0) {
                        perOperation.merge(op, worker.operations[op.ordinal()], Long::sum);
                        operations += worker.operations[op.ordinal()];
                    }
                }
            }
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("operations", operations);
            metrics.put("perOperation", perOperation);
            metrics.put("errors", 0);
            metrics.put("unanswered", 0);
            metrics.put("seconds", timeline.measuredSeconds());
            metrics.put("throughput", operations / timeline.measuredSeconds());
            metrics.put("targetRate", workload.rate());
            metrics.put("latencyMicros", ScenarioRunner.percentiles(log.total()));
            if (log.totalUncorrected() != null) {
                metrics.put("uncorrectedLatencyMicros", ScenarioRunner.percentiles(log.totalUncorrected()));
            }
            metrics.put("usedMemoryBytes", map.offHeapMemoryUsed());
            result.put("metrics", metrics);
            result.put("status", "ok");
        }
        Files.writeString(dir.resolve(RunLayout.COUNTERS_CSV), String.join("\n", counters) + "\n");
    }

    /** One thread's share: closed loop, or its slice of the open loop's rate, timed from each operation's intended start. */
    private static final class Worker implements Runnable {
        private final ChronicleMap<CharSequence, byte[]> map;
        private final Workload workload;
        private final KeyDistribution keys;
        private final Timeline timeline;
        private final double period;
        private final long offset;
        private final Recorder corrected;
        private final Recorder uncorrected;
        private final SplittableRandom random;
        final long[] operations = new long[Operation.values().length];

        Worker(ChronicleMap<CharSequence, byte[]> map, Workload workload, KeyDistribution keys, Timeline timeline, double period,
               long offset, Recorder corrected, Recorder uncorrected, long seed) {
            this.map = map;
            this.workload = workload;
            this.keys = keys;
            this.timeline = timeline;
            this.period = period;
            this.offset = offset;
            this.corrected = corrected;
            this.uncorrected = uncorrected;
            this.random = new SplittableRandom(seed);
        }

        @Override
        public void run() {
            StringBuilder key = new StringBuilder(32);
            byte[] value = new byte[workload.valueSize()];
            byte[] using = new byte[workload.valueSize()];
            fill(value, random);
            long start = timeline.startNanos() + offset;
            while (System.nanoTime() < start) {
                LockSupport.parkNanos(start - System.nanoTime());
            }
            for (long k = 0; ; k++) {
                long intended = period > 0 ? start + (long) (k * period) : System.nanoTime();
                if (intended >= timeline.measureToNanos()) {
                    return;
                }
                long now = System.nanoTime();
                if (intended > now) {
                    LockSupport.parkNanos(intended - now);
                }
                Operation op = workload.commands().pick(random);
                CharSequence name = keyName(key, keys.next(random));
                long sent = System.nanoTime();
                switch (op) {
                    case SET -> {
                        value[random.nextInt(value.length)] = (byte) ('a' + random.nextInt(26));
                        map.put(name, value);
                    }
                    case GET -> map.getUsing(name, using);
                    case DEL -> map.remove(name);
                    default -> throw new UnsupportedOperationException(op.toString());
                }
                long done = System.nanoTime();
                if (intended >= timeline.measureFromNanos()) {
                    operations[op.ordinal()]++;
                    corrected.recordValue(Math.max(1, done - (period > 0 ? intended : sent)));
                    if (uncorrected != null) {
                        uncorrected.recordValue(Math.max(1, done - sent));
                    }
                }
            }
        }
    }

    private static CharSequence keyName(StringBuilder key, long k) {
        key.setLength(0);
        key.append("key:");
        String digits = Long.toString(k);
        for (int i = digits.length(); i < 12; i++) {
            key.append('0');
        }
        return key.append(digits);
    }

    private static void fill(byte[] value, SplittableRandom random) {
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) ('a' + random.nextInt(26));
        }
    }

    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.toString() : e + " (caused by " + root + ")";
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
