package io.forkline.server.config;

/**
 * A CONFIG REWRITE that did not happen; the message is the error reply, in Redis 7.0's words, e.g.
 * "ERR The server is running without a config file".
 */
public final class ConfigRewriteException extends Exception {

    private static final long serialVersionUID = 1L;

    ConfigRewriteException(String errorReply, Throwable cause) {
        super(errorReply, cause);
    }
}
