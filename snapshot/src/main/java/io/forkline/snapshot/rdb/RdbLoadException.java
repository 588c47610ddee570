package io.forkline.snapshot.rdb;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An RDB file that could not be loaded because its bytes cannot be trusted: names the file, the
 * offset and what was expected there ("dump.rdb, at offset 1234: expected a length encoding, got 0x9c").
 */
public final class RdbLoadException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    /** @param message what was wrong, without the file and offset (they are prefixed) */
    public RdbLoadException(Path file, long offset, String message) {
        this(file, offset, message, null);
    }

    public RdbLoadException(Path file, long offset, String message, Throwable cause) {
        super(file + ", at offset " + offset + ": " + message, cause);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
