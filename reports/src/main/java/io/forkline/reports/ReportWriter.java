package io.forkline.reports;

import io.forkline.reports.run.RunFolder;
import io.forkline.reports.run.RunLayout;
import io.forkline.reports.table.Table;
import io.forkline.reports.table.Tables;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns run folders into a report: {@code index.html} (charts and tables, self-contained, works
 * offline) and {@code summary.txt} (the same tables as text) in {@code outDir}.
 */
public final class ReportWriter {

    private ReportWriter() {
    }

    /** Reads the runs, writes the report, and returns the text summary. */
    public static String write(List<Path> runDirs, Path outDir) throws IOException {
        List<RunFolder> runs = new ArrayList<>();
        for (Path dir : runDirs) {
            runs.add(RunFolder.read(dir));
        }
        Files.createDirectories(outDir);
        String summary = summary(runs);
        Files.writeString(outDir.resolve(RunLayout.SUMMARY_TXT), summary);
        Files.writeString(outDir.resolve(RunLayout.INDEX_HTML), new HtmlReport(runs, outDir).render());
        return summary;
    }

    /** The text summary: each run's table, its forkline/Redis ratios, the comparison across runs, JMH results. */
    public static String summary(List<RunFolder> runs) throws IOException {
        StringBuilder out = new StringBuilder();
        for (RunFolder run : runs) {
            out.append(Tables.summary(run).text()).append('\n');
            Table ratios = Tables.ratios(run);
            if (ratios != null) {
                out.append(ratios.text()).append('\n');
            }
        }
        if (runs.size() > 1) {
            out.append(Tables.acrossRuns(runs).text()).append('\n');
        }
        for (RunFolder run : runs) {
            if (!run.jmh().isEmpty()) {
                out.append(Tables.jmh(run.jmh(), run.name()).text()).append('\n');
            }
        }
        return out.toString();
    }
}
