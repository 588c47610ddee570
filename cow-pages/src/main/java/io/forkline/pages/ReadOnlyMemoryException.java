package io.forkline.pages;

/** A write through a {@link MemoryView}: a fork's view is the memory as it was and never changes. */
public final class ReadOnlyMemoryException extends UnsupportedOperationException {

    private static final long serialVersionUID = 1L;

    public ReadOnlyMemoryException(long address) {
        super(String.format("write at 0x%x through a read-only view of forked memory", address));
    }
}
