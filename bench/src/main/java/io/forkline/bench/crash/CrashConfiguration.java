package io.forkline.bench.crash;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One cell of the durability table: the fault, what persists the data, the fsync policy, and which server.
 *
 * @param fault       how the server dies
 * @param persistence AOF, RDB snapshots, or both
 * @param fsync       appendfsync (meaningless, and shown as "-", with RDB alone)
 * @param target      forkline, or Debian's redis-server to validate the harness
 */
public record CrashConfiguration(Fault fault, Persistence persistence, Fsync fsync, Target target) {

    /** What Redis's everysec may lose beyond its documented 2 s (see {@link #promise}). */
    public static final Duration REDIS_EVERYSEC_SLACK = Duration.ofMillis(500);

    /** How the server dies. */
    public enum Fault {
        /** SIGKILL of a real server process: the page cache survives. */
        KILL,
        /** An embedded server on a simulated disk loses power: unsynced bytes go. */
        POWER_LOSS;

        public String option() {
            return this == KILL ? "kill" : "power-loss";
        }
    }

    /** What keeps the data. */
    public enum Persistence {
        AOF, RDB, BOTH;

        public boolean aof() {
            return this != RDB;
        }

        public boolean rdb() {
            return this != AOF;
        }

        public String option() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** appendfsync. */
    public enum Fsync {
        ALWAYS, EVERYSEC, NO;

        public String option() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The server under test. */
    public enum Target {
        FORKLINE, REDIS
    }

    public CrashConfiguration {
        if (fault == Fault.POWER_LOSS && target == Target.REDIS) {
            throw new IllegalArgumentException("power-loss rounds need an embedded forkline server on a simulated disk; "
                    + "Debian's redis-server can only be killed");
        }
    }

    /** Every configuration a campaign runs for these choices; {@code null} means "all" for that axis. */
    public static List<CrashConfiguration> all(List<Fault> faults, List<Persistence> persistences, List<Fsync> policies,
                                               Target target) {
        List<CrashConfiguration> configurations = new ArrayList<>();
        for (Fault fault : faults) {
            for (Persistence persistence : persistences) {
                for (Fsync fsync : persistence.aof() ? policies : List.of(Fsync.EVERYSEC)) {
                    configurations.add(new CrashConfiguration(fault, persistence, fsync, target));
                }
            }
        }
        return configurations;
    }

    /** "kill/aof/everysec", "power-loss/rdb/-", with "redis:" in front for Debian's server. */
    public String name() {
        return (target == Target.REDIS ? "redis:" : "") + fault.option() + "/" + persistence.option() + "/"
                + (persistence.aof() ? fsync.option() : "-");
    }

    /** The command-line options that select this configuration, for a replay line. */
    public String options() {
        return "--fault " + fault.option() + " --persistence " + persistence.option()
                + (persistence.aof() ? " --fsync " + fsync.option() : "") + (target == Target.REDIS ? " --target-redis" : "");
    }

    /** The redis.conf directives, as redis-server's command line takes them, for a server keeping its files in {@code dir}. */
    public List<String> directives(Path dir, boolean aofLoadTruncated) {
        return List.of("--dir", dir.toString(), "--appendonly", persistence.aof() ? "yes" : "no",
                "--appendfsync", fsync.option(), "--save", "", "--aof-load-truncated", aofLoadTruncated ? "yes" : "no",
                "--aof-use-rdb-preamble", "yes", "--dbfilename", "dump.rdb");
    }

    /**
     * What the policy promises through this fault: with an AOF, everything after a kill and under always; under
     * everysec all but {@code everysecWindow} of wall-clock time; under no all but the disk's writeback delay; with RDB
     * alone, everything acknowledged before the last completed save was requested.
     *
     * <p>Debian's redis-server is held to Redis's own everysec promise through a kill too: while a background fsync is
     * pending (a busy disk, or the old incr file's fsync at a rewrite's start), Redis 7.0 postpones its AOF writes by
     * up to 2 s and answers the clients meanwhile (aof.c, flushAppendOnlyFile), so a kill can lose them. Its 2 s are
     * counted on a clock cached in whole seconds and checked at the next event-loop turn, so the writes it loses reach
     * a little past 2 s (2.1 s measured): Redis gets {@link #REDIS_EVERYSEC_SLACK} more.
     */
    public Promise promise(long lastSaveSentNanos, Duration everysecWindow, Duration writebackDelay) {
        if (!persistence.aof()) {
            return new Promise.SinceLastSave(lastSaveSentNanos);
        }
        if (target == Target.REDIS && fsync == Fsync.EVERYSEC) {
            return new Promise.RecentWindow(everysecWindow.plus(REDIS_EVERYSEC_SLACK), false);
        }
        if (fault == Fault.KILL || fsync == Fsync.ALWAYS) {
            return new Promise.EveryAcknowledged();
        }
        return fsync == Fsync.EVERYSEC ? new Promise.RecentWindow(everysecWindow, false)
                : new Promise.RecentWindow(writebackDelay, true);
    }

    @Override
    public String toString() {
        return name();
    }
}
