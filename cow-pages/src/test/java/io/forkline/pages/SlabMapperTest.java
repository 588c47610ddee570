package io.forkline.pages;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Slabs, mapped for huge pages or allocated: zeroed, writable, as aligned as asked, gone with their arena. */
class SlabMapperTest {

    @ParameterizedTest(name = "huge pages asked for: {0}")
    @ValueSource(booleans = {false, true})
    void slabsAreZeroedWritableAlignedAndLiveAsLongAsTheirArena(boolean hugePages) {
        String before = System.setProperty("forkline.pages.hugepages", Boolean.toString(hugePages));
        try {
            slabsAreZeroedWritableAlignedAndLiveAsLongAsTheirArena();
        } finally {
            if (before == null) {
                System.clearProperty("forkline.pages.hugepages");
            } else {
                System.setProperty("forkline.pages.hugepages", before);
            }
        }
    }

    @Test
    void hugePagesAreOnlyWhenAskedFor() {
        System.clearProperty("forkline.pages.hugepages");
        assertThat(SlabMapper.hugePages()).isFalse();
    }

    private static void slabsAreZeroedWritableAlignedAndLiveAsLongAsTheirArena() {
        MemorySegment large;
        MemorySegment small;
        try (Arena arena = Arena.ofShared()) {
            large = SlabMapper.allocate(arena, 4 * SlabMapper.HUGE_PAGE, 4096);
            small = SlabMapper.allocate(arena, 64 * 1024, 4096);
            for (MemorySegment slab : new MemorySegment[] {large, small}) {
                assertThat(slab.address() % 4096).isZero();
                for (long at = 0; at < slab.byteSize(); at += 4096) {
                    assertThat(slab.get(ValueLayout.JAVA_LONG, at)).isZero();
                    slab.set(ValueLayout.JAVA_LONG, at, at + 1);
                }
                assertThat(slab.get(ValueLayout.JAVA_LONG, slab.byteSize() - 4096)).isEqualTo(slab.byteSize() - 4096 + 1);
            }
            assertThat(large.byteSize()).isEqualTo(4 * SlabMapper.HUGE_PAGE);
            assertThat(small.byteSize()).isEqualTo(64 * 1024);
            if (SlabMapper.hugePages()) {
                assertThat(large.address() % SlabMapper.HUGE_PAGE).as("a mapped slab starts on a huge page").isZero();
            }
        }
        assertThatThrownBy(() -> large.get(ValueLayout.JAVA_LONG, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> small.get(ValueLayout.JAVA_LONG, 0)).isInstanceOf(IllegalStateException.class);
    }
}
