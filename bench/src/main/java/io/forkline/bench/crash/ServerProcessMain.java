package io.forkline.bench.crash;

import io.forkline.server.ForklineServer;
import io.forkline.server.ServerSettings;
import io.forkline.server.config.ConfigException;
import io.forkline.server.config.ConfigParser;
import io.forkline.server.config.ServerConfig;

import java.util.List;

/**
 * The forkline server a kill round starts in a child JVM: {@code forkline server}'s start-up (the same parser and
 * server) without the command line around it, so the harness can start it from any class path, the test suite's
 * included. A start-up that fails (a directive, or the data refusing to load) prints why and exits with status 1.
 */
public final class ServerProcessMain {

    private ServerProcessMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServerConfig config;
        try {
            config = new ConfigParser().parseCommandLine(List.of(args));
        } catch (ConfigException e) {
            System.err.println("forkline server: " + e.getMessage());
            System.exit(1);
            return;
        }
        ForklineServer server;
        try {
            server = ForklineServer.start(ServerSettings.of(config, ""));
        } catch (RuntimeException e) {
            System.err.println("forkline server: refused to start: " + e);
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                System.err.println("  caused by: " + cause);
            }
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "forkline-sigterm"));
        System.out.println("forkline ready: port " + server.port() + " pid " + ProcessHandle.current().pid());
        System.out.flush();
        server.terminated().join();
    }
}
