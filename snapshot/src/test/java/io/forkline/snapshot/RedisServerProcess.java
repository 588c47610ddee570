package io.forkline.snapshot;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Debian's redis-server 7.0.15 started on a free 127.0.0.1 port over one RDB file, with deep checks of
 * every listpack and intset it loads ({@code sanitize-dump-payload yes}), never saving on its own.
 * {@link #close()} stops it and waits for it to exit.
 */
final class RedisServerProcess implements AutoCloseable {

    static final Path SERVER = Path.of("/usr/bin/redis-server");
    static final Path CHECK_RDB = Path.of("/usr/bin/redis-check-rdb");

    private final Process process;
    private final int port;
    private final List<String> log = new ArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile boolean accepting;

    private RedisServerProcess(Path dir, String fileName) throws IOException {
        port = freePort();
        process = new ProcessBuilder(SERVER.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--dbfilename", fileName, "--save", "", "--appendonly", "no",
                "--sanitize-dump-payload", "yes", "--databases", "16", "--protected-mode", "no")
                .redirectErrorStream(true).start();
        Thread reader = new Thread(this::readLog, "redis-server-log");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a server over {@code dir/fileName} and waits until it accepts connections (it has loaded the file). */
    static RedisServerProcess start(Path dir, String fileName) throws IOException, InterruptedException {
        RedisServerProcess server = new RedisServerProcess(dir, fileName);
        try {
            if (!server.ready.await(60, TimeUnit.SECONDS) || !server.accepting) {
                throw new AssertionError("redis-server did not get ready:\n" + server.log());
            }
            return server;
        } catch (InterruptedException | RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    int port() {
        return port;
    }

    synchronized String log() {
        return String.join("\n", log);
    }

    /** redis-check-rdb's verdict on a file: its output, failing unless it exits 0. */
    static String checkRdb(Path file) throws IOException, InterruptedException {
        Process check = new ProcessBuilder(CHECK_RDB.toString(), file.toString()).redirectErrorStream(true).start();
        check.getOutputStream().close();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!check.waitFor(60, TimeUnit.SECONDS)) {
            check.destroyForcibly();
            throw new AssertionError("redis-check-rdb did not finish:\n" + output);
        }
        if (check.exitValue() != 0) {
            throw new AssertionError("redis-check-rdb exited " + check.exitValue() + ":\n" + output);
        }
        return output;
    }

    static boolean installed() {
        return Files.isExecutable(SERVER) && Files.isExecutable(CHECK_RDB);
    }

    private void readLog() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (this) {
                    log.add(line);
                }
                if (line.contains("Ready to accept connections")) {
                    accepting = true;
                    ready.countDown();
                }
            }
        } catch (IOException ignored) {
            // the process is gone; start() reports what the log held
        } finally {
            ready.countDown();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
