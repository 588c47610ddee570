package io.forkline.server.scripting;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** How a Lua number becomes text: C's {@code "%.17g"} for a command argument, as Redis formats it, or fewer digits. */
final class ArgumentText {


    private ArgumentText() {
    }

    /**
     * {@code printf("%.17g", value)}: 17 significant digits, trailing zeros dropped, plain notation for
     * exponents from -5 to 16 and {@code d.ddde+XX} beyond; {@code inf}, {@code -inf}, {@code nan}.
     */
    static String number(double value) {
        return number(value, 17);
    }

    /** {@code printf("%.<digits>g", value)}, for 1 to 17 digits (lua-cjson prints numbers with 14). */
    static String number(double value, int digits) {
        if (Double.isNaN(value)) {
            return Double.doubleToRawLongBits(value) < 0 ? "-nan" : "nan";   // glibc prints the sign of a NaN
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return (1 / value) < 0 ? "-0" : "0";
        }
        if (value == Math.rint(value) && Math.abs(value) < Math.pow(10, digits)) {
            return Long.toString((long) value);
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(digits, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= digits) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            return mantissa.toPlainString() + (exponent < 0 ? "e-" : "e+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        return rounded.stripTrailingZeros().toPlainString();
    }
}
