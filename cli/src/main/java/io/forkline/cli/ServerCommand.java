package io.forkline.cli;

import io.forkline.server.ForklineServer;
import io.forkline.server.ServerSettings;
import io.forkline.server.config.ConfigException;
import io.forkline.server.config.ConfigParser;
import io.forkline.server.config.ServerConfig;
import io.forkline.server.persistence.DatasetLoadException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code forkline server [redis.conf] [--directive value ...]}: the form redis-server takes. Runs until
 * SHUTDOWN or SIGTERM (both stop it cleanly, after the final save when save points exist); a bad directive
 * stops start-up with its file and line, a data set on disk that cannot be trusted with its file and offset.
 */
@Command(name = "server",
        description = {"Starts a Redis-compatible server, as redis-server: an optional config file, then --directive value "
                + "pairs (e.g. ./forkline server --port 7000 --save \"\"). It binds 127.0.0.1 unless told otherwise."})
final class ServerCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "ARGS", description = "[redis.conf] [--directive value ...]")
    List<String> arguments = new ArrayList<>();

    private final PrintStream out;
    private final PrintStream err;

    ServerCommand() {
        this(System.out, System.err);
    }

    ServerCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        if (arguments.contains("--help") || arguments.contains("-h")) {
            out.println("Usage: forkline server [/path/to/redis.conf] [--directive value ...]");
            out.println("Any supported redis.conf directive can be given in the file or on the command line.");
            return 0;
        }
        ConfigParser parser = new ConfigParser();
        ServerConfig config;
        try {
            config = parser.parseCommandLine(arguments);
        } catch (ConfigException e) {
            err.println("forkline server: " + e.getMessage());
            return 1;
        }
        String file = parser.configFile(arguments).map(Path::toString).orElse("");
        ForklineServer server;
        try {
            server = ForklineServer.start(ServerSettings.of(config, file));
        } catch (DatasetLoadException e) {
            err.println("forkline server: " + e.getMessage());
            return 1;
        }
        Thread stopper = new Thread(() -> {
            String error = server.shutdownOnSignal();
            if (error != null) {
                err.println("forkline server: SIGTERM: " + error);
            }
        }, "forkline-sigterm");
        Runtime.getRuntime().addShutdownHook(stopper);
        out.printf("forkline %s ready: %s:%d (pid %d, %s pages)%n", Forkline.version(), String.join(",", config.bind()),
                server.port(), ProcessHandle.current().pid(), config.pageSize());
        out.flush();
        server.terminated().join();
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException shuttingDown) {
            // SIGTERM: the hook is the one stopping us
        }
        out.println("forkline: stopped");
        return 0;
    }
}
