package io.forkline.pages;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.assertj.core.api.Assertions.assertThat;

/** The frame pool's growth by slabs, with the next slab prepared ahead once the pool is past its first. */
class FramePoolTest {

    private static final int FRAMES_PER_SLAB = FramePool.SLAB_BYTES / PageSize.KIB_4.bytes();

    @Test
    void aSmallPoolPreparesNothingAndAGrowingOneKeepsTheNextSlabReady() {
        try (FramePool pool = new FramePool(PageSize.KIB_4, Long.MAX_VALUE)) {
            takeFrames(pool, FRAMES_PER_SLAB);
            assertThat(pool.slabPrepared()).as("one slab: nothing prepared").isFalse();

            takeFrames(pool, 1);   // the second slab
            assertThat(pool.slabPrepared()).as("growing: the third slab is on its way").isTrue();

            takeFrames(pool, FRAMES_PER_SLAB);   // into the third, which was the prepared one
            assertThat(pool.slabs()).hasSize(3);
            assertThat(pool.slabPrepared()).as("and the fourth after it").isTrue();
            assertZeroedAndWritable(pool, 2L * FRAMES_PER_SLAB);
        }
    }

    @Test
    void nothingIsPreparedBeyondThePoolsLimit() {
        long limit = 3L * FramePool.SLAB_BYTES;
        try (FramePool pool = new FramePool(PageSize.KIB_4, limit)) {
            takeFrames(pool, FRAMES_PER_SLAB + 1);
            assertThat(pool.slabPrepared()).as("the third slab is within the limit").isTrue();
            takeFrames(pool, FRAMES_PER_SLAB);
            assertThat(pool.slabPrepared()).as("a fourth would pass it").isFalse();
        }
    }

    @Test
    void closingWhileASlabIsPreparedWaitsForIt() {
        FramePool pool = new FramePool(PageSize.KIB_4, Long.MAX_VALUE);
        takeFrames(pool, FRAMES_PER_SLAB + 1);
        assertThat(pool.slabPrepared()).isTrue();
        pool.close();   // must neither throw nor leave the preparing thread writing into a closed arena
        assertThat(pool.slabs()).isEmpty();
    }

    /** Every frame of the slab that starts at {@code firstFrame} reads zero and keeps what is written to it. */
    private static void assertZeroedAndWritable(FramePool pool, long firstFrame) {
        for (long frame = firstFrame; frame < firstFrame + FRAMES_PER_SLAB; frame++) {
            MemorySegment slab = pool.slab((int) frame);
            long offset = pool.offsetInSlab((int) frame);
            assertThat(slab.get(ValueLayout.JAVA_LONG, offset)).isZero();
            slab.set(ValueLayout.JAVA_LONG, offset, frame);
            assertThat(slab.get(ValueLayout.JAVA_LONG, offset)).isEqualTo(frame);
        }
    }

    private static void takeFrames(FramePool pool, int frames) {
        for (int i = 0; i < frames; i++) {
            pool.take();
        }
    }
}
