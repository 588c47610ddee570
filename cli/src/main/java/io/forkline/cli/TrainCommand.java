package io.forkline.cli;

import io.forkline.bench.crash.RespClient;
import io.forkline.server.ForklineServer;
import io.forkline.server.ServerSettings;
import io.forkline.server.config.ConfigException;
import io.forkline.server.config.ConfigParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code forkline train}: a short run through what a server does in its first seconds, for the launcher
 * to record under {@code -XX:AOTCacheOutput} once per build. The JVM's AOT cache (JEP 483, 515) then
 * holds these paths' classes, already loaded and linked, and their method profiles, so that a server
 * starts loading an RDB or replaying an AOF with its JIT compiling the hot code sooner. Measured: the
 * replay of a 1.5-million-command AOF at start-up, 2.1-2.5 s without the cache, 1.9-2.1 s with one.
 *
 * <p>The run: an embedded server on a free 127.0.0.1 port and a temporary directory; every type's
 * writes through RESP, pipelined; SAVE; a restart that loads the RDB; the same writes into an
 * append-only file; a restart that replays it. Nothing is left behind.
 */
@Command(name = "train", hidden = true, mixinStandardHelpOptions = true,
        description = "Runs a server's start-up paths once (RDB save and load, AOF write and replay, every type's commands)"
                + " for the launcher's JVM AOT cache.")
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--keys", defaultValue = "100000", description = "Keys written per phase (default ${DEFAULT-VALUE}).")
    int keys;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("forkline-train");
        try {
            ServerSettings rdb = settings("--port", "0", "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "");
            try (ForklineServer server = ForklineServer.start(rdb)) {
                write(server, keys);
                call(server, "SAVE");
            }
            long loaded = dbsize(ForklineServer.start(rdb));
            ServerSettings aof = settings("--port", "0", "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "",
                    "--appendonly", "yes", "--appendfsync", "no", "--auto-aof-rewrite-percentage", "0");
            try (ForklineServer server = ForklineServer.start(aof)) {
                write(server, keys);
            }
            long replayed = dbsize(ForklineServer.start(aof));
            spec.commandLine().getOut().println("forkline train: " + loaded + " keys loaded from the RDB, " + replayed + " from the AOF");
            return loaded > 0 && replayed > 0 ? 0 : 1;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** What {@code forkline server <arguments>} would start with. */
    private static ServerSettings settings(String... arguments) throws ConfigException {
        return ServerSettings.of(new ConfigParser().parseCommandLine(List.of(arguments)), "");
    }

    /** Strings, counters, lists, hashes, sets and sorted sets, a thousand commands per round trip. */
    private static void write(ForklineServer server, int keys) throws IOException {
        String value = "v".repeat(100);
        try (RespClient client = new RespClient(server.port(), 60_000)) {
            int sent = 0;
            for (int i = 0; i < keys; i++) {
                String n = Integer.toString(i);
                int group = i % 1000;
                client.send("SET", "key:" + n, value);
                client.send("GET", "key:" + n);
                client.send("INCR", "counter:" + group);
                client.send("LPUSH", "list:" + group, n);
                client.send("HSET", "hash:" + group, "field:" + n, n);
                client.send("SADD", "set:" + group, n);
                client.send("ZADD", "zset:" + group, n, "member:" + n);
                sent += 7;
                if (sent >= 1000 || i == keys - 1) {
                    client.flush();
                    for (; sent > 0; sent--) {
                        if (client.read() instanceof RespClient.ErrorReply error) {
                            throw new IOException("forkline train: " + error.message());
                        }
                    }
                }
            }
        }
    }

    private static void call(ForklineServer server, String... command) throws IOException {
        try (RespClient client = new RespClient(server.port(), 600_000)) {
            if (client.call(command) instanceof RespClient.ErrorReply error) {
                throw new IOException("forkline train: " + String.join(" ", command) + ": " + error.message());
            }
        }
    }

    /** The keys a freshly started server loaded; stops it. */
    private static long dbsize(ForklineServer server) throws IOException {
        try (server; RespClient client = new RespClient(server.port(), 60_000)) {
            return (Long) client.call("DBSIZE");
        }
    }
}
