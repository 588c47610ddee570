package io.forkline.reports.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A line chart as inline SVG (no script, no external file): axes with ticks and grid, one polyline
 * per series (solid or dashed), vertical markers with hover titles, and a legend under the plot.
 * Points an axis cannot show (a zero on a log axis) are left out.
 */
public final class LineChart {

    /** One line. */
    public record Series(String name, double[] xs, double[] ys, String color, boolean dashed) {
    }

    /** A vertical line at x, e.g. a snapshot; {@code title} shows on hover. */
    public record Marker(double x, String color, String title) {
    }

    private final String title;
    private final int width;
    private final int height;
    private final List<Series> series = new ArrayList<>();
    private final List<Marker> markers = new ArrayList<>();
    private String xLabel = "";
    private String yLabel = "";
    private Scale xScale = Scale.LINEAR;
    private Scale yScale = Scale.LINEAR;
    private DoubleFunction<String> xFormat = LineChart::compact;
    private DoubleFunction<String> yFormat = LineChart::compact;
    private Double yFloor;

    public LineChart(String title, int width, int height) {
        this.title = title;
        this.width = width;
        this.height = height;
    }

    public LineChart x(String label, Scale scale, DoubleFunction<String> format) {
        this.xLabel = label;
        this.xScale = scale;
        this.xFormat = format;
        return this;
    }

    public LineChart y(String label, Scale scale, DoubleFunction<String> format) {
        this.yLabel = label;
        this.yScale = scale;
        this.yFormat = format;
        return this;
    }

    /** The y axis starts at no more than this (0 for counts, so that bars of change are not exaggerated). */
    public LineChart yFrom(double floor) {
        this.yFloor = floor;
        return this;
    }

    public LineChart add(Series line) {
        series.add(line);
        return this;
    }

    public LineChart mark(Marker marker) {
        markers.add(marker);
        return this;
    }

    public List<Series> series() {
        return series;
    }

    public boolean isEmpty() {
        return series.stream().allMatch(s -> s.xs().length == 0);
    }

    /** The chart as an {@code <svg>} element followed by its legend. */
    public String render() {
        int left = 70;
        int right = 48;
        int top = 30;
        int bottom = 45;
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.xs().length; i++) {
                if (xScale.accepts(s.xs()[i]) && yScale.accepts(s.ys()[i])) {
                    xMin = Math.min(xMin, s.xs()[i]);
                    xMax = Math.max(xMax, s.xs()[i]);
                    yMin = Math.min(yMin, s.ys()[i]);
                    yMax = Math.max(yMax, s.ys()[i]);
                }
            }
        }
        for (Marker m : markers) {
            if (xScale.accepts(m.x())) {
                xMin = Math.min(xMin, m.x());
                xMax = Math.max(xMax, m.x());
            }
        }
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", width, height, width, height, Html.escape(title)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" class=\"title\">%s</text>", left, Html.escape(title)));
        if (!Double.isFinite(xMin) || !Double.isFinite(yMin)) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"empty\">no data</text></svg>", width / 2 - 30, height / 2));
            return svg.toString();
        }
        if (yFloor != null && yScale == Scale.LINEAR) {
            yMin = Math.min(yMin, yFloor);
        }
        double[] xr = xScale.range(xMin, xMax);
        double[] yr = yScale.range(yMin, yMax);
        if (xScale == Scale.LINEAR) {
            xr = new double[] {xMin, xMax > xMin ? xMax : xMin + 1};
        }
        Frame frame = new Frame(left, top, width - left - right, height - top - bottom, xScale, yScale, xr, yr);
        axes(svg, frame);
        svg.append("<g class=\"markers\">");
        for (Marker m : markers) {
            if (!xScale.accepts(m.x())) {
                continue;
            }
            double x = frame.x(m.x());
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1.5\" "
                    + "stroke-opacity=\"0.75\"><title>%s</title></line>", x, top, x, top + frame.height(), m.color(), Html.escape(m.title())));
        }
        svg.append("</g><g class=\"series\">");
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            int count = 0;
            for (int i = 0; i < s.xs().length; i++) {
                if (xScale.accepts(s.xs()[i]) && yScale.accepts(s.ys()[i])) {
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", frame.x(s.xs()[i]), frame.y(s.ys()[i])));
                    count++;
                }
            }
            if (count == 0) {
                continue;
            }
            svg.append(String.format(Locale.ROOT, "<polyline class=\"line\" data-series=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\"%s "
                    + "points=\"%s\"><title>%s</title></polyline>", Html.escape(s.name()), s.color(),
                    s.dashed() ? " stroke-dasharray=\"6 3\"" : "", points.toString().trim(), Html.escape(s.name())));
            if (count == 1) {
                String[] xy = points.toString().trim().split(",");
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%s\" cy=\"%s\" r=\"3\" fill=\"%s\"/>", xy[0], xy[1], s.color()));
            }
        }
        svg.append("</g></svg>");
        svg.append(legend());
        return svg.toString();
    }

    private record Frame(int left, int top, int width, int height, Scale xScale, Scale yScale, double[] xr, double[] yr) {
        double x(double value) {
            double a = xScale.transform(xr[0]);
            double b = xScale.transform(xr[1]);
            return left + (xScale.transform(value) - a) / (b - a) * width;
        }

        double y(double value) {
            double a = yScale.transform(yr[0]);
            double b = yScale.transform(yr[1]);
            double clamped = Math.max(yr[0], Math.min(yr[1], value));
            return top + height - (yScale.transform(clamped) - a) / (b - a) * height;
        }
    }

    private void axes(StringBuilder svg, Frame f) {
        svg.append("<g class=\"axes\">");
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"plot\"/>", f.left(), f.top(),
                f.width(), f.height()));
        for (double t : yScale.ticks(f.yr()[0], f.yr()[1])) {
            if (t < f.yr()[0] - 1e-12 || t > f.yr()[1] * (1 + 1e-9) + 1e-12) {
                continue;
            }
            double y = f.y(t);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"grid\"/>", f.left(), y,
                    f.left() + f.width(), y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%s</text>", f.left() - 6,
                    y + 4, Html.escape(yScale.label(t, yFormat))));
        }
        List<Double> xTicks = xScale.ticks(f.xr()[0], f.xr()[1]);
        if (xScale == Scale.LINEAR) {
            xTicks = Scale.LINEAR.ticks(f.xr()[0], f.xr()[1]);
        }
        for (double t : xTicks) {
            if (t < f.xr()[0] - 1e-9 || t > f.xr()[1] + 1e-9) {
                continue;
            }
            double x = f.x(t);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"grid\"/>", x, f.top(), x,
                    f.top() + f.height()));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%s</text>", x,
                    f.top() + f.height() + 16, Html.escape(xScale.label(t, xFormat))));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"axis\" text-anchor=\"middle\">%s</text>",
                f.left() + f.width() / 2, f.top() + f.height() + 36, Html.escape(xLabel)));
        svg.append(String.format(Locale.ROOT, "<text transform=\"translate(16,%d) rotate(-90)\" class=\"axis\" text-anchor=\"middle\">%s</text>",
                f.top() + f.height() / 2, Html.escape(yLabel)));
        svg.append("</g>");
    }

    private String legend() {
        StringBuilder out = new StringBuilder("<div class=\"legend\">");
        for (Series s : series) {
            out.append(String.format(Locale.ROOT, "<span><svg width=\"26\" height=\"10\"><line x1=\"1\" y1=\"5\" x2=\"25\" y2=\"5\" "
                    + "stroke=\"%s\" stroke-width=\"2.5\"%s/></svg>%s</span>", s.color(), s.dashed() ? " stroke-dasharray=\"6 3\"" : "",
                    Html.escape(s.name())));
        }
        return out.append("</div>").toString();
    }

    /** 0.001 .. 1000000 without trailing zeros, thousands as k and M. */
    public static String compact(double value) {
        double a = Math.abs(value);
        if (a >= 1e6) {
            return trim(value / 1e6) + "M";
        }
        if (a >= 1e4) {
            return trim(value / 1e3) + "k";
        }
        return trim(value);
    }

    private static String trim(double value) {
        String text = String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.0f" : Math.abs(value) >= 1 ? "%.2f" : "%.4f", value);
        if (text.contains(".")) {
            text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return text;
    }
}
