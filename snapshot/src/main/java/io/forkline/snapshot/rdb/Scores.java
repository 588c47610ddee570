package io.forkline.snapshot.rdb;

import io.forkline.engine.struct.IntegerText;

import java.nio.charset.StandardCharsets;

/**
 * Sorted-set scores stored as text (ZSET's string doubles, scores in ziplists and listpacks): what
 * Redis writes ({@code %.17g}, "inf", "-inf") and what strtod reads of it, the whole text being one number.
 */
final class Scores {

    private Scores() {
    }

    /**
     * The score the text spells; NaN for "nan" (which a caller refuses as Redis does).
     *
     * @throws NumberFormatException when the text is not a number
     */
    static double parse(byte[] text) {
        if (IntegerText.isCanonicalLong(text, 0, text.length)) {
            // most scores in a listpack are integers: the nearest double, as strtod and the cast both round
            return IntegerText.parseCanonicalLong(text, 0, text.length);
        }
        String s = new String(text, StandardCharsets.ISO_8859_1);
        boolean negative = s.startsWith("-");
        String unsigned = negative || s.startsWith("+") ? s.substring(1) : s;
        if (unsigned.equalsIgnoreCase("inf") || unsigned.equalsIgnoreCase("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (unsigned.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        if (!isDecimal(text)) {
            throw new NumberFormatException("not a score: " + Printable.quote(text));
        }
        return Double.parseDouble(s);
    }

    /** Whether the text is {@code [+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?}, digits being ASCII's. */
    static boolean isDecimal(byte[] text) {
        int at = 0;
        int end = text.length;
        if (at < end && (text[at] == '+' || text[at] == '-')) {
            at++;
        }
        int integerDigits = 0;
        while (at < end && isDigit(text[at])) {
            at++;
            integerDigits++;
        }
        int fractionDigits = 0;
        if (at < end && text[at] == '.') {
            at++;
            while (at < end && isDigit(text[at])) {
                at++;
                fractionDigits++;
            }
        }
        if (integerDigits == 0 && fractionDigits == 0) {
            return false;   // no digits, or a lone point
        }
        if (at < end && (text[at] == 'e' || text[at] == 'E')) {
            at++;
            if (at < end && (text[at] == '+' || text[at] == '-')) {
                at++;
            }
            int exponentDigits = 0;
            while (at < end && isDigit(text[at])) {
                at++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return at == end;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
