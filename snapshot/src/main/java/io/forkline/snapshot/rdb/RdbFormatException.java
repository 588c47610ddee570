package io.forkline.snapshot.rdb;

import java.io.IOException;

/**
 * RDB bytes that do not follow the format, or hold what cannot be loaded: says at which offset of the
 * input (from the file's first byte, or a payload's), what was expected there and what was found, as
 * "at offset 1234: expected a length encoding, got 0x9c".
 */
public final class RdbFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long offset;
    private final String detail;

    /** "at offset N: expected {@code expected}, got {@code actual}". */
    public RdbFormatException(long offset, String expected, String actual) {
        this(offset, "expected " + expected + ", got " + actual, (Throwable) null);
    }

    public RdbFormatException(long offset, String expected, String actual, Throwable cause) {
        this(offset, "expected " + expected + ", got " + actual, cause);
    }

    /** "at offset N: {@code detail}", for a problem that is not one value in the wrong place (a wrong checksum). */
    public RdbFormatException(long offset, String detail) {
        this(offset, detail, (Throwable) null);
    }

    public RdbFormatException(long offset, String detail, Throwable cause) {
        super("at offset " + offset + ": " + detail, cause);
        this.offset = offset;
        this.detail = detail;
    }

    /** Where the problem is: a byte offset from the start of the input. */
    public long offset() {
        return offset;
    }

    /** The message without its "at offset N: " prefix. */
    public String detail() {
        return detail;
    }
}
