package io.forkline.bench.jmh;

import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
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

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The write barrier's cost when nothing is shared: a long written at a random address of 64 MiB of
 * paged memory, against the same store into one plain off-heap segment. Reads for comparison.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class WriteBarrierBenchmark {

    private static final long REGION = 64L << 20;
    private static final int OFFSETS = 1 << 16;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Param({"4kb", "2mb"})
    public String pageSize;

    private Arena arena;
    private MemorySegment plain;
    private PagedMemory memory;
    private long base;
    private final long[] offsets = new long[OFFSETS];
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        plain = arena.allocate(REGION, 4096);
        memory = PagedMemory.create(PageSize.parse(pageSize));
        base = memory.firstAddress();
        memory.map(base, REGION);
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < OFFSETS; i++) {
            offsets[i] = random.nextLong(REGION / 8) * 8;
        }
    }

    @Benchmark
    public void plainWrite() {
        int i = next++ & (OFFSETS - 1);
        plain.set(LONG, offsets[i], i);
    }

    @Benchmark
    public void pagedWrite() {
        int i = next++ & (OFFSETS - 1);
        memory.putLong(base + offsets[i], i);
    }

    @Benchmark
    public long plainRead() {
        return plain.get(LONG, offsets[next++ & (OFFSETS - 1)]);
    }

    @Benchmark
    public long pagedRead() {
        return memory.getLong(base + offsets[next++ & (OFFSETS - 1)]);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        memory.close();
        arena.close();
    }
}
