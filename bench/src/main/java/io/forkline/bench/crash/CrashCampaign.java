package io.forkline.bench.crash;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs {@link CrashOptions#rounds()} rounds of each configuration, prints a line per round and the durability table,
 * and writes {@code crash-test.json} into {@link CrashOptions#out()}. A passing round's files are deleted; a failing
 * round's stay under {@code out/rounds/} with the server's log.
 */
public final class CrashCampaign {

    public static final String REPORT_FILE = "crash-test.json";

    private final List<CrashConfiguration> configurations;
    private final CrashOptions options;
    private final PrintStream out;
    private final Progress progress;

    public CrashCampaign(List<CrashConfiguration> configurations, CrashOptions options, PrintStream out, boolean progressBar) {
        this.configurations = List.copyOf(configurations);
        this.options = options;
        this.out = out;
        this.progress = progressBar ? Progress.onConsole() : new Progress(null);
    }

    public CampaignReport run() throws IOException, InterruptedException {
        CampaignReport report = new CampaignReport(options);
        int total = configurations.size() * options.rounds();
        int done = 0;
        for (CrashConfiguration configuration : configurations) {
            for (int round = 0; round < options.rounds(); round++) {
                progress.show(done, total, configuration.name() + " round " + round);
                RoundResult result = runRound(configuration, round);
                progress.clear();
                out.println(result.line(options.replayOptions()));
                out.flush();
                report.add(result);
                done++;
            }
        }
        progress.clear();
        out.println();
        out.print(report.table());
        Files.createDirectories(options.out());
        Files.writeString(options.out().resolve(REPORT_FILE), report.json(), StandardCharsets.UTF_8);
        return report;
    }

    private RoundResult runRound(CrashConfiguration configuration, int round) throws IOException, InterruptedException {
        Path roundDir = options.out().resolve("rounds").resolve(configuration.name().replace('/', '-').replace(':', '-'))
                .resolve("round-" + round);
        deleteTree(roundDir);
        Files.createDirectories(roundDir);
        long started = System.nanoTime();
        RoundResult result;
        try {
            result = configuration.fault() == CrashConfiguration.Fault.KILL
                    ? new KillRound(configuration, options, round, roundDir).run()
                    : new PowerLossRound(configuration, options, round, roundDir).run();
        } catch (IOException | RuntimeException e) {
            result = new RoundResult(configuration, round, options.roundSeed(round), null, null, null, false, "",
                    e + where(e), System.nanoTime() - started);
        }
        if (result.passed()) {
            deleteTree(roundDir);
            deleteIfEmpty(roundDir.getParent());
            deleteIfEmpty(roundDir.getParent().getParent());
        }
        return result;
    }

    /** Where in the harness a failure surfaced: its first frames in this package. */
    private static String where(Throwable failure) {
        return java.util.Arrays.stream(failure.getStackTrace())
                .filter(frame -> frame.getClassName().startsWith(CrashCampaign.class.getPackageName())).limit(3)
                .map(frame -> frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1) + "."
                        + frame.getMethodName() + ":" + frame.getLineNumber())
                .collect(java.util.stream.Collectors.joining(" < ", " at ", ""));
    }

    private static void deleteIfEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(directory);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
