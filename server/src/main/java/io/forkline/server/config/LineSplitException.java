package io.forkline.server.config;

/** A configuration line that cannot be split into arguments: unbalanced quotes, or bytes that are not UTF-8. */
final class LineSplitException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String redisReason;

    LineSplitException(String description, String redisReason) {
        super(description);
        this.redisReason = redisReason;
    }

    /** Redis's wording, or null where Redis has none. */
    String redisReason() {
        return redisReason;
    }

    String describe() {
        return redisReason == null ? getMessage() : getMessage() + " (" + redisReason + ")";
    }
}
