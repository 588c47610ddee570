package io.forkline.bench.crash;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A server in a child process on 127.0.0.1 (forkline in a JVM, or Debian's redis-server), started on a round's
 * files and killed with SIGKILL. Its output goes to a log file, whose tail explains a refusal to start.
 */
final class ServerProcess implements AutoCloseable {

    /** The server exited before it answered PING, or never answered: it refused to load what it found. */
    static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The command that starts the server on {@code port} with {@code directives}. */
    static List<String> command(CrashConfiguration.Target target, Path redisServer, int port, List<String> directives) {
        List<String> command = new ArrayList<>();
        if (target == CrashConfiguration.Target.REDIS) {
            command.addAll(List.of(redisServer.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--daemonize", "no", "--logfile", "", "--protected-mode", "yes"));
        } else {
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss4m", "--enable-native-access=ALL-UNNAMED",
                    "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"),
                    ServerProcessMain.class.getName(), "--port", Integer.toString(port), "--bind", "127.0.0.1"));
        }
        command.addAll(directives);
        return command;
    }

    /** A port free right now on 127.0.0.1. */
    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Starts the server and waits until it answers PING (loading counts as not yet). */
    static ServerProcess start(List<String> command, int port, Path log, Duration timeout)
            throws IOException, RefusedException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ServerProcess server = new ServerProcess(process, port, log);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new RefusedException("exited with status " + process.exitValue() + ": " + server.logTail());
            }
            try (RespClient client = new RespClient(port, 1000)) {
                Object pong = client.call("PING");
                if ("PONG".equals(pong)) {
                    return server;
                }
            } catch (IOException notYet) {
                // not listening yet, or closed on us while loading
            }
            if (System.nanoTime() > deadline) {
                server.kill();
                throw new RefusedException("did not answer PING within " + timeout.toSeconds() + " s: " + server.logTail());
            }
            Thread.sleep(20);   // start-up: the JVM and the load take their time
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL, to the server and to any child it forked (Redis's BGSAVE and rewrite children), then waits for them. */
    void kill() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        process.waitFor();
        for (ProcessHandle child : children) {
            child.onExit().join();
        }
    }

    /** The last lines of the server's output, on one line. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 6), lines.size())).strip();
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
