package io.forkline.bench.jmh;

import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.alloc.Allocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/** Allocate-then-free throughput for one size: a batch of allocations, then all of them freed. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AllocatorBenchmark {

    static final int BATCH = 1024;

    @Param({"16", "64", "256", "1024", "4096"})
    public int size;

    private PagedMemory memory;
    private Allocator allocator;
    private final long[] addresses = new long[BATCH];

    @Setup(Level.Trial)
    public void setUp() {
        memory = PagedMemory.create(PageSize.KIB_4);
        allocator = new Allocator(memory);
    }

    /** Counts one operation per allocate+free pair. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void allocateAndFree() {
        for (int i = 0; i < BATCH; i++) {
            addresses[i] = allocator.allocate(size);
        }
        for (int i = 0; i < BATCH; i++) {
            allocator.free(addresses[i]);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        memory.close();
    }
}
