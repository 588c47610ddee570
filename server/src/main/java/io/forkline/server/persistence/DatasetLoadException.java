package io.forkline.server.persistence;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The data set on disk could not be loaded at start-up (a corrupt or truncated RDB file, an unreadable
 * one): the server refuses to start and serves nothing. The message names the file and, for corrupt
 * data, the offset and what was expected there.
 */
public final class DatasetLoadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DatasetLoadException(Path file, IOException cause) {
        super(describe(file, cause), cause);
    }

    private static String describe(Path file, IOException cause) {
        String message = String.valueOf(cause.getMessage());
        return message.contains(file.toString()) ? message : file + ": " + message;
    }
}
