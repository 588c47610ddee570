package io.forkline.server.exec;

import io.forkline.engine.command.CommandSpec;

import java.util.IdentityHashMap;
import java.util.Map;

/** Counters INFO reports (stats and commandstats), reset by CONFIG RESETSTAT. Writer thread only. */
public final class ServerStats {

    /** One command's line of INFO commandstats. */
    public static final class CommandStats {
        public long calls;
        public long micros;
        public long rejectedCalls;
        public long failedCalls;
    }

    public long connectionsReceived;
    public long commandsProcessed;
    public long errorReplies;
    private final Map<CommandSpec, CommandStats> commands = new IdentityHashMap<>();
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
     * processed, its calls and time, and a failure if its reply, {@code reply[start, end)}, is an error.
     */
    public void called(CommandSpec spec, long micros, byte[] reply, int start, int end) {
        commandsProcessed++;
        CommandStats stats = of(spec);
        stats.calls++;
        stats.micros += micros;
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
        return commands.computeIfAbsent(spec, s -> new CommandStats());
    }

    public Map<CommandSpec, CommandStats> commands() {
        return commands;
    }

    public void reset() {
        connectionsReceived = 0;
        commandsProcessed = 0;
        errorReplies = 0;
        commands.clear();
        errors.clear();
    }
}
