package io.forkline.engine.types;

import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.Parse;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Redis's {@code long double} arithmetic as an x86-64 build of Redis does it (HINCRBYFLOAT), emulated
 * exactly: numbers are the values of the x87 80-bit extended format, held as exact {@link BigDecimal}s.
 *
 * <h2>Why exactly</h2>
 * Redis reads both operands with {@code strtold}, adds them in extended precision and prints the sum with
 * {@code "%.17Lf"}, trailing zeros removed (its {@code ld2string} in "human" mode). The binary rounding
 * shows in the text as soon as a number has more significant digits than the 64-bit significand holds:
 * {@code 1e40} prints as {@code 9999999999999999999783686092270256259072}, and
 * {@code 12345678901.123456789} as {@code 12345678901.12345678918063641}. Java has no extended type, so
 * this class rounds an exact decimal to the nearest value with a 64-bit significand (ties to even), as
 * {@code strtold} and the x87 adder do, and formats the exact binary value as glibc's {@code printf} does.
 *
 * <h2>The format</h2>
 * A finite value is {@code q * 2^e} with {@code q < 2^64}; normal values have {@code q >= 2^63}, so the
 * largest finite value is just below 2<sup>16384</sup> (about 1.19e4932). Below 2<sup>-16382</sup>
 * values are subnormal: the quantum stays 2<sup>-16445</sup>, the smallest positive value.
 */
final class LongDouble {

    private static final int SIGNIFICAND_BITS = 64;
    /** Values at or above 2^16384 overflow to infinity. */
    private static final int OVERFLOW_EXPONENT = 16384;
    /** The quantum of subnormal values, 2^-16445: nothing finer exists. */
    private static final int SMALLEST_QUANTUM_EXPONENT = -16445;
    /** Decimal magnitudes beyond which a value surely overflows, or surely rounds to zero. */
    private static final int MAX_DECIMAL_MAGNITUDE = 4934;
    private static final int MIN_DECIMAL_MAGNITUDE = -4952;
    /** {@code %.17Lf}. */
    private static final int PRINTED_DECIMALS = 17;

    private LongDouble() {
    }

    /**
     * The long double {@code strtold} reads from the text, as Redis's {@code string2ld} accepts it; null for an
     * infinity ({@code inf}, {@code -infinity}, ...).
     *
     * @throws CommandError {@link CommandError#NOT_A_FLOAT} when the text is not a float, or overflows, or
     *                      underflows to zero
     */
    static BigDecimal parse(byte[] bytes, int offset, int length) {
        double approximate = Parse.doubleOf(bytes, offset, length);   // the syntax check, with Redis's rules
        if (Double.isInfinite(approximate) && !hasDigit(bytes, offset, length)) {
            return null;
        }
        BigDecimal exact;
        try {
            exact = new BigDecimal(new String(bytes, offset, length, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw CommandError.NOT_A_FLOAT;   // an exponent beyond an int: far out of range either way
        }
        BigDecimal rounded = round(exact);
        if (rounded == null || (rounded.signum() == 0 && exact.signum() != 0)) {
            throw CommandError.NOT_A_FLOAT;   // strtold's ERANGE with HUGE_VAL or 0
        }
        return rounded;
    }

    /** The long double sum of two long doubles, or null when it overflows to an infinity. */
    static BigDecimal add(BigDecimal first, BigDecimal second) {
        return round(first.add(second));
    }

    /** The text Redis stores and replies for a long double: {@code "%.17Lf"}, then trailing zeros and point removed. */
    static byte[] format(BigDecimal value) {
        String text = value.setScale(PRINTED_DECIMALS, RoundingMode.HALF_EVEN).toPlainString();
        int end = text.length();
        while (text.charAt(end - 1) == '0') {
            end--;
        }
        if (text.charAt(end - 1) == '.') {
            end--;
        }
        text = text.substring(0, end);
        return (text.equals("-0") ? "0" : text).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The value of extended precision nearest to {@code exact}, ties to even; null when that is an infinity.
     */
    static BigDecimal round(BigDecimal exact) {
        if (exact.signum() == 0) {
            return BigDecimal.ZERO;
        }
        long magnitude = (long) exact.precision() - exact.scale();   // exact < 10^magnitude
        if (magnitude > MAX_DECIMAL_MAGNITUDE) {
            return null;
        }
        if (magnitude < MIN_DECIMAL_MAGNITUDE) {
            return BigDecimal.ZERO;
        }
        BigInteger numerator = exact.unscaledValue().abs();
        BigInteger denominator = BigInteger.ONE;
        if (exact.scale() > 0) {
            denominator = BigInteger.TEN.pow(exact.scale());
        } else {
            numerator = numerator.multiply(BigInteger.TEN.pow(-exact.scale()));
        }
        int exponent = quantumExponent(numerator, denominator);
        BigInteger significand = divideRoundingHalfEven(numerator, denominator, exponent);
        if (significand.bitLength() > SIGNIFICAND_BITS) {   // rounded up to 2^64
            significand = significand.shiftRight(1);
            exponent++;
        }
        if (exponent + significand.bitLength() > OVERFLOW_EXPONENT) {
            return null;
        }
        BigDecimal value = exponent >= 0
                ? new BigDecimal(significand.shiftLeft(exponent))
                : new BigDecimal(significand.multiply(BigInteger.valueOf(5).pow(-exponent)), -exponent);
        return exact.signum() < 0 ? value.negate() : value;
    }

    /**
     * The exponent {@code e} of the quantum 2<sup>e</sup> at {@code numerator / denominator}: the value divided
     * by it has 64 significant bits, unless that would make the quantum finer than a subnormal's.
     */
    private static int quantumExponent(BigInteger numerator, BigInteger denominator) {
        int exponent = numerator.bitLength() - denominator.bitLength() - SIGNIFICAND_BITS;
        // the quotient at this exponent has 64 or 65 bits: floor(log2) is within one of the bit-length difference
        if (scaledQuotient(numerator, denominator, exponent).bitLength() > SIGNIFICAND_BITS) {
            exponent++;
        }
        return Math.max(exponent, SMALLEST_QUANTUM_EXPONENT);
    }

    private static BigInteger scaledQuotient(BigInteger numerator, BigInteger denominator, int exponent) {
        return exponent >= 0 ? numerator.divide(denominator.shiftLeft(exponent))
                : numerator.shiftLeft(-exponent).divide(denominator);
    }

    /** {@code numerator / (denominator * 2^exponent)} rounded to an integer, ties to even. */
    private static BigInteger divideRoundingHalfEven(BigInteger numerator, BigInteger denominator, int exponent) {
        BigInteger dividend = exponent >= 0 ? numerator : numerator.shiftLeft(-exponent);
        BigInteger divisor = exponent >= 0 ? denominator.shiftLeft(exponent) : denominator;
        BigInteger[] quotientAndRemainder = dividend.divideAndRemainder(divisor);
        BigInteger quotient = quotientAndRemainder[0];
        int half = quotientAndRemainder[1].shiftLeft(1).compareTo(divisor);
        if (half > 0 || (half == 0 && quotient.testBit(0))) {
            quotient = quotient.add(BigInteger.ONE);
        }
        return quotient;
    }

    private static boolean hasDigit(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] >= '0' && bytes[i] <= '9') {
                return true;
            }
        }
        return false;
    }
}
