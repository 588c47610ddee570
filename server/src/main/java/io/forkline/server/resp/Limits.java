package io.forkline.server.resp;

/**
 * The size limits a {@link RespRequestParser} enforces, named after Redis's config options
 * {@code proto-max-bulk-len} and {@code client-query-buffer-limit}, with the same bounds.
 *
 * @param protoMaxBulkLen        the largest bulk argument a client may announce, in bytes
 * @param clientQueryBufferLimit the most bytes one command may occupy before the client is closed
 */
public record Limits(long protoMaxBulkLen, long clientQueryBufferLimit) {

    /** Redis's smallest accepted value for either limit: 1 MiB. */
    public static final long MINIMUM = 1024 * 1024;

    /** Redis 7.0's defaults: 512 MiB per bulk argument, 1 GiB per query buffer. */
    public static final Limits DEFAULTS = new Limits(512L * 1024 * 1024, 1024L * 1024 * 1024);

    public Limits {
        requireAtLeastMinimum("proto-max-bulk-len", protoMaxBulkLen);
        requireAtLeastMinimum("client-query-buffer-limit", clientQueryBufferLimit);
    }

    private static void requireAtLeastMinimum(String name, long value) {
        if (value < MINIMUM) {
            throw new IllegalArgumentException(name + " must be at least " + MINIMUM + " bytes, got " + value);
        }
    }
}
