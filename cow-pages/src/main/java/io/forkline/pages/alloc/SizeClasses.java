package io.forkline.pages.alloc;

/**
 * The small size classes: 16 to 128 bytes in steps of 16, then four classes per doubling up to
 * {@value #MAX_SMALL} bytes (160, 192, 224, 256, 320, ...), so a small allocation wastes at most a
 * fifth of its slot, as jemalloc's classes do. Larger allocations are whole 4 KiB blocks.
 */
final class SizeClasses {

    static final int MIN_SIZE = 16;
    static final int MAX_SMALL = 16 * 1024;
    /** A small run holds at least this many slots, so a run's bookkeeping is shared by several objects. */
    static final int MIN_SLOTS_PER_RUN = 8;

    private static final int[] SIZES;
    private static final int[] RUN_BLOCKS;
    private static final byte[] CLASS_BY_GRANULE = new byte[MAX_SMALL / MIN_SIZE + 1];

    static {
        int[] sizes = new int[64];
        int count = 0;
        for (int size = MIN_SIZE; size <= 128; size += MIN_SIZE) {
            sizes[count++] = size;
        }
        for (int base = 128; base < MAX_SMALL; base *= 2) {
            for (int step = 1; step <= 4; step++) {
                sizes[count++] = base + step * (base / 4);
            }
        }
        SIZES = java.util.Arrays.copyOf(sizes, count);
        RUN_BLOCKS = new int[count];
        for (int c = 0; c < count; c++) {
            RUN_BLOCKS[c] = bestRunBlocks(SIZES[c]);
        }
        int c = 0;
        for (int granule = 0; granule < CLASS_BY_GRANULE.length; granule++) {
            while (SIZES[c] < granule * MIN_SIZE) {
                c++;
            }
            CLASS_BY_GRANULE[granule] = (byte) c;
        }
    }

    private SizeClasses() {
    }

    static int count() {
        return SIZES.length;
    }

    /** The class of an allocation of {@code size} bytes, 1 to {@link #MAX_SMALL}. */
    static int classOf(long size) {
        return CLASS_BY_GRANULE[(int) ((size + MIN_SIZE - 1) >>> 4)];
    }

    static int size(int sizeClass) {
        return SIZES[sizeClass];
    }

    /** Blocks in one run of the class. */
    static int runBlocks(int sizeClass) {
        return RUN_BLOCKS[sizeClass];
    }

    /** The run length, among the few that hold enough slots, that wastes the smallest share of its bytes. */
    private static int bestRunBlocks(int size) {
        int least = (int) Math.max(1, ((long) size * MIN_SLOTS_PER_RUN + Allocator.BLOCK - 1) / Allocator.BLOCK);
        int best = least;
        double bestWaste = 1;
        for (int blocks = least; blocks < least + 8; blocks++) {
            long bytes = (long) blocks * Allocator.BLOCK;
            double waste = (double) (bytes % size) / bytes;
            if (waste < bestWaste - 1e-9) {
                best = blocks;
                bestWaste = waste;
            }
        }
        return best;
    }
}
