package io.forkline.server.scripting;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Lua numbers as command arguments: C's %.17g, the expected texts printed by glibc's printf. */
class ArgumentTextTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0.1|0.10000000000000001", "1.5|1.5", "-0.5|-0.5", "3|3", "1e20|1e+20", "1e17|1e+17",
            "1e16|10000000000000000", "123456789012345678|1.2345678901234568e+17", "1e-5|1.0000000000000001e-05",
            "1e-4|0.0001", "0.000123|0.00012300000000000001", "2.5e-7|2.4999999999999999e-07",
            "-1e300|-1.0000000000000001e+300", "3.141592653589793|3.1415926535897931", "100|100",
            "1000000000000000.5|1000000000000000.5", "0.30000000000000004|0.30000000000000004", "-0.0|-0",
            "0.3333333333333333|0.33333333333333331", "4.9E-324|4.9406564584124654e-324"})
    void formatsAsPrintf(double value, String expected) {
        assertThat(ArgumentText.number(value)).isEqualTo(expected);
    }

    @Test
    void infinitiesAndNan() {
        assertThat(ArgumentText.number(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(ArgumentText.number(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        assertThat(ArgumentText.number(Double.NaN)).isEqualTo("nan");
    }

    /** 17 significant digits name every double exactly: the text reads back as the same number. */
    @Test
    void readsBackAsTheSameDouble() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 100_000; i++) {
            double value = Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                continue;
            }
            String text = ArgumentText.number(value);
            assertThat(Double.parseDouble(text)).as("seed %d: %s", seed, text).isEqualTo(value);
            assertThat(text).as("seed %d", seed).matches("-?(\\d+(\\.\\d+)?(e[+-]\\d{2,3})?)");
        }
    }
}
