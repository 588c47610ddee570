package io.forkline.server.commands;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Reply;
import io.forkline.server.config.ConfigRewriteException;
import io.forkline.server.config.ConfigSetException;
import io.forkline.server.config.RuntimeConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.forkline.engine.command.Specs.command;
import static io.forkline.engine.command.Specs.container;

/** CONFIG GET, SET, RESETSTAT and REWRITE over the server's running configuration. */
public final class ConfigCommands {

    private final RuntimeConfig config;
    private final Runnable resetStatistics;

    public ConfigCommands(RuntimeConfig config, Runnable resetStatistics) {
        this.config = config;
        this.resetStatistics = resetStatistics;
    }

    public List<CommandSpec> specs() {
        String g = "server";
        return List.of(container(g, "config", "A container for server configuration commands", List.of(
                command(g, "config|get", -3, "admin noscript loading stale", 0, 0, 0, "Get the values of configuration parameters", this::get),
                command(g, "config|set", -4, "admin noscript loading stale", 0, 0, 0, "Set configuration parameters to the given values", this::set),
                command(g, "config|resetstat", 2, "admin noscript loading stale", 0, 0, 0, "Reset the stats returned by INFO", this::resetstat),
                command(g, "config|rewrite", 2, "admin noscript loading stale", 0, 0, 0, "Rewrite the configuration file with the in memory configuration", this::rewrite))));
    }

    private void get(CommandContext context, Arguments args) {
        List<String> patterns = new ArrayList<>();
        for (int i = 2; i < args.count(); i++) {
            patterns.add(args.string(i));
        }
        Map<String, String> values = config.get(patterns);
        Reply reply = context.reply();
        reply.map(values.size());
        values.forEach((name, value) -> {
            reply.bulk(name);
            reply.bulk(value);
        });
    }

    private void set(CommandContext context, Arguments args) {
        if (args.count() % 2 != 0) {
            throw CommandError.of("ERR wrong number of arguments for 'config|set' command");
        }
        List<String> namesAndValues = new ArrayList<>();
        for (int i = 2; i < args.count(); i++) {
            namesAndValues.add(args.string(i));
        }
        try {
            config.set(namesAndValues);
        } catch (ConfigSetException e) {
            throw CommandError.of(e.getMessage());
        }
        context.reply().ok();
    }

    private void resetstat(CommandContext context, Arguments args) {
        resetStatistics.run();
        context.reply().ok();
    }

    private void rewrite(CommandContext context, Arguments args) {
        try {
            config.rewrite();
        } catch (ConfigRewriteException e) {
            throw CommandError.of(e.getMessage());
        }
        context.reply().ok();
    }
}
