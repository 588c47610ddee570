package io.forkline.cli;

import io.forkline.bench.jmh.MicroBenchmarks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code forkline bench}: for now, the cow-pages study (fork pause, write barrier, copy-on-write, allocator). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Runs the cow-pages microbenchmarks (fork pause by memory size and page size, "
                + "write-barrier cost, copy-on-write fault cost, allocator throughput) and prints their table.",
                "The default is a short configuration (about two minutes); --full measures up to 16 GiB of "
                        + "written memory (it needs about 18 GiB of free memory) with longer iterations."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--full", description = "All memory sizes (256 MiB to 16 GiB) and longer iterations.")
    boolean full;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write JMH's JSON results into DIR.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (out != null) {
            Files.createDirectories(out);
        }
        System.out.println("forkline bench: cow-pages microbenchmarks (" + (full ? "full" : "short") + " configuration)");
        List<MicroBenchmarks.Row> rows = new MicroBenchmarks(full, out).run(System.out);
        System.out.println();
        System.out.print(MicroBenchmarks.table(rows));
        return 0;
    }
}
