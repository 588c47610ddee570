package io.forkline.pages.alloc;

/**
 * What an {@link Allocator} holds.
 *
 * @param usedBytes    bytes handed out, as usable sizes: Redis's {@code used_memory}
 * @param allocations  allocations not yet freed
 * @param runBytes     bytes of the runs that hold small allocations, used or not
 * @param largeBytes   bytes of large allocations
 * @param framesInUse  frames mapped for it (and for an open fork's view)
 * @param mappedBytes  {@code framesInUse} times the page size: the physical memory, as RSS
 * @param holeBytes    freed address space below the top, not yet reused
 */
public record AllocatorStats(long usedBytes, long allocations, long runBytes, long largeBytes,
                             long framesInUse, long mappedBytes, long holeBytes) {

    /** Physical over used, as Redis's {@code mem_fragmentation_ratio}; 0 when nothing is used. */
    public double fragmentation() {
        return usedBytes == 0 ? 0 : (double) mappedBytes / usedBytes;
    }
}
