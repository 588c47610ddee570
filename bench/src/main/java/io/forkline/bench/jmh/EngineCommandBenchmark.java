package io.forkline.bench.jmh;

import io.forkline.engine.Engine;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.Effects;
import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.keyspace.Clock;
import io.forkline.engine.resp.RespReply;
import io.forkline.pages.PageSize;
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

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One command through the engine, no network: dispatch, the store, the reply's RESP and the effect,
 * on a keyspace of {@code keys} keys (1 million by default), each call on a random key. Commands
 * whose type the engine does not hold yet are skipped with a clear error at setup. The benchmark itself
 * allocates nothing per call, so that {@code -prof gc} shows the engine's own allocation; {@code -p keys=1}
 * is redis-benchmark without {@code -r}: every call on the same key, all in cache.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EngineCommandBenchmark {

    @Param({"GET", "SET", "INCR", "LPUSH", "HSET", "SADD", "ZADD"})
    public String command;

    @Param({"1000000"})
    public int keys;

    private Engine engine;
    private final Arguments args = new Arguments();
    private final RespReply reply = new RespReply();
    private final Effects effects = new Effects();
    private final SplittableRandom random = new SplittableRandom(7);
    private final byte[] value = "v".repeat(100).getBytes(StandardCharsets.US_ASCII);
    private final byte[] key = new byte[16];
    private final byte[] member = new byte[8];
    private final byte[] name = new byte[8];
    private int nameLength;
    private static final byte[] ZERO = {'0'};
    private static final byte[] ONE = {'1'};
    private static final byte[] TWO = {'2'};

    @Setup(Level.Trial)
    public void load() {
        engine = new Engine(new EngineConfig(), PageSize.KIB_4, Clock.system(), 1);
        if (engine.commands().get(command.toLowerCase(java.util.Locale.ROOT)) == null) {
            throw new IllegalStateException(command + " is not in the engine's command table yet");
        }
        for (int i = 0; i < keys; i++) {
            fillKey(i);
            args.clear();
            switch (command) {
                case "LPUSH" -> add("LPUSH", key, member('m'));
                case "HSET" -> add("HSET", key, member('f'), value);
                case "SADD" -> add("SADD", key, member('m'));
                case "ZADD" -> add("ZADD", key, ONE, member('m'));
                case "INCR" -> add("SET", key, ZERO);
                default -> add("SET", key, value);
            }
            run();
        }
        byte[] ascii = command.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, name, 0, ascii.length);
        nameLength = ascii.length;
    }

    private byte[] member(char prefix) {
        for (int i = 0; i < member.length; i++) {
            member[i] = (byte) ('a' + random.nextInt(26));
        }
        member[0] = (byte) prefix;
        return member;
    }

    /** {@code key:%012d} without allocating, as redis-benchmark's keys look. */
    private void fillKey(int index) {
        key[0] = 'k';
        key[1] = 'e';
        key[2] = 'y';
        key[3] = ':';
        for (int i = key.length - 1; i >= 4; i--) {
            key[i] = (byte) ('0' + index % 10);
            index /= 10;
        }
    }

    private void add(String name, byte[]... rest) {
        args.add(name.getBytes(StandardCharsets.US_ASCII));
        for (byte[] part : rest) {
            args.add(part);
        }
    }

    private void run() {
        reply.clear();
        effects.clear();
        engine.execute(0, args, reply, effects);
    }

    @Benchmark
    public int execute() {
        fillKey(random.nextInt(keys));
        args.clear();
        args.add(name, 0, nameLength);
        args.add(key);
        switch (command) {
            case "GET", "INCR" -> { }
            case "SET" -> args.add(value);
            case "LPUSH", "SADD" -> args.add(member('m'));
            case "HSET" -> {
                args.add(member('f'));
                args.add(value);
            }
            case "ZADD" -> {
                args.add(TWO);
                args.add(member('m'));
            }
            default -> throw new IllegalStateException(command);
        }
        run();
        return reply.length();
    }

    @TearDown(Level.Trial)
    public void close() {
        engine.close();
    }
}
