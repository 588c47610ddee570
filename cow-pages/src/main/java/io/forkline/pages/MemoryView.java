package io.forkline.pages;

/**
 * Memory as it was when {@link PagedMemory#fork()} returned: the child's side of a simulated fork.
 * Read-only, and unchanged by anything the live memory does afterwards.
 *
 * <p>Threads: a view may be handed to another thread (a snapshot thread) and read there without
 * locks, because no frame it references is ever written again while it is open; the hand-over must
 * be a happens-before edge (a queue, a ring buffer, a thread start). {@link #close()} must run on
 * the writer thread, after the reader is done: it returns frames to the writer's pool.
 */
public final class MemoryView extends PageMapping implements AutoCloseable {

    private static final int[][] CLOSED = new int[0][];

    private final PagedMemory origin;
    private final long forkNumber;
    private boolean closed;

    MemoryView(PagedMemory origin, long forkNumber, int[][] directory, long[] slabAddresses) {
        super(origin.pageSize, origin.addressLimit, origin.slabShift, origin.slabMask, directory, slabAddresses, false);
        this.origin = origin;
        this.forkNumber = forkNumber;
    }

    /** Which fork of its memory this is, counting from 1. */
    public long forkNumber() {
        return forkNumber;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isReadOnly() {
        return true;
    }

    @Override
    RuntimeException accessFailure(long address, RuntimeException otherwise) {
        return closed ? new IllegalStateException(String.format(
                "read at 0x%x through view %d after it was closed", address, forkNumber)) : otherwise;
    }

    /** The frozen table, for the memory that made it, when the view closes. */
    int[][] frozenDirectory() {
        return directory;
    }

    /** Returns the frames that only this view still holds. Idempotent; writer thread only. */
    @Override
    public void close() {
        if (!closed) {
            origin.release(this);
            closed = true;
            directory = CLOSED;
        }
    }

    @Override
    public void putByte(long address, byte value) {
        throw readOnly(address);
    }

    @Override
    public void putShort(long address, short value) {
        throw readOnly(address);
    }

    @Override
    public void putInt(long address, int value) {
        throw readOnly(address);
    }

    @Override
    public void putLong(long address, long value) {
        throw readOnly(address);
    }

    @Override
    public void putBytes(long address, byte[] source, int offset, int length) {
        throw readOnly(address);
    }

    @Override
    public void copy(long from, long to, long length) {
        throw readOnly(to);
    }

    @Override
    public void fill(long address, long length, byte value) {
        throw readOnly(address);
    }

    private RuntimeException readOnly(long address) {
        return closed ? accessFailure(address, null) : new ReadOnlyMemoryException(address);
    }
}
