package io.forkline.cli;

import io.forkline.reports.ReportWriter;
import io.forkline.reports.run.RunLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code forkline report RUN_DIR [RUN_DIR ...]}: index.html and summary.txt from run folders. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes index.html (charts and tables; works offline) and summary.txt from one or more run folders "
                + "(what './forkline bench' writes, and JMH JSON results under RUN_DIR/jmh/).",
                "One run: into RUN_DIR; several: into --out (default runs/compare-<timestamp>)."})
final class ReportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run folders.")
    List<Path> runs;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the report.")
    Path out;

    @Override
    public Integer call() {
        Path target = out != null ? out : runs.size() == 1 ? runs.getFirst()
                : Path.of("runs", "compare-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        try {
            System.out.print(ReportWriter.write(runs, target));
        } catch (IOException e) {
            System.err.println("forkline report: " + e.getMessage());
            return 1;
        }
        System.out.println("report: " + target.resolve(RunLayout.INDEX_HTML));
        return 0;
    }
}
