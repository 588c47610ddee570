package io.forkline.pages;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Physical frames: page-sized blocks of off-heap memory, each named by an int, reference counted,
 * and recycled through a free list. Single-writer: only the thread that owns the memory calls it.
 * Slabs come from {@link SlabMapper} (transparent huge pages where Linux offers them).
 *
 * <p>Frames are carved out of slabs of {@value #SLAB_BYTES} bytes (or one frame, for pages larger than
 * that), all allocated from one shared arena so that a snapshot thread may read them. A frame's bytes
 * are {@code slab(frame)} at {@code offsetInSlab(frame)}. Slabs are never released before the pool
 * closes, so the slab array a view captured at fork stays valid for every frame it references; the
 * array is replaced, never changed in place, when the pool grows.
 *
 * <p>Once the pool has grown past its first slab (a store that is filling, not a small one), it keeps the
 * next slab ready: a short-lived daemon thread maps it and writes a byte to each of its 4 KiB pages, so that
 * the kernel's page faults, and the zeroing of every page it hands out, happen there and not on the writer,
 * which otherwise pays them on its first write to each page (a tenth of an RDB load's time). At most one slab
 * is prepared ahead, and only within the pool's limit.
 */
final class FramePool implements AutoCloseable {

    static final int SLAB_BYTES = 32 * 1024 * 1024;
    /** The smallest page the kernel maps: one write per such page faults the whole slab in. */
    private static final int OS_PAGE = 4096;

    private final Arena arena = Arena.ofShared();
    private final int pageShift;
    private final int pageBytes;
    private final int slabShift;
    private final int slabMask;
    private final long maxFrames;

    private MemorySegment[] slabs = new MemorySegment[0];
    /** Each slab's address: what the mappings read and write by (see {@link PageMapping#NATIVE}). */
    private long[] slabAddresses = new long[0];
    private int[] refCounts = new int[0];
    private int[] freeFrames = new int[64];
    private int freeCount;
    private int framesCreated;
    private long framesInUse;
    /** The next slab, being mapped and faulted in by its own thread, or null. */
    private FutureTask<MemorySegment> nextSlab;

    FramePool(PageSize pageSize, long maxBytes) {
        this.pageShift = pageSize.shift();
        this.pageBytes = pageSize.bytes();
        int framesPerSlab = Math.max(1, SLAB_BYTES / pageBytes);
        this.slabShift = Integer.numberOfTrailingZeros(framesPerSlab);
        this.slabMask = framesPerSlab - 1;
        this.maxFrames = Math.min(maxBytes >>> pageShift, PageMapping.MAX_FRAMES);
    }

    /** The slabs as they are now; frames that exist now stay in this array for the pool's life. */
    MemorySegment[] slabs() {
        return slabs;
    }

    /**
     * The slabs' addresses as they are now, index for index with {@link #slabs()}; every frame that exists now
     * has its slab's address in this array, and the slab stays mapped until the pool closes.
     */
    long[] slabAddresses() {
        return slabAddresses;
    }

    int slabShift() {
        return slabShift;
    }

    int slabMask() {
        return slabMask;
    }

    /** Takes a free frame whose bytes are unspecified, with a reference count of one. */
    int take() {
        int frame;
        if (freeCount > 0) {
            frame = freeFrames[--freeCount];
        } else {
            frame = createFrame();
        }
        refCounts[frame] = 1;
        framesInUse++;
        return frame;
    }

    /** Takes a free frame filled with zeros. */
    int takeZeroed() {
        boolean fresh = freeCount == 0;
        int frame = take();
        if (!fresh) {   // a frame never handed out is zero already, as its slab came
            slab(frame).asSlice(offsetInSlab(frame), pageBytes).fill((byte) 0);
        }
        return frame;
    }

    /** Adds a holder to a frame in use. */
    void retain(int frame) {
        refCounts[frame]++;
    }

    /**
     * Drops a holder of a frame; the last one returns it to the free list.
     *
     * @return the holders left
     */
    int release(int frame) {
        int left = --refCounts[frame];
        if (left == 0) {
            if (freeCount == freeFrames.length) {
                freeFrames = Arrays.copyOf(freeFrames, freeFrames.length * 2);
            }
            freeFrames[freeCount++] = frame;
            framesInUse--;
        } else if (left < 0) {
            refCounts[frame] = 0;
            throw new IllegalStateException("frame " + frame + " released more often than it was taken");
        }
        return left;
    }

    int refCount(int frame) {
        return refCounts[frame];
    }

    MemorySegment slab(int frame) {
        return slabs[frame >>> slabShift];
    }

    long offsetInSlab(int frame) {
        return (long) (frame & slabMask) << pageShift;
    }

    /** Frames held by someone: the physical memory in use is this times the page size. */
    long framesInUse() {
        return framesInUse;
    }

    /** Frames ever created, in use or free: the pool's footprint. */
    long framesCreated() {
        return framesCreated;
    }

    private int createFrame() {
        if (framesCreated >= maxFrames) {
            throw new MemoryExhaustedException("no free frame: all " + framesCreated + " frames of "
                    + pageBytes + " bytes are in use (limit " + (maxFrames << pageShift) + " bytes)");
        }
        int frame = framesCreated;
        int slabIndex = frame >>> slabShift;
        if (slabIndex == slabs.length) {
            MemorySegment[] grown = Arrays.copyOf(slabs, slabs.length + 1);
            grown[slabIndex] = takePreparedSlab();
            long[] addresses = Arrays.copyOf(slabAddresses, grown.length);
            addresses[slabIndex] = grown[slabIndex].address();
            slabs = grown;
            slabAddresses = addresses;
            if (slabIndex >= 1 && (long) (slabIndex + 2) << slabShift <= maxFrames) {
                prepareNextSlab();
            }
        }
        if (frame == refCounts.length) {
            refCounts = Arrays.copyOf(refCounts, Math.max(64, refCounts.length * 2));
        }
        framesCreated++;
        return frame;
    }

    private long slabBytes() {
        return (long) (slabMask + 1) << pageShift;
    }

    /** The slab prepared ahead, or (none, or its preparation failed) a slab mapped here and now. */
    private MemorySegment takePreparedSlab() {
        MemorySegment prepared = awaitPrepared();
        return prepared != null ? prepared : SlabMapper.allocate(arena, slabBytes(), pageBytes);
    }

    /**
     * Waits (uninterruptibly: the slab belongs to the arena either way) for the slab being prepared and takes
     * it; null if there is none, or its preparation failed (then the caller maps one, which throws if the memory
     * really is not there).
     */
    private MemorySegment awaitPrepared() {
        FutureTask<MemorySegment> prepared = nextSlab;
        nextSlab = null;
        if (prepared == null) {
            return null;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return prepared.get();
                } catch (InterruptedException again) {
                    interrupted = true;
                } catch (ExecutionException failed) {
                    return null;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void prepareNextSlab() {
        long bytes = slabBytes();
        FutureTask<MemorySegment> task = new FutureTask<>(() -> {
            MemorySegment slab = SlabMapper.allocate(arena, bytes, pageBytes);
            for (long offset = 0; offset < bytes; offset += OS_PAGE) {
                slab.set(ValueLayout.JAVA_BYTE, offset, (byte) 0);
            }
            return slab;
        });
        nextSlab = task;
        Thread.ofPlatform().daemon().name("forkline-slab-faulter").start(task);
    }

    /** Whether a slab is being (or has been) prepared ahead of need. */
    boolean slabPrepared() {
        return nextSlab != null;
    }

    @Override
    public void close() {
        awaitPrepared();   // the arena must not close under its allocation; the slab goes with the arena
        slabs = new MemorySegment[0];
        slabAddresses = new long[0];
        arena.close();
    }
}
