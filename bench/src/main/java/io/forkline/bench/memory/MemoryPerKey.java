package io.forkline.bench.memory;

import io.forkline.engine.Engine;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.Effects;
import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.keyspace.Clock;
import io.forkline.engine.resp.RespReply;
import io.forkline.pages.PageSize;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Memory per key: {@code keys} string keys of {@code valueSize} bytes, set through the engine, then
 * forkline's used_memory (the allocator's bytes in use) and its physical frames, each per key; and,
 * when asked, the same keys set into Debian's redis-server on a free loopback port, with its
 * used_memory per key, measured in the same run.
 */
public final class MemoryPerKey {

    /** One store's figures. */
    public record Result(String store, long keys, long usedMemory, long residentMemory) {
        public double usedPerKey() {
            return (double) usedMemory / keys;
        }

        public double residentPerKey() {
            return (double) residentMemory / keys;
        }
    }

    private MemoryPerKey() {
    }

    public static Result forkline(int keys, int valueSize, PageSize pageSize) {
        try (Engine engine = new Engine(new EngineConfig(), pageSize, Clock.system(), 1)) {
            long before = engine.allocator().usedBytes();
            long framesBefore = engine.memory().stats().bytesInUse();
            Arguments args = new Arguments();
            RespReply reply = new RespReply();
            Effects effects = new Effects();
            byte[] value = value(valueSize);
            for (int i = 0; i < keys; i++) {
                args.clear();
                args.add("SET".getBytes(StandardCharsets.US_ASCII));
                args.add(key(i));
                args.add(value);
                reply.clear();
                effects.clear();
                engine.execute(0, args, reply, effects);
            }
            return new Result("forkline (" + pageSize + " pages)", keys, engine.allocator().usedBytes() - before,
                    engine.memory().stats().bytesInUse() - framesBefore);
        }
    }

    /** Starts redis-server on a free 127.0.0.1 port, sets the same keys, reads used_memory, stops it. */
    public static Result redis(String redisServer, int keys, int valueSize) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path dir = Files.createTempDirectory("forkline-redis-");
        Process process = new ProcessBuilder(redisServer, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        try (Socket socket = connect(port)) {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            long before = usedMemory(out, in);
            byte[] value = value(valueSize);
            int batch = 1000;
            for (int i = 0; i < keys; i += batch) {
                int n = Math.min(batch, keys - i);
                for (int j = 0; j < n; j++) {
                    writeCommand(out, "SET".getBytes(StandardCharsets.US_ASCII), key(i + j), value);
                }
                out.flush();
                for (int j = 0; j < n; j++) {
                    readLine(in);
                }
            }
            long after = usedMemory(out, in);
            return new Result("redis " + redisVersion(out, in), keys, after - before, -1);
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Socket connect(int port) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                return new Socket("127.0.0.1", port);
            } catch (IOException e) {
                last = e;
                Thread.sleep(50);   // redis-server is still starting
            }
        }
        throw last;
    }

    private static long usedMemory(OutputStream out, InputStream in) throws IOException {
        return Long.parseLong(infoField(out, in, "used_memory"));
    }

    private static String redisVersion(OutputStream out, InputStream in) throws IOException {
        return infoField(out, in, "redis_version");
    }

    private static String infoField(OutputStream out, InputStream in, String name) throws IOException {
        writeCommand(out, "INFO".getBytes(StandardCharsets.US_ASCII), "all".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String header = readLine(in);
        int length = Integer.parseInt(header.substring(1));
        String text = new String(in.readNBytes(length + 2), StandardCharsets.UTF_8);
        for (String line : text.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1);
            }
        }
        throw new IOException("INFO has no " + name);
    }

    private static void writeCommand(OutputStream out, byte[]... parts) throws IOException {
        out.write(("*" + parts.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] part : parts) {
            out.write(("$" + part.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(part);
            out.write('\r');
            out.write('\n');
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c == -1) {
                throw new IOException("connection closed");
            }
            line.append((char) c);
        }
        in.read();
        return line.toString();
    }

    static byte[] key(int index) {
        return String.format("key:%012d", index).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] value(int size) {
        return "x".repeat(size).getBytes(StandardCharsets.US_ASCII);
    }

    /** The results as a table. */
    public static String table(List<Result> results) {
        StringBuilder out = new StringBuilder(String.format("%-28s %10s %16s %14s %18s%n", "store", "keys",
                "used_memory", "bytes/key", "resident bytes/key"));
        for (Result result : results) {
            out.append(String.format("%-28s %10d %16d %14.1f %18s%n", result.store(), result.keys(), result.usedMemory(),
                    result.usedPerKey(), result.residentMemory() < 0 ? "-" : String.format("%.1f", result.residentPerKey())));
        }
        return out.toString();
    }

    public static List<Result> study(int keys, int valueSize, String redisServer) throws IOException, InterruptedException {
        List<Result> results = new ArrayList<>();
        results.add(forkline(keys, valueSize, PageSize.KIB_4));
        results.add(forkline(keys, valueSize, PageSize.MIB_2));
        if (redisServer != null) {
            results.add(redis(redisServer, keys, valueSize));
        }
        return results;
    }
}
