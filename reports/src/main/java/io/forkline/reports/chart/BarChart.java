package io.forkline.reports.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/** Horizontal bars as inline SVG, one per labelled value, with the value written at the bar's end. */
public final class BarChart {

    private record Bar(String label, double value, String color) {
    }

    private final String title;
    private final int width;
    private final DoubleFunction<String> format;
    private final List<Bar> bars = new ArrayList<>();

    public BarChart(String title, int width, DoubleFunction<String> format) {
        this.title = title;
        this.width = width;
        this.format = format;
    }

    public BarChart add(String label, double value, String color) {
        bars.add(new Bar(label, value, color));
        return this;
    }

    public boolean isEmpty() {
        return bars.isEmpty();
    }

    public String render() {
        int labelWidth = 260;
        int row = 22;
        int top = 30;
        int height = top + bars.size() * row + 10;
        double max = bars.stream().mapToDouble(Bar::value).filter(Double::isFinite).max().orElse(1);
        if (!(max > 0)) {
            max = 1;
        }
        int plot = width - labelWidth - 110;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", width, height, width, height,
                Html.escape(title)));
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"18\" class=\"title\">%s</text>", Html.escape(title)));
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = top + i * row;
            double w = Double.isFinite(bar.value()) ? Math.max(1, bar.value() / max * plot) : 0;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"tick\" text-anchor=\"end\">%s</text>", labelWidth - 8,
                    y + 14, Html.escape(bar.label())));
            svg.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
                    + "<title>%s: %s</title></rect>", labelWidth, y + 3, w, row - 6, bar.color(), Html.escape(bar.label()),
                    Html.escape(format.apply(bar.value()))));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"tick\">%s</text>", labelWidth + w + 6, y + 14,
                    Html.escape(format.apply(bar.value()))));
        }
        return svg.append("</svg>").toString();
    }
}
