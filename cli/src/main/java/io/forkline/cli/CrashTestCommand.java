package io.forkline.cli;

import io.forkline.bench.crash.CampaignReport;
import io.forkline.bench.crash.CrashCampaign;
import io.forkline.bench.crash.CrashConfiguration;
import io.forkline.bench.crash.CrashOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code forkline crash-test}: kills a server or cuts its power mid-load, restarts it on its files, and counts the
 * acknowledged writes each persistence policy lost. Exit status 0 only if every round kept its policy's promise.
 */
@Command(name = "crash-test", mixinStandardHelpOptions = true,
        description = {"Crash-recovery rounds: start a server, write checkable data (counters, lists, numbered keys, "
                + "MULTI blocks), kill it (SIGKILL of a real process) or cut its power (an embedded server on a simulated "
                + "disk that drops unsynced bytes and tears the last write), restart it on the same files, and check that "
                + "it holds what a prefix of the history produced and every acknowledged write its policy promises.",
                "Faults also land inside BGSAVE, inside BGREWRITEAOF and around the AOF manifest switch. Each option "
                        + "left out runs all its values. A failing round prints its seed; --seed S --rounds 1 replays it."})
final class CrashTestCommand implements Callable<Integer> {

    @Option(names = "--fault", paramLabel = "kill|power-loss", description = "How the server dies (default: both).")
    String fault;

    @Option(names = "--persistence", paramLabel = "aof|rdb|both", description = "What keeps the data (default: all three).")
    String persistence;

    @Option(names = "--fsync", paramLabel = "always|everysec|no", description = "appendfsync (default: all three).")
    String fsync;

    @Option(names = "--rounds", defaultValue = "20", description = "Rounds per configuration (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--seed", defaultValue = "1", description = "The first round's seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--duration", defaultValue = "2s", converter = DurationConverter.class,
            description = "How long a round writes at most, e.g. 500ms, 2s (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--clients", defaultValue = "4", description = "Writing connections (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--preload-keys", defaultValue = "20000",
            description = "Keys written before each round's writes, so that snapshots and rewrites take a while (default: ${DEFAULT-VALUE}).")
    int preloadKeys;

    @Option(names = "--value-size", defaultValue = "32", description = "Bytes per value (default: ${DEFAULT-VALUE}).")
    int valueSize;

    @Option(names = "--aof-load-truncated", defaultValue = "yes", paramLabel = "yes|no",
            description = "The server's aof-load-truncated; with no, a refusal to load a torn AOF is allowed (default: ${DEFAULT-VALUE}).")
    String aofLoadTruncated;

    @Option(names = "--writeback", defaultValue = "5s", converter = DurationConverter.class,
            description = "Power loss: the simulated kernel writes dirty data back after this much disk-clock time "
                    + "(the loss bound promised under appendfsync no; default: ${DEFAULT-VALUE}).")
    Duration writeback;

    @Option(names = "--everysec-window", defaultValue = "2s", converter = DurationConverter.class,
            description = "Power loss: what appendfsync everysec may lose (default: ${DEFAULT-VALUE}, as Redis documents).")
    Duration everysecWindow;

    @Option(names = "--out", defaultValue = "crash-test-out", paramLabel = "DIR",
            description = "Where crash-test.json and failed rounds' files go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--target-redis", description = "Kill Debian's redis-server instead of forkline, to validate the harness.")
    boolean targetRedis;

    @Option(names = "--redis-server", defaultValue = "/usr/bin/redis-server", paramLabel = "PATH",
            description = "The redis-server for --target-redis (default: ${DEFAULT-VALUE}).")
    Path redisServer;

    @Override
    public Integer call() throws Exception {
        CrashConfiguration.Target target = targetRedis ? CrashConfiguration.Target.REDIS : CrashConfiguration.Target.FORKLINE;
        List<CrashConfiguration.Fault> faults = fault == null
                ? (targetRedis ? List.of(CrashConfiguration.Fault.KILL) : List.of(CrashConfiguration.Fault.values()))
                : List.of(parse(CrashConfiguration.Fault.class, fault.replace('-', '_'), "--fault"));
        if (targetRedis && faults.contains(CrashConfiguration.Fault.POWER_LOSS)) {
            System.err.println("forkline crash-test: --target-redis runs kill rounds only (power loss needs the simulated disk)");
            return 2;
        }
        if (targetRedis && !Files.isExecutable(redisServer)) {
            System.err.println("forkline crash-test: no redis-server at " + redisServer + " (apt-get install redis-server)");
            return 2;
        }
        List<CrashConfiguration.Persistence> persistences = persistence == null ? List.of(CrashConfiguration.Persistence.values())
                : List.of(parse(CrashConfiguration.Persistence.class, persistence, "--persistence"));
        List<CrashConfiguration.Fsync> policies = fsync == null ? List.of(CrashConfiguration.Fsync.values())
                : List.of(parse(CrashConfiguration.Fsync.class, fsync, "--fsync"));
        boolean truncated = switch (aofLoadTruncated) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new IllegalArgumentException("--aof-load-truncated takes yes or no, not '" + aofLoadTruncated + "'");
        };
        CrashOptions options = new CrashOptions(rounds, seed, duration, clients, preloadKeys, valueSize, truncated,
                everysecWindow, writeback, Duration.ofMillis(1), out, redisServer);
        List<CrashConfiguration> configurations = CrashConfiguration.all(faults, persistences, policies, target);
        System.out.println("forkline crash-test: " + configurations.size() + " configurations x " + rounds + " rounds, seed "
                + seed + ", report in " + out.resolve(CrashCampaign.REPORT_FILE));
        CampaignReport report = new CrashCampaign(configurations, options, System.out, true).run();
        if (!report.allPassed()) {
            System.out.println("forkline crash-test: some rounds broke their policy's promise (replay lines above)");
            return 1;
        }
        return 0;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String option) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " does not take '" + value + "'", e);
        }
    }

    /** "500ms", "2s", "1m", or a bare number of seconds. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.strip().toLowerCase(Locale.ROOT);
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
            }
            if (text.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
        }
    }
}
