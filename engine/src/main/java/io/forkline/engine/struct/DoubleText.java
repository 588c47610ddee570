package io.forkline.engine.struct;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Sorted-set scores as text, read and written as Redis 7.0 does: C's strtod for reading (string2d for a score,
 * plain strtod for a range bound) and printf's {@code %.17g} for replies, with the listpack's integer shortcut
 * (d2string) beside it.
 *
 * <p>Reading accepts what glibc's strtod accepts in the C locale: an optional sign, then decimal digits with an
 * optional point and exponent ("1", "-1.5", ".5", "5.", "1e-3"), hexadecimal ("0x1p3", "0X.8"), or "inf" /
 * "infinity" in any case. NaN in any spelling is refused, as Redis refuses it. Conversion rounds to nearest, as
 * glibc does: small decimals take the exact fast path (at most 15 digits and a power of ten up to 1e22, which are
 * exact doubles, so one correctly rounded multiply or divide), the rest go through {@link Double#parseDouble}.
 *
 * <p>Writing {@code %.17g}: 17 significant digits of the exact binary value, rounded half-even; fixed notation
 * when the decimal exponent is in [-4, 17), scientific ("1e+100", "1.5e-07") otherwise; trailing zeros and a
 * bare point dropped. Seventeen digits always read back to the same double.
 */
public final class DoubleText {

    /** The longest text {@link #format} and {@link #formatForListpack} produce: "-2.2250738585072014e-308". */
    public static final int MAX_LENGTH = 24;

    private static final int SIGNIFICANT_DIGITS = 17;
    private static final MathContext SEVENTEEN_DIGITS = new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN);
    private static final double[] EXACT_POWERS_OF_TEN = {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
            1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    private static final int FAST_PATH_DIGITS = 15;
    /** Exponents are counted up to here and no further: past it every double has overflowed or underflowed. */
    private static final int EXPONENT_CEILING = 100_000;
    /** Half of Long.MAX_VALUE as a double, 2^62: Redis's double2ll range for printing a score as an integer. */
    private static final double INTEGER_LIMIT = 0x1p62;
    private static final double FIXED_INTEGER_LIMIT = 1e17;

    private DoubleText() {
    }

    // ---------------------------------------------------------------------------------------------
    // Reading

    /**
     * Reads a score as Redis's string2d does (ZADD, ZINCRBY): the whole text must be one number, with no space before
     * or after; a value too large for a double, or too small to be anything but zero, is refused, as glibc reports it
     * with ERANGE.
     *
     * @throws NumberFormatException for empty text, spaces, trailing bytes, NaN, overflow or underflow to zero
     */
    public static double parse(byte[] bytes, int offset, int length) {
        return read(bytes, offset, offset + length, true);
    }

    /**
     * Reads a ZRANGEBYSCORE bound after its optional "(" as Redis's zslParseRange does with plain strtod: the text
     * ends at its first NUL byte, leading white space is skipped, empty text is 0, and overflow gives an infinity.
     *
     * @throws NumberFormatException for NaN, or bytes after the number
     */
    static double parseRangeItem(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        if (end == offset) {
            return 0.0;
        }
        int start = offset;
        while (start < end && isSpace(bytes[start])) {
            start++;
        }
        return read(bytes, start, end, false);
    }

    private static double read(byte[] bytes, int from, int to, boolean strict) {
        boolean negative = from < to && bytes[from] == '-';
        int start = from < to && (bytes[from] == '-' || bytes[from] == '+') ? from + 1 : from;
        double magnitude;
        if (startsWithIgnoringCase(bytes, start, to, "nan")) {
            throw notANumber(bytes, from, to, "NaN is not a score");
        } else if (startsWithIgnoringCase(bytes, start, to, "inf")) {
            int end = startsWithIgnoringCase(bytes, start, to, "infinity") ? start + 8 : start + 3;
            requireEnd(bytes, from, to, end);
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        } else if (isHexadecimal(bytes, start, to)) {
            requireEnd(bytes, from, to, endOfHexadecimal(bytes, start, to));
            magnitude = hexadecimalValue(bytes, start, to);
        } else {
            int end = endOfDecimal(bytes, start, to);
            if (end < 0) {
                throw notANumber(bytes, from, to, "no digits");
            }
            requireEnd(bytes, from, to, end);
            magnitude = decimalValue(bytes, start, to);
        }
        if (strict && Double.isInfinite(magnitude)) {
            throw notANumber(bytes, from, to, "overflows a double");
        }
        if (strict && magnitude == 0 && hasNonzeroDigit(bytes, start, to)) {
            throw notANumber(bytes, from, to, "underflows to zero");
        }
        return negative ? -magnitude : magnitude;
    }

    private static void requireEnd(byte[] bytes, int from, int to, int end) {
        if (end != to) {
            throw notANumber(bytes, from, to, "bytes after the number");
        }
    }

    private static NumberFormatException notANumber(byte[] bytes, int from, int to, String why) {
        int shown = Math.min(to - from, 64);
        return new NumberFormatException(why + ": \"" + new String(bytes, from, shown, StandardCharsets.ISO_8859_1) + "\"");
    }

    /** The end of the decimal number at {@code at} (digits, point, digits, exponent), or -1 when it has no digit. */
    private static int endOfDecimal(byte[] bytes, int at, int to) {
        int position = endOfDigits(bytes, at, to);
        int digits = position - at;
        if (position < to && bytes[position] == '.') {
            int afterFraction = endOfDigits(bytes, position + 1, to);
            digits += afterFraction - position - 1;
            if (digits > 0) {
                position = afterFraction;
            }
        }
        return digits == 0 ? -1 : endOfExponent(bytes, position, to, 'e');
    }

    /** Whether a hexadecimal number starts at {@code at}: "0x" and then at least one hex digit, before or after a point. */
    private static boolean isHexadecimal(byte[] bytes, int at, int to) {
        return endOfHexadecimal(bytes, at, to) >= 0;
    }

    /** The end of the hexadecimal number at {@code at} ("0x", hex digits, point, hex digits, p exponent), or -1. */
    private static int endOfHexadecimal(byte[] bytes, int at, int to) {
        if (at + 1 >= to || bytes[at] != '0' || (bytes[at + 1] | 0x20) != 'x') {
            return -1;
        }
        int start = at + 2;
        int position = endOfHexDigits(bytes, start, to);
        int digits = position - start;
        if (position < to && bytes[position] == '.') {
            int afterFraction = endOfHexDigits(bytes, position + 1, to);
            digits += afterFraction - position - 1;
            if (digits > 0) {
                position = afterFraction;
            }
        }
        return digits == 0 ? -1 : endOfExponent(bytes, position, to, 'p');
    }

    /** Past an exponent (letter, optional sign, at least one digit) at {@code at}; {@code at} itself when there is none. */
    private static int endOfExponent(byte[] bytes, int at, int to, char letter) {
        if (at >= to || (bytes[at] | 0x20) != letter) {
            return at;
        }
        int digitsStart = at + 1 < to && (bytes[at + 1] == '+' || bytes[at + 1] == '-') ? at + 2 : at + 1;
        int end = endOfDigits(bytes, digitsStart, to);
        return end > digitsStart ? end : at;
    }

    private static int endOfDigits(byte[] bytes, int at, int to) {
        int position = at;
        while (position < to && isDigit(bytes[position])) {
            position++;
        }
        return position;
    }

    private static int endOfHexDigits(byte[] bytes, int at, int to) {
        int position = at;
        while (position < to && (isDigit(bytes[position]) || ((bytes[position] | 0x20) >= 'a' && (bytes[position] | 0x20) <= 'f'))) {
            position++;
        }
        return position;
    }

    /** The value of the unsigned decimal number that fills {@code bytes[at, to)}. */
    private static double decimalValue(byte[] bytes, int at, int to) {
        long mantissa = 0;
        int significantDigits = 0;
        int fractionDigits = 0;
        boolean afterPoint = false;
        int position = at;
        for (; position < to && (isDigit(bytes[position]) || bytes[position] == '.'); position++) {
            if (bytes[position] == '.') {
                afterPoint = true;
                continue;
            }
            int digit = bytes[position] - '0';
            if (significantDigits > 0 || digit != 0) {
                if (significantDigits < FAST_PATH_DIGITS + 1) {
                    mantissa = mantissa * 10 + digit;
                }
                significantDigits++;
            }
            if (afterPoint && significantDigits <= FAST_PATH_DIGITS + 1) {
                fractionDigits++;
            }
        }
        if (significantDigits == 0) {
            return 0.0;
        }
        int exponent = exponentValue(bytes, position, to) - fractionDigits;
        if (significantDigits <= FAST_PATH_DIGITS && Math.abs(exponent) < EXACT_POWERS_OF_TEN.length) {
            return exponent >= 0 ? mantissa * EXACT_POWERS_OF_TEN[exponent] : mantissa / EXACT_POWERS_OF_TEN[-exponent];
        }
        return Double.parseDouble(new String(bytes, at, to - at, StandardCharsets.ISO_8859_1));
    }

    /** The exponent that starts at {@code at} ('e' or 'p', sign, digits), or 0 when the text ends there. */
    private static int exponentValue(byte[] bytes, int at, int to) {
        if (at >= to) {
            return 0;
        }
        int position = at + 1;
        boolean negative = bytes[position] == '-';
        if (bytes[position] == '-' || bytes[position] == '+') {
            position++;
        }
        int exponent = 0;
        for (; position < to; position++) {
            exponent = Math.min(EXPONENT_CEILING, exponent * 10 + bytes[position] - '0');
        }
        return negative ? -exponent : exponent;
    }

    /** The value of the unsigned hexadecimal number that fills {@code bytes[at, to)}; Java wants its "p" exponent. */
    private static double hexadecimalValue(byte[] bytes, int at, int to) {
        String text = new String(bytes, at, to - at, StandardCharsets.ISO_8859_1);
        return Double.parseDouble(text.indexOf('p') < 0 && text.indexOf('P') < 0 ? text + "p0" : text);
    }

    /** Whether the mantissa of the number in {@code bytes[at, to)} has a digit other than 0 (so zero is an underflow). */
    private static boolean hasNonzeroDigit(byte[] bytes, int at, int to) {
        boolean hexadecimal = isHexadecimal(bytes, at, to);
        int position = hexadecimal ? at + 2 : at;
        for (; position < to; position++) {
            byte character = bytes[position];
            if (character == '.' || character == '0') {
                continue;
            }
            boolean exponentLetter = (character | 0x20) == (hexadecimal ? 'p' : 'e');
            return !exponentLetter;
        }
        return false;
    }

    private static boolean startsWithIgnoringCase(byte[] bytes, int at, int to, String word) {
        if (to - at < word.length()) {
            return false;
        }
        for (int index = 0; index < word.length(); index++) {
            if ((bytes[at + index] | 0x20) != word.charAt(index)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(byte character) {
        return character >= '0' && character <= '9';
    }

    /** C's isspace in the C locale: space, \t, \n, \v, \f, \r. */
    private static boolean isSpace(byte character) {
        return character == ' ' || (character >= '\t' && character <= '\r');
    }

    // ---------------------------------------------------------------------------------------------
    // Writing

    /**
     * A score as Redis 7.0 replies with it (addReplyDouble, RESP2 bulk text and RESP3 double alike): "inf", "-inf",
     * else printf's {@code %.17g}: "1", "-1.5", "0.10000000000000001", "3.0000000000000004", "1e+17", "1e+100".
     * NaN, which no score holds, is "nan".
     */
    public static byte[] format(double value) {
        byte[] text = new byte[MAX_LENGTH];
        int length = format(value, text, 0);
        return Arrays.copyOf(text, length);
    }

    /** {@link #format(double)} into {@code destination} from {@code offset}, which has {@link #MAX_LENGTH} bytes free; returns the length. */
    public static int format(double value, byte[] destination, int offset) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return writeSpecial(value, destination, offset);
        }
        if (value == Math.rint(value) && Math.abs(value) < FIXED_INTEGER_LIMIT) {
            return writeInteger(value, destination, offset);
        }
        return writeSeventeenDigits(value, destination, offset);
    }

    /**
     * A score as Redis 7.0's d2string writes it into a listpack: "inf", "-inf", "0", "-0", an integer when the value
     * is one within ±2^62 ("100000000000000000" where a reply says "1e+17"), else {@code %.17g}.
     */
    public static byte[] formatForListpack(double value) {
        byte[] text = new byte[MAX_LENGTH];
        int length = formatForListpack(value, text, 0);
        return Arrays.copyOf(text, length);
    }

    /** {@link #formatForListpack(double)} into {@code destination} from {@code offset}; returns the length. */
    public static int formatForListpack(double value, byte[] destination, int offset) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return writeSpecial(value, destination, offset);
        }
        if (value >= -INTEGER_LIMIT && value <= INTEGER_LIMIT && value == Math.rint(value)) {
            return writeInteger(value, destination, offset);
        }
        return writeSeventeenDigits(value, destination, offset);
    }

    private static int writeSpecial(double value, byte[] destination, int offset) {
        String text = Double.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
        return writeAscii(text, destination, offset);
    }

    /** An integral value in long range, with "-0" for negative zero as both %.17g and d2string print it. */
    private static int writeInteger(double value, byte[] destination, int offset) {
        long integer = (long) value;
        boolean negative = integer < 0 || (integer == 0 && Double.doubleToRawLongBits(value) < 0);
        int position = offset;
        if (negative) {
            destination[position++] = '-';
        }
        return position - offset + writeDigits(Math.abs(integer), destination, position);
    }

    private static int writeDigits(long magnitude, byte[] destination, int offset) {
        int length = 1;
        for (long rest = magnitude / 10; rest != 0; rest /= 10) {
            length++;
        }
        long rest = magnitude;
        for (int index = length - 1; index >= 0; index--) {
            destination[offset + index] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        return length;
    }

    /** printf's %.17g of a finite value, from the exact decimal expansion of its binary value. */
    private static int writeSeventeenDigits(double value, byte[] destination, int offset) {
        BigDecimal rounded = new BigDecimal(Math.abs(value)).round(SEVENTEEN_DIGITS);
        String digits = rounded.unscaledValue().toString();
        int exponent = digits.length() - 1 - rounded.scale();
        int significant = digits.length();
        while (significant > 1 && digits.charAt(significant - 1) == '0') {
            significant--;
        }
        int position = offset;
        if (Double.doubleToRawLongBits(value) < 0) {
            destination[position++] = '-';
        }
        if (exponent < -4 || exponent >= SIGNIFICANT_DIGITS) {
            position += writeScientific(digits, significant, exponent, destination, position);
        } else {
            position += writeFixed(digits, significant, exponent, destination, position);
        }
        return position - offset;
    }

    private static int writeScientific(String digits, int significant, int exponent, byte[] destination, int offset) {
        int position = offset;
        destination[position++] = (byte) digits.charAt(0);
        if (significant > 1) {
            destination[position++] = '.';
            for (int index = 1; index < significant; index++) {
                destination[position++] = (byte) digits.charAt(index);
            }
        }
        destination[position++] = 'e';
        destination[position++] = (byte) (exponent < 0 ? '-' : '+');
        int magnitude = Math.abs(exponent);
        if (magnitude < 10) {
            destination[position++] = '0';
        }
        position += writeDigits(magnitude, destination, position);
        return position - offset;
    }

    private static int writeFixed(String digits, int significant, int exponent, byte[] destination, int offset) {
        int position = offset;
        if (exponent < 0) {
            destination[position++] = '0';
            destination[position++] = '.';
            for (int zero = -1; zero > exponent; zero--) {
                destination[position++] = '0';
            }
            for (int index = 0; index < significant; index++) {
                destination[position++] = (byte) digits.charAt(index);
            }
            return position - offset;
        }
        for (int index = 0; index <= exponent; index++) {
            destination[position++] = index < significant ? (byte) digits.charAt(index) : (byte) '0';
        }
        if (significant > exponent + 1) {
            destination[position++] = '.';
            for (int index = exponent + 1; index < significant; index++) {
                destination[position++] = (byte) digits.charAt(index);
            }
        }
        return position - offset;
    }

    private static int writeAscii(String text, byte[] destination, int offset) {
        for (int index = 0; index < text.length(); index++) {
            destination[offset + index] = (byte) text.charAt(index);
        }
        return text.length();
    }
}
