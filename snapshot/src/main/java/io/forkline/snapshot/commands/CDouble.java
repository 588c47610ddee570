package io.forkline.snapshot.commands;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A double as C's {@code printf("%.17g")} writes it (glibc: the exact binary value rounded half-even to
 * 17 significant digits, trailing zeros dropped, exponent form below 1e-4 and from 1e17): the text
 * Redis's DEBUG DIGEST hashes for a sorted set's scores.
 */
final class CDouble {

    private static final int PRECISION = 17;

    private CDouble() {
    }

    static String g17(double value) {
        if (Double.isNaN(value)) {
            return (Double.doubleToRawLongBits(value) < 0 ? "-" : "") + "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return Double.doubleToRawLongBits(value) < 0 ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(PRECISION, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= PRECISION) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            String digits = mantissa.toPlainString();
            String sign = exponent < 0 ? "-" : "+";
            int magnitude = Math.abs(exponent);
            return digits + "e" + sign + (magnitude < 10 ? "0" : "") + magnitude;
        }
        return rounded.stripTrailingZeros().toPlainString();
    }
}
