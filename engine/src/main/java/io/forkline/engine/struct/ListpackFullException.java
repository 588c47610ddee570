package io.forkline.engine.struct;

/**
 * A write that would grow a listpack past {@link ListpackDescriptor#MAX_TOTAL_BYTES} (1 GiB, Redis's
 * safety limit); the listpack is left unchanged. Callers convert to a larger encoding before this.
 */
public final class ListpackFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long wantedBytes;

    public ListpackFullException(long currentBytes, long wantedBytes) {
        super("a listpack of " + currentBytes + " bytes cannot grow to " + wantedBytes + " bytes: the limit is "
                + ListpackDescriptor.MAX_TOTAL_BYTES);
        this.wantedBytes = wantedBytes;
    }

    /** The size the refused write would have given the listpack. */
    public long wantedBytes() {
        return wantedBytes;
    }
}
