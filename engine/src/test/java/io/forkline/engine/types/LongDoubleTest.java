package io.forkline.engine.types;

import io.forkline.engine.command.CommandError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The x87 extended-precision emulation behind HINCRBYFLOAT, against what redis-server 7.0.15 on x86-64 prints. */
class LongDoubleTest {

    private static BigDecimal parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return LongDouble.parse(bytes, 0, bytes.length);
    }

    private static String printed(String text) {
        return new String(LongDouble.format(parse(text)), StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @CsvSource({
            "1.5, 1.5",
            "0.1, 0.1",
            "-5, -5",
            "5., 5",
            "+.5, 0.5",
            "1e40, 9999999999999999999783686092270256259072",
            "12345678901.123456789, 12345678901.12345678918063641",
            "123456789012345678901234567890, 123456789012345678899921813504",
            "18446744073709551617, 18446744073709551616",        // a tie: to the even significand, down
            "18446744073709551619, 18446744073709551620",        // a tie: to the even significand, up
            "0.30000000000000000001, 0.3",
            "1.00000000000000000005, 1",
            "0.5e-17, 0",
            "0.000000000000000015, 0.00000000000000002",
            "3.7252902984619140625e-9, 0.0000000037252903",
            "-0.000000000000000001, 0",
            "-0.0, 0",
            "3.6451995318824746025e-4951, 0",                    // the smallest subnormal
            "1.9e-4951, 0",                                      // rounds up to it
    })
    void parsesAndPrintsAsRedisDoes(String input, String expected) {
        assertThat(printed(input)).isEqualTo(expected);
    }

    @Test
    void sumsRoundOnceToTheNearestLongDouble() {
        assertThat(LongDouble.format(LongDouble.add(parse("0.1"), parse("0.2")))).asString(StandardCharsets.US_ASCII).isEqualTo("0.3");
        assertThat(LongDouble.format(LongDouble.add(parse("-9223372036854775803"), parse("1.5"))))
                .asString(StandardCharsets.US_ASCII).isEqualTo("-9223372036854775801.5");
        assertThat(LongDouble.format(LongDouble.add(parse("18446744073709551615"), BigDecimal.ONE)))
                .asString(StandardCharsets.US_ASCII).isEqualTo("18446744073709551616");
        assertThat(LongDouble.add(BigDecimal.ONE, BigDecimal.ONE.negate())).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void theLargestValueAndOverflow() {
        BigDecimal largest = new BigDecimal(BigInteger.TWO.pow(64).subtract(BigInteger.ONE).shiftLeft(16320));
        assertThat(parse("1.18973149535723176502e+4932")).isEqualByComparingTo(largest);
        assertThat(LongDouble.add(largest, largest)).isNull();
        assertThat(LongDouble.add(largest.negate(), largest.negate())).isNull();
        assertThat(LongDouble.round(largest.add(BigDecimal.ONE))).isEqualByComparingTo(largest);
        assertThat(LongDouble.round(new BigDecimal(BigInteger.TWO.pow(16384)))).isNull();
    }

    @Test
    void infinitiesAreNullAndOutOfRangeTextIsNotAFloat() {
        assertThat(parse("inf")).isNull();
        assertThat(parse("-Infinity")).isNull();
        assertThat(parse("+inf")).isNull();
        for (String bad : new String[] {"1e5000", "-1e5000", "1e-5000", "1.8225997659412373012e-4951", "1e99999999999",
                "nan", "abc", "", " 1", "1 ", "1e"}) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isSameAs(CommandError.NOT_A_FLOAT);
        }
        assertThat(parse("0e5000")).isEqualByComparingTo(BigDecimal.ZERO);   // an exact zero is no underflow
    }
}
