package io.forkline.server.persistence;

import redis.clients.jedis.Jedis;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.forkline.server.persistence.Servers.await;

/** Debian's redis-server on a free 127.0.0.1 port in a directory, for interop tests; {@link #close()} stops it. */
public final class DebianRedis implements AutoCloseable {

    public static final Path SERVER = Path.of("/usr/bin/redis-server");

    private final Process process;
    private final Jedis jedis;
    private final int port;

    private DebianRedis(Process process, Jedis jedis, int port) {
        this.process = process;
        this.jedis = jedis;
        this.port = port;
    }

    /** Copies forkline's {@code appendonlydir} in {@code from} to {@code to}, for a redis-server started there. */
    public static void copyAppendOnlyDir(Path from, Path to) throws IOException {
        Path target = Files.createDirectories(to.resolve("appendonlydir"));
        try (java.util.stream.Stream<Path> files = Files.list(from.resolve("appendonlydir"))) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Starts redis-server in {@code dir} with {@code directives} (as {@code --name value} pairs) and waits for PONG. */
    public static DebianRedis start(Path dir, String... directives) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(SERVER.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--save", "", "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString()));
        command.addAll(List.of(directives));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("redis.out").toFile()).start();
        DebianRedis redis = new DebianRedis(process, new Jedis("127.0.0.1", port), port);
        try {
            await("redis-server on port " + port, () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
                }
                try {
                    return redis.jedis.ping().equals("PONG");
                } catch (RuntimeException notYet) {
                    redis.jedis.disconnect();
                    return false;
                }
            });
        } catch (Exception | AssertionError failed) {
            redis.close();
            throw failed;
        }
        return redis;
    }

    public Jedis jedis() {
        return jedis;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        jedis.close();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException interrupted) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
