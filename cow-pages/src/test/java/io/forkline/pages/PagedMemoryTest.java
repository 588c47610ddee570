package io.forkline.pages;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PagedMemoryTest {

    private PagedMemory memory;

    private PagedMemory create(int pageBytes) {
        memory = PagedMemory.create(new PageSize(pageBytes));
        return memory;
    }

    @AfterEach
    void close() {
        if (memory != null) {
            memory.close();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4096, 2 * 1024 * 1024})
    void valuesStraddlingAPageBoundaryReadBackLittleEndian(int pageBytes) {
        PagedMemory m = create(pageBytes);
        long page = m.firstAddress();
        m.map(page, 2L * pageBytes);
        long boundary = page + pageBytes;
        for (int back = 1; back < 8; back++) {
            m.putLong(boundary - back, 0x0102030405060708L + back);
            assertThat(m.getLong(boundary - back)).isEqualTo(0x0102030405060708L + back);
            assertThat(m.getByte(boundary - back)).isEqualTo((byte) (0x08 + back));
        }
        m.putInt(boundary - 2, 0xCAFEBABE);
        assertThat(m.getInt(boundary - 2)).isEqualTo(0xCAFEBABE);
        assertThat(m.getShort(boundary - 2)).isEqualTo((short) 0xBABE);
        m.putShort(boundary - 1, (short) 0x1234);
        assertThat(m.getShort(boundary - 1)).isEqualTo((short) 0x1234);
        assertThat(m.getByte(boundary)).isEqualTo((byte) 0x12);
    }

    @Test
    void byteRangesCrossManyPages() {
        PagedMemory m = create(4096);
        long base = m.firstAddress();
        m.map(base, 5 * 4096);
        byte[] data = pattern(3 * 4096 + 100, 31, 7);
        m.putBytes(base + 4000, data, 0, data.length);
        byte[] back = new byte[data.length];
        m.getBytes(base + 4000, back, 0, back.length);
        assertThat(back).isEqualTo(data);
        assertThat(m.contentEquals(base + 4000, data, 0, data.length)).isTrue();
        data[9000] ^= 1;
        assertThat(m.contentEquals(base + 4000, data, 0, data.length)).isFalse();
    }

    @Test
    void copyIsAMemmoveInBothDirectionsAcrossPages() {
        PagedMemory m = create(4096);
        long base = m.firstAddress();
        m.map(base, 4 * 4096);
        byte[] data = pattern(6000, 1, 0);
        m.putBytes(base + 3000, data, 0, data.length);
        m.copy(base + 3000, base + 3100, data.length);   // forward overlap: must copy from the end
        byte[] back = new byte[data.length];
        m.getBytes(base + 3100, back, 0, back.length);
        assertThat(back).isEqualTo(data);
        m.copy(base + 3100, base + 10, data.length);      // backward overlap-free move down
        m.getBytes(base + 10, back, 0, back.length);
        assertThat(back).isEqualTo(data);
        m.fill(base + 4090, 20, (byte) 0x7F);
        assertThat(m.getLong(base + 4092)).isEqualTo(0x7F7F7F7F7F7F7F7FL);
    }

    @Test
    void contentEqualsFindsADifferenceAtEveryPositionOfEveryShortLength() {
        PagedMemory m = create(4096);
        long base = m.firstAddress();
        m.map(base, 2 * 4096);
        byte[] data = pattern(80, 31, 7);
        for (long address : new long[] {base + 3, base + 4096 - 80, base + 4096 - 40}) {   // the last one straddles
            m.putBytes(address, data, 0, data.length);
            for (int length = 1; length <= 72; length++) {
                byte[] expected = java.util.Arrays.copyOf(data, length);
                m.getByte(base + 4096 + 100);   // the last page read is another: the compare translates its own
                assertThat(m.contentEquals(address, expected, 0, length)).as("length %d at %d", length, address).isTrue();
                for (int at = 0; at < length; at++) {
                    expected[at] ^= 0x40;
                    assertThat(m.contentEquals(address, expected, 0, length)).as("length %d, byte %d differs", length, at)
                            .isFalse();
                    expected[at] ^= 0x40;
                }
            }
        }
    }

    @Test
    void aCopyAfterAForkCopiesOnlyTheDestinationsPagesAndLeavesTheViewAsItWas() {
        PagedMemory m = create(4096);
        long base = m.firstAddress();
        m.map(base, 4 * 4096);
        byte[] data = pattern(3 * 4096, 7, 0);
        m.putBytes(base, data, 0, data.length);
        try (MemoryView view = m.fork()) {
            m.putByte(base + 4096 + 5, (byte) 1);   // the middle page gets a frame of its own: no longer a run
            data[4096 + 5] = 1;
            m.copy(base + 100, base + 2 * 4096 + 200, 3000);   // reads the first page, writes the third
            assertThat(m.stats().framesCopied()).isEqualTo(2);
            m.copy(base + 4096, base + 4096 + 10, 8000);        // a memmove up over the second and third pages
            assertThat(m.stats().framesCopied()).isEqualTo(2);

            byte[] expected = data.clone();
            System.arraycopy(expected, 100, expected, 2 * 4096 + 200, 3000);
            System.arraycopy(expected, 4096, expected, 4096 + 10, 8000);
            byte[] back = new byte[data.length];
            m.getBytes(base, back, 0, back.length);
            assertThat(back).isEqualTo(expected);
            data[4096 + 5] = (byte) ((4096 + 5) * 7);
            view.getBytes(base, back, 0, back.length);
            assertThat(back).isEqualTo(data);
        }
    }

    @Test
    void freshlyMappedPagesReadAsZero() {
        PagedMemory m = create(4096);
        long base = m.firstAddress();
        m.map(base, 4096);
        m.putLong(base + 8, -1L);
        m.unmap(base, 4096);
        m.map(base, 4096);   // the recycled frame comes back clean
        assertThat(m.getLong(base + 8)).isZero();
    }

    @Test
    void theViewKeepsTheBytesOfTheForkWhileTheLiveMemoryMovesOn() {
        PagedMemory m = create(4096);
        long base = m.firstAddress();
        m.map(base, 3 * 4096);
        m.putLong(base, 1);
        m.putLong(base + 4096, 2);
        try (MemoryView view = m.fork()) {
            m.putLong(base, 10);
            m.putLong(base + 8, 11);      // the same page again: no second copy
            m.unmap(base + 2 * 4096, 4096);
            assertThat(view.getLong(base)).isEqualTo(1);
            assertThat(view.getLong(base + 8)).isZero();
            assertThat(view.getLong(base + 4096)).isEqualTo(2);
            assertThat(view.isMapped(base + 2 * 4096)).isTrue();
            assertThat(m.getLong(base)).isEqualTo(10);
            PageStats during = m.stats();
            assertThat(during.framesCopied()).isEqualTo(1);
            assertThat(during.leavesCopied()).isEqualTo(1);
            assertThat(during.cowBytes()).isEqualTo(2 * 4096);   // one copied, one unmapped by the live side
            assertThat(during.framesInUse()).isEqualTo(4);       // 2 live + the view's old copy and unmapped page
            assertThat(during.viewOpen()).isTrue();
        }
        PageStats after = m.stats();
        assertThat(after.framesInUse()).isEqualTo(2);
        assertThat(after.lastCowBytes()).isEqualTo(2 * 4096);
        assertThat(after.cowBytes()).isZero();
        assertThat(after.forks()).isEqualTo(1);
        assertThat(after.latestForkNanos()).isPositive();
        m.putLong(base + 4096, 3);   // writable again without a copy: the view is gone
        assertThat(m.stats().framesInUse()).isEqualTo(2);
    }

    @Test
    void theRememberedPagesNeverOutliveTheirFrames() {
        PagedMemory m = create(4096);
        long base = m.firstAddress();
        m.map(base, 2 * 4096);
        m.putLong(base, 1);                        // remembered as the page written
        assertThat(m.getLong(base)).isEqualTo(1);  // and as the page read
        try (MemoryView view = m.fork()) {
            m.putLong(base + 8, 2);                // the fork shared it: the barrier copies, not the remembered frame
            assertThat(m.getLong(base + 8)).as("read after the copy-on-write").isEqualTo(2);
            assertThat(m.getLong(base)).isEqualTo(1);
            assertThat(view.getLong(base + 8)).as("the view's frame was not written").isZero();
            assertThat(m.stats().framesCopied()).isEqualTo(1);
            assertThat(m.getLong(base + 4096)).isZero();   // remember the second page, then write it
            m.putLong(base + 4096, 3);
            assertThat(m.getLong(base + 4096)).isEqualTo(3);
            assertThat(view.getLong(base + 4096)).isZero();
        }
        assertThat(m.getLong(base + 4096)).isEqualTo(3);
        m.unmap(base + 4096, 4096);
        assertThatThrownBy(() -> m.getLong(base + 4096)).as("a read of the unmapped page it remembered")
                .isInstanceOf(InvalidAddressException.class);
        assertThatThrownBy(() -> m.putLong(base + 4096, 4)).isInstanceOf(InvalidAddressException.class);
        m.putLong(base, 5);
        assertThat(m.getLong(base)).isEqualTo(5);
        m.close();
        assertThatThrownBy(() -> m.getLong(base)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> m.putLong(base, 6)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aPageUnwrittenDuringTheForkIsNeverCopied() {
        PagedMemory m = create(4096);
        long base = m.firstAddress();
        m.map(base, 1024 * 4096);
        MemoryView view = m.fork();
        m.putByte(base, (byte) 1);
        assertThat(m.stats().framesCopied()).isEqualTo(1);
        assertThat(m.stats().leavesCopied()).isEqualTo(1);
        assertThat(m.stats().framesInUse()).isEqualTo(1025);
        view.close();
        assertThat(m.stats().framesInUse()).isEqualTo(1024);
    }

    @Test
    void pagesMappedAfterTheForkAreInvisibleToTheView() {
        PagedMemory m = create(4096);
        long base = m.firstAddress();
        m.map(base, 4096);
        try (MemoryView view = m.fork()) {
            long far = base + 4096L * 5000;   // a new leaf, past the directory at fork time
            m.map(far, 4096);
            m.putLong(far, 42);
            m.map(base + 4096, 4096);         // a new page in a shared leaf
            assertThat(view.isMapped(far)).isFalse();
            assertThat(view.isMapped(base + 4096)).isFalse();
            assertThatThrownBy(() -> view.getLong(far)).isInstanceOf(InvalidAddressException.class);
            assertThat(m.getLong(far)).isEqualTo(42);
        }
        assertThat(m.stats().framesInUse()).isEqualTo(3);
    }

    @Test
    void aViewCanBeReadOnAnotherThread() throws Exception {
        PagedMemory m = create(4096);
        long base = m.firstAddress();
        m.map(base, 4096);
        m.putLong(base, 7);
        MemoryView view = m.fork();
        m.putLong(base, 8);
        long seen = CompletableFuture.supplyAsync(() -> view.getLong(base)).get();
        assertThat(seen).isEqualTo(7);
        view.close();
    }

    // ---------------------------------------------------------------------------------------------
    // Misuse

    @Test
    void addressesOutsideTheSpaceOrUnmappedFailClearly() {
        PagedMemory m = PagedMemory.create(PageSize.KIB_4, 1 << 20, Long.MAX_VALUE);
        memory = m;
        m.map(4096, 4096);
        assertThatThrownBy(() -> m.getLong(0)).isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("0x0").hasMessageContaining("not mapped");
        assertThatThrownBy(() -> m.getLong(-8)).isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("outside the address space");
        assertThatThrownBy(() -> m.putLong(1 << 20, 1)).isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("outside the address space");
        assertThatThrownBy(() -> m.putByte(3 * 4096, (byte) 1)).isInstanceOf(InvalidAddressException.class)
                .hasMessageContaining("page 3 is not mapped");
        assertThatThrownBy(() -> m.map(0, 4096)).isInstanceOf(InvalidAddressException.class);
        assertThatThrownBy(() -> m.map(4096, 100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not whole 4kb pages");
        assertThatThrownBy(() -> m.map(4096, 4096)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already mapped");
        assertThatThrownBy(() -> m.unmap(8192, 4096)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not mapped");
    }

    @Test
    void aRangeWriteThatRunsOffTheMappedPagesChangesNothing() {
        PagedMemory m = create(4096);
        long base = m.firstAddress();
        m.map(base, 4096);
        byte[] data = new byte[200];
        java.util.Arrays.fill(data, (byte) 9);
        assertThatThrownBy(() -> m.putBytes(base + 4000, data, 0, data.length))
                .isInstanceOf(InvalidAddressException.class);
        assertThat(m.getByte(base + 4000)).isZero();
        assertThatThrownBy(() -> m.putLong(base + 4092, -1L)).isInstanceOf(InvalidAddressException.class);
        assertThat(m.getInt(base + 4092)).isZero();
    }

    @Test
    void writingThroughAViewFails() {
        PagedMemory m = create(4096);
        m.map(m.firstAddress(), 4096);
        try (MemoryView view = m.fork()) {
            assertThat(view.isReadOnly()).isTrue();
            assertThatThrownBy(() -> view.putLong(m.firstAddress(), 1)).isInstanceOf(ReadOnlyMemoryException.class)
                    .hasMessageContaining("read-only view");
            assertThatThrownBy(() -> view.putBytes(m.firstAddress(), new byte[4], 0, 4))
                    .isInstanceOf(ReadOnlyMemoryException.class);
            assertThatThrownBy(() -> view.copy(m.firstAddress(), m.firstAddress() + 8, 8))
                    .isInstanceOf(ReadOnlyMemoryException.class);
        }
    }

    @Test
    void aViewIsUnusableAfterClose() {
        PagedMemory m = create(4096);
        m.map(m.firstAddress(), 4096);
        MemoryView view = m.fork();
        view.close();
        view.close();   // idempotent
        assertThat(view.isClosed()).isTrue();
        assertThatThrownBy(() -> view.getLong(m.firstAddress())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after it was closed");
        assertThatThrownBy(() -> view.putLong(m.firstAddress(), 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void memoryIsUnusableAfterClose() {
        PagedMemory m = PagedMemory.create(PageSize.KIB_4);
        m.map(m.firstAddress(), 4096);
        MemoryView view = m.fork();
        m.close();
        assertThat(view.isClosed()).isTrue();
        assertThatThrownBy(() -> m.getLong(m.firstAddress())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> m.putLong(m.firstAddress(), 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(m::fork).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> m.map(m.firstAddress(), 4096)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSecondForkWhileAViewIsOpenFails() {
        PagedMemory m = create(4096);
        MemoryView first = m.fork();
        assertThatThrownBy(m::fork).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("still open").hasMessageContaining("one child at a time");
        first.close();
        m.fork().close();
        assertThat(m.stats().forks()).isEqualTo(2);
    }

    @Test
    void onlyTheWriterThreadMayWrite() throws Exception {
        PagedMemory m = create(4096);
        m.map(m.firstAddress(), 4096);
        m.putLong(m.firstAddress(), 1);
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> m.putLong(m.firstAddress(), 2));
        assertThatThrownBy(other::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(AssertionError.class).hasMessageContaining("single-writer");
        m.handOver();
        CompletableFuture.runAsync(() -> m.putLong(m.firstAddress(), 3)).get();
        m.handOver();
        assertThat(m.getLong(m.firstAddress())).isEqualTo(3);
    }

    @Test
    void frameLimitIsEnforced() {
        PagedMemory m = PagedMemory.create(PageSize.KIB_4, 1L << 30, 2 * 4096);
        memory = m;
        m.map(4096, 2 * 4096);
        assertThatThrownBy(() -> m.map(3 * 4096, 4096)).isInstanceOf(MemoryExhaustedException.class)
                .hasMessageContaining("no free frame");
        try (MemoryView view = m.fork()) {
            assertThat(view.getLong(4096)).isZero();
            assertThatThrownBy(() -> m.putLong(4096, 1)).isInstanceOf(MemoryExhaustedException.class);
        }
        m.putLong(4096, 1);   // after the view closes the frame is the live table's alone again
        assertThat(m.getLong(4096)).isEqualTo(1);
    }

    /** {@code length} bytes, byte {@code i} being {@code step * i + start}: every byte differs from its neighbours. */
    private static byte[] pattern(int length, int step, int start) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (step * i + start);
        }
        return data;
    }
}
