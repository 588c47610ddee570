package io.forkline.bench.crash;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A campaign's knobs.
 *
 * @param rounds           rounds per configuration
 * @param seed             the first round's seed; round r's seed derives from it ({@link #roundSeed})
 * @param duration         how long a round writes, at most (kill rounds: wall clock; power-loss rounds: disk clock,
 *                         one write per {@link #tick})
 * @param clients          writing clients (connections)
 * @param preloadKeys      keys written before the round's writes (they make snapshots and rewrites last)
 * @param valueSize        bytes per SET value
 * @param aofLoadTruncated the server's aof-load-truncated
 * @param everysecWindow   what everysec may lose to a power loss (Redis documents about 2 s)
 * @param writebackDelay   the simulated kernel's writeback delay (the loss bound of appendfsync no)
 * @param tick             disk-clock time per write in power-loss rounds
 * @param out              where the JSON report, logs and failed rounds' files go
 * @param redisServer      Debian's redis-server, for --target-redis
 */
public record CrashOptions(int rounds, long seed, Duration duration, int clients, int preloadKeys, int valueSize,
                           boolean aofLoadTruncated, Duration everysecWindow, Duration writebackDelay, Duration tick,
                           Path out, Path redisServer) {

    public static CrashOptions defaults(Path out) {
        return new CrashOptions(20, 1, Duration.ofSeconds(2), 4, 20_000, 32, true, Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofMillis(1), out, Path.of("/usr/bin/redis-server"));
    }

    public CrashOptions withRounds(int count) {
        return new CrashOptions(count, seed, duration, clients, preloadKeys, valueSize, aofLoadTruncated, everysecWindow,
                writebackDelay, tick, out, redisServer);
    }

    public CrashOptions withSeed(long first) {
        return new CrashOptions(rounds, first, duration, clients, preloadKeys, valueSize, aofLoadTruncated, everysecWindow,
                writebackDelay, tick, out, redisServer);
    }

    public CrashOptions withDuration(Duration writing) {
        return new CrashOptions(rounds, seed, writing, clients, preloadKeys, valueSize, aofLoadTruncated, everysecWindow,
                writebackDelay, tick, out, redisServer);
    }

    public CrashOptions withPreloadKeys(int keys) {
        return new CrashOptions(rounds, seed, duration, clients, keys, valueSize, aofLoadTruncated, everysecWindow,
                writebackDelay, tick, out, redisServer);
    }

    public CrashOptions withClients(int count) {
        return new CrashOptions(rounds, seed, duration, count, preloadKeys, valueSize, aofLoadTruncated, everysecWindow,
                writebackDelay, tick, out, redisServer);
    }

    public CrashOptions withAofLoadTruncated(boolean yes) {
        return new CrashOptions(rounds, seed, duration, clients, preloadKeys, valueSize, yes, everysecWindow,
                writebackDelay, tick, out, redisServer);
    }

    /**
     * Round {@code round}'s seed: the campaign's seed itself for round 0, so that {@code --seed S --rounds 1}
     * replays any round whose seed S was printed.
     */
    public long roundSeed(int round) {
        if (round == 0) {
            return seed;
        }
        long z = seed + round * 0x9E3779B97F4A7C15L;   // splitmix64
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The options besides configuration, rounds and seed that shape a round, as the command line spells them. */
    public String replayOptions() {
        return "--duration " + duration.toMillis() + "ms --clients " + clients + " --preload-keys " + preloadKeys
                + " --value-size " + valueSize + " --aof-load-truncated " + (aofLoadTruncated ? "yes" : "no")
                + " --writeback " + writebackDelay.toMillis() + "ms";
    }
}
