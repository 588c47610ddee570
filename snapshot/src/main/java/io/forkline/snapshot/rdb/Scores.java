package io.forkline.snapshot.rdb;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Sorted-set scores stored as text (ZSET's string doubles, scores in ziplists and listpacks): what
 * Redis writes ({@code %.17g}, "inf", "-inf") and what strtod reads of it, the whole text being one number.
 */
final class Scores {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private Scores() {
    }

    /**
     * The score the text spells; NaN for "nan" (which a caller refuses as Redis does).
     *
     * @throws NumberFormatException when the text is not a number
     */
    static double parse(byte[] text) {
        String s = new String(text, StandardCharsets.ISO_8859_1);
        boolean negative = s.startsWith("-");
        String unsigned = negative || s.startsWith("+") ? s.substring(1) : s;
        if (unsigned.equalsIgnoreCase("inf") || unsigned.equalsIgnoreCase("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (unsigned.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        if (!DECIMAL.matcher(s).matches()) {
            throw new NumberFormatException("not a score: " + Printable.quote(text));
        }
        return Double.parseDouble(s);
    }
}
