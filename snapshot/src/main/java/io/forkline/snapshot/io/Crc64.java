package io.forkline.snapshot.io;

/**
 * CRC-64/Jones as Redis computes it for RDB files and DUMP payloads: polynomial 0xad93d23594c935a9,
 * reflected in and out, initial value 0, no final xor. {@code crc64(0, "123456789") == 0xe9c6d914c4b8d9caL}.
 */
public final class Crc64 {

    private static final long REFLECTED_POLYNOMIAL = 0x95AC9329AC4BC9B5L;
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long c = i;
            for (int bit = 0; bit < 8; bit++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ REFLECTED_POLYNOMIAL : c >>> 1;
            }
            TABLE[i] = c;
        }
    }

    private Crc64() {
    }

    /** Continues {@code crc} over {@code bytes[offset, offset + length)}. */
    public static long update(long crc, byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            crc = TABLE[(int) ((crc ^ bytes[i]) & 0xff)] ^ (crc >>> 8);
        }
        return crc;
    }

    public static long update(long crc, int value) {
        return TABLE[(int) ((crc ^ value) & 0xff)] ^ (crc >>> 8);
    }
}
