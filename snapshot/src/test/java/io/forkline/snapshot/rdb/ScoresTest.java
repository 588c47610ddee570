package io.forkline.snapshot.rdb;

import io.forkline.pages.Seeded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Scores#parse} against its definition: the decimal syntax as a regular expression, then Double.parseDouble. */
class ScoresTest {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final String[] PIECES = {"0", "1", "9", "12345678901234567890", "-", "+", ".", "e", "E", "-0", "00", "7",
            "inf", "Infinity", "nan", " ", "x", "9223372036854775807", "9223372036854775808", "1e308", "1e309", "5e-324"};

    static LongStream seeds() {
        return Seeded.seeds(8);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void agreesWithTheRegularExpressionAndTheJdk(long seed) {
        Seeded.run(seed, random -> {
            for (int i = 0; i < 20_000; i++) {
                String text = text(random);
                byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
                Double expected = reference(text);
                if (expected == null) {
                    assertThatThrownBy(() -> Scores.parse(bytes)).as("\"%s\"", text).isInstanceOf(NumberFormatException.class);
                } else {
                    assertThat(Double.doubleToRawLongBits(Scores.parse(bytes))).as("\"%s\"", text)
                            .isEqualTo(Double.doubleToRawLongBits(expected));
                }
            }
        });
    }

    @Test
    void integersNegativeZeroAndInfinities() {
        assertThat(Scores.parse(ascii("3"))).isEqualTo(3.0);
        assertThat(Double.doubleToRawLongBits(Scores.parse(ascii("-0")))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(Scores.parse(ascii("9007199254740993"))).isEqualTo(9007199254740992.0);   // rounds as strtod does
        assertThat(Scores.parse(ascii("-inf"))).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Scores.parse(ascii("nan"))).isNaN();
        assertThatThrownBy(() -> Scores.parse(ascii("1."  + "e"))).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> Scores.parse(ascii(""))).isInstanceOf(NumberFormatException.class);
    }

    /** The former implementation, word for word. */
    private static Double reference(String s) {
        boolean negative = s.startsWith("-");
        String unsigned = negative || s.startsWith("+") ? s.substring(1) : s;
        if (unsigned.equalsIgnoreCase("inf") || unsigned.equalsIgnoreCase("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (unsigned.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        if (!DECIMAL.matcher(s).matches()) {
            return null;
        }
        return Double.parseDouble(s);
    }

    private static String text(Random random) {
        if (random.nextInt(3) == 0) {
            return Long.toString(random.nextLong() >> random.nextInt(64));
        }
        if (random.nextInt(3) == 0) {
            return random.nextBoolean() ? Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20))
                    : String.format("%.17g", random.nextDouble() * 1000);
        }
        StringBuilder out = new StringBuilder();
        int pieces = 1 + random.nextInt(4);
        for (int i = 0; i < pieces; i++) {
            out.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return out.toString();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
