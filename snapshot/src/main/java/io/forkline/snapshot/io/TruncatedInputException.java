package io.forkline.snapshot.io;

import java.io.EOFException;

/** The input ended at {@link #offset()} where {@link #wanted()} more bytes were expected. */
public final class TruncatedInputException extends EOFException {

    private static final long serialVersionUID = 1L;

    private final long offset;
    private final long wanted;

    public TruncatedInputException(long offset, long wanted) {
        super("unexpected end of input at offset " + offset + ": expected " + wanted + " more byte" + (wanted == 1 ? "" : "s"));
        this.offset = offset;
        this.wanted = wanted;
    }

    public long offset() {
        return offset;
    }

    public long wanted() {
        return wanted;
    }
}
