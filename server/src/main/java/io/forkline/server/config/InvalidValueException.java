package io.forkline.server.config;

/**
 * Arguments a directive cannot take: {@link #description()} says what was expected and what came
 * (for file errors), {@link #redisReason()} is Redis 7.0's own wording when it has one (for CONFIG SET
 * replies and as a hint in file errors).
 */
final class InvalidValueException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String description;
    private final String redisReason;

    /**
     * @param description what follows the directive's name, e.g. "must be an integer from 0 to 65535, got 'abc'"
     * @param redisReason Redis's error string, e.g. "argument couldn't be parsed into an integer", or null
     */
    InvalidValueException(String description, String redisReason) {
        super(description);
        this.description = description;
        this.redisReason = redisReason;
    }

    String description() {
        return description;
    }

    /** Redis's wording, or null where Redis has none (forkline's own directives and rules). */
    String redisReason() {
        return redisReason;
    }

    /** What CONFIG SET reports after "- ": Redis's wording, else the description. */
    String replyReason() {
        return redisReason != null ? redisReason : description;
    }

    /** "'name' description (Redis's wording)", the body of a file or command-line error. */
    String describe(String name) {
        String text = "'" + name + "' " + description;
        return redisReason == null ? text : text + " (" + redisReason + ")";
    }
}
