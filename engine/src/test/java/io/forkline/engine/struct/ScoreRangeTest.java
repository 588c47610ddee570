package io.forkline.engine.struct;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScoreRangeTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1.5     | 1.5                | false",
            "(1.5    | 1.5                | true",
            "-inf    | -Infinity          | false",
            "+inf    | Infinity           | false",
            "inf     | Infinity           | false",
            "(-INF   | -Infinity          | true",
            "Infinity| Infinity           | false",
            "(3      | 3                  | true",
            "-0      | -0.0               | false",
            "0x10    | 16                 | false",
            "1e400   | Infinity           | false",
            "(-1e400 | -Infinity          | true",
            "1e-400  | 0                  | false",
            "5.      | 5                  | false",
            "(.5     | 0.5                | true",
            "' 7'    | 7                  | false",
            "'(\t7'  | 7                  | true",
            "''      | 0                  | false",
            "(       | 0                  | true"})
    void boundsParseAsRedisDoes(String text, double value, boolean exclusive) {
        ScoreRange range = ScoreRange.parse(bytes(text), bytes(text));
        assertThat(range.min()).isEqualTo(value);
        assertThat(range.max()).isEqualTo(value);
        assertThat(range.minExclusive()).isEqualTo(exclusive);
        assertThat(range.maxExclusive()).isEqualTo(exclusive);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nan", "(nan", "-NaN", "abc", "1.5x", "1 ", "((1", "[1", "1e", "0x", "--1", "infinit", " ", "( "})
    void anythingElseIsNotAFloat(String text) {
        assertThatThrownBy(() -> ScoreRange.parse(bytes(text), bytes("1"))).isInstanceOf(InvalidRangeException.class)
                .hasMessage("min or max is not a float");
        assertThatThrownBy(() -> ScoreRange.parse(bytes("1"), bytes(text))).isInstanceOf(InvalidRangeException.class)
                .hasMessage(InvalidRangeException.NOT_A_FLOAT);
    }

    @Test
    void aNulByteEndsTheTextAsInC() {
        ScoreRange range = ScoreRange.parse(new byte[] {'(', '2', 0, 'x'}, new byte[] {0, '9'});
        assertThat(range).isEqualTo(new ScoreRange(2, true, 0, false));
    }

    @Test
    void argumentsMayBeSlicesOfABuffer() {
        byte[] buffer = bytes("xx(1.5yy+infzz");
        assertThat(ScoreRange.parse(buffer, 2, 4, buffer, 8, 4)).isEqualTo(new ScoreRange(1.5, true, Double.POSITIVE_INFINITY, false));
    }

    @Test
    void containsHonoursOpenAndClosedEnds() {
        ScoreRange closed = new ScoreRange(1, false, 3, false);
        ScoreRange open = new ScoreRange(1, true, 3, true);
        assertThat(closed.contains(1)).isTrue();
        assertThat(closed.contains(3)).isTrue();
        assertThat(open.contains(1)).isFalse();
        assertThat(open.contains(3)).isFalse();
        assertThat(open.contains(2)).isTrue();
        assertThat(closed.contains(0.999)).isFalse();
        assertThat(closed.contains(Double.POSITIVE_INFINITY)).isFalse();
        assertThat(ScoreRange.all().contains(Double.NEGATIVE_INFINITY)).isTrue();
        assertThat(ScoreRange.all().contains(Double.POSITIVE_INFINITY)).isTrue();
        assertThat(new ScoreRange(0, false, 0, false).contains(-0.0)).as("-0 is 0").isTrue();
        assertThat(open.satisfiesMin(2)).isTrue();
        assertThat(open.satisfiesMax(3)).isFalse();
    }

    @Test
    void emptyWhenMinPassesMaxOrMeetsItWithAnOpenEnd() {
        assertThat(new ScoreRange(2, false, 1, false).isEmpty()).isTrue();
        assertThat(new ScoreRange(1, false, 1, false).isEmpty()).isFalse();
        assertThat(new ScoreRange(1, true, 1, false).isEmpty()).isTrue();
        assertThat(new ScoreRange(1, false, 1, true).isEmpty()).isTrue();
        assertThat(new ScoreRange(Double.POSITIVE_INFINITY, false, Double.POSITIVE_INFINITY, false).isEmpty()).isFalse();
        assertThat(new ScoreRange(Double.POSITIVE_INFINITY, true, Double.POSITIVE_INFINITY, false).isEmpty()).isTrue();
        assertThat(ScoreRange.parse(bytes("(5"), bytes("5")).isEmpty()).isTrue();
        assertThat(ScoreRange.all().isEmpty()).isFalse();
    }

    @Test
    void aNaNEndIsRefused() {
        assertThatThrownBy(() -> new ScoreRange(Double.NaN, false, 1, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScoreRange(1, false, Double.NaN, false)).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
