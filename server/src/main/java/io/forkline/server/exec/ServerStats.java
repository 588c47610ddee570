package io.forkline.server.exec;

import io.forkline.engine.command.CommandSpec;

import java.util.IdentityHashMap;
import java.util.Map;

/** Counters INFO reports (stats and commandstats), reset by CONFIG RESETSTAT. Writer thread only. */
public final class ServerStats {

    /**
     * One command's line of INFO commandstats. Its time is summed in nanoseconds: most commands take less than a
     * microsecond, and a sum of durations each cut to whole microseconds would count them as taking none.
     */
    public static final class CommandStats {
        public long calls;
        public long nanos;
        public long rejectedCalls;
        public long failedCalls;

        /** INFO's usec: the summed time in whole microseconds. */
        public long micros() {
            return nanos / 1000;
        }

        /** INFO's usec_per_call. */
        public double microsPerCall() {
            return calls == 0 ? 0.0 : nanos / 1000.0 / calls;
        }
    }

    public long connectionsReceived;
    public long commandsProcessed;
    public long errorReplies;
    private final Map<CommandSpec, CommandStats> commands = new IdentityHashMap<>();
    /** The command {@link #of} answered last, and its counters. */
    private CommandSpec lastSpec;
    private CommandStats lastStats;
    /** Error replies by their code (ERR, WRONGTYPE, ...): INFO errorstats. */
    private final Map<String, Long> errors = new java.util.TreeMap<>();

    public void error(String code) {
        errorReplies++;
        errors.merge(code, 1L, Long::sum);
    }

    public Map<String, Long> errors() {
        return errors;
    }

    /**
     * A command run inside another (EXEC's queued commands, a script's calls), counted as Redis's call() counts it:
     * processed, its calls and time ({@code nanos}), and a failure if its reply, {@code reply[start, end)}, is an error.
     */
    public void called(CommandSpec spec, long nanos, byte[] reply, int start, int end) {
        commandsProcessed++;
        CommandStats stats = of(spec);
        stats.calls++;
        stats.nanos += nanos;
        if (end > start && reply[start] == '-') {
            stats.failedCalls++;
            int code = start + 1;
            while (code < end && reply[code] != ' ' && reply[code] != '\r') {
                code++;
            }
            error(new String(reply, start + 1, code - start - 1, java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    public CommandStats of(CommandSpec spec) {
        if (spec == lastSpec) {
            return lastStats;   // a pipeline repeats its command: skip the map
        }
        CommandStats stats = commands.computeIfAbsent(spec, s -> new CommandStats());
        lastSpec = spec;
        lastStats = stats;
        return stats;
    }

    public Map<CommandSpec, CommandStats> commands() {
        return commands;
    }

    public void reset() {
        connectionsReceived = 0;
        commandsProcessed = 0;
        errorReplies = 0;
        commands.clear();
        lastSpec = null;
        lastStats = null;
        errors.clear();
    }
}
