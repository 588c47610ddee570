package io.forkline.cli;

import io.forkline.bench.jmh.MicroBenchmarks;
import io.forkline.reports.run.RunLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code forkline jmh}: without arguments (or with only {@code --full} / {@code --out DIR}) the
 * microbenchmark study (cow-pages and the engine's commands); with any other arguments, JMH's own command line.
 */
@Command(name = "jmh",
        description = {"Without arguments: every microbenchmark in a short configuration (fork pause by memory and page size, "
                + "write barrier, copy-on-write fault, allocator, engine commands at 100,000 keys), about three minutes, and its table. --full: up to 16 GiB of written memory "
                + "(about 18 GiB free needed) and JMH's default iterations. --out RUN_DIR: also JMH's JSON results into "
                + "RUN_DIR/jmh/, which './forkline report RUN_DIR' shows.",
                "Any other arguments go to JMH unchanged, e.g. 'forkline jmh ForkPause -p dataMiB=16384', 'forkline jmh -l', "
                        + "'forkline jmh -h' for JMH's help."})
final class JmhCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "ARGS", description = "[--full] [--out RUN_DIR], or JMH's arguments.")
    List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        boolean full = false;
        Path out = null;
        boolean study = true;
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument.equals("--full")) {
                full = true;
            } else if (argument.equals("--out") && i + 1 < arguments.size()) {
                out = Path.of(arguments.get(++i));
            } else {
                study = false;
            }
        }
        if (!study) {
            org.openjdk.jmh.Main.main(arguments.toArray(String[]::new));
            return 0;
        }
        Path jsonDir = out == null ? null : out.resolve(RunLayout.JMH_DIR);
        if (jsonDir != null) {
            Files.createDirectories(jsonDir);
        }
        System.out.println("forkline jmh: the microbenchmarks (" + (full ? "full" : "short") + " configuration)");
        List<MicroBenchmarks.Row> rows = new MicroBenchmarks(full, jsonDir).run(System.out);
        System.out.println();
        System.out.print(MicroBenchmarks.table(rows));
        if (jsonDir != null) {
            System.out.println("JMH results: " + jsonDir + " ('./forkline report " + out + "' adds them to the report)");
        }
        return 0;
    }
}
