package io.forkline.bench.study;

import io.forkline.bench.load.RespClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's redis-server, started for each scenario on a free 127.0.0.1 port with the scenario's
 * directives on its command line, its files in the scenario's work folder, and stopped after it
 * (SHUTDOWN NOSAVE, then killed if it lingers).
 *
 * <p>forkline's own directives are mapped onto what Redis has, and the mapping is stated in the
 * report: {@code snapshot-strategy fork-cow} is what Redis's BGSAVE always does; {@code stop-the-world}
 * is Redis's SAVE; {@code page-size 4kb} is Redis's default {@code disable-thp yes}; {@code page-size 2mb}
 * is {@code disable-thp no} with jemalloc asked for transparent huge pages, and is checked after the
 * preload in {@code /proc/PID/smaps_rollup} (AnonHugePages): without huge pages it is skipped, not faked.
 */
public final class RedisProcess implements Target {

    private static final Path THP_MODE = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    private final Path binary;
    private final String version;

    public RedisProcess(Path binary) throws IOException, InterruptedException {
        if (!Files.isExecutable(binary)) {
            throw new IOException(binary + " is not an executable; install Debian's redis-server (apt-get install redis-server)");
        }
        this.binary = binary;
        Process process = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor();
        this.version = text;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("kind", "redis-server started by the bench, one process per scenario");
        out.put("binary", binary.toString());
        out.put("version", version);
        out.put("transparentHugePages", thpMode());
        return out;
    }

    /** The kernel's THP mode, the bracketed word of /sys/kernel/mm/transparent_hugepage/enabled, or "unknown". */
    static String thpMode() {
        try {
            String text = Files.readString(THP_MODE);
            int open = text.indexOf('[');
            int close = text.indexOf(']');
            return open >= 0 && close > open ? text.substring(open + 1, close) : text.trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public ServerUnderTest start(Scenario scenario, Path workDir) throws ScenarioSkipped, IOException, InterruptedException {
        Map<String, String> applied = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        boolean save = false;
        boolean hugePages = false;
        for (Map.Entry<String, String> directive : scenario.directives().entrySet()) {
            String name = directive.getKey();
            String value = directive.getValue();
            switch (name) {
                case "snapshot-strategy" -> {
                    if (value.equals("stop-the-world")) {
                        save = true;
                        notes.add("snapshot-strategy stop-the-world: Redis's stop-the-world snapshot is SAVE (the main thread writes the RDB)");
                    } else if (value.equals("fork-cow")) {
                        notes.add("snapshot-strategy fork-cow: Redis's BGSAVE always forks a child (copy-on-write by the kernel)");
                    } else {
                        throw new ScenarioSkipped("Redis has no snapshot strategy '" + value + "'");
                    }
                }
                case "page-size" -> {
                    long bytes = EmbeddedForkline.bytes(value);
                    if (bytes == 4096) {
                        applied.put("disable-thp", "yes");
                        notes.add("page-size 4kb: Redis's default disable-thp yes (4 KiB pages)");
                    } else if (bytes == 2 * 1024 * 1024) {
                        String mode = thpMode();
                        if (mode.equals("never") || mode.equals("unknown")) {
                            throw new ScenarioSkipped("page-size 2mb needs transparent huge pages for Redis; the kernel's mode is '"
                                    + mode + "' (" + THP_MODE + ")");
                        }
                        applied.put("disable-thp", "no");
                        hugePages = true;
                        notes.add("page-size 2mb: disable-thp no and jemalloc's thp:always (kernel THP mode '" + mode
                                + "'); AnonHugePages checked after the preload");
                    } else {
                        throw new ScenarioSkipped("Redis pages are 4 KiB or 2 MiB (THP); page-size " + value + " has no equivalent");
                    }
                }
                default -> applied.put(name, value);
            }
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", workDir.toString(), "--daemonize", "no", "--logfile", ""));
        applied.forEach((name, value) -> {
            command.add("--" + name);
            command.add(value);
        });
        Path log = workDir.resolve("redis.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (hugePages) {
            builder.environment().put("MALLOC_CONF", "thp:always");
            builder.environment().put("JE_MALLOC_CONF", "thp:always");
        }
        Process process = builder.start();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try {
            waitUntilServing(process, address, log);
        } catch (ScenarioSkipped | IOException | InterruptedException e) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw e;
        }
        return new Running(process, address, applied, notes, save, hugePages);
    }

    private static void waitUntilServing(Process process, InetSocketAddress address, Path log)
            throws ScenarioSkipped, IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            if (!process.isAlive()) {
                throw new ScenarioSkipped("redis-server refused the settings: " + lastLines(log));
            }
            try (RespClient client = new RespClient(address, 2000)) {
                RespClient.Reply reply = client.call("PING");
                if (!reply.isError()) {
                    return;
                }
                if (!reply.text().startsWith("LOADING")) {
                    throw new IOException("redis-server answered PING with " + reply.text());
                }
            } catch (java.net.ConnectException notYet) {
                // still starting
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("redis-server did not answer on " + address + " within 20 s; its log: " + lastLines(log));
            }
            Thread.sleep(20);
        }
    }

    private static String lastLines(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        List<String> useful = lines.stream().filter(l -> !l.isBlank() && !l.startsWith(" ") && !l.contains("_._")).toList();
        return String.join(" | ", useful.subList(Math.max(0, useful.size() - 4), useful.size()));
    }

    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private record Running(Process process, InetSocketAddress address, Map<String, String> applied, List<String> notes,
                           boolean save, boolean hugePages) implements ServerUnderTest {

        @Override
        public String snapshotCommand(SnapshotSchedule schedule) {
            return save ? "SAVE" : schedule.command();
        }

        @Override
        public CountingStorage storage() {
            return null;
        }

        @Override
        public void verifyLoaded(RespClient control) throws ScenarioSkipped, IOException {
            if (!hugePages) {
                return;
            }
            Path rollup = Path.of("/proc", Long.toString(process.pid()), "smaps_rollup");
            long kib = -1;
            for (String line : Files.readAllLines(rollup)) {
                if (line.startsWith("AnonHugePages:")) {
                    kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            if (kib <= 0) {
                throw new ScenarioSkipped("redis-server's heap got no transparent huge pages after the preload (AnonHugePages: "
                        + kib + " kB in " + rollup + "; kernel THP mode '" + thpMode() + "')");
            }
            notes.add("redis-server's AnonHugePages after the preload: " + kib + " kB");
        }

        @Override
        public void close() {
            try (RespClient client = new RespClient(address, 5000)) {
                client.call("SHUTDOWN", "NOSAVE");
            } catch (IOException gone) {
                // it closes the connection as it exits, or is already gone
            }
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
