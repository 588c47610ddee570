package io.forkline.pages;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.util.Arrays;

/**
 * A virtual address space of fixed-size pages over pooled off-heap frames, with a simulated
 * {@code fork()}: the live memory of forkline's store. Single-writer: one thread (the writer) maps,
 * writes, forks and closes views; {@link MemoryView}s may be read anywhere.
 *
 * <h2>Fork and copy-on-write, simulated</h2>
 *
 * Redis persists by {@code fork()}: the child sees memory frozen at the fork while the parent goes on
 * writing, and the kernel keeps both consistent by copy-on-write. A fork copies the parent's page
 * table and write-protects every page, so its pause grows with memory (about 32 ms per GB for Redis 7
 * on this project's machines); afterwards each first write to a shared page faults and copies it.
 * Here the same mechanism is made of plain Java so that every cost can be counted:
 *
 * <ul>
 *   <li><b>Two-level table.</b> {@link PageMapping} maps an address through a directory of leaves, each
 *   leaf covering 512 pages, as an x86 page table's last level does. An entry names a frame and
 *   carries a WRITABLE bit meaning "the live table alone holds this frame".
 *   <li><b>Fork is O(directory), not O(pages).</b> {@link #fork()} clones the directory array (one
 *   reference per 512 pages) and sets a bit per leaf in {@code sharedLeaves}: the leaves themselves
 *   are shared between the live table and the view, as on-demand fork (Zhao et al., EuroSys 2021)
 *   shares last-level page tables instead of copying them. 16 GiB of 4 KiB pages is 8192 leaves.
 *   <li><b>Write barrier.</b> Every write resolves its page through {@link #writableFrame}. The fast
 *   path (leaf not shared, entry writable) costs two array loads and two bit tests more than a plain
 *   store. The first write below a shared leaf copies the leaf (512 ints), adds a holder to each of its
 *   frames and clears WRITABLE in the copy; the first write to a frame that still has another holder
 *   copies the frame and repoints the live entry. The view keeps the old leaf and frames, untouched.
 *   A frame whose other holder is gone (the view closed) just becomes writable again, uncopied, as
 *   Linux reuses an anonymous page whose map count dropped to one.
 *   <li><b>A one-page TLB.</b> The live memory remembers the last page it read and the last page it wrote
 *   (already through the barrier), and tries them before the table: walking one entry, one listpack or
 *   one string stays on a page. The written page is forgotten when a fork shares every page; the read
 *   page when its frame may change (a copy-on-write fault) or it is unmapped; both when the memory
 *   closes. This is why the live memory is read, too, by its writer thread only.
 *   <li><b>Closing a view</b> walks its directory: a leaf still shared with the live table just stops
 *   being shared; a leaf the live side has copied away is the view's alone, and each of its frames
 *   loses a holder, so frames that only the view held return to the pool.
 * </ul>
 *
 * One view at a time, as Redis allows one child: a second fork while a view is open fails.
 *
 * <p>Counting: {@code cowBytes} is the memory that exists twice because of the open fork, i.e. frames
 * that only the view still holds (copied away by the barrier, or unmapped by the live side). It is
 * what Redis reads from the child's {@code Private_Dirty}, and its peak becomes
 * {@code rdb_last_cow_size}.
 */
public final class PagedMemory extends PageMapping implements AutoCloseable {

    /** The default size of the address space: plenty, since the directory grows only as pages are mapped. */
    public static final long DEFAULT_ADDRESS_SPACE = 1L << 40;

    private static final int[][] CLOSED = new int[0][];

    static {
        // Loads the other kind of mapping with this one. While PagedMemory is the only Memory loaded, the JIT
        // compiles every call through Memory as a direct call to it; the first fork, which loads MemoryView, then
        // throws that code away (about 80 methods of the command path) and the writer serves clients in the
        // interpreter and recompiles them just as the snapshot starts.
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            lookup.ensureInitialized(MemoryView.class);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);   // a class of this package, by its own lookup
        }
    }

    private final FramePool pool;
    /**
     * The page of the last write that passed the barrier, or -1; then {@link #writeBase} is its frame's address,
     * writable without a check until a fork shares it or it is unmapped.
     */
    private long writePage = -1;
    private long writeBase;
    /** A bit per leaf of the directory: set while the open view shares that leaf. */
    private long[] sharedLeaves = new long[1];
    private MemoryView view;
    private Thread owner;
    private boolean closed;

    private long forks;
    private long latestForkNanos;
    private long framesCopied;
    private long leavesCopied;
    private long cowBytes;
    private long peakCowBytes;
    private long lastCowBytes;

    private PagedMemory(PageSize pageSize, long addressSpace, FramePool pool) {
        super(pageSize, addressSpace, pool.slabShift(), pool.slabMask(), new int[1][], pool.slabAddresses(), true);
        this.pool = pool;
    }

    /** A memory with the default address space and no limit on frames but the machine's. */
    public static PagedMemory create(PageSize pageSize) {
        return create(pageSize, DEFAULT_ADDRESS_SPACE, Long.MAX_VALUE);
    }

    /**
     * @param addressSpace bytes of virtual address space, a multiple of the page size
     * @param maxBytes     physical bytes the frames may take; beyond it mapping fails with {@link MemoryExhaustedException}
     */
    public static PagedMemory create(PageSize pageSize, long addressSpace, long maxBytes) {
        if (addressSpace <= pageSize.bytes() || (addressSpace & pageSize.offsetMask()) != 0) {
            throw new IllegalArgumentException("address space must be a multiple of the page size and more than one page: "
                    + addressSpace);
        }
        if ((addressSpace >>> pageSize.shift()) >>> LEAF_SHIFT > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("address space too large for a " + pageSize + " page: " + addressSpace);
        }
        return new PagedMemory(pageSize, addressSpace, new FramePool(pageSize, maxBytes));
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    /** The first address that may be mapped: page 0 never is, so that 0 can mean null. */
    public long firstAddress() {
        return pageBytes;
    }

    /** The end of the address space (exclusive). */
    public long addressLimit() {
        return addressLimit;
    }

    /**
     * Lets another thread become the writer: the next thread to write owns the memory. Call it on the
     * current writer, before handing the memory over through a happens-before edge.
     */
    public void handOver() {
        owner = null;
    }

    // ---------------------------------------------------------------------------------------------
    // Mapping

    /** Maps zero-filled frames to the pages of a page-aligned range; fails if any page is already mapped. */
    public void map(long address, long length) {
        checkPageRange(address, length);
        assert onOwnerThread() : ownerMessage();
        long end = address + length;
        for (long a = address; a < end; a += pageBytes) {
            if (isMapped(a)) {
                throw new IllegalStateException(String.format("page at 0x%x is already mapped", a));
            }
        }
        for (long a = address; a < end; a += pageBytes) {
            long page = a >>> pageShift;
            int[] leaf = leafForMapping((int) (page >>> LEAF_SHIFT));
            leaf[(int) page & LEAF_MASK] = entry(pool.takeZeroed(), true);
        }
        slabAddresses = pool.slabAddresses();
    }

    /** Unmaps the pages of a page-aligned range; frames nobody else holds return to the pool. */
    public void unmap(long address, long length) {
        checkPageRange(address, length);
        assert onOwnerThread() : ownerMessage();
        long end = address + length;
        for (long a = address; a < end; a += pageBytes) {
            if (!isMapped(a)) {
                throw new IllegalStateException(String.format("page at 0x%x is not mapped", a));
            }
        }
        forgetReadPage();
        forgetWritePage();
        for (long a = address; a < end; a += pageBytes) {
            long page = a >>> pageShift;
            int li = (int) (page >>> LEAF_SHIFT);
            int[] leaf = isShared(li) ? privatizeLeaf(li) : directory[li];
            int i = (int) page & LEAF_MASK;
            if (pool.release(frameOf(leaf[i])) > 0) {
                addCow(pageBytes);
            }
            leaf[i] = 0;
        }
    }

    private void checkPageRange(long address, long length) {
        if (closed) {
            throw new IllegalStateException("memory is closed");
        }
        if ((address & offsetMask) != 0 || (length & offsetMask) != 0 || length <= 0) {
            throw new IllegalArgumentException(String.format(
                    "range 0x%x+%d is not whole %s pages", address, length, pageSize));
        }
        if (address < pageBytes || address > addressLimit - length) {
            throw outOfRange(address < pageBytes ? address : addressLimit);
        }
    }

    /** The live leaf at {@code li}, created (and so never shared) when missing. */
    private int[] leafForMapping(int li) {
        if (li >= directory.length) {
            directory = Arrays.copyOf(directory, Math.max(li + 1, directory.length * 2));
            int words = (directory.length + 63) >>> 6;
            if (sharedLeaves.length < words) {
                sharedLeaves = Arrays.copyOf(sharedLeaves, words);
            }
        }
        int[] leaf = directory[li];
        if (leaf == null) {
            leaf = new int[LEAF_ENTRIES];
            directory[li] = leaf;
            sharedLeaves[li >>> 6] &= ~(1L << li);   // the view has no leaf here
        } else if (isShared(li)) {
            leaf = privatizeLeaf(li);
        }
        return leaf;
    }

    // ---------------------------------------------------------------------------------------------
    // The write barrier

    /** Whether the open view shares leaf {@code li}; the bitmap always covers the whole directory. */
    private boolean isShared(int li) {
        return (sharedLeaves[li >>> 6] & (1L << li)) != 0;
    }

    private void forgetWritePage() {
        writePage = -1;
    }

    /**
     * The frame behind {@code address}, made safe to write: copied first if a view still holds it. Remembered as
     * the last page written ({@link #writePage}), which the writes try first.
     */
    private int writableFrame(long address) {
        assert onOwnerThread() : ownerMessage();
        long page = address >>> pageShift;
        int[][] dir = directory;
        if (address < 0 || address >= addressLimit || (page >>> LEAF_SHIFT) >= dir.length) {
            throw outOfRange(address);
        }
        int li = (int) (page >>> LEAF_SHIFT);
        int[] leaf = dir[li];
        if (leaf == null) {
            throw unmapped(address);
        }
        if (isShared(li)) {
            leaf = privatizeLeaf(li);
        }
        int i = (int) page & LEAF_MASK;
        int entry = leaf[i];
        if ((entry & WRITABLE) == 0) {
            entry = writeFault(leaf, i, entry, address);
        }
        int frame = entry >>> FRAME_SHIFT;
        writeBase = frameAddress(frame, 0);
        writePage = page;
        return frame;
    }

    /**
     * Where {@code address}'s byte is, for writing: in the last page written when it is that page, else in the page
     * the barrier has just made writable. The caller keeps the write within one page.
     */
    private long writeAddress(long address) {
        if (address >>> pageShift != writePage) {
            writableFrame(address);
        }
        assert onOwnerThread() : ownerMessage();
        return writeBase + (address & offsetMask);
    }

    /** Gives the live table its own copy of a leaf it shares with the view. */
    private int[] privatizeLeaf(int li) {
        int[] shared = directory[li];
        int[] copy = new int[LEAF_ENTRIES];
        for (int i = 0; i < LEAF_ENTRIES; i++) {
            int entry = shared[i];
            if ((entry & MAPPED) != 0) {
                pool.retain(frameOf(entry));
                copy[i] = entry & ~WRITABLE;
            }
        }
        directory[li] = copy;
        sharedLeaves[li >>> 6] &= ~(1L << li);
        leavesCopied++;
        return copy;
    }

    /** The first write to a page since its leaf was copied: copy the frame if the view still holds it. */
    private int writeFault(int[] leaf, int i, int entry, long address) {
        if ((entry & MAPPED) == 0) {
            throw unmapped(address);
        }
        int frame = frameOf(entry);
        forgetReadPage();   // the page may get a new frame: a read must not find the old one
        if (pool.refCount(frame) > 1) {
            int copy = pool.take();
            slabAddresses = pool.slabAddresses();
            MemorySegment.copy(NATIVE, frameAddress(frame, 0), NATIVE, frameAddress(copy, 0), pageBytes);
            pool.release(frame);
            framesCopied++;
            addCow(pageBytes);
            frame = copy;
        }
        entry = entry(frame, true);
        leaf[i] = entry;
        return entry;
    }

    private void addCow(long bytes) {
        cowBytes += bytes;
        peakCowBytes = Math.max(peakCowBytes, cowBytes);
    }

    // ---------------------------------------------------------------------------------------------
    // Writes

    // Each write first tries the last page written, which is still writable: nothing can have shared it since
    // (a fork forgets it). Else the barrier runs, and makes the page it wrote the last page written. Either way
    // the value goes in through one access to the segment: each access the JIT inlines brings a few dozen
    // methods of bounds, alignment and session checks with it, and a command's compilation stops inlining once
    // it has made so many nodes, so two access sites per write left the store's own small methods uninlined.

    @Override
    public void putByte(long address, byte value) {
        NATIVE.set(ValueLayout.JAVA_BYTE, writeAddress(address), value);
    }

    @Override
    public void putShort(long address, short value) {
        if (!inOnePage(address, Short.BYTES)) {
            putAcross(address, value, Short.BYTES);
            return;
        }
        NATIVE.set(SHORT, writeAddress(address), value);
    }

    @Override
    public void putInt(long address, int value) {
        if (!inOnePage(address, Integer.BYTES)) {
            putAcross(address, value, Integer.BYTES);
            return;
        }
        NATIVE.set(INT, writeAddress(address), value);
    }

    @Override
    public void putLong(long address, long value) {
        if (!inOnePage(address, Long.BYTES)) {
            putAcross(address, value, Long.BYTES);
            return;
        }
        NATIVE.set(LONG, writeAddress(address), value);
    }

    /** A little-endian value straddling a page boundary; both pages are checked before either is written. */
    private void putAcross(long address, long value, int width) {
        writableFrame(address);
        writableFrame(address + width - 1);
        for (int i = 0; i < width; i++) {
            putByte(address + i, (byte) (value >>> (8 * i)));
        }
    }

    @Override
    public void putBytes(long address, byte[] source, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, source.length);
        if (!inOnePage(address, length)) {
            checkWritable(address, length);   // in one page, the barrier below checks the page before any byte changes
        }
        while (length > 0) {
            int chunk = (int) Math.min(length, pageBytes - (address & offsetMask));
            MemorySegment.copy(source, offset, NATIVE, ValueLayout.JAVA_BYTE, writeAddress(address), chunk);
            address += chunk;
            offset += chunk;
            length -= chunk;
        }
    }

    @Override
    public void fill(long address, long length, byte value) {
        checkWritable(address, length);
        while (length > 0) {
            int frame = writableFrame(address);
            int chunk = (int) Math.min(length, pageBytes - (address & offsetMask));
            NATIVE.asSlice(frameAddress(frame, address), chunk).fill(value);
            address += chunk;
            length -= chunk;
        }
    }

    /** Copies up to this many bytes, within one page at each end, byte by byte ({@link #copySmall}). */
    private static final int SMALL_COPY = 16;

    @Override
    public void copy(long from, long to, long length) {
        if (length <= SMALL_COPY && length > 0 && inOnePage(from, (int) length) && inOnePage(to, (int) length)) {
            copySmall(from, to, (int) length);
            return;
        }
        if (length > 0 && copyRun(from, to, length)) {
            return;
        }
        checkReadableRange(from, length);
        checkWritable(to, length);
        if (to > from && to < from + length) {
            copyBackward(from, to, length);
            return;
        }
        while (length > 0) {
            int chunk = (int) Math.min(length, Math.min(pageBytes - (from & offsetMask), pageBytes - (to & offsetMask)));
            int target = writableFrame(to);   // first: a copy-on-write here may move the source page too
            int source = frameForRead(from);
            MemorySegment.copy(NATIVE, frameAddress(source, from), NATIVE, frameAddress(target, to), chunk);
            from += chunk;
            to += chunk;
            length -= chunk;
        }
    }

    /**
     * A few bytes within one page at each end (a listpack's terminator moved by an append): byte by byte, which
     * costs less than a segment copy's checks. The first access to each page checks it, and no byte is written
     * before the destination page has been checked.
     */
    private void copySmall(long from, long to, int length) {
        if (to > from) {
            for (int i = length - 1; i >= 0; i--) {
                putByte(to + i, getByte(from + i));
            }
        } else {
            for (int i = 0; i < length; i++) {
                putByte(to + i, getByte(from + i));
            }
        }
    }

    /**
     * The copy in one move, as memmove, when each range lies in frames side by side in one slab: what a block
     * spanning a few pages usually is until a fork's copy-on-write gives one of its pages a frame elsewhere. A
     * listpack's insert at its head moves the whole listpack by a few bytes: for 8 KiB over three 4 KiB pages,
     * piece by piece took up to five copies and sixteen page lookups, this takes one copy and six lookups.
     * False, with nothing copied, when a range is not such a run. The destination's pages are made writable
     * first (a copy-on-write of one may move the source too), and only they, so a page only read is not copied.
     */
    private boolean copyRun(long from, long to, long length) {
        if (length > MAX_RUN_BYTES || from < 0 || to < 0) {
            return false;
        }
        int target = run(to, length, true);
        int source = target < 0 ? -1 : run(from, length, false);
        if (source < 0) {
            return false;
        }
        MemorySegment.copy(NATIVE, frameAddress(source, from), NATIVE, frameAddress(target, to), length);
        return true;
    }

    /** The most a {@link #copyRun} moves: a few pages, so that its page walk stays short. */
    private static final long MAX_RUN_BYTES = 64 * 1024;

    /**
     * The first frame of the run backing {@code [address, address + length)}, or -1 if its frames are not side
     * by side in one slab; {@code writable} makes each page writable on the way (the barrier), else only reads it.
     */
    private int run(long address, long length, boolean writable) {
        long firstPage = address >>> pageShift;
        long lastPage = (address + length - 1) >>> pageShift;
        int first = writable ? writableFrame(address) : frameForRead(address);
        for (long page = firstPage + 1; page <= lastPage; page++) {
            long next = page << pageShift;
            if (!follows(first, page - firstPage, writable ? writableFrame(next) : frameForRead(next))) {
                return -1;
            }
        }
        return first;
    }

    /** Whether {@code frame} lies {@code distance} frames after {@code first}, in the same slab. */
    private boolean follows(int first, long distance, int frame) {
        return frame == first + distance && frame >>> slabShift == first >>> slabShift;
    }

    /** memmove's other direction: the destination overlaps the source's tail, so copy from the end. */
    private void copyBackward(long from, long to, long length) {
        long fromEnd = from + length;
        long toEnd = to + length;
        while (length > 0) {
            int chunk = (int) Math.min(length,
                    Math.min(((fromEnd - 1) & offsetMask) + 1, ((toEnd - 1) & offsetMask) + 1));
            fromEnd -= chunk;
            toEnd -= chunk;
            int target = writableFrame(toEnd);
            int source = frameForRead(fromEnd);
            MemorySegment.copy(NATIVE, frameAddress(source, fromEnd), NATIVE, frameAddress(target, toEnd), chunk);
            length -= chunk;
        }
    }

    /** Range writes check every page first, so a bad range fails before any byte changes. */
    private void checkWritable(long address, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        checkReadableRange(address, length);
    }

    private void checkReadableRange(long address, long length) {
        if (length == 0) {
            return;
        }
        long last = address + length - 1;
        if (address < 0 || last < address) {
            throw outOfRange(address);
        }
        for (long page = address & ~offsetMask; page <= last; page += pageBytes) {
            frameForRead(Math.max(page, address));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Fork

    /**
     * Freezes memory as it is now and returns a read-only view of it; the writer carries on at once.
     * Call it on the writer, between commands. At most one view is open at a time.
     *
     * @throws IllegalStateException if a view is still open
     */
    public MemoryView fork() {
        if (closed) {
            throw new IllegalStateException("memory is closed");
        }
        assert onOwnerThread() : ownerMessage();
        if (view != null) {
            throw new IllegalStateException("fork " + view.forkNumber()
                    + "'s view is still open: close it before forking again (one child at a time, as in Redis)");
        }
        long start = System.nanoTime();
        forgetWritePage();   // every page is shared now: the next write to any of them goes through the barrier
        int[][] frozen = directory.clone();
        int words = (frozen.length + 63) >>> 6;
        if (sharedLeaves.length < words) {
            sharedLeaves = new long[words];
        }
        Arrays.fill(sharedLeaves, 0, words, -1L);
        view = new MemoryView(this, ++forks, frozen, slabAddresses);
        latestForkNanos = System.nanoTime() - start;
        framesCopied = 0;
        leavesCopied = 0;
        cowBytes = 0;
        peakCowBytes = 0;
        return view;
    }

    /** The open view, if any. */
    public MemoryView openView() {
        return view;
    }

    /** Called by {@link MemoryView#close()}: returns what only the view held. */
    void release(MemoryView closing) {
        assert onOwnerThread() : ownerMessage();
        if (closing != view) {
            throw new IllegalStateException("view " + closing.forkNumber() + " is not this memory's open view");
        }
        int[][] frozen = closing.frozenDirectory();
        for (int li = 0; li < frozen.length; li++) {
            int[] leaf = frozen[li];
            if (leaf == null || (li < directory.length && directory[li] == leaf)) {
                continue;   // still the live leaf: it merely stops being shared
            }
            for (int entry : leaf) {
                if ((entry & MAPPED) != 0) {
                    pool.release(frameOf(entry));
                }
            }
        }
        Arrays.fill(sharedLeaves, 0L);
        lastCowBytes = peakCowBytes;
        cowBytes = 0;
        view = null;
    }

    // ---------------------------------------------------------------------------------------------
    // State

    public PageStats stats() {
        return new PageStats(pageBytes, pool.framesInUse(), pool.framesCreated(), forks, latestForkNanos,
                view != null, framesCopied, leavesCopied, cowBytes, peakCowBytes, lastCowBytes);
    }

    @Override
    RuntimeException accessFailure(long address, RuntimeException otherwise) {
        return closed ? new IllegalStateException(String.format("access at 0x%x after the memory was closed", address))
                : otherwise;
    }

    private boolean onOwnerThread() {
        Thread current = Thread.currentThread();
        if (owner == null) {
            owner = current;
        }
        return owner == current;
    }

    private String ownerMessage() {
        return "paged memory is single-writer: owned by " + owner + ", used by " + Thread.currentThread();
    }

    /** Releases every frame, the open view's included. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (view != null) {
            view.close();
        }
        closed = true;
        directory = CLOSED;
        forgetReadPage();
        forgetWritePage();
        pool.close();
    }
}
