package io.forkline.pages.alloc;

import io.forkline.pages.PagedMemory;

import java.util.Arrays;

/**
 * malloc and free over a {@link PagedMemory}: hands out addresses, maps pages when the first block
 * on them is taken and unmaps them when the last is given back. Single-writer, like the memory.
 *
 * <p>Small allocations (up to 16 KiB) take a slot of their size class in a <em>run</em>: a few
 * consecutive 4 KiB blocks cut into equal slots, with a bitmap of the slots in use. Each class keeps
 * a list of its runs that have a free slot; a run that empties is given back, except for one per
 * class kept ready so that alternating allocate/free does not map and unmap pages. Large
 * allocations are whole blocks. Blocks are 4 KiB whatever the page size, so that with 2 MiB pages
 * many runs share one page, as jemalloc's runs share a transparent huge page.
 *
 * <p>All bookkeeping is on the Java heap and per run or per block, never per object: a fork's view
 * is read without it. Contents of a fresh allocation are unspecified, as with malloc.
 */
public final class Allocator {

    static final int BLOCK_SHIFT = 12;
    static final int BLOCK = 1 << BLOCK_SHIFT;

    /** Tag of a block that belongs to no allocation. */
    private static final int FREE = 0;
    /** Tag of the second and later blocks of a large allocation; its first block holds {@code -blocks}. */
    private static final int LARGE_TAIL = Integer.MIN_VALUE;

    private final PagedMemory memory;
    private final int pageShift;
    private final BlockSpace space;

    /** Per block: {@link #FREE}, a run id (positive), {@code -blocks} at a large allocation's start, or {@link #LARGE_TAIL}. */
    private int[] blockTags = new int[0];
    /** Per page: blocks in use on it; the page is mapped while this is positive. */
    private int[] pageUse = new int[0];

    private Run[] runs = new Run[16];
    private int[] freeRunIds = new int[16];
    private int freeRunIdCount;
    private int nextRunId = 1;
    private final Run[] partialRuns = new Run[SizeClasses.count()];

    private long usedBytes;
    private long allocations;
    private long largeBlocks;
    private long runBlocks;

    public Allocator(PagedMemory memory) {
        this.memory = memory;
        this.pageShift = memory.pageSize().shift();
        this.space = new BlockSpace(memory.firstAddress() >>> BLOCK_SHIFT, memory.addressLimit() >>> BLOCK_SHIFT);
    }

    public PagedMemory memory() {
        return memory;
    }

    // ---------------------------------------------------------------------------------------------
    // malloc, free, realloc

    /** The address of {@code size} fresh bytes, never 0. */
    public long allocate(long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("allocation size must be positive, got " + size);
        }
        long address = size <= SizeClasses.MAX_SMALL ? allocateSmall(SizeClasses.classOf(size)) : allocateLarge(blocksFor(size));
        allocations++;
        return address;
    }

    /** Gives back an allocation; its bytes may be reused by the next {@link #allocate}. */
    public void free(long address) {
        long block = blockOf(address);
        int tag = blockTags[(int) block];
        if (tag > 0) {
            freeSmall(runs[tag], address);
        } else if (tag < 0 && tag != LARGE_TAIL && (address & (BLOCK - 1)) == 0) {
            freeLarge(block, -tag);
        } else {
            throw notAllocated(address, tag == FREE ? "double free, or never allocated" : "inside an allocation, not at its start");
        }
        allocations--;
    }

    /**
     * Resizes an allocation, keeping its first {@code min(old, new)} bytes; returns its address, which
     * is the same when the allocation could stay (same size class, or large and grown or shrunk in place).
     */
    public long reallocate(long address, long newSize) {
        if (newSize <= 0) {
            throw new IllegalArgumentException("allocation size must be positive, got " + newSize);
        }
        long oldSize = usableSize(address);
        long block = blockOf(address);
        int tag = blockTags[(int) block];
        if (tag > 0 && newSize <= SizeClasses.MAX_SMALL && SizeClasses.classOf(newSize) == runs[tag].sizeClass) {
            return address;
        }
        if (tag < 0 && newSize > SizeClasses.MAX_SMALL && resizeLargeInPlace(block, -tag, blocksFor(newSize))) {
            return address;
        }
        long moved = allocate(newSize);
        memory.copy(address, moved, Math.min(oldSize, newSize));
        free(address);
        return moved;
    }

    /** The bytes an allocation may use: its size rounded up to its class or to whole blocks. */
    public long usableSize(long address) {
        long block = blockOf(address);
        int tag = blockTags[(int) block];
        if (tag > 0) {
            Run run = runs[tag];
            int slot = run.slotOf(address);
            if (slot < 0 || !run.isUsed(slot)) {
                throw notAllocated(address, slot < 0 ? "inside a slot, not at its start" : "not allocated");
            }
            return run.slotSize;
        }
        if (tag < 0 && tag != LARGE_TAIL && (address & (BLOCK - 1)) == 0) {
            return (long) -tag << BLOCK_SHIFT;
        }
        throw notAllocated(address, tag == FREE ? "not allocated" : "inside an allocation, not at its start");
    }

    /**
     * The start of the allocation that holds {@code address}: the slot around it for a small
     * allocation, so that a structure may sit past the start of its slot (a listpack with room before
     * it), or the address itself at the start of a large one.
     */
    public long allocationOf(long address) {
        long block = blockOf(address);
        int tag = blockTags[(int) block];
        if (tag > 0) {
            Run run = runs[tag];
            long slot = (address - run.base) / run.slotSize;
            if (slot >= run.slots || !run.isUsed((int) slot)) {
                throw notAllocated(address, "in no allocated slot");
            }
            return run.base + slot * run.slotSize;
        }
        if (tag < 0 && tag != LARGE_TAIL && (address & (BLOCK - 1)) == 0) {
            return address;
        }
        throw notAllocated(address, tag == FREE ? "not allocated" : "inside a large allocation, not at its start");
    }

    // ---------------------------------------------------------------------------------------------
    // Small: slots in runs

    private long allocateSmall(int sizeClass) {
        Run run = partialRuns[sizeClass];
        if (run == null) {
            run = newRun(sizeClass);
        }
        long address = run.take();
        if (run.free == 0) {
            unlink(run);
        }
        usedBytes += run.slotSize;
        return address;
    }

    private void freeSmall(Run run, long address) {
        int slot = run.slotOf(address);
        if (slot < 0) {
            throw notAllocated(address, "inside a slot of " + run.slotSize + " bytes, not at its start");
        }
        if (!run.isUsed(slot)) {
            throw notAllocated(address, "double free");
        }
        boolean wasFull = run.free == 0;
        run.give(slot);
        usedBytes -= run.slotSize;
        if (wasFull) {
            pushPartial(run);
        }
        if (run.free == run.slots && (run.prev != null || run.next != null)) {
            unlink(run);   // empty, and not the class's last run with room: give it back
            releaseRun(run);
        }
    }

    private Run newRun(int sizeClass) {
        int blocks = SizeClasses.runBlocks(sizeClass);
        long first = takeBlocks(blocks);
        int id = freeRunIdCount > 0 ? freeRunIds[--freeRunIdCount] : nextRunId++;
        if (id >= runs.length) {
            runs = Arrays.copyOf(runs, runs.length * 2);
        }
        Run run = new Run(id, first << BLOCK_SHIFT, sizeClass, blocks);
        runs[id] = run;
        Arrays.fill(blockTags, (int) first, (int) (first + blocks), id);
        runBlocks += blocks;
        pushPartial(run);
        return run;
    }

    private void releaseRun(Run run) {
        long first = run.base >>> BLOCK_SHIFT;
        Arrays.fill(blockTags, (int) first, (int) (first + run.blocks), FREE);
        giveBlocks(first, run.blocks);
        runs[run.id] = null;
        if (freeRunIdCount == freeRunIds.length) {
            freeRunIds = Arrays.copyOf(freeRunIds, freeRunIds.length * 2);
        }
        freeRunIds[freeRunIdCount++] = run.id;
        runBlocks -= run.blocks;
    }

    private void pushPartial(Run run) {
        Run head = partialRuns[run.sizeClass];
        run.prev = null;
        run.next = head;
        if (head != null) {
            head.prev = run;
        }
        partialRuns[run.sizeClass] = run;
    }

    private void unlink(Run run) {
        if (run.prev != null) {
            run.prev.next = run.next;
        } else {
            partialRuns[run.sizeClass] = run.next;
        }
        if (run.next != null) {
            run.next.prev = run.prev;
        }
        run.prev = null;
        run.next = null;
    }

    // ---------------------------------------------------------------------------------------------
    // Large: whole blocks

    private long allocateLarge(long blocks) {
        long first = takeBlocks(blocks);
        tagLarge(first, blocks);
        usedBytes += blocks << BLOCK_SHIFT;
        largeBlocks += blocks;
        return first << BLOCK_SHIFT;
    }

    private void freeLarge(long first, long blocks) {
        Arrays.fill(blockTags, (int) first, (int) (first + blocks), FREE);
        giveBlocks(first, blocks);
        usedBytes -= blocks << BLOCK_SHIFT;
        largeBlocks -= blocks;
    }

    private boolean resizeLargeInPlace(long first, long blocks, long wanted) {
        if (wanted < blocks) {
            Arrays.fill(blockTags, (int) (first + wanted), (int) (first + blocks), FREE);
            giveBlocks(first + wanted, blocks - wanted);
        } else if (wanted > blocks) {
            if (!space.takeAt(first + blocks, wanted - blocks)) {
                return false;
            }
            growTables(first + wanted);
            useBlocks(first + blocks, wanted - blocks);
        }
        tagLarge(first, wanted);
        usedBytes += (wanted - blocks) << BLOCK_SHIFT;
        largeBlocks += wanted - blocks;
        return true;
    }

    private void tagLarge(long first, long blocks) {
        if (blocks > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("allocation too large: " + blocks + " blocks");
        }
        blockTags[(int) first] = (int) -blocks;
        Arrays.fill(blockTags, (int) first + 1, (int) (first + blocks), LARGE_TAIL);
    }

    private static long blocksFor(long size) {
        return (size + BLOCK - 1) >>> BLOCK_SHIFT;
    }

    // ---------------------------------------------------------------------------------------------
    // Blocks and the pages under them

    private long takeBlocks(long count) {
        long first = space.take(count);
        growTables(first + count);
        useBlocks(first, count);
        return first;
    }

    private void giveBlocks(long first, long count) {
        long end = first + count;
        for (long block = first; block < end; ) {
            long page = (block << BLOCK_SHIFT) >>> pageShift;
            long pageEndBlock = Math.min(end, ((page + 1) << pageShift) >>> BLOCK_SHIFT);
            pageUse[(int) page] -= (int) (pageEndBlock - block);
            if (pageUse[(int) page] == 0) {
                memory.unmap(page << pageShift, 1L << pageShift);
            }
            block = pageEndBlock;
        }
        space.give(first, count);
    }

    private void useBlocks(long first, long count) {
        long end = first + count;
        for (long block = first; block < end; ) {
            long page = (block << BLOCK_SHIFT) >>> pageShift;
            long pageEndBlock = Math.min(end, ((page + 1) << pageShift) >>> BLOCK_SHIFT);
            if (pageUse[(int) page] == 0) {
                memory.map(page << pageShift, 1L << pageShift);
            }
            pageUse[(int) page] += (int) (pageEndBlock - block);
            block = pageEndBlock;
        }
    }

    private void growTables(long blockEnd) {
        if (blockEnd > blockTags.length) {
            blockTags = Arrays.copyOf(blockTags, (int) Math.max(blockEnd, Math.min(Integer.MAX_VALUE - 8, blockTags.length * 2L)));
        }
        long pageEnd = ((blockEnd << BLOCK_SHIFT) + (1L << pageShift) - 1) >>> pageShift;
        if (pageEnd > pageUse.length) {
            pageUse = Arrays.copyOf(pageUse, (int) Math.max(pageEnd, Math.min(Integer.MAX_VALUE - 8, pageUse.length * 2L)));
        }
    }

    private long blockOf(long address) {
        long block = address >>> BLOCK_SHIFT;
        if (address <= 0 || block >= blockTags.length) {
            throw notAllocated(address, "outside the allocated address range");
        }
        return block;
    }

    private static IllegalArgumentException notAllocated(long address, String why) {
        return new IllegalArgumentException(String.format("0x%x is not an allocation: %s", address, why));
    }

    // ---------------------------------------------------------------------------------------------
    // Counters

    /** Bytes handed out, as usable sizes: Redis's {@code used_memory}. */
    public long usedBytes() {
        return usedBytes;
    }

    public AllocatorStats stats() {
        long frames = memory.stats().framesInUse();
        return new AllocatorStats(usedBytes, allocations, runBlocks << BLOCK_SHIFT, largeBlocks << BLOCK_SHIFT,
                frames, frames << pageShift, space.holeBlocks() << BLOCK_SHIFT);
    }

    /** A run: consecutive blocks cut into equal slots of one size class. */
    private static final class Run {
        final int id;
        final long base;
        final int sizeClass;
        final int slotSize;
        final int blocks;
        final int slots;
        final long[] used;
        int free;
        int hint;
        Run prev;
        Run next;

        Run(int id, long base, int sizeClass, int blocks) {
            this.id = id;
            this.base = base;
            this.sizeClass = sizeClass;
            this.slotSize = SizeClasses.size(sizeClass);
            this.blocks = blocks;
            this.slots = (int) (((long) blocks << BLOCK_SHIFT) / slotSize);
            this.used = new long[(slots + 63) >>> 6];
            this.free = slots;
            if ((slots & 63) != 0) {
                used[used.length - 1] = -1L << (slots & 63);   // bits past the last slot read as taken
            }
        }

        long take() {
            int word = hint;
            while (used[word] == -1L) {
                word = word + 1 == used.length ? 0 : word + 1;
            }
            int bit = Long.numberOfTrailingZeros(~used[word]);
            used[word] |= 1L << bit;
            free--;
            hint = word;
            return base + (long) ((word << 6) + bit) * slotSize;
        }

        void give(int slot) {
            used[slot >>> 6] &= ~(1L << slot);
            free++;
            hint = slot >>> 6;
        }

        boolean isUsed(int slot) {
            return (used[slot >>> 6] & (1L << slot)) != 0;
        }

        /** The slot that starts at {@code address}, or -1 if the address is inside one or past the last. */
        int slotOf(long address) {
            long offset = address - base;
            if (offset % slotSize != 0 || offset / slotSize >= slots) {
                return -1;
            }
            return (int) (offset / slotSize);
        }
    }
}
