package io.forkline.server.pubsub;

/**
 * One class of Redis's {@code client-output-buffer-limit}: a client whose unsent output reaches
 * {@code hardBytes}, or stays at or above {@code softBytes} for more than {@code softSeconds}, is
 * disconnected. Zero bytes means no limit of that kind.
 *
 * @param hardBytes   the hard limit, 0 for none
 * @param softBytes   the soft limit, 0 for none
 * @param softSeconds how long the soft limit may be exceeded
 */
public record OutputBufferLimit(long hardBytes, long softBytes, long softSeconds) {

    /** Redis's default for Pub/Sub clients: {@code pubsub 32mb 8mb 60}. */
    public static final OutputBufferLimit PUBSUB_DEFAULT = new OutputBufferLimit(32L * 1024 * 1024, 8L * 1024 * 1024, 60);

    /** No limit (Redis's default for normal clients: {@code normal 0 0 0}). */
    public static final OutputBufferLimit NONE = new OutputBufferLimit(0, 0, 0);

    public OutputBufferLimit {
        if (hardBytes < 0 || softBytes < 0 || softSeconds < 0) {
            throw new IllegalArgumentException("output buffer limits are not negative: " + hardBytes + " " + softBytes
                    + " " + softSeconds);
        }
    }
}
