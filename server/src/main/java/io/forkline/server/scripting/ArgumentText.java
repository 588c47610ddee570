package io.forkline.server.scripting;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** How a Lua number becomes a command argument: C's {@code "%.17g"}, as Redis formats it. */
final class ArgumentText {

    private static final MathContext SEVENTEEN = new MathContext(17, RoundingMode.HALF_EVEN);

    private ArgumentText() {
    }

    /**
     * {@code printf("%.17g", value)}: 17 significant digits, trailing zeros dropped, plain notation for
     * exponents from -5 to 16 and {@code d.ddde+XX} beyond; {@code inf}, {@code -inf}, {@code nan}.
     */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return Double.doubleToRawLongBits(value) < 0 ? "-nan" : "nan";   // glibc prints the sign of a NaN
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return (1 / value) < 0 ? "-0" : "0";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e17) {
            return Long.toString((long) value);
        }
        BigDecimal rounded = new BigDecimal(value).round(SEVENTEEN);
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= 17) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            String digits = mantissa.toPlainString();
            return digits + (exponent < 0 ? "e-" : "e+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        return rounded.stripTrailingZeros().toPlainString();
    }
}
