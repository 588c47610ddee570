package io.forkline.aof.load;

import java.io.IOException;

/**
 * The input ended inside a record: what a write cut short by a crash leaves at the end of the last
 * file. {@link #recordStart()} is where the torn record begins (where a repair truncates),
 * {@link #offset()} where the input ended.
 */
public final class AofTruncatedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long recordStart;
    private final long offset;
    private final String expected;

    public AofTruncatedException(long recordStart, long offset, String expected) {
        super("unexpected end of file at offset " + offset + " in the command starting at offset " + recordStart
                + ": expected " + expected);
        this.recordStart = recordStart;
        this.offset = offset;
        this.expected = expected;
    }

    public long recordStart() {
        return recordStart;
    }

    public long offset() {
        return offset;
    }

    public String expected() {
        return expected;
    }
}
