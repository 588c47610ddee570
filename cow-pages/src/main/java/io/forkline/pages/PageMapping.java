package io.forkline.pages;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The read side shared by the live memory and its views: translating a virtual address through a
 * two-level page table to a frame, and reading it.
 *
 * <p>Layout of the table ({@code directory}): an array of leaves, each an {@code int[}{@value #LEAF_ENTRIES}{@code ]}
 * for {@value #LEAF_ENTRIES} consecutive pages; a null leaf maps nothing. A leaf entry is
 *
 * <pre>
 *   31                                2   1   0
 *  +-----------------------------------+---+---+
 *  |          frame number             | M | W |
 *  +-----------------------------------+---+---+
 *  M: mapped. W: writable without a copy (the live table alone holds the frame).
 * </pre>
 *
 * An entry of 0 is an unmapped page. Page 0 is never mapped, so address 0 can serve as null.
 */
abstract sealed class PageMapping implements Memory permits PagedMemory, MemoryView {

    static final int LEAF_SHIFT = 9;
    static final int LEAF_ENTRIES = 1 << LEAF_SHIFT;
    static final int LEAF_MASK = LEAF_ENTRIES - 1;

    static final int WRITABLE = 1;
    static final int MAPPED = 2;
    static final int FRAME_SHIFT = 2;
    static final long MAX_FRAMES = 1L << (31 - FRAME_SHIFT);

    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    final PageSize pageSize;
    final int pageShift;
    final int pageBytes;
    final long offsetMask;
    final long addressLimit;
    final int slabShift;
    final int slabMask;

    /** The page table this mapping reads through; the live memory replaces its leaves as it writes. */
    int[][] directory;
    /** The frame pool's slabs' addresses, as recent as every frame this mapping references. */
    long[] slabAddresses;

    /**
     * Whether reads remember the last page they translated: the live memory's, whose one thread reads and
     * writes and forgets the translation when the page's frame changes; never a view's, which several threads
     * may read at once.
     */
    private final boolean cachesReads;
    /** The page of the last read translated, or -1; then {@link #readBase} is its frame's address. */
    long readPage = -1;
    long readBase;

    /**
     * All of memory, read and written by absolute address. Every access through it is to a frame: at a frame's
     * address (a mapped page translated, or the page last translated while its frame is unchanged) plus an offset
     * within the page, so it stays inside a slab; and slabs stay mapped until the frame pool closes, after the
     * memory and its views are closed (the server stops its snapshot readers before it closes the store). One
     * constant segment rather than one per slab lets the JIT fold the segment's own checks (bounds, session)
     * into nothing; the checks that matter are the translation's, which every access still passes.
     */
    @SuppressWarnings("restricted")
    static final MemorySegment NATIVE = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    PageMapping(PageSize pageSize, long addressLimit, int slabShift, int slabMask, int[][] directory,
                long[] slabAddresses, boolean cachesReads) {
        this.pageSize = pageSize;
        this.pageShift = pageSize.shift();
        this.pageBytes = pageSize.bytes();
        this.offsetMask = pageSize.offsetMask();
        this.addressLimit = addressLimit;
        this.slabShift = slabShift;
        this.slabMask = slabMask;
        this.directory = directory;
        this.slabAddresses = slabAddresses;
        this.cachesReads = cachesReads;
    }

    /** Forgets the last read's translation: its page's frame changed, or the page went away. */
    final void forgetReadPage() {
        readPage = -1;
    }

    static int frameOf(int entry) {
        return entry >>> FRAME_SHIFT;
    }

    static int entry(int frame, boolean writable) {
        return frame << FRAME_SHIFT | MAPPED | (writable ? WRITABLE : 0);
    }

    /**
     * The exception for a failed access: {@code otherwise}, unless the mapping was closed, which then
     * explains the failure instead. Closing empties the directory, so the fast path needs no check.
     */
    abstract RuntimeException accessFailure(long address, RuntimeException otherwise);

    @Override
    public final PageSize pageSize() {
        return pageSize;
    }

    /** The frame that backs the page of {@code address}, for reading. */
    final int frameForRead(long address) {
        long page = address >>> pageShift;
        int[][] dir = directory;
        if (address < 0 || address >= addressLimit || (page >>> LEAF_SHIFT) >= dir.length) {
            throw outOfRange(address);
        }
        int[] leaf = dir[(int) (page >>> LEAF_SHIFT)];
        int entry = leaf == null ? 0 : leaf[(int) page & LEAF_MASK];
        if ((entry & MAPPED) == 0) {
            throw unmapped(address);
        }
        int frame = entry >>> FRAME_SHIFT;
        if (cachesReads) {
            readBase = frameAddress(frame, 0);
            readPage = page;
        }
        return frame;
    }

    @Override
    public final boolean isMapped(long address) {
        if (address < 0 || address >= addressLimit) {
            return false;
        }
        long page = address >>> pageShift;
        long li = page >>> LEAF_SHIFT;
        int[] leaf = li < directory.length ? directory[(int) li] : null;
        return leaf != null && (leaf[(int) page & LEAF_MASK] & MAPPED) != 0;
    }

    /** Where {@code address}'s byte is in {@code frame}, the frame that backs its page. */
    final long frameAddress(int frame, long address) {
        return slabAddresses[frame >>> slabShift] + ((long) (frame & slabMask) << pageShift) + (address & offsetMask);
    }

    /** Where {@code address}'s byte is, for reading: through the last page read when it is that page. */
    private long readAddress(long address) {
        return address >>> pageShift == readPage
                ? readBase + (address & offsetMask)
                : frameAddress(frameForRead(address), address);
    }

    final RuntimeException outOfRange(long address) {
        return accessFailure(address, new InvalidAddressException(address, String.format(
                "outside the address space [0x%x, 0x%x)", (long) pageBytes, addressLimit)));
    }

    final RuntimeException unmapped(long address) {
        return accessFailure(address,
                new InvalidAddressException(address, "page " + (address >>> pageShift) + " is not mapped"));
    }

    /**
     * Keys, fields and members are mostly short: up to this many bytes in one page are compared a word
     * at a time, without the set-up of a bulk mismatch.
     */
    static final int SHORT_COMPARE = 64;

    private static final java.lang.invoke.VarHandle ARRAY_LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle ARRAY_INT =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * {@code 1 <= length <= SHORT_COMPARE} bytes of one frame against an array, by words, the last word read
     * overlapping the one before it when the length is not a multiple of the word. One read site per width:
     * this is inlined into every key lookup, and each site brings the segment's checks along.
     */
    private static boolean shortEquals(long at, byte[] bytes, int offset, int length) {
        if (length >= Long.BYTES) {
            int last = length - Long.BYTES;
            for (int i = 0; ; i = Math.min(i + Long.BYTES, last)) {
                if (NATIVE.get(LONG, at + i) != (long) ARRAY_LONG.get(bytes, offset + i)) {
                    return false;
                }
                if (i == last) {
                    return true;
                }
            }
        }
        if (length >= Integer.BYTES) {
            int last = length - Integer.BYTES;
            for (int i = 0; ; i = last) {
                if (NATIVE.get(INT, at + i) != (int) ARRAY_INT.get(bytes, offset + i)) {
                    return false;
                }
                if (i == last) {
                    return true;
                }
            }
        }
        for (int i = 0; i < length; i++) {
            if (NATIVE.get(ValueLayout.JAVA_BYTE, at + i) != bytes[offset + i]) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code width} bytes at {@code address} lie in one page. */
    final boolean inOnePage(long address, int width) {
        return (address & offsetMask) <= pageBytes - width;
    }

    // Each read first tries the last page read (readPage, -1 for a view), which a walk through one entry,
    // one listpack or one string keeps hitting; else it translates through the table. Either way it reads
    // through one access to the segment, for the JIT's sake (see PagedMemory's writes).

    @Override
    public final byte getByte(long address) {
        return NATIVE.get(ValueLayout.JAVA_BYTE, readAddress(address));
    }

    @Override
    public final short getShort(long address) {
        if (!inOnePage(address, Short.BYTES)) {
            return (short) getAcross(address, Short.BYTES);
        }
        return NATIVE.get(SHORT, readAddress(address));
    }

    @Override
    public final int getInt(long address) {
        if (!inOnePage(address, Integer.BYTES)) {
            return (int) getAcross(address, Integer.BYTES);
        }
        return NATIVE.get(INT, readAddress(address));
    }

    @Override
    public final long getLong(long address) {
        if (!inOnePage(address, Long.BYTES)) {
            return getAcross(address, Long.BYTES);
        }
        return NATIVE.get(LONG, readAddress(address));
    }

    /** A little-endian value whose bytes straddle a page boundary. */
    private long getAcross(long address, int width) {
        long value = 0;
        for (int i = width - 1; i >= 0; i--) {
            value = value << 8 | (getByte(address + i) & 0xFF);
        }
        return value;
    }

    @Override
    public final void getBytes(long address, byte[] destination, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, destination.length);
        while (length > 0) {
            int frame = frameForRead(address);
            int chunk = (int) Math.min(length, pageBytes - (address & offsetMask));
            MemorySegment.copy(NATIVE, ValueLayout.JAVA_BYTE, frameAddress(frame, address), destination, offset, chunk);
            address += chunk;
            offset += chunk;
            length -= chunk;
        }
    }

    @Override
    public final boolean contentEquals(long address, byte[] bytes, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length <= SHORT_COMPARE && length > 0 && inOnePage(address, length)) {
            return shortEquals(readAddress(address), bytes, offset, length);   // one call: each inlined copy is many nodes
        }
        MemorySegment other = MemorySegment.ofArray(bytes);
        while (length > 0) {
            int frame = frameForRead(address);
            int chunk = (int) Math.min(length, pageBytes - (address & offsetMask));
            long start = frameAddress(frame, address);
            if (MemorySegment.mismatch(NATIVE, start, start + chunk, other, offset, offset + chunk) != -1) {
                return false;
            }
            address += chunk;
            offset += chunk;
            length -= chunk;
        }
        return true;
    }
}
