package io.forkline.server.config;

/**
 * A {@link ConfigListener} could not apply a change; the message is the reason a client sees, e.g.
 * "Unable to listen on this port. Check server logs.".
 */
public final class ConfigApplyException extends Exception {

    private static final long serialVersionUID = 1L;

    public ConfigApplyException(String reason) {
        super(reason);
    }

    public ConfigApplyException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
