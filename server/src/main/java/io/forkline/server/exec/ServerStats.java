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
