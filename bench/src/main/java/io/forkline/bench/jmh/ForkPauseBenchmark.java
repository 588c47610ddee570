package io.forkline.bench.jmh;

import io.forkline.pages.MemoryView;
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

import java.util.concurrent.TimeUnit;

/**
 * The pause of {@link PagedMemory#fork()} against the amount of written memory: what Redis reports
 * as {@code latest_fork_usec}. Redis 7's real fork pauses about 32 ms per GB on this kind of machine.
 * The view is closed after each fork, outside the measured time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:MaxDirectMemorySize=64g", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ForkPauseBenchmark {

    @Param({"256", "1024", "4096", "16384"})
    public int dataMiB;

    @Param({"4kb", "2mb"})
    public String pageSize;

    private PagedMemory memory;
    private MemoryView view;

    @Setup(Level.Trial)
    public void writeData() {
        PageSize size = PageSize.parse(pageSize);
        memory = PagedMemory.create(size);
        long bytes = (long) dataMiB << 20;
        long base = memory.firstAddress();
        memory.map(base, bytes);
        for (long address = base; address < base + bytes; address += size.bytes()) {
            memory.putLong(address, address);   // every page written, as a loaded dataset would be
        }
    }

    @Benchmark
    public MemoryView fork() {
        view = memory.fork();
        return view;
    }

    @TearDown(Level.Invocation)
    public void closeView() {
        view.close();
    }

    @TearDown(Level.Trial)
    public void release() {
        memory.close();
    }
}
