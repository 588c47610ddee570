package io.forkline.engine.struct;

import io.forkline.pages.Seeded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Score text against what Redis 7.0 on glibc reads and prints. The expected texts of the format tables were
 * printed by C's printf("%.17g") on glibc; the parse tables follow glibc's strtod and Redis's string2d checks.
 */
class DoubleTextTest {

    static LongStream seeds() {
        return Seeded.seeds(6);
    }

    // ---------------------------------------------------------------------------------------------
    // Writing

    @ParameterizedTest
    @CsvSource({
            "0000000000000000, 0",
            "8000000000000000, -0",
            "3ff0000000000000, 1",
            "bff8000000000000, -1.5",
            "3fb999999999999a, 0.10000000000000001",
            "3fd3333333333333, 0.29999999999999999",
            "3fe5555555555555, 0.66666666666666663",
            "4008000000000001, 3.0000000000000004",
            "4341c37937e08000, 10000000000000000",
            "4340000000000000, 9007199254740992",
            "4376345785d8a000, 1e+17",
            "437b69b4ba630f35, 1.2345678901234568e+17",
            "43d0000000000000, 4.6116860184273879e+18",
            "442043561a882930, 1.5e+20",
            "54b249ad2594c37d, 1e+100",
            "7fefffffffffffff, 1.7976931348623157e+308",
            "3f1a36e2eb1c432d, 0.0001",
            "3ee4f8b588e368f1, 1.0000000000000001e-05",
            "3e138ba852f2a32e, 1.1376999999999999e-09",
            "c087c5810624dd2f, -760.68799999999999",
            "407c8127bf086551, 456.0722036674461",
            "0010000000000000, 2.2250738585072014e-308",
            "0000000000000001, 4.9406564584124654e-324",
            "7ff0000000000000, inf",
            "fff0000000000000, -inf"})
    void repliesAreSeventeenSignificantDigitsAsPrintfWritesThem(String bits, String expected) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
        assertThat(text(DoubleText.format(value))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "4376345785d8a000, 100000000000000000",
            "437b69b4ba630f35, 123456789012345680",
            "43d0000000000000, 4611686018427387904",
            "c3d0000000000000, -4611686018427387904",
            "43e0000000000000, 9.2233720368547758e+18",
            "c39fcbbdfd38ac21, -572783432680802368",
            "8000000000000000, -0",
            "3ff0000000000000, 1",
            "3fb999999999999a, 0.10000000000000001",
            "7ff0000000000000, inf"})
    void listpackTextPrintsIntegersUpToTwoToTheSixtySecondInFull(String bits, String expected) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
        assertThat(text(DoubleText.formatForListpack(value))).isEqualTo(expected);
    }

    @Test
    void nanWhichNoScoreHoldsPrintsAsNan() {
        assertThat(text(DoubleText.format(Double.NaN))).isEqualTo("nan");
        assertThat(text(DoubleText.formatForListpack(Double.NaN))).isEqualTo("nan");
    }

    @Test
    void formatWritesIntoABufferAtAnOffset() {
        byte[] buffer = new byte[DoubleText.MAX_LENGTH + 3];
        int length = DoubleText.format(-2.2250738585072014e-308, buffer, 3);
        assertThat(length).isEqualTo(DoubleText.MAX_LENGTH);
        assertThat(new String(buffer, 3, length, StandardCharsets.ISO_8859_1)).isEqualTo("-2.2250738585072014e-308");
        assertThat(DoubleText.formatForListpack(-4611686018427387904.0, buffer, 1)).isEqualTo(20);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everyFormattedScoreReadsBackToTheSameDouble(long seed) {
        Seeded.run(seed, random -> {
            for (int trial = 0; trial < 20_000; trial++) {
                double value = randomDouble(random);
                byte[] reply = DoubleText.format(value);
                byte[] listpack = DoubleText.formatForListpack(value);
                assertThat(reply.length).isLessThanOrEqualTo(DoubleText.MAX_LENGTH);
                assertThat(Double.doubleToRawLongBits(DoubleText.parse(reply, 0, reply.length)))
                        .as("%s from %s", text(reply), value).isEqualTo(Double.doubleToRawLongBits(value));
                assertThat(Double.doubleToRawLongBits(DoubleText.parse(listpack, 0, listpack.length)))
                        .as("%s from %s", text(listpack), value).isEqualTo(Double.doubleToRawLongBits(value));
            }
        });
    }

    // ---------------------------------------------------------------------------------------------
    // Reading scores (string2d)

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1                         | 1",
            "-1.5                      | -1.5",
            "+2                        | 2",
            "-0                        | -0.0",
            ".5                        | 0.5",
            "5.                        | 5",
            "1e3                       | 1000",
            "1E+3                      | 1000",
            "2.5e-3                    | 0.0025",
            "0.1                       | 0.1",
            "3.0000000000000004        | 3.0000000000000004",
            "123456789012345678901234567890 | 1.2345678901234568e29",
            "0.000000000000000000000000000001 | 1e-30",
            "4.9406564584124654e-324   | 4.9e-324",
            "1.7976931348623157e308    | 1.7976931348623157e308",
            "0e999999999999            | 0",
            "0x10                      | 16",
            "-0X1.8p1                  | -3",
            "0x.8                      | 0.5",
            "inf                       | Infinity",
            "+INF                      | Infinity",
            "-inf                      | -Infinity",
            "Infinity                  | Infinity",
            "-iNfInItY                 | -Infinity"})
    void scoresReadAsGlibcStrtodReadsThem(String text, double expected) {
        byte[] bytes = bytes(text);
        assertThat(DoubleText.parse(bytes, 0, bytes.length)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "1 ", "\t1", "nan", "NaN", "-nan", "nan(1)", "abc", "1.5x", "1e", "1e+", ".", "-",
            "+", "e5", "0x", "0x1p", "infinit", "infinityy", "1,5", "1e400", "-1e400", "1e-400", "2e-324", "0x1p-1080",
            "1.7976931348623159e308", "--1", "+-1", "1.2.3"})
    void anythingElseIsNotAScore(String text) {
        byte[] bytes = bytes(text);
        assertThatThrownBy(() -> DoubleText.parse(bytes, 0, bytes.length)).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void aNulByteInsideAScoreIsRefused() {
        byte[] bytes = {'1', 0, '2'};
        assertThatThrownBy(() -> DoubleText.parse(bytes, 0, 3)).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void aScoreMayBeASliceOfABuffer() {
        byte[] buffer = bytes("xx-12.5yy");
        assertThat(DoubleText.parse(buffer, 2, 5)).isEqualTo(-12.5);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void decimalScoresRoundAsJavaDoes(long seed) {
        Seeded.run(seed, random -> {
            for (int trial = 0; trial < 20_000; trial++) {
                String text = randomDecimal(random);
                byte[] bytes = bytes(text);
                double expected = Double.parseDouble(text);
                if (Double.isInfinite(expected) || (expected == 0 && text.split("[eE]")[0].matches(".*[1-9].*"))) {
                    continue;   // overflow and underflow are refused, checked above
                }
                assertThat(DoubleText.parse(bytes, 0, bytes.length)).as(text).isEqualTo(expected);
            }
        });
    }

    // ---------------------------------------------------------------------------------------------
    // Reading range bounds (plain strtod)

    @Test
    void rangeItemsAllowWhatPlainStrtodAllows() {
        assertThat(rangeItem("")).isEqualTo(0.0);
        assertThat(rangeItem(" \t\n\u000b\f\r-2")).isEqualTo(-2.0);
        assertThat(rangeItem("1e400")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(rangeItem("-1e400")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(rangeItem("1e-400")).isEqualTo(0.0);
        assertThat(DoubleText.parseRangeItem(new byte[] {'3', 0, 'x'}, 0, 3)).isEqualTo(3.0);
        assertThat(DoubleText.parseRangeItem(new byte[] {0, 'x'}, 0, 2)).isEqualTo(0.0);
        assertThatThrownBy(() -> rangeItem(" ")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> rangeItem("1 ")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> rangeItem("nan")).isInstanceOf(NumberFormatException.class);
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    private static double rangeItem(String text) {
        byte[] bytes = bytes(text);
        return DoubleText.parseRangeItem(bytes, 0, bytes.length);
    }

    private static double randomDouble(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> {
                double value = Double.longBitsToDouble(random.nextLong());
                yield Double.isNaN(value) ? 0.5 : value;
            }
            case 1 -> (double) (random.nextLong() >> random.nextInt(64));
            case 2 -> random.nextInt(2_000_000) / 1000.0 - 1000;
            case 3 -> Math.scalb((double) (random.nextLong() >>> 11), random.nextInt(200) - 150);
            default -> random.nextInt(100_000) / Math.pow(10, random.nextInt(25));
        };
    }

    /** Digits, a point somewhere, and sometimes an exponent: inside both strtod's grammar and Java's. */
    private static String randomDecimal(Random random) {
        StringBuilder text = new StringBuilder();
        if (random.nextBoolean()) {
            text.append(random.nextBoolean() ? '-' : '+');
        }
        int digits = 1 + random.nextInt(random.nextBoolean() ? 8 : 30);
        int point = random.nextInt(digits + 1);
        for (int index = 0; index < digits; index++) {
            if (index == point) {
                text.append('.');
            }
            text.append((char) ('0' + (random.nextInt(4) == 0 ? 0 : random.nextInt(10))));
        }
        if (random.nextInt(3) == 0) {
            text.append(random.nextBoolean() ? 'e' : 'E').append(random.nextInt(3) == 0 ? "-" : "")
                    .append(random.nextInt(random.nextBoolean() ? 30 : 330));
        }
        return text.toString();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
