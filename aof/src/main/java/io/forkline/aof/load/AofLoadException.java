package io.forkline.aof.load;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The append-only files cannot be loaded: the server must not start on them. Names the file, the
 * offset (-1 when the problem is not at a byte, such as a missing file) and what was expected.
 * After this the engine holds whatever was replayed before the problem; the caller discards it.
 */
public final class AofLoadException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why the load stopped; each asks for a different remedy. */
    public enum Reason {
        /** The manifest cannot be parsed. */
        MANIFEST,
        /** A file the manifest lists does not exist. */
        MISSING_FILE,
        /** Bytes that are not RESP as the format allows, anywhere but a torn tail. */
        CORRUPT,
        /** A torn tail where it may not be repaired: with aof-load-truncated no, or in a file that is not the last. */
        TRUNCATED,
        /** A well-formed command the engine does not know, or that failed. */
        COMMAND,
        /** The RDB preamble of a base cannot be read. */
        RDB
    }

    private final Reason reason;
    private final transient Path file;
    private final long offset;

    public AofLoadException(Reason reason, Path file, long offset, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.file = file;
        this.offset = offset;
    }

    public Reason reason() {
        return reason;
    }

    public Path file() {
        return file;
    }

    /** The offset in {@link #file()} of the first byte that cannot be trusted, or -1. */
    public long offset() {
        return offset;
    }
}
