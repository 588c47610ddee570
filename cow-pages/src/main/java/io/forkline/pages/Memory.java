package io.forkline.pages;

/**
 * A byte-addressed view of paged memory: the live {@link PagedMemory} on the writer thread, or a
 * frozen {@link MemoryView} of it on a snapshot thread. Code that only reads takes a {@code Memory},
 * so one read path serves both.
 *
 * <p>Multi-byte values are little-endian, as Redis's encodings are, and may start at any address,
 * including across a page boundary. An address that is not mapped fails with
 * {@link InvalidAddressException}; a write through a view fails with {@link ReadOnlyMemoryException}.
 */
public interface Memory {

    PageSize pageSize();

    /** True for a fork's view, whose every write fails. */
    boolean isReadOnly();

    /** Whether the page of {@code address} is mapped here. */
    boolean isMapped(long address);

    byte getByte(long address);

    short getShort(long address);

    int getInt(long address);

    long getLong(long address);

    void getBytes(long address, byte[] destination, int offset, int length);

    /** True when the {@code length} bytes at {@code address} equal {@code bytes[offset, offset + length)}. */
    boolean contentEquals(long address, byte[] bytes, int offset, int length);

    void putByte(long address, byte value);

    void putShort(long address, short value);

    void putInt(long address, int value);

    void putLong(long address, long value);

    void putBytes(long address, byte[] source, int offset, int length);

    /** Copies {@code length} bytes from one address to another; the ranges may overlap (memmove). */
    void copy(long from, long to, long length);

    void fill(long address, long length, byte value);
}
