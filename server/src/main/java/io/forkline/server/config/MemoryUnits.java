package io.forkline.server.config;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * Memory sizes as redis.conf writes them (Redis's memtoull and rewriteConfigFormatMemory): digits,
 * then optionally a unit, case-insensitive: {@code b} 1, {@code k} 1000, {@code kb} 1024, {@code m}
 * 1000², {@code mb} 1024², {@code g} 1000³, {@code gb} 1024³. Stricter than Redis in two corners:
 * at least one digit is required (Redis reads "" and "kb" as 0), and a size past 2^63-1 bytes is
 * refused rather than wrapped.
 */
final class MemoryUnits {

    private static final long KB = 1024;
    private static final long MB = 1024 * KB;
    private static final long GB = 1024 * MB;

    private MemoryUnits() {
    }

    /** The size in bytes, or empty when the text is not a memory size. */
    static OptionalLong parse(String text) {
        int digits = 0;
        while (digits < text.length() && text.charAt(digits) >= '0' && text.charAt(digits) <= '9') {
            digits++;
        }
        long multiplier = multiplier(text.substring(digits).toLowerCase(Locale.ROOT));
        if (digits == 0 || multiplier == 0) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Math.multiplyExact(Long.parseLong(text, 0, digits, 10), multiplier));
        } catch (NumberFormatException | ArithmeticException tooLarge) {
            return OptionalLong.empty();
        }
    }

    private static long multiplier(String unit) {
        return switch (unit) {
            case "", "b" -> 1;
            case "k" -> 1000;
            case "kb" -> KB;
            case "m" -> 1000L * 1000;
            case "mb" -> MB;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> GB;
            default -> 0;
        };
    }

    /** The shortest of "Ngb", "Nmb", "Nkb" that is exact, else the bytes: how CONFIG REWRITE writes sizes. */
    static String format(long bytes) {
        if (bytes != 0 && bytes % GB == 0) {
            return bytes / GB + "gb";
        } else if (bytes != 0 && bytes % MB == 0) {
            return bytes / MB + "mb";
        } else if (bytes != 0 && bytes % KB == 0) {
            return bytes / KB + "kb";
        }
        return Long.toString(bytes);
    }
}
