package io.forkline.server.info;

import io.forkline.engine.Engine;
import io.forkline.engine.keyspace.Keyspace;
import io.forkline.pages.PageStats;
import io.forkline.pages.alloc.AllocatorStats;
import io.forkline.server.commands.ConnectionCommands;
import io.forkline.server.exec.ServerRuntime;
import io.forkline.server.exec.ServerStats;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The INFO reply: sections and fields named as Redis 7.0 names them, so that tools which parse
 * INFO (redis-cli, exporters, Redis's test suite) read forkline's too. Sections other modules fill
 * (persistence) are registered as {@link InfoSource}s. Writer thread.
 */
public final class Info {

    private static final List<String> DEFAULT = List.of("server", "clients", "memory", "persistence", "stats",
            "replication", "cpu", "modules", "errorstats", "cluster", "keyspace");
    private static final List<String> ALL_EXTRA = List.of("commandstats", "latencystats");

    private final ServerRuntime runtime;
    private final Map<String, Consumer<StringBuilder>> sections = new LinkedHashMap<>();
    private final Map<String, InfoSource> sources = new LinkedHashMap<>();
    private long peakUsedMemory;

    public Info(ServerRuntime runtime) {
        this.runtime = runtime;
        sections.put("server", this::server);
        sections.put("clients", this::clients);
        sections.put("memory", this::memory);
        sections.put("persistence", out -> { });   // every field comes from the persistence's sources
        sections.put("stats", this::stats);
        sections.put("replication", this::replication);
        sections.put("cpu", this::cpu);
        sections.put("modules", out -> { });
        sections.put("errorstats", this::errorstats);
        sections.put("cluster", out -> out.append("cluster_enabled:0\r\n"));
        sections.put("keyspace", this::keyspace);
        sections.put("commandstats", this::commandstats);
        sections.put("latencystats", out -> { });
    }

    /** Adds fields to a section, after the server's own. */
    public void register(String section, InfoSource source) {
        sources.merge(section, source, (a, b) -> out -> {
            a.appendTo(out);
            b.appendTo(out);
        });
    }

    /** The text for {@code INFO [section ...]}: default, all, everything, or named sections. */
    public String render(List<String> requested) {
        Set<String> wanted = new java.util.LinkedHashSet<>();
        if (requested.isEmpty()) {
            wanted.addAll(DEFAULT);
        }
        for (String name : requested) {
            String section = name.toLowerCase(Locale.ROOT);
            switch (section) {
                case "default" -> wanted.addAll(DEFAULT);
                case "all", "everything" -> {
                    wanted.addAll(DEFAULT);
                    wanted.addAll(ALL_EXTRA);
                }
                default -> wanted.add(section);
            }
        }
        StringBuilder out = new StringBuilder();
        for (var entry : sections.entrySet()) {
            if (!wanted.contains(entry.getKey())) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append("\r\n");
            }
            out.append("# ").append(title(entry.getKey())).append("\r\n");
            entry.getValue().accept(out);
            InfoSource extra = sources.get(entry.getKey());
            if (extra != null) {
                extra.appendTo(out);
            }
        }
        return out.toString();
    }

    private static String title(String section) {
        return switch (section) {
            case "cpu" -> "CPU";
            case "errorstats" -> "Errorstats";
            case "commandstats" -> "Commandstats";
            case "latencystats" -> "Latencystats";
            default -> Character.toUpperCase(section.charAt(0)) + section.substring(1);
        };
    }

    private static void field(StringBuilder out, String name, Object value) {
        out.append(name).append(':').append(value).append("\r\n");
    }

    private void server(StringBuilder out) {
        long now = runtime.clock().millis();
        long uptime = (now - runtime.startMillis()) / 1000;
        Engine engine = runtime.engine();
        field(out, "redis_version", ConnectionCommands.REDIS_VERSION);
        field(out, "redis_git_sha1", "00000000");
        field(out, "redis_git_dirty", 0);
        field(out, "redis_build_id", "0");
        field(out, "redis_mode", "standalone");
        field(out, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        field(out, "arch_bits", 64);
        field(out, "monotonic_clock", "POSIX clock_gettime");
        field(out, "multiplexing_api", "epoll");
        field(out, "atomicvar_api", "c11-builtin");
        field(out, "gcc_version", "0.0.0");
        field(out, "process_id", ProcessHandle.current().pid());
        field(out, "process_supervised", "no");
        field(out, "run_id", runtime.runId());
        field(out, "tcp_port", runtime.port());
        field(out, "server_time_usec", now * 1000);
        field(out, "uptime_in_seconds", uptime);
        field(out, "uptime_in_days", uptime / 86400);
        field(out, "hz", engine.config().hz);
        field(out, "configured_hz", engine.config().hz);
        field(out, "lru_clock", (now / 1000) & 0xFFFFFF);
        field(out, "executable", "");
        field(out, "config_file", runtime.configFile());
        field(out, "io_threads_active", 0);
        field(out, "forkline_version", ForklineVersion.VERSION);
        field(out, "forkline_page_size", engine.memory().pageSize());
    }

    private void clients(StringBuilder out) {
        field(out, "connected_clients", runtime.admission().connected());   // from accept to close, as Redis counts
        field(out, "cluster_connections", 0);
        field(out, "maxclients", runtime.admission().maxClients());
        field(out, "client_recent_max_input_buffer", 0);
        field(out, "client_recent_max_output_buffer", 0);
        field(out, "blocked_clients", runtime.blockedClients());
        field(out, "tracking_clients", runtime.trackingClients());
        field(out, "clients_in_timeout_table", runtime.blockedClients());
    }

    private void memory(StringBuilder out) {
        Engine engine = runtime.engine();
        AllocatorStats alloc = engine.allocator().stats();
        PageStats pages = engine.memory().stats();
        long used = alloc.usedBytes();
        peakUsedMemory = Math.max(peakUsedMemory, used);
        long rss = pages.bytesInUse() + Runtime.getRuntime().totalMemory();
        field(out, "used_memory", used);
        field(out, "used_memory_human", human(used));
        field(out, "used_memory_rss", rss);
        field(out, "used_memory_rss_human", human(rss));
        field(out, "used_memory_peak", peakUsedMemory);
        field(out, "used_memory_peak_human", human(peakUsedMemory));
        field(out, "used_memory_peak_perc", String.format(Locale.ROOT, "%.2f%%", peakUsedMemory == 0 ? 100.0 : 100.0 * used / peakUsedMemory));
        field(out, "used_memory_overhead", 0);
        field(out, "used_memory_startup", 0);
        field(out, "used_memory_dataset", used);
        field(out, "used_memory_dataset_perc", "100.00%");
        field(out, "allocator_allocated", used);
        field(out, "allocator_active", alloc.runBytes() + alloc.largeBytes());
        field(out, "allocator_resident", alloc.mappedBytes());
        field(out, "total_system_memory", totalSystemMemory());
        field(out, "total_system_memory_human", human(totalSystemMemory()));
        field(out, "maxmemory", 0);
        field(out, "maxmemory_human", "0B");
        field(out, "maxmemory_policy", "noeviction");
        field(out, "allocator_frag_ratio", String.format(Locale.ROOT, "%.2f", alloc.fragmentation()));
        field(out, "mem_fragmentation_ratio", String.format(Locale.ROOT, "%.2f", alloc.fragmentation()));
        field(out, "mem_fragmentation_bytes", alloc.mappedBytes() - used);
        field(out, "mem_allocator", "forkline-pages");
        field(out, "pages_page_size", pages.pageBytes());
        field(out, "pages_frames_in_use", pages.framesInUse());
        field(out, "pages_bytes_in_use", pages.bytesInUse());
        field(out, "pages_forks", pages.forks());
    }

    private void stats(StringBuilder out) {
        ServerStats stats = runtime.stats();
        Keyspace keyspace = runtime.engine().keyspace();
        PageStats pages = runtime.engine().memory().stats();
        field(out, "total_connections_received", stats.connectionsReceived);
        field(out, "total_commands_processed", stats.commandsProcessed);
        field(out, "instantaneous_ops_per_sec", runtime.opsPerSecond());
        field(out, "total_net_input_bytes", 0);
        field(out, "total_net_output_bytes", runtime.outputBytes());
        field(out, "rejected_connections", runtime.admission().rejected());
        field(out, "sync_full", 0);
        field(out, "sync_partial_ok", 0);
        field(out, "sync_partial_err", 0);
        field(out, "expired_keys", keyspace.stats().expiredKeys());
        field(out, "expired_stale_perc", "0.00");
        field(out, "expired_time_cap_reached_count", 0);
        field(out, "evicted_keys", 0);
        field(out, "evicted_clients", 0);
        field(out, "keyspace_hits", keyspace.stats().hits());
        field(out, "keyspace_misses", keyspace.stats().misses());
        field(out, "pubsub_channels", runtime.pubsubCount(false));
        field(out, "pubsub_patterns", runtime.pubsubCount(true));
        field(out, "latest_fork_usec", pages.latestForkNanos() / 1000);
        field(out, "total_forks", pages.forks());
        field(out, "migrate_cached_sockets", 0);   // forkline has no MIGRATE, so no socket is ever cached
        field(out, "total_error_replies", stats.errorReplies);
        field(out, "unexpected_error_replies", 0);
        field(out, "total_reads_processed", stats.commandsProcessed);
        field(out, "total_writes_processed", stats.commandsProcessed);
    }

    private void replication(StringBuilder out) {
        field(out, "role", "master");
        field(out, "connected_slaves", 0);
        field(out, "master_failover_state", "no-failover");
        field(out, "master_replid", runtime.runId());
        field(out, "master_replid2", "0000000000000000000000000000000000000000");
        field(out, "master_repl_offset", 0);
        field(out, "second_repl_offset", -1);
        field(out, "repl_backlog_active", 0);
        field(out, "repl_backlog_size", 1048576);
        field(out, "repl_backlog_first_byte_offset", 0);
        field(out, "repl_backlog_histlen", 0);
    }

    private void cpu(StringBuilder out) {
        double[] userSystem = cpuSeconds();
        field(out, "used_cpu_sys", String.format(Locale.ROOT, "%.6f", userSystem[1]));
        field(out, "used_cpu_user", String.format(Locale.ROOT, "%.6f", userSystem[0]));
        field(out, "used_cpu_sys_children", "0.000000");
        field(out, "used_cpu_user_children", "0.000000");
        long writerCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long writerUser = ManagementFactory.getThreadMXBean().getCurrentThreadUserTime();
        field(out, "used_cpu_sys_main_thread", String.format(Locale.ROOT, "%.6f", (writerCpu - writerUser) / 1e9));
        field(out, "used_cpu_user_main_thread", String.format(Locale.ROOT, "%.6f", writerUser / 1e9));
    }

    private void errorstats(StringBuilder out) {
        runtime.stats().errors().forEach((code, count) -> field(out, "errorstat_" + code, "count=" + count));
    }

    private void commandstats(StringBuilder out) {
        runtime.stats().commands().forEach((spec, stats) -> field(out, "cmdstat_" + spec.name(),
                "calls=" + stats.calls + ",usec=" + stats.micros() + ",usec_per_call="
                        + String.format(Locale.ROOT, "%.2f", stats.microsPerCall())
                        + ",rejected_calls=" + stats.rejectedCalls + ",failed_calls=" + stats.failedCalls));
    }

    private void keyspace(StringBuilder out) {
        Keyspace keyspace = runtime.engine().keyspace();
        for (int db = 0; db < keyspace.databases(); db++) {
            long keys = keyspace.size(db);
            if (keys > 0) {
                field(out, "db" + db, "keys=" + keys + ",expires=" + keyspace.expiresSize(db) + ",avg_ttl=0");
            }
        }
    }

    /** Bytes as Redis's bytesToHuman: "1.00K", "2.50M", "123B". */
    public static String human(long bytes) {
        String[] units = {"B", "K", "M", "G", "T", "P"};
        if (bytes < 1024) {
            return bytes + "B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f%s", value, units[unit]);
    }

    private static long totalSystemMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    /** User and system CPU seconds of the process, from /proc/self/stat where there is one. */
    private static double[] cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double ticks = 100.0;
            return new double[] {Long.parseLong(fields[11]) / ticks, Long.parseLong(fields[12]) / ticks};
        } catch (java.io.IOException | RuntimeException e) {
            long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            return new double[] {cpu / 1e9, 0};
        }
    }
}
