package io.forkline.engine.command;

import io.forkline.engine.struct.IntegerText;

import java.nio.charset.StandardCharsets;

/** Arguments read as numbers the way Redis reads them, failing with Redis's error replies. */
public final class Parse {

    private Parse() {
    }

    /** A canonical 64-bit integer (Redis's string2ll), else "value is not an integer or out of range". */
    public static long longArg(Arguments args, int index) {
        return longArg(args, index, CommandError.NOT_AN_INTEGER);
    }

    public static long longArg(Arguments args, int index, CommandError error) {
        try {
            return IntegerText.parseCanonicalLong(args.buffer(), args.offset(index), args.length(index));
        } catch (NumberFormatException e) {
            throw error;
        }
    }

    /** An integer within {@code [min, max]}, else {@code error}. */
    public static long longArg(Arguments args, int index, long min, long max, CommandError error) {
        long value = longArg(args, index, error);
        if (value < min || value > max) {
            throw error;
        }
        return value;
    }

    /** A float as Redis's strtold-based parsing accepts it: no spaces, no NaN; "inf" allowed. */
    public static double doubleArg(Arguments args, int index) {
        return doubleOf(args.buffer(), args.offset(index), args.length(index));
    }

    /** {@link #doubleArg(Arguments, int)}, with {@code error} for what does not parse (Redis's custom messages). */
    public static double doubleArg(Arguments args, int index, CommandError error) {
        try {
            return doubleArg(args, index);
        } catch (CommandError notAFloat) {
            throw error;
        }
    }

    public static double doubleOf(byte[] bytes, int offset, int length) {
        if (length == 0 || length > 5000 || Character.isWhitespace(bytes[offset])
                || Character.isWhitespace(bytes[offset + length - 1])) {
            throw CommandError.NOT_A_FLOAT;
        }
        String text = new String(bytes, offset, length, StandardCharsets.US_ASCII);
        double value;
        switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "inf", "+inf", "infinity", "+infinity" -> value = Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> value = Double.NEGATIVE_INFINITY;
            default -> {
                if (!isDecimalFloat(text)) {
                    throw CommandError.NOT_A_FLOAT;
                }
                value = Double.parseDouble(text);
            }
        }
        if (Double.isNaN(value)) {
            throw CommandError.NOT_A_FLOAT;
        }
        return value;
    }

    /** Digits with an optional sign, point and exponent: what strtod reads, without Java's suffixes and hex. */
    static boolean isDecimalFloat(String text) {
        int i = 0;
        int n = text.length();
        if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && Character.isDigit(text.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && text.charAt(i) == '.') {
            i++;
            while (i < n && Character.isDigit(text.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < n && Character.isDigit(text.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == n;
    }
}
