package io.forkline.server.resp;

/**
 * A client sent bytes that are not a valid request: the message is what Redis replies after
 * {@code "-ERR "} (for example {@code "Protocol error: invalid multibulk length"}), one char per
 * byte (ISO-8859-1), and the connection is closed once the reply is written.
 */
public sealed class ProtocolException extends Exception permits QueryBufferLimitException {

    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }
}
