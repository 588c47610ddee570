package io.forkline.cli;

import io.forkline.bench.load.CommandMix;
import io.forkline.bench.load.Workload;
import io.forkline.bench.study.EmbeddedForkline;
import io.forkline.bench.study.RedisProcess;
import io.forkline.bench.study.RemoteServer;
import io.forkline.bench.study.Scenario;
import io.forkline.bench.study.Study;
import io.forkline.bench.study.StudyRunner;
import io.forkline.bench.study.Target;
import io.forkline.reports.ReportWriter;
import io.forkline.reports.run.RunLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code forkline bench}: the persistence study. Without options it runs the default study on an
 * embedded forkline server and writes a run folder with its report.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the persistence study: a data set is loaded, then the same write-heavy workload (80%% SET, 20%% GET "
                + "of 100-byte values over 200,000 keys, 50 clients, closed loop, 2 s warm-up, 10 s measured) runs under each "
                + "setting: none; AOF always, everysec, no; BGSAVE during the load with fork-cow at 4 KiB and 2 MiB pages, and "
                + "stop-the-world; and Chronicle Map in process as a baseline. About 3 minutes on 2 cores.",
                "Writes runs/<timestamp>/ (per scenario: latency.hlog, counters.csv, events.json, result.json; run.json; "
                        + "index.html and summary.txt) and prints the summary table.",
                "The JMH microbenchmarks are './forkline jmh'."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--scenario", paramLabel = "NAMES", description = "Only these scenarios, comma-separated (see --list).")
    String scenarios;

    @Option(names = "--list", description = "List the study's scenarios and exit.")
    boolean list;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Measured seconds per scenario (default 10).")
    Double duration;

    @Option(names = "--warmup", paramLabel = "SECONDS", description = "Warm-up seconds per scenario (default 2).")
    Double warmup;

    @Option(names = "--clients", paramLabel = "N", description = "Connections (default 50).")
    Integer clients;

    @Option(names = "--pipeline", paramLabel = "N", description = "Requests in flight per connection (default 1).")
    Integer pipeline;

    @Option(names = "--threads", paramLabel = "N", description = "Load generator threads (default 1).")
    Integer threads;

    @Option(names = "--rate", paramLabel = "OPS", description = "Open loop at OPS requests/s in all, latency from each request's "
            + "intended start (coordinated-omission corrected); default: closed loop.")
    Double rate;

    @Option(names = "--keys", paramLabel = "N", description = "Keys in the data set (default 200000).")
    Long keys;

    @Option(names = "--value-size", paramLabel = "BYTES", description = "Value size (default 100).")
    Integer valueSize;

    @Option(names = "--commands", paramLabel = "MIX", description = "Command mix, e.g. SET=80,GET=20 (SET GET DEL INCR HSET HGET).")
    String commands;

    @Option(names = "--distribution", paramLabel = "KIND", description = "uniform (default) or zipfian (theta 0.99).")
    String distribution;

    @Option(names = "--page-size", paramLabel = "SIZE", description = "forkline's page size (4kb .. 2mb) for scenarios that do not set one.")
    String pageSize;

    @Option(names = "--workload", paramLabel = "FILE", description = "The workload as JSON (options above override it).")
    Path workloadFile;

    @Option(names = "--study", paramLabel = "FILE", description = "A study as JSON (workload and scenarios) instead of the default.")
    Path studyFile;

    @Option(names = "--out", paramLabel = "DIR", description = "The run folder (default runs/<timestamp>).")
    Path out;

    @Option(names = "--target", paramLabel = "HOST:PORT", description = "Run against this RESP server instead of the embedded one; "
            + "settings by CONFIG SET (refused: the scenario is skipped, with the server's error).")
    String target;

    @Option(names = "--compare-redis", description = "Also start Debian's redis-server per scenario on a free loopback port, same "
            + "settings, alternating with forkline; the summary shows forkline/Redis ratios.")
    boolean compareRedis;

    @Option(names = "--redis-server", paramLabel = "PATH", defaultValue = "/usr/bin/redis-server",
            description = "The redis-server for --compare-redis (default ${DEFAULT-VALUE}).")
    Path redisServer;

    private final PrintStream stdout;
    private final PrintStream stderr;

    BenchCommand() {
        this(System.out, System.err);
    }

    BenchCommand(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws Exception {
        Study study;
        List<Target> targets = new ArrayList<>();
        try {
            study = study();
            if (list) {
                for (Scenario scenario : study.scenarios()) {
                    stdout.printf("%-24s %s %s%n", scenario.name(), scenario.description(), scenario.directives());
                }
                return 0;
            }
            if (target != null && compareRedis) {
                throw new IllegalArgumentException("--target and --compare-redis exclude each other");
            }
            if (target != null) {
                targets.add(new RemoteServer(RemoteServer.parseAddress(target)));
            } else {
                targets.add(new EmbeddedForkline());
                if (compareRedis) {
                    targets.add(new RedisProcess(redisServer));
                }
            }
        } catch (IllegalArgumentException | java.io.IOException e) {
            stderr.println("forkline bench: " + e.getMessage());
            return 2;
        }
        Path runDir = out != null ? out : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Files.exists(runDir.resolve(RunLayout.RUN_JSON))) {
            stderr.println("forkline bench: " + runDir + " already holds a run; choose another --out");
            return 2;
        }
        ConsoleProgress progress = new ConsoleProgress(stdout, ConsoleProgress.isTerminal());
        progress.message(String.format("forkline bench: %d scenarios on %s; %s; run folder %s", study.scenarios().size(),
                String.join(" and ", targets.stream().map(Target::name).toList()), describe(study.workload()), runDir));
        new StudyRunner(study, targets, runDir, progress, settings(), Path.of("").toAbsolutePath()).run();
        String summary = ReportWriter.write(List.of(runDir), runDir);
        stdout.println();
        stdout.print(summary);
        stdout.println("report: " + runDir.resolve(RunLayout.INDEX_HTML));
        return 0;
    }

    private Study study() throws java.io.IOException {
        Study study = studyFile != null ? Study.fromJson(Files.readString(studyFile)) : Study.defaultStudy();
        Workload workload = workloadFile != null ? Workload.fromJson(Files.readString(workloadFile)) : study.workload();
        if (duration != null || warmup != null) {
            workload = workload.withDurations(warmup != null ? warmup : workload.warmupSeconds(),
                    duration != null ? duration : workload.durationSeconds());
        }
        if (clients != null) {
            workload = workload.withClients(clients);
        }
        if (pipeline != null) {
            workload = workload.withPipeline(pipeline);
        }
        if (threads != null) {
            workload = workload.withThreads(threads);
        }
        if (rate != null) {
            workload = workload.withRate(rate);
        }
        if (keys != null) {
            workload = workload.withKeys(keys);
        }
        if (valueSize != null) {
            workload = workload.withValueSize(valueSize);
        }
        if (commands != null) {
            workload = workload.withCommands(CommandMix.parse(commands));
        }
        if (distribution != null) {
            workload = workload.withDistribution(distribution, workload.zipfianTheta());
        }
        study = study.withWorkload(workload);
        if (pageSize != null) {
            study = study.withDefaultDirective("page-size", pageSize);
        }
        if (scenarios != null) {
            study = study.only(scenarios);
        }
        return study;
    }

    private static String describe(Workload w) {
        return String.format("%s: %s, %,d keys, %d-byte values, %s, %d clients, pipeline %d, %s, %.0f s warm-up + %.0f s",
                w.name(), w.commands(), w.keys(), w.valueSize(), w.keyDistribution().describe(), w.clients(), w.pipeline(),
                w.openLoop() ? String.format("open loop at %,.0f ops/s", w.rate()) : "closed loop", w.warmupSeconds(), w.durationSeconds());
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        List<String> given = spec == null || spec.commandLine().getParseResult() == null ? List.of()
                : spec.commandLine().getParseResult().originalArgs();
        if (!given.isEmpty() && given.getFirst().equals("bench")) {
            given = given.subList(1, given.size());   // the parent's parse result starts with the subcommand's name
        }
        settings.put("command", ("forkline bench " + String.join(" ", given)).trim());
        settings.put("forkline", Forkline.version());
        settings.put("compareRedis", compareRedis);
        if (target != null) {
            settings.put("target", target);
        }
        return settings;
    }

    @Spec
    CommandSpec spec;
}
