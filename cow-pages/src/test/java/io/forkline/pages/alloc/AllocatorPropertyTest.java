package io.forkline.pages.alloc;

import io.forkline.pages.MemoryView;
import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.Seeded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random allocate / write / reallocate / free / fork sequences against a model of each allocation's
 * bytes: no allocation overlaps another, contents survive reallocation, used bytes add up, views see
 * the contents at their fork, and everything freed gives its frames back.
 */
class AllocatorPropertyTest {

    static LongStream seeds() {
        return Seeded.seeds(10);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void smallPages(long seed) {
        Seeded.run(seed, random -> run(PageSize.KIB_4, random, 20_000));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void hugePages(long seed) {
        Seeded.run(seed, random -> run(PageSize.MIB_2, random, 8000));
    }

    private static void run(PageSize pageSize, Random random, int steps) {
        try (PagedMemory memory = PagedMemory.create(pageSize)) {
            Allocator allocator = new Allocator(memory);
            TreeMap<Long, byte[]> live = new TreeMap<>();
            Map<Long, byte[]> frozen = null;
            MemoryView view = null;
            for (int step = 0; step < steps; step++) {
                int dice = random.nextInt(100);
                if (dice < 45 || live.isEmpty()) {
                    byte[] data = randomBytes(random, randomSize(random));
                    long address = allocator.allocate(data.length);
                    memory.putBytes(address, data, 0, data.length);
                    live.put(address, data);
                } else if (dice < 75) {
                    long address = pick(random, live);
                    allocator.free(address);
                    live.remove(address);
                } else if (dice < 88) {
                    long address = pick(random, live);
                    byte[] old = live.remove(address);
                    byte[] data = java.util.Arrays.copyOf(old, randomSize(random));
                    long moved = allocator.reallocate(address, data.length);
                    if (data.length > old.length) {
                        byte[] tail = randomBytes(random, data.length - old.length);
                        System.arraycopy(tail, 0, data, old.length, tail.length);
                        memory.putBytes(moved + old.length, tail, 0, tail.length);
                    }
                    live.put(moved, data);
                } else if (dice < 93) {
                    long address = pick(random, live);
                    byte[] data = live.get(address);
                    int at = random.nextInt(data.length);
                    data[at] ^= 0x5A;
                    memory.putByte(address + at, data[at]);
                } else if (dice < 97) {
                    if (view == null) {
                        view = memory.fork();
                        frozen = new HashMap<>();
                        for (var e : live.entrySet()) {
                            frozen.put(e.getKey(), e.getValue().clone());
                        }
                    }
                } else if (view != null) {
                    check(view, frozen);
                    view.close();
                    view = null;
                    frozen = null;
                }
                if (step % 250 == 0) {
                    check(memory, live);
                    checkNoOverlap(allocator, live);
                }
            }
            check(memory, live);
            checkNoOverlap(allocator, live);
            if (view != null) {
                check(view, frozen);
                view.close();
            }
            List<Long> all = new ArrayList<>(live.keySet());
            all.forEach(allocator::free);
            AllocatorStats stats = allocator.stats();
            assertThat(stats.usedBytes()).isZero();
            assertThat(stats.largeBytes()).isZero();
            assertThat(stats.framesInUse()).as("frames after freeing everything")
                    .isLessThanOrEqualTo(Math.max(1, cachedRunBytes() >> pageSize.shift()) * SizeClasses.count());
        }
    }

    private static long cachedRunBytes() {
        long max = 0;
        for (int c = 0; c < SizeClasses.count(); c++) {
            max = Math.max(max, (long) SizeClasses.runBlocks(c) * Allocator.BLOCK);
        }
        return max;
    }

    private static int randomSize(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> 16_385 + random.nextInt(200_000);
            case 1, 2 -> 1 + random.nextInt(16_384);
            default -> 1 + random.nextInt(300);
        };
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] data = new byte[length];
        random.nextBytes(data);
        return data;
    }

    private static long pick(Random random, TreeMap<Long, byte[]> live) {
        Long key = live.ceilingKey(live.firstKey() + (long) (random.nextDouble() * (live.lastKey() - live.firstKey() + 1)));
        return key == null ? live.lastKey() : key;
    }

    private static void check(io.forkline.pages.Memory memory, Map<Long, byte[]> model) {
        for (var e : model.entrySet()) {
            byte[] expected = e.getValue();
            assertThat(memory.contentEquals(e.getKey(), expected, 0, expected.length))
                    .as("allocation at 0x%x (%d bytes) in %s", e.getKey(), expected.length,
                            memory.isReadOnly() ? "the view" : "live memory")
                    .isTrue();
        }
    }

    private static void checkNoOverlap(Allocator allocator, TreeMap<Long, byte[]> live) {
        long usedBytes = 0;
        long end = 0;
        for (var e : live.entrySet()) {
            long usable = allocator.usableSize(e.getKey());
            assertThat(usable).isGreaterThanOrEqualTo(e.getValue().length);
            assertThat(e.getKey()).as("allocation start").isGreaterThanOrEqualTo(end);
            end = e.getKey() + usable;
            usedBytes += usable;
        }
        assertThat(allocator.usedBytes()).isEqualTo(usedBytes);
        assertThat(allocator.stats().allocations()).isEqualTo(live.size());
    }
}
