package io.forkline.reports.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** counters.csv read back: named columns of numbers, NaN where a sample had no value. */
public final class CounterTable {

    private final List<String> columns;
    private final List<double[]> rows;

    private CounterTable(List<String> columns, List<double[]> rows) {
        this.columns = List.copyOf(columns);
        this.rows = List.copyOf(rows);
    }

    public static CounterTable read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new CounterTable(List.of(), List.of());
        }
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) {
            return new CounterTable(List.of(), List.of());
        }
        List<String> columns = Arrays.asList(lines.getFirst().split(",", -1));
        List<double[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            double[] row = new double[columns.size()];
            for (int c = 0; c < row.length; c++) {
                String cell = c < cells.length ? cells[c].trim() : "";
                try {
                    row[c] = cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    throw new IOException(file + " line " + (i + 1) + " column " + columns.get(c) + ": expected a number, got '" + cell + "'");
                }
            }
            rows.add(row);
        }
        return new CounterTable(columns, rows);
    }

    public List<String> columns() {
        return columns;
    }

    public boolean has(String column) {
        int at = columns.indexOf(column);
        if (at < 0) {
            return false;
        }
        for (double[] row : rows) {
            if (!Double.isNaN(row[at])) {
                return true;
            }
        }
        return false;
    }

    /** The column's values, in row order (NaN where empty); empty when there is no such column. */
    public double[] column(String name) {
        int at = columns.indexOf(name);
        double[] out = new double[at < 0 ? 0 : rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i)[at];
        }
        return out;
    }

    public int size() {
        return rows.size();
    }
}
