package io.forkline.aof.load;

import java.io.IOException;

/**
 * RESP in an append-only file that breaks the record format: says at which byte, what the format
 * allows there and what the file holds instead. The reader knows no file name; the loader and the
 * check tool add it.
 */
public final class AofFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long offset;
    private final String expected;
    private final String actual;

    public AofFormatException(long offset, String expected, String actual) {
        super("at offset " + offset + ": expected " + expected + ", got " + actual);
        this.offset = offset;
        this.expected = expected;
        this.actual = actual;
    }

    /** The offset of the first byte that is wrong. */
    public long offset() {
        return offset;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
