package io.forkline.bench.jmh;

import io.forkline.aof.load.AofLoader;
import io.forkline.aof.load.LoadReport;
import io.forkline.aof.manifest.AofFileEntry;
import io.forkline.aof.manifest.AofFileType;
import io.forkline.aof.manifest.AofLayout;
import io.forkline.aof.manifest.AofManifest;
import io.forkline.aof.manifest.AofManifestStore;
import io.forkline.engine.Engine;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.Effects;
import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.keyspace.Clock;
import io.forkline.engine.resp.RespReply;
import io.forkline.pages.PageSize;
import io.forkline.snapshot.rdb.KeyspaceImage;
import io.forkline.snapshot.rdb.KeyspaceLoader;
import io.forkline.snapshot.rdb.RdbFileWriter;
import io.forkline.snapshot.rdb.RdbFiles;
import io.forkline.snapshot.rdb.RdbWriteOptions;
import io.forkline.snapshot.rdb.SaveProgress;
import io.forkline.snapshot.storage.FileStorage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Loading a store at start-up: an RDB file read into an empty engine ({@link KeyspaceLoader}), or an
 * append-only file replayed ({@link AofLoader}). Each {@code input} is written once per trial to a temp
 * directory (the page cache then serves it, as it serves a restart) and loaded once per invocation into a
 * fresh engine:
 * <ul>
 *   <li>{@code rdb-strings}: {@code keys} strings of 100 bytes under redis-benchmark's key names;</li>
 *   <li>{@code rdb-hashes}, {@code rdb-zsets}, {@code rdb-sets}, {@code rdb-intsets}, {@code rdb-lists}:
 *   {@code keys / 10} keys of 64 elements each (listpacks, intsets and one-node lists under the default
 *   thresholds);</li>
 *   <li>{@code aof-sets}: {@code keys / 2} SETs of 100-byte values on random keys, as RESP.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class LoadBenchmark {

    private static final int ELEMENTS = 64;

    @Param({"rdb-strings", "rdb-hashes", "rdb-zsets", "rdb-sets", "rdb-intsets", "rdb-lists", "aof-sets"})
    public String input;

    @Param({"1000000"})
    public int keys;

    private Path dir;
    private Engine engine;

    @Setup(Level.Trial)
    public void write() throws IOException {
        dir = Files.createTempDirectory("forkline-load-");
        if (input.equals("aof-sets")) {
            writeAof(keys / 2);
        } else {
            writeRdb(input.substring("rdb-".length()));
        }
    }

    @Setup(Level.Invocation)
    public void emptyEngine() {
        engine = new Engine(new EngineConfig(), PageSize.KIB_4, Clock.system(), 1);
    }

    @Benchmark
    public long load() throws IOException {
        if (input.equals("aof-sets")) {
            LoadReport report = new AofLoader(FileStorage.INSTANCE, layout(), false).load(engine, System.currentTimeMillis());
            return report.keys();
        }
        KeyspaceLoader loader = new KeyspaceLoader(engine, System.currentTimeMillis(), true);
        RdbFiles.load(FileStorage.INSTANCE, dir.resolve("dump.rdb"), loader);
        return loader.keysLoaded();
    }

    @TearDown(Level.Invocation)
    public void closeEngine() {
        engine.close();
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The inputs

    private void writeRdb(String kind) throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        byte[] value = "x".repeat(100).getBytes(StandardCharsets.US_ASCII);
        int count = kind.equals("strings") ? keys : keys / 10;
        int elements = kind.equals("strings") ? 1 : ELEMENTS;
        try (Engine source = new Engine(new EngineConfig(), PageSize.KIB_4, Clock.system(), 1)) {
            Arguments args = new Arguments();
            RespReply reply = new RespReply();
            Effects effects = new Effects();
            for (int k = 0; k < count; k++) {
                byte[] key = key(k);
                for (int e = 0; e < elements; e++) {
                    args.clear();
                    switch (kind) {
                        case "strings" -> add(args, "SET", key, value);
                        case "hashes" -> add(args, "HSET", key, letters(random, 'f', 8), letters(random, 'v', 16));
                        case "zsets" -> add(args, "ZADD", key, ascii(Integer.toString(random.nextInt(1000))), letters(random, 'm', 8));
                        case "sets" -> add(args, "SADD", key, letters(random, 'm', 8));
                        case "intsets" -> add(args, "SADD", key, ascii(Integer.toString(random.nextInt(1_000_000))));
                        case "lists" -> add(args, "RPUSH", key, letters(random, 'm', 8));
                        default -> throw new IllegalArgumentException("no input " + input);
                    }
                    reply.clear();
                    effects.clear();
                    source.execute(0, args, reply, effects);
                }
            }
            KeyspaceImage image = new KeyspaceImage(source.memory(), source.keyspace().root(), source.keyspace().databases(),
                    source.allocator().usedBytes());
            RdbFileWriter.save(FileStorage.INSTANCE, dir, "dump.rdb", image, RdbWriteOptions.defaults(), new SaveProgress());
        }
    }

    private void writeAof(int sets) throws IOException {
        AofLayout layout = layout();
        Files.createDirectories(layout.directory());
        String base = layout.baseName(1, false);
        SplittableRandom random = new SplittableRandom(5);
        byte[] value = "x".repeat(100).getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(layout.file(base)), 1 << 16)) {
            for (int i = 0; i < sets; i++) {
                byte[] key = key(random.nextInt(keys));
                out.write(ascii("*3\r\n$3\r\nSET\r\n$" + key.length + "\r\n"));
                out.write(key);
                out.write(ascii("\r\n$" + value.length + "\r\n"));
                out.write(value);
                out.write(ascii("\r\n"));
            }
        }
        AofManifestStore.persist(FileStorage.INSTANCE, layout,
                new AofManifest(new AofFileEntry(base, 1, AofFileType.BASE), List.of(), List.of()));
    }

    private AofLayout layout() {
        return new AofLayout(dir, "appendonlydir", "appendonly.aof");
    }

    /** redis-benchmark's key names: {@code key:%012d}. */
    private static byte[] key(int index) {
        return ascii(String.format("key:%012d", index));
    }

    private static void add(Arguments args, String name, byte[]... rest) {
        args.add(ascii(name));
        for (byte[] part : rest) {
            args.add(part);
        }
    }

    private static byte[] letters(SplittableRandom random, char first, int length) {
        byte[] bytes = new byte[length];
        bytes[0] = (byte) first;
        for (int i = 1; i < length; i++) {
            bytes[i] = (byte) ('a' + random.nextInt(26));
        }
        return bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
