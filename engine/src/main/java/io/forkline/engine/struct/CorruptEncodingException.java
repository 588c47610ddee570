package io.forkline.engine.struct;

/**
 * A blob that does not follow its binary format (a listpack or an intset from an RDB file or a
 * RESTORE payload): says which structure, at which offset inside the blob, what was expected and
 * what was found.
 */
public final class CorruptEncodingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long offset;
    private final String expected;
    private final String found;

    /**
     * @param structure what was being read, e.g. "listpack"
     * @param offset    the byte offset inside the blob where the problem is
     * @param expected  what the format requires there
     * @param found     what the blob holds there
     */
    public CorruptEncodingException(String structure, long offset, String expected, String found) {
        super("corrupt " + structure + " at offset " + offset + ": expected " + expected + ", found " + found);
        this.offset = offset;
        this.expected = expected;
        this.found = found;
    }

    /** The byte offset inside the blob where the problem is. */
    public long offset() {
        return offset;
    }

    public String expected() {
        return expected;
    }

    public String found() {
        return found;
    }
}
