package io.forkline.snapshot.commands;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** C's %.17g, checked against what glibc's printf prints for the same doubles. */
class CDoubleTest {

    @Test
    void matchesPrintf() {
        assertThat(CDouble.g17(1.0)).isEqualTo("1");
        assertThat(CDouble.g17(2.5)).isEqualTo("2.5");
        assertThat(CDouble.g17(-3e10)).isEqualTo("-30000000000");
        assertThat(CDouble.g17(0.1)).isEqualTo("0.10000000000000001");
        assertThat(CDouble.g17(1e-5)).isEqualTo("1.0000000000000001e-05");
        assertThat(CDouble.g17(1e-4)).isEqualTo("0.0001");
        assertThat(CDouble.g17(123456789012345678.0)).isEqualTo("1.2345678901234568e+17");
        assertThat(CDouble.g17(1e16)).isEqualTo("10000000000000000");
        assertThat(CDouble.g17(1e17)).isEqualTo("1e+17");
        assertThat(CDouble.g17(-1e17)).isEqualTo("-1e+17");
        assertThat(CDouble.g17(1.5e300)).isEqualTo("1.5000000000000001e+300");
        assertThat(CDouble.g17(Double.MIN_VALUE)).isEqualTo("4.9406564584124654e-324");
        assertThat(CDouble.g17(Double.MIN_NORMAL)).isEqualTo("2.2250738585072014e-308");
        assertThat(CDouble.g17(1.0 / 3)).isEqualTo("0.33333333333333331");
        assertThat(CDouble.g17(-2.0 / 3)).isEqualTo("-0.66666666666666663");
        assertThat(CDouble.g17(100.0)).isEqualTo("100");
        assertThat(CDouble.g17(12345678901234567.0)).isEqualTo("12345678901234568");
        assertThat(CDouble.g17(0.30000000000000004)).isEqualTo("0.30000000000000004");
        assertThat(CDouble.g17(1e22)).isEqualTo("1e+22");
    }

    @Test
    void specialValuesAsGlibcPrintsThem() {
        assertThat(CDouble.g17(0.0)).isEqualTo("0");
        assertThat(CDouble.g17(-0.0)).isEqualTo("-0");
        assertThat(CDouble.g17(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(CDouble.g17(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    }
}
