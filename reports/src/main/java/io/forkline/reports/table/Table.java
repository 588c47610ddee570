package io.forkline.reports.table;

import io.forkline.reports.chart.Html;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of text cells with a title and notes, rendered both as HTML and as fixed-width text, so
 * the page and summary.txt show the same numbers. Right-aligns every column but the first
 * {@code labelColumns}.
 */
public final class Table {

    private final String title;
    private final List<String> header;
    private final int labelColumns;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<String> rowClasses = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public Table(String title, List<String> header, int labelColumns) {
        this.title = title;
        this.header = List.copyOf(header);
        this.labelColumns = labelColumns;
    }

    public Table row(List<String> cells) {
        return row(cells, "");
    }

    /** A row with a CSS class (for example {@code skipped}). */
    public Table row(List<String> cells, String cssClass) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("a row of " + cells.size() + " cells in a table of " + header.size() + " columns");
        }
        rows.add(List.copyOf(cells));
        rowClasses.add(cssClass);
        return this;
    }

    public Table note(String note) {
        notes.add(note);
        return this;
    }

    public String title() {
        return title;
    }

    public List<String> header() {
        return header;
    }

    public List<List<String>> rows() {
        return rows;
    }

    public List<String> notes() {
        return notes;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public String html() {
        StringBuilder out = new StringBuilder("<table class=\"data\"><caption>").append(Html.escape(title)).append("</caption><thead><tr>");
        for (int c = 0; c < header.size(); c++) {
            out.append(c < labelColumns ? "<th class=\"label\">" : "<th>").append(Html.escape(header.get(c))).append("</th>");
        }
        out.append("</tr></thead><tbody>");
        for (int r = 0; r < rows.size(); r++) {
            String css = rowClasses.get(r);
            out.append(css.isEmpty() ? "<tr>" : "<tr class=\"" + Html.escape(css) + "\">");
            List<String> row = rows.get(r);
            for (int c = 0; c < row.size(); c++) {
                out.append(c < labelColumns ? "<td class=\"label\">" : "<td>").append(Html.escape(row.get(c))).append("</td>");
            }
            out.append("</tr>");
        }
        out.append("</tbody></table>");
        if (!notes.isEmpty()) {
            out.append("<ul class=\"notes\">");
            for (String note : notes) {
                out.append("<li>").append(Html.escape(note)).append("</li>");
            }
            out.append("</ul>");
        }
        return out.toString();
    }

    public String text() {
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder(title).append('\n');
        line(out, header, widths);
        int total = 0;
        for (int width : widths) {
            total += width + 2;
        }
        out.append("-".repeat(Math.max(0, total - 2))).append('\n');
        for (List<String> row : rows) {
            line(out, row, widths);
        }
        for (String note : notes) {
            out.append("  * ").append(note).append('\n');
        }
        return out.toString();
    }

    private void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            line.append(c < labelColumns ? cell + pad : pad + cell);
            if (c < cells.size() - 1) {
                line.append("  ");
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
