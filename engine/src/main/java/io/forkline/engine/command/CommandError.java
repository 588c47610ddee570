package io.forkline.engine.command;

/**
 * An error reply raised by a handler before it has replied or changed anything: the dispatcher writes
 * it as the command's reply. Stackless, and the common ones are shared instances, so that raising
 * one costs no more than a return.
 */
public final class CommandError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public static final CommandError WRONGTYPE = new CommandError(Errors.WRONGTYPE);
    public static final CommandError SYNTAX = new CommandError(Errors.SYNTAX);
    public static final CommandError NOT_AN_INTEGER = new CommandError(Errors.NOT_AN_INTEGER);
    public static final CommandError NOT_A_FLOAT = new CommandError(Errors.NOT_A_FLOAT);
    public static final CommandError OVERFLOW = new CommandError(Errors.OVERFLOW);
    public static final CommandError NO_SUCH_KEY = new CommandError(Errors.NO_SUCH_KEY);
    public static final CommandError INDEX_OUT_OF_RANGE = new CommandError(Errors.INDEX_OUT_OF_RANGE);
    public static final CommandError STRING_TOO_LONG = new CommandError(Errors.STRING_TOO_LONG);
    public static final CommandError MUST_BE_POSITIVE = new CommandError(Errors.MUST_BE_POSITIVE);

    private final transient byte[] encoded;

    private CommandError(byte[] encoded) {
        super(null, null, false, false);
        this.encoded = encoded;
    }

    /** An error with its own message, e.g. {@code "ERR invalid expire time in 'set' command"}. */
    public static CommandError of(String message) {
        return new CommandError(Errors.encode(message));
    }

    /** The reply, RESP-encoded. */
    public byte[] encoded() {
        return encoded;
    }

    @Override
    public String getMessage() {
        return new String(encoded, 1, encoded.length - 3, java.nio.charset.StandardCharsets.UTF_8);
    }
}
