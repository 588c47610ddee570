package io.forkline.server.config;

/**
 * A CONFIG SET that changed nothing; the message is the error reply, in Redis 7.0's words, e.g.
 * "ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config".
 */
public final class ConfigSetException extends Exception {

    private static final long serialVersionUID = 1L;

    ConfigSetException(String errorReply) {
        super(errorReply);
    }

    private ConfigSetException(String errorReply, Throwable cause) {
        super(errorReply, cause);
    }

    static ConfigSetException failed(String argument, String reason) {
        return failed(argument, reason, null);
    }

    /** {@code cause}: a listener's refusal, with any failures to undo the change suppressed in it. */
    static ConfigSetException failed(String argument, String reason, Throwable cause) {
        return new ConfigSetException("ERR CONFIG SET failed (possibly related to argument '" + argument + "') - "
                + reason, cause);
    }
}
