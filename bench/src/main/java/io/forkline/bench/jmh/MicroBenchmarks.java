package io.forkline.bench.jmh;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The microbenchmarks as one study (cow-pages, then the engine's commands): each benchmark runs in its
 * own forked JVM through JMH, one after another, and the results come back as rows of a table. The
 * short configuration is what {@code ./forkline jmh} runs; {@code full} measures every size the study
 * names, up to 16 GiB of written memory and 1 million keys, with longer iterations.
 */
public final class MicroBenchmarks {

    /** One row: a benchmark with its parameters, and what it measured. */
    public record Row(String benchmark, String params, double score, double error, String unit) {
    }

    private record Item(Class<?> type, String method, Map<String, String[]> params) {
    }

    private final boolean full;
    private final Path jsonDir;

    public MicroBenchmarks(boolean full, Path jsonDir) {
        this.full = full;
        this.jsonDir = jsonDir;
    }

    private List<Item> plan() {
        String[] sizes = full ? new String[] {"256", "1024", "4096", "16384"} : new String[] {"256", "1024"};
        return List.of(
                new Item(ForkPauseBenchmark.class, "fork", Map.of("dataMiB", sizes, "pageSize", new String[] {"4kb", "2mb"})),
                new Item(WriteBarrierBenchmark.class, "plainWrite", Map.of("pageSize", new String[] {"4kb"})),
                new Item(WriteBarrierBenchmark.class, "pagedWrite", Map.of("pageSize", new String[] {"4kb", "2mb"})),
                new Item(WriteBarrierBenchmark.class, "plainRead", Map.of("pageSize", new String[] {"4kb"})),
                new Item(WriteBarrierBenchmark.class, "pagedRead", Map.of("pageSize", new String[] {"4kb", "2mb"})),
                new Item(CowFaultBenchmark.class, "fault4k", Map.of()),
                new Item(CowFaultBenchmark.class, "fault2m", Map.of()),
                new Item(AllocatorBenchmark.class, "allocateAndFree",
                        Map.of("size", new String[] {"16", "64", "256", "1024", "4096"})),
                new Item(EngineCommandBenchmark.class, "execute",
                        Map.of("keys", new String[] {full ? "1000000" : "100000"})));
    }

    /** Runs the plan, printing a line per benchmark as it finishes, and returns every row. */
    public List<Row> run(PrintStream progress) throws RunnerException {
        List<Row> rows = new ArrayList<>();
        List<Item> plan = plan();
        for (int i = 0; i < plan.size(); i++) {
            Item item = plan.get(i);
            String name = item.type().getSimpleName() + "." + item.method();
            progress.printf("[%d/%d] %s ...%n", i + 1, plan.size(), name);
            for (RunResult result : new Runner(options(item, name)).run()) {
                Result<?> primary = result.getPrimaryResult();
                String params = result.getParams().getParamsKeys().stream()
                        .map(key -> key + "=" + result.getParams().getParam(key))
                        .collect(Collectors.joining(" "));
                Row row = new Row(name, params, primary.getScore(), primary.getScoreError(), primary.getScoreUnit());
                rows.add(row);
                progress.printf("      %-28s %s%n", params, format(row));
            }
        }
        return rows;
    }

    private org.openjdk.jmh.runner.options.Options options(Item item, String name) {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + item.type().getName().replace(".", "\\.") + "\\." + item.method() + "$")
                .forks(1)
                .verbosity(VerboseMode.SILENT);
        if (!full) {
            options.warmupIterations(2).warmupTime(TimeValue.milliseconds(500))
                    .measurementIterations(3).measurementTime(TimeValue.milliseconds(500));
        }
        item.params().forEach(options::param);
        if (jsonDir != null) {
            options.resultFormat(ResultFormatType.JSON)
                    .result(jsonDir.resolve(name.replace('.', '-') + ".json").toString());
        }
        return options.build();
    }

    private static String format(Row row) {
        return String.format(Locale.ROOT, "%12.3f ± %-10.3f %s", row.score(), Double.isNaN(row.error()) ? 0 : row.error(), row.unit());
    }

    /** The rows as an aligned text table. */
    public static String table(List<Row> rows) {
        int nameWidth = Math.max(9, rows.stream().mapToInt(r -> r.benchmark().length()).max().orElse(0));
        int paramWidth = Math.max(6, rows.stream().mapToInt(r -> r.params().length()).max().orElse(0));
        StringBuilder out = new StringBuilder();
        String header = String.format(Locale.ROOT, "%-" + nameWidth + "s  %-" + paramWidth + "s  %12s   %-10s %s%n",
                "benchmark", "params", "score", "error", "unit");
        out.append(header).append("-".repeat(header.length() - 1)).append('\n');
        for (Row row : rows) {
            out.append(String.format(Locale.ROOT, "%-" + nameWidth + "s  %-" + paramWidth + "s  %s%n",
                    row.benchmark(), row.params(), format(row)));
        }
        return out.toString();
    }
}
