package io.forkline.server.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** IO failures in the words of C's strerror, which is what Redis's messages quote. */
final class IoErrors {

    private IoErrors() {
    }

    static String describe(IOException failure) {
        if (failure instanceof NoSuchFileException) {
            return "No such file or directory";
        } else if (failure instanceof AccessDeniedException) {
            return "Permission denied";
        } else if (failure instanceof NotDirectoryException) {
            return "Not a directory";
        } else if (failure instanceof CharacterCodingException) {
            return "not UTF-8 text";
        } else if (failure instanceof FileSystemException system && system.getReason() != null) {
            return system.getReason();
        }
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    }
}
