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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * A copy-on-write fault: the first write to a page a fork's view still holds. Each invocation forks,
 * then writes once into each page of one leaf of the page table (so the leaf's own copy is shared by
 * its pages, as in a real write burst), then closes the view outside the measured time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CowFaultBenchmark {

    /** Pages written per invocation: a whole leaf of 4 KiB pages; 32 huge pages. */
    static final int SMALL_PAGES = 512;
    static final int HUGE_PAGES = 32;

    @State(Scope.Thread)
    public static class Pages {
        final PageSize size;
        final int count;
        PagedMemory memory;
        MemoryView view;

        Pages(PageSize size, int count) {
            this.size = size;
            this.count = count;
        }

        @Setup(Level.Trial)
        public void map() {
            memory = PagedMemory.create(size);
            memory.map(firstPage(), (long) count * size.bytes());
            for (int p = 0; p < count; p++) {
                memory.putLong(firstPage() + (long) p * size.bytes(), p);
            }
        }

        /** The first page of a leaf: the pages written never straddle two leaves. */
        long firstPage() {
            return 512L * size.bytes();
        }

        @Setup(Level.Invocation)
        public void fork() {
            view = memory.fork();
        }

        @TearDown(Level.Invocation)
        public void closeView() {
            view.close();
        }

        @TearDown(Level.Trial)
        public void release() {
            memory.close();
        }

        void touchAll() {
            long address = firstPage() + 64;
            for (int p = 0; p < count; p++, address += size.bytes()) {
                memory.putLong(address, p);
            }
        }
    }

    public static class SmallPages extends Pages {
        public SmallPages() {
            super(PageSize.KIB_4, SMALL_PAGES);
        }
    }

    public static class HugePages extends Pages {
        public HugePages() {
            super(PageSize.MIB_2, HUGE_PAGES);
        }
    }

    @Benchmark
    @OperationsPerInvocation(SMALL_PAGES)
    public void fault4k(SmallPages pages) {
        pages.touchAll();
    }

    @Benchmark
    @OperationsPerInvocation(HUGE_PAGES)
    public void fault2m(HugePages pages) {
        pages.touchAll();
    }
}
