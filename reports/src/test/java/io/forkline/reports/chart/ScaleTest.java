package io.forkline.reports.chart;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScaleTest {

    @Test
    void thePercentileAxisSpacesTheNinesEvenly() {
        assertThat(Scale.PERCENTILE.transform(0)).isEqualTo(0.0);
        assertThat(Scale.PERCENTILE.transform(90)).isCloseTo(1.0, within(1e-9));
        assertThat(Scale.PERCENTILE.transform(99)).isCloseTo(2.0, within(1e-9));
        assertThat(Scale.PERCENTILE.transform(99.9)).isCloseTo(3.0, within(1e-9));
        assertThat(Scale.PERCENTILE.ticks(0, 99.95)).hasSize(5).startsWith(0.0, 90.0, 99.0);
        assertThat(Scale.PERCENTILE.label(99.99, LineChart::compact)).isEqualTo("99.99%");
        assertThat(Scale.PERCENTILE.accepts(100)).isFalse();
    }

    @Test
    void logTicksAreDecadesAndLinearTicksAreRound() {
        assertThat(Scale.LOG10.ticks(0.03, 250)).containsExactly(0.01, 0.1, 1.0, 10.0, 100.0, 1000.0);
        assertThat(Scale.LOG10.range(0.03, 250)).containsExactly(0.01, 1000.0);
        assertThat(Scale.LOG10.accepts(0)).isFalse();
        List<Double> ticks = Scale.LINEAR.ticks(0, 12.3);
        assertThat(ticks).containsExactly(0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0);
        assertThat(Scale.LINEAR.range(0.5, 12.3)).containsExactly(0.0, 14.0);
    }

    @Test
    void aChartWithoutDataSaysSo() {
        String svg = new LineChart("empty", 300, 200).y("ms", Scale.LOG10, LineChart::compact)
                .add(new LineChart.Series("zeros", new double[] {1, 2}, new double[] {0, 0}, "#000", false)).render();
        assertThat(svg).contains("no data").doesNotContain("<polyline");
        assertThat(LineChart.compact(1234567)).isEqualTo("1.23M");
        assertThat(LineChart.compact(25000)).isEqualTo("25k");
        assertThat(LineChart.compact(0.005)).isEqualTo("0.005");
    }
}
