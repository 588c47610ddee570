package io.forkline.bench.study;

import io.forkline.bench.load.RespClient;
import io.forkline.server.ForklineServer;
import io.forkline.server.ServerSettings;
import io.forkline.server.config.ConfigException;
import io.forkline.server.config.ConfigParser;
import io.forkline.server.config.ServerConfig;
import io.forkline.server.info.ForklineVersion;
import io.forkline.snapshot.storage.FileStorage;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * forkline in this JVM: a fresh server per scenario on a free 127.0.0.1 port, started with the
 * scenario's directives as {@code forkline server --name value ...} would take them, its files in
 * the scenario's work folder and written through a {@link CountingStorage}, so fsyncs are counted.
 */
public final class EmbeddedForkline implements Target {

    @Override
    public String name() {
        return "forkline";
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("kind", "forkline, embedded in the bench's JVM");
        out.put("version", ForklineVersion.VERSION);
        return out;
    }

    @Override
    public ServerUnderTest start(Scenario scenario, Path workDir) throws ScenarioSkipped, InterruptedException, IOException {
        List<String> arguments = new ArrayList<>(List.of("--bind", "127.0.0.1", "--port", "0", "--dir", workDir.toString()));
        scenario.directives().forEach((name, value) -> {
            arguments.add("--" + name);
            arguments.add(value);
        });
        ServerConfig config;
        try {
            config = new ConfigParser().parseCommandLine(arguments);
        } catch (ConfigException e) {
            throw new ScenarioSkipped("forkline refused the settings: " + e.getMessage());
        }
        CountingStorage storage = new CountingStorage(FileStorage.INSTANCE, System::nanoTime);
        ForklineServer server = ForklineServer.start(ServerSettings.of(config, "").withStorage(storage));
        return new Running(server, scenario, storage);
    }

    private record Running(ForklineServer server, Scenario scenario, CountingStorage storage) implements ServerUnderTest {

        @Override
        public InetSocketAddress address() {
            return new InetSocketAddress("127.0.0.1", server.port());
        }

        @Override
        public Map<String, String> applied() {
            return scenario.directives();
        }

        @Override
        public List<String> notes() {
            return List.of();
        }

        @Override
        public String snapshotCommand(SnapshotSchedule schedule) {
            return schedule.command();
        }

        @Override
        public void verifyLoaded(RespClient control) throws ScenarioSkipped, IOException {
            String pageSize = scenario.directive("page-size");
            if (pageSize != null) {
                String reported = control.info("server").get("forkline_page_size");
                long expected = bytes(pageSize);
                if (reported == null || bytes(reported) != expected) {
                    throw new ScenarioSkipped("page-size " + pageSize + " was asked for, INFO reports forkline_page_size:" + reported);
                }
            }
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /** {@code 4kb}, {@code 2mb}, {@code 4096}: bytes (-1 when it is none of these). */
    static long bytes(String size) {
        String s = size.trim().toLowerCase(java.util.Locale.ROOT);
        long unit = 1;
        if (s.endsWith("kb")) {
            unit = 1024;
        } else if (s.endsWith("mb")) {
            unit = 1024 * 1024;
        } else if (s.endsWith("gb")) {
            unit = 1024L * 1024 * 1024;
        }
        String digits = unit == 1 ? s : s.substring(0, s.length() - 2);
        try {
            return Long.parseLong(digits) * unit;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
