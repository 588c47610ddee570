package io.forkline.reports.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * How an axis maps values to positions, and where its ticks go: linear, log10, or percentile (the
 * HdrHistogram plot's axis: percentile p sits at log10(1 / (1 - p/100)), so 90, 99, 99.9 ... are
 * evenly spaced and the tail gets the room).
 */
public enum Scale {
    LINEAR,
    LOG10,
    PERCENTILE;

    /** The value in axis units (before scaling to pixels). */
    public double transform(double value) {
        return switch (this) {
            case LINEAR -> value;
            case LOG10 -> Math.log10(Math.max(value, Double.MIN_NORMAL));
            case PERCENTILE -> Math.log10(1.0 / Math.max(1e-12, 1.0 - value / 100.0));
        };
    }

    /** Whether the value can be drawn on this axis. */
    public boolean accepts(double value) {
        return switch (this) {
            case LINEAR -> Double.isFinite(value);
            case LOG10 -> Double.isFinite(value) && value > 0;
            case PERCENTILE -> Double.isFinite(value) && value >= 0 && value < 100;
        };
    }

    /** Tick values covering [min, max] (data values, not transformed). */
    public List<Double> ticks(double min, double max) {
        List<Double> ticks = new ArrayList<>();
        switch (this) {
            case LINEAR -> {
                double step = niceStep((max - min) / 6);
                for (double t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
                    ticks.add(Math.abs(t) < step * 1e-9 ? 0 : t);
                }
            }
            case LOG10 -> {
                for (int e = (int) Math.floor(Math.log10(min)); e <= (int) Math.ceil(Math.log10(max)); e++) {
                    ticks.add(Math.pow(10, e));
                }
            }
            case PERCENTILE -> {
                double nines = transform(max);
                for (int n = 0; n <= Math.ceil(nines); n++) {
                    ticks.add(100.0 - 100.0 / Math.pow(10, n));
                }
            }
        }
        return ticks;
    }

    /** The axis range in data values, padded to whole ticks where that helps reading. */
    public double[] range(double min, double max) {
        if (!(max > min)) {
            max = min + (this == LOG10 ? min * 9 + 1 : 1);
        }
        return switch (this) {
            case LINEAR -> {
                double step = niceStep((max - min) / 6);
                yield new double[] {Math.floor(min / step) * step, Math.ceil(max / step) * step};
            }
            case LOG10 -> new double[] {Math.pow(10, Math.floor(Math.log10(min))), Math.pow(10, Math.ceil(Math.log10(max)))};
            case PERCENTILE -> new double[] {0, 100.0 - 100.0 / Math.pow(10, Math.max(1, Math.ceil(transform(max))))};
        };
    }

    static double niceStep(double rough) {
        if (!(rough > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double fraction = rough / magnitude;
        double nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;   // the nearest of 1, 2, 5, 10
        return nice * magnitude;
    }

    /** A label for a tick: {@code 99.9%} on a percentile axis, else the formatter's. */
    public String label(double value, DoubleFunction<String> format) {
        if (this == PERCENTILE) {
            String text = String.format(java.util.Locale.ROOT, "%.6f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
            return text + "%";
        }
        return format.apply(value);
    }
}
