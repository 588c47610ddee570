package io.forkline.bench.study;

import io.forkline.bench.load.RespClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server the user named with {@code --target HOST:PORT}: each scenario's directives are applied by
 * CONFIG SET (a directive already at the asked value is left alone), and the values found before are
 * set back after the scenario. A directive the server refuses skips the scenario with the server's
 * error. After {@code appendonly yes} the scenario waits for the AOF rewrite Redis starts on it.
 * The bench's keys ({@code key:N}, {@code counter:N}, {@code hash:N}) are written into database 0;
 * nothing is flushed.
 */
public final class RemoteServer implements Target {

    private final InetSocketAddress address;

    public RemoteServer(InetSocketAddress address) {
        this.address = address;
    }

    /** Parses {@code HOST:PORT}. */
    public static InetSocketAddress parseAddress(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("expected HOST:PORT, got '" + text + "'");
        }
        try {
            return new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected HOST:PORT, got '" + text + "'", e);
        }
    }

    @Override
    public String name() {
        return "target";
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("kind", "a running server named by --target; settings by CONFIG SET");
        out.put("address", address.getHostString() + ":" + address.getPort());
        try (RespClient client = new RespClient(address, 5000)) {
            Map<String, String> info = client.info("server");
            for (String field : List.of("redis_version", "forkline_version", "redis_mode", "os", "process_id")) {
                if (info.containsKey(field)) {
                    out.put(field, info.get(field));
                }
            }
        } catch (IOException e) {
            out.put("error", "INFO failed: " + e.getMessage());
        }
        return out;
    }

    @Override
    public ServerUnderTest start(Scenario scenario, Path workDir) throws ScenarioSkipped, IOException, InterruptedException {
        Map<String, String> originals = new LinkedHashMap<>();
        Map<String, String> applied = new LinkedHashMap<>();
        try (RespClient client = new RespClient(address, 10_000)) {
            try {
                for (Map.Entry<String, String> directive : scenario.directives().entrySet()) {
                    String name = directive.getKey();
                    String value = directive.getValue();
                    RespClient.Reply current = client.call("CONFIG", "GET", name);
                    String before = current instanceof RespClient.Array array && array.items().size() == 2
                            ? array.items().get(1).text() : null;
                    if (before != null && same(name, before, value)) {
                        applied.put(name, value + " (already)");
                        continue;
                    }
                    RespClient.Reply reply = client.call("CONFIG", "SET", name, value);
                    if (reply.isError()) {
                        throw new ScenarioSkipped("CONFIG SET " + name + " " + quoted(value) + " refused: " + reply.text());
                    }
                    if (before != null) {
                        originals.put(name, before);
                    }
                    applied.put(name, value);
                }
                if ("yes".equals(scenario.directive("appendonly"))) {
                    waitForRewrite(client);
                }
            } catch (ScenarioSkipped | IOException | InterruptedException e) {
                restore(client, originals);
                throw e;
            }
        }
        return new Configured(address, applied, originals);
    }

    private static boolean same(String name, String current, String wanted) {
        if (current.equalsIgnoreCase(wanted)) {
            return true;
        }
        if (name.equals("page-size")) {
            try {
                return Long.parseLong(current) == EmbeddedForkline.bytes(wanted);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    private static String quoted(String value) {
        return value.isEmpty() ? "\"\"" : value;
    }

    /** Waits until no AOF rewrite is running or scheduled (Redis starts one when appendonly turns on). */
    private static void waitForRewrite(RespClient client) throws IOException, InterruptedException, ScenarioSkipped {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            Map<String, String> info = client.info("persistence");
            if (!"1".equals(info.get("aof_rewrite_in_progress")) && !"1".equals(info.get("aof_rewrite_scheduled"))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new ScenarioSkipped("the AOF rewrite started by appendonly yes did not finish within 2 minutes");
            }
            Thread.sleep(100);
        }
    }

    private static void restore(RespClient client, Map<String, String> originals) throws IOException {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String> original : originals.entrySet()) {
            RespClient.Reply reply = client.call("CONFIG", "SET", original.getKey(), original.getValue());
            if (reply.isError()) {
                failures.add(original.getKey() + ": " + reply.text());
            }
        }
        if (!failures.isEmpty()) {
            throw new IOException("could not set back " + String.join("; ", failures));
        }
    }

    private record Configured(InetSocketAddress address, Map<String, String> applied, Map<String, String> originals)
            implements ServerUnderTest {

        @Override
        public List<String> notes() {
            return originals.isEmpty() ? List.of() : List.of("set back after the scenario: " + originals);
        }

        @Override
        public String snapshotCommand(SnapshotSchedule schedule) {
            return schedule.command();
        }

        @Override
        public CountingStorage storage() {
            return null;
        }

        @Override
        public void close() {
            try (RespClient client = new RespClient(address, 10_000)) {
                restore(client, originals);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("--target " + address + ": " + e.getMessage(), e);
            }
        }
    }
}
