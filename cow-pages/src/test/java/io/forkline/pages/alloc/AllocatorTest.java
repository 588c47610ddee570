package io.forkline.pages.alloc;

import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllocatorTest {

    private PagedMemory memory;

    private Allocator allocator(PageSize pageSize) {
        memory = PagedMemory.create(pageSize);
        return new Allocator(memory);
    }

    @AfterEach
    void close() {
        if (memory != null) {
            memory.close();
        }
    }

    @Test
    void sizeClassesRoundUpByAtMostAQuarterOfTheSize() {
        assertThat(SizeClasses.size(SizeClasses.classOf(1))).isEqualTo(16);
        assertThat(SizeClasses.size(SizeClasses.classOf(16))).isEqualTo(16);
        assertThat(SizeClasses.size(SizeClasses.classOf(17))).isEqualTo(32);
        assertThat(SizeClasses.size(SizeClasses.classOf(129))).isEqualTo(160);
        assertThat(SizeClasses.size(SizeClasses.classOf(4096))).isEqualTo(4096);
        assertThat(SizeClasses.size(SizeClasses.classOf(4097))).isEqualTo(5120);
        assertThat(SizeClasses.size(SizeClasses.classOf(SizeClasses.MAX_SMALL))).isEqualTo(SizeClasses.MAX_SMALL);
        for (int size = 1; size <= SizeClasses.MAX_SMALL; size++) {
            int slot = SizeClasses.size(SizeClasses.classOf(size));
            assertThat(slot).as("slot for %d", size).isGreaterThanOrEqualTo(size);
            assertThat(slot - size).as("waste for %d", size).isLessThan(Math.max(16, size / 4 + 1));
        }
        for (int c = 0; c < SizeClasses.count(); c++) {
            long runBytes = (long) SizeClasses.runBlocks(c) * Allocator.BLOCK;
            assertThat(runBytes / SizeClasses.size(c)).isGreaterThanOrEqualTo(SizeClasses.MIN_SLOTS_PER_RUN);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4096, 2 * 1024 * 1024})
    void allocationsAreDistinctWritableAndCounted(int pageBytes) {
        Allocator allocator = allocator(new PageSize(pageBytes));
        List<Long> addresses = new ArrayList<>();
        long expectedUsed = 0;
        for (int size : new int[] {1, 16, 24, 100, 1000, 4096, 5000, 16384, 16385, 100_000, 3 * 1024 * 1024}) {
            long address = allocator.allocate(size);
            assertThat(address).isNotZero();
            assertThat(allocator.usableSize(address)).isGreaterThanOrEqualTo(size);
            expectedUsed += allocator.usableSize(address);
            memory.fill(address, size, (byte) size);
            addresses.add(address);
        }
        assertThat(allocator.usedBytes()).isEqualTo(expectedUsed);
        assertThat(allocator.stats().allocations()).isEqualTo(addresses.size());
        assertThat(new HashSet<>(addresses)).hasSize(addresses.size());
        int i = 0;
        for (int size : new int[] {1, 16, 24, 100, 1000, 4096, 5000, 16384, 16385, 100_000, 3 * 1024 * 1024}) {
            long address = addresses.get(i++);
            assertThat(memory.getByte(address)).isEqualTo((byte) size);
            assertThat(memory.getByte(address + size - 1)).isEqualTo((byte) size);
        }
        addresses.forEach(allocator::free);
        assertThat(allocator.usedBytes()).isZero();
        assertThat(allocator.stats().allocations()).isZero();
        assertThat(allocator.stats().largeBytes()).isZero();
    }

    @Test
    void aFreedSlotIsReusedFirst() {
        Allocator allocator = allocator(PageSize.KIB_4);
        long a = allocator.allocate(40);
        long b = allocator.allocate(40);
        assertThat(b - a).isEqualTo(48);
        allocator.free(a);
        assertThat(allocator.allocate(33)).isEqualTo(a);
    }

    @Test
    void freeingEverythingReturnsTheFramesButOneRunPerClass() {
        Allocator allocator = allocator(PageSize.KIB_4);
        List<Long> addresses = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            addresses.add(allocator.allocate(16 + (i % 7) * 100));
        }
        for (int i = 0; i < 200; i++) {
            addresses.add(allocator.allocate(20_000 + i));
        }
        long framesFull = memory.stats().framesInUse();
        addresses.forEach(allocator::free);
        AllocatorStats stats = allocator.stats();
        assertThat(stats.usedBytes()).isZero();
        assertThat(stats.framesInUse()).isLessThan(framesFull / 50);
        long cachedRunBlocks = 0;
        for (int c = 0; c < SizeClasses.count(); c++) {
            cachedRunBlocks += SizeClasses.runBlocks(c);
        }
        assertThat(stats.runBytes()).isLessThanOrEqualTo(cachedRunBlocks * Allocator.BLOCK);
        assertThat(stats.framesInUse()).isEqualTo(stats.runBytes() / 4096);
    }

    @Test
    void reallocateKeepsTheBytesAndMovesOnlyWhenItMust() {
        Allocator allocator = allocator(PageSize.KIB_4);
        long small = allocator.allocate(50);
        memory.putLong(small, 0x1122334455667788L);
        assertThat(allocator.reallocate(small, 60)).isEqualTo(small);   // still the 64-byte class
        long moved = allocator.reallocate(small, 200);
        assertThat(moved).isNotEqualTo(small);
        assertThat(memory.getLong(moved)).isEqualTo(0x1122334455667788L);

        long large = allocator.allocate(20_000);
        memory.putLong(large, 0xABCDEFL);
        memory.putLong(large + 19_992, 99);
        assertThat(allocator.reallocate(large, 40_000)).isEqualTo(large);   // at the top: grows in place
        assertThat(allocator.usableSize(large)).isEqualTo(40_960);
        assertThat(memory.getLong(large + 19_992)).isEqualTo(99);
        memory.putLong(large + 40_000 - 8, 7);
        assertThat(allocator.reallocate(large, 17_000)).isEqualTo(large);   // shrinks in place
        assertThat(allocator.usableSize(large)).isEqualTo(20_480);
        long blocker = allocator.allocate(30_000);
        long grown = allocator.reallocate(large, 100_000);                    // hemmed in: moves
        assertThat(grown).isNotEqualTo(large);
        assertThat(memory.getLong(grown + 19_992)).isEqualTo(99);
        long shrunkToSmall = allocator.reallocate(grown, 100);
        assertThat(shrunkToSmall).isNotEqualTo(grown);
        assertThat(allocator.usableSize(shrunkToSmall)).isEqualTo(112);
        assertThat(memory.getLong(shrunkToSmall)).isEqualTo(0xABCDEFL);
        allocator.free(blocker);
        allocator.free(shrunkToSmall);
        allocator.free(moved);
        assertThat(allocator.usedBytes()).isZero();
    }

    @Test
    void freedLargeHolesAreReusedBestFit() {
        Allocator allocator = allocator(PageSize.KIB_4);
        long a = allocator.allocate(3 * 4096);
        long b = allocator.allocate(5 * 4096);
        long c = allocator.allocate(2 * 4096);
        long d = allocator.allocate(4096 * 2);
        allocator.free(a);
        allocator.free(c);
        assertThat(allocator.allocate(2 * 4096)).isEqualTo(c);   // the hole that fits exactly
        assertThat(allocator.allocate(3 * 4096)).isEqualTo(a);
        allocator.free(b);
        allocator.free(d);
    }

    @Test
    void anAddressInsideASmallAllocationNamesItsStart() {
        Allocator allocator = allocator(PageSize.KIB_4);
        long first = allocator.allocate(100);   // 112-byte slots, side by side
        long second = allocator.allocate(100);
        long large = allocator.allocate(50_000);
        assertThat(allocator.allocationOf(first)).isEqualTo(first);
        assertThat(allocator.allocationOf(first + 111)).isEqualTo(first);
        assertThat(allocator.allocationOf(second + 1)).isEqualTo(second);
        assertThat(allocator.allocationOf(large)).isEqualTo(large);
        assertThatThrownBy(() -> allocator.allocationOf(large + 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inside a large allocation");
        allocator.free(second);
        assertThatThrownBy(() -> allocator.allocationOf(second + 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("in no allocated slot");
        allocator.free(first);
        allocator.free(large);
        assertThatThrownBy(() -> allocator.allocationOf(large)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an allocation");
    }

    @Test
    void misuseFailsClearly() {
        Allocator allocator = allocator(PageSize.KIB_4);
        long small = allocator.allocate(100);
        long large = allocator.allocate(50_000);
        assertThatThrownBy(() -> allocator.allocate(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> allocator.free(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an allocation");
        assertThatThrownBy(() -> allocator.free(small + 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not at its start");
        assertThatThrownBy(() -> allocator.free(large + 4096)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inside an allocation");
        assertThatThrownBy(() -> allocator.free(1L << 39)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside");
        allocator.free(small);
        assertThatThrownBy(() -> allocator.free(small)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("double free");
        allocator.free(large);
        assertThatThrownBy(() -> allocator.free(large)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("double free");
        assertThatThrownBy(() -> allocator.usableSize(small)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void usedMemoryCountsUsableSizesAndFragmentationComparesFramesToIt() {
        Allocator allocator = allocator(PageSize.KIB_4);
        Set<Long> all = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            all.add(allocator.allocate(100));   // 112-byte slots
        }
        AllocatorStats stats = allocator.stats();
        assertThat(stats.usedBytes()).isEqualTo(10_000L * 112);
        assertThat(stats.fragmentation()).isBetween(1.0, 1.1);
        assertThat(stats.mappedBytes()).isEqualTo(stats.framesInUse() * 4096);
        all.forEach(allocator::free);
    }
}
