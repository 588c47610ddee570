package io.forkline.bench.study;

import io.forkline.bench.load.RespClient;
import io.forkline.bench.load.Timeline;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Samples the server's counters from INFO on its own connection, four times a second by default,
 * from before the warm-up to after the last save: memory, copy-on-write, fork, save and AOF fields
 * as Redis names them, how long INFO itself took (a stalled server shows here), and the fsyncs the
 * {@link CountingStorage} counted when the server is embedded. Changes become events: a save running
 * and done, a fork with its pause, a delayed fsync; and each fsync of the embedded server, as
 * {@code fsync} for the first few hundred (everysec makes about one a second) and afterwards only
 * when slower than 1 ms ({@code fsync-slow}), so that {@code always} does not flood the log.
 */
public final class CounterSampler implements AutoCloseable {

    /** The INFO fields sampled; a field a server does not report stays empty. */
    public static final List<String> FIELDS = List.of("used_memory", "used_memory_rss", "current_cow_size", "current_cow_peak",
            "latest_fork_usec", "total_forks", "rdb_bgsave_in_progress", "rdb_saves", "rdb_last_cow_size",
            "rdb_changes_since_last_save", "aof_enabled", "aof_rewrite_in_progress", "aof_current_size", "aof_buffer_length",
            "aof_pending_bio_fsync", "aof_delayed_fsync", "instantaneous_ops_per_sec", "total_commands_processed");

    /**
     * Columns the bench adds: INFO's round trip; the garbage collectors' total pause time in the bench's JVM
     * (which holds the load generator, and the server when it is embedded: its pauses are the server's too);
     * how late this sampler woke for the sample (the bench's own process held up: a JVM pause or no CPU);
     * and the embedded server's storage counters.
     */
    public static final List<String> OWN = List.of("info_ms", "bench_gc_ms", "bench_late_ms", "storage_fsyncs",
            "storage_fsync_max_us", "storage_bytes_written");

    private final RespClient client;
    private final Timeline timeline;
    private final long periodNanos;
    private final CountingStorage storage;
    private final EventLog events;
    private final List<Map<String, Double>> rows = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile IOException failure;
    private Map<String, Double> previous;
    private long lateNanos;
    private int syncsSeen;
    private int syncEvents;
    private static final int MAX_SYNC_EVENTS = 300;
    private static final long SLOW_SYNC_NANOS = 1_000_000L;

    public CounterSampler(InetSocketAddress address, Timeline timeline, long periodMillis, CountingStorage storage, EventLog events)
            throws IOException {
        this.client = new RespClient(address, 120_000);
        this.timeline = timeline;
        this.periodNanos = periodMillis * 1_000_000L;
        this.storage = storage;
        this.events = events;
        this.thread = new Thread(this::loop, "forkline-counters");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void loop() {
        long next = System.nanoTime();
        while (!stopping) {
            lateNanos = Math.max(0, System.nanoTime() - next);
            try {
                sample();
            } catch (IOException e) {
                failure = e;
                return;
            }
            next += periodNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                } catch (InterruptedException e) {
                    return;
                }
            } else {
                next = System.nanoTime();
            }
        }
    }

    /** Takes one sample now (the sampler's thread, or the caller once the thread has stopped). */
    public void sample() throws IOException {
        long asked = System.nanoTime();
        Map<String, String> info = client.info();
        long answered = System.nanoTime();
        Map<String, Double> row = new LinkedHashMap<>();
        double t = timeline.millisFromMeasureStart(answered);
        row.put("t_ms", t);
        row.put("info_ms", (answered - asked) / 1e6);
        row.put("bench_gc_ms", (double) gcMillis());
        row.put("bench_late_ms", lateNanos / 1e6);
        lateNanos = 0;
        for (String field : FIELDS) {
            String value = info.get(field);
            if (value != null) {
                try {
                    row.put(field, Double.parseDouble(value));
                } catch (NumberFormatException notNumber) {
                    // a field that is not a number is not charted
                }
            }
        }
        if (storage != null) {
            CountingStorage.Counts counts = storage.counts();
            row.put("storage_fsyncs", (double) counts.syncs());
            row.put("storage_fsync_max_us", counts.maxSyncNanos() / 1e3);
            row.put("storage_bytes_written", (double) counts.bytesWritten());
            List<CountingStorage.Sync> syncs = storage.syncs();
            for (int i = syncsSeen; i < syncs.size(); i++) {
                CountingStorage.Sync sync = syncs.get(i);
                boolean slow = sync.nanos() >= SLOW_SYNC_NANOS;
                if (slow || syncEvents < MAX_SYNC_EVENTS) {
                    syncEvents++;
                    events.add(timeline.millisFromMeasureStart(sync.startNanos()), slow ? "fsync-slow" : "fsync",
                            String.format(Locale.ROOT, "%s took %.3f ms", sync.directory() ? "directory sync" : "fdatasync", sync.nanos() / 1e6));
                }
            }
            syncsSeen = syncs.size();
        }
        synchronized (rows) {
            rows.add(row);
        }
        transitions(t, row);
        previous = row;
    }

    private static long gcMillis() {
        long total = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private void transitions(double t, Map<String, Double> row) {
        if (previous == null) {
            return;
        }
        if (rose(row, "rdb_bgsave_in_progress")) {
            events.add(t, "save-running", "INFO rdb_bgsave_in_progress:1");
        }
        if (fell(row, "rdb_bgsave_in_progress")) {
            events.add(t, "save-done", "INFO rdb_bgsave_in_progress:0");
        }
        if (increased(row, "total_forks")) {
            events.add(t, "fork", "latest_fork_usec:" + Math.round(row.getOrDefault("latest_fork_usec", -1.0)));
        }
        if (increased(row, "aof_delayed_fsync")) {
            events.add(t, "fsync-delayed", "aof_delayed_fsync:" + Math.round(row.get("aof_delayed_fsync")));
        }
        if (rose(row, "aof_rewrite_in_progress")) {
            events.add(t, "aof-rewrite-running", "INFO aof_rewrite_in_progress:1");
        }
        if (fell(row, "aof_rewrite_in_progress")) {
            events.add(t, "aof-rewrite-done", "INFO aof_rewrite_in_progress:0");
        }
    }

    private boolean rose(Map<String, Double> row, String field) {
        return previous.getOrDefault(field, 0.0) == 0 && row.getOrDefault(field, 0.0) > 0;
    }

    private boolean fell(Map<String, Double> row, String field) {
        return previous.getOrDefault(field, 0.0) > 0 && row.getOrDefault(field, 0.0) == 0;
    }

    private boolean increased(Map<String, Double> row, String field) {
        Double before = previous.get(field);
        Double now = row.get(field);
        return before != null && now != null && now > before;
    }

    /** Stops the sampling thread (the last sample it was taking completes first). */
    public void stop() throws InterruptedException {
        stopping = true;
        thread.interrupt();
        thread.join();
    }

    /** The rows so far. */
    public List<Map<String, Double>> rows() {
        synchronized (rows) {
            return List.copyOf(rows);
        }
    }

    public IOException failure() {
        return failure;
    }

    /** Writes the rows as CSV: t_ms, the bench's columns, then INFO's fields. */
    public void writeCsv(Path file) throws IOException {
        List<String> columns = new ArrayList<>();
        columns.add("t_ms");
        columns.addAll(OWN);
        columns.addAll(FIELDS);
        StringBuilder out = new StringBuilder(String.join(",", columns)).append('\n');
        for (Map<String, Double> row : rows()) {
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                Double value = row.get(columns.get(i));
                if (value != null) {
                    out.append(value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString(value.longValue())
                            : String.format(Locale.ROOT, "%.3f", value));
                }
            }
            out.append('\n');
        }
        Files.writeString(file, out);
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
