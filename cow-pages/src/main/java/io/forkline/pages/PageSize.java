package io.forkline.pages;

import java.util.Locale;

/**
 * The size of a page and of the frame behind it: a power of two from 4 KiB (a normal page) to 2 MiB
 * (a transparent huge page), fixed when a {@link PagedMemory} is created.
 */
public record PageSize(int bytes) {

    public static final int MIN_BYTES = 4 * 1024;
    public static final int MAX_BYTES = 2 * 1024 * 1024;

    public static final PageSize KIB_4 = new PageSize(MIN_BYTES);
    public static final PageSize MIB_2 = new PageSize(MAX_BYTES);

    public PageSize {
        if (bytes < MIN_BYTES || bytes > MAX_BYTES || Integer.bitCount(bytes) != 1) {
            throw new IllegalArgumentException(
                    "page size must be a power of two from 4 KiB to 2 MiB, got " + bytes + " bytes");
        }
    }

    /** Parses {@code 4kb}, {@code 64k}, {@code 2mb}, {@code 2m} or a plain byte count, as redis.conf writes sizes. */
    public static PageSize parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        long multiplier = 1;
        if (s.endsWith("kb") || s.endsWith("mb")) {
            multiplier = s.charAt(s.length() - 2) == 'k' ? 1024 : 1024 * 1024;
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("k") || s.endsWith("m")) {
            multiplier = s.charAt(s.length() - 1) == 'k' ? 1024 : 1024 * 1024;
            s = s.substring(0, s.length() - 1);
        }
        try {
            long value = Long.parseLong(s) * multiplier;
            if (value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("page size too large: " + text);
            }
            return new PageSize((int) value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a page size: '" + text + "' (expected e.g. 4kb or 2mb)", e);
        }
    }

    /** log2 of the size: an address shifted right by this is its page number. */
    public int shift() {
        return Integer.numberOfTrailingZeros(bytes);
    }

    /** The mask of the offset inside a page. */
    public long offsetMask() {
        return bytes - 1L;
    }

    @Override
    public String toString() {
        return bytes >= 1024 * 1024 ? (bytes >> 20) + "mb" : (bytes >> 10) + "kb";
    }
}
