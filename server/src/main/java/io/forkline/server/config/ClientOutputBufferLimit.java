package io.forkline.server.config;

/**
 * The output buffer limit of one client class: a client is disconnected at once past
 * {@code hardLimitBytes}, or when it stays past {@code softLimitBytes} for {@code softLimitSeconds};
 * 0 turns a limit off.
 */
public record ClientOutputBufferLimit(long hardLimitBytes, long softLimitBytes, long softLimitSeconds) {

    public ClientOutputBufferLimit {
        if (hardLimitBytes < 0 || softLimitBytes < 0 || softLimitSeconds < 0) {
            throw new IllegalArgumentException("limits are never negative, got " + hardLimitBytes + " "
                    + softLimitBytes + " " + softLimitSeconds);
        }
    }
}
