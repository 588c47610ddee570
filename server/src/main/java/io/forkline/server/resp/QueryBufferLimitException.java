package io.forkline.server.resp;

/**
 * One command occupies more bytes than the client query buffer may hold: Redis closes such a client
 * at once, without a reply, and so should the server.
 */
public final class QueryBufferLimitException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    private final long bytes;
    private final long limit;

    /**
     * @param bytes the bytes the command occupies (or would occupy, when it announced more than fits)
     * @param limit the limit it went over
     */
    public QueryBufferLimitException(long bytes, long limit) {
        super("query buffer of " + bytes + " bytes is over the limit of " + limit + " bytes");
        this.bytes = bytes;
        this.limit = limit;
    }

    public long bytes() {
        return bytes;
    }

    public long limit() {
        return limit;
    }
}
