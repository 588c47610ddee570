package io.forkline.server.commands;

import io.forkline.engine.command.SubcommandHelp;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.server.pubsub.SlowLog;
import io.forkline.server.pubsub.SlowLogEntry;

import java.util.List;

import static io.forkline.engine.command.Specs.command;
import static io.forkline.engine.command.Specs.container;

/** The SLOWLOG container: GET [count], LEN, RESET and HELP, with Redis 7.0's replies. */
public final class SlowlogCommands {

    private static final CommandError BAD_COUNT = CommandError.of("ERR count should be greater than or equal to -1");

    private final SlowLog log;

    public SlowlogCommands(SlowLog log) {
        this.log = log;
    }

    public List<CommandSpec> specs() {
        String g = "server";
        return List.of(container(g, "slowlog", "A container for slow log commands", List.of(
                command(g, "slowlog|get", -2, "admin loading stale", 0, 0, 0, "Get the slow log's entries", this::get),
                command(g, "slowlog|len", 2, "admin loading stale", 0, 0, 0, "Get the slow log's length",
                        (c, a) -> c.reply().integer(log.size())),
                command(g, "slowlog|reset", 2, "admin loading stale", 0, 0, 0, "Clear all entries from the slow log", this::reset),
                command(g, "slowlog|help", 2, "loading stale", 0, 0, 0, "Show helpful text about the different subcommands", this::help))));
    }

    private void get(CommandContext context, Arguments args) {
        if (args.count() > 3) {
            throw SubcommandHelp.syntaxError(args);
        }
        long count = 10;
        if (args.count() == 3) {
            count = Parse.longArg(args, 2, -1, Long.MAX_VALUE, BAD_COUNT);
            if (count == -1) {
                count = log.size();
            }
        }
        List<SlowLogEntry> entries = log.newest(count);
        Reply reply = context.reply();
        reply.array(entries.size());
        for (SlowLogEntry entry : entries) {
            reply.array(6);
            reply.integer(entry.id());
            reply.integer(entry.unixSeconds());
            reply.integer(entry.micros());
            reply.array(entry.arguments().size());
            for (byte[] argument : entry.arguments()) {
                reply.bulk(argument);
            }
            reply.bulk(entry.clientAddress());
            reply.bulk(entry.clientName());
        }
    }

    private void reset(CommandContext context, Arguments args) {
        log.reset();
        context.reply().ok();
    }

    private void help(CommandContext context, Arguments args) {
        SubcommandHelp.reply(context.reply(), args,
                "GET [<count>]",
                "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
                "    Entries are made of:",
                "    id, timestamp, time in microseconds, arguments array, client IP and port,",
                "    client name",
                "LEN",
                "    Return the length of the slowlog.",
                "RESET",
                "    Reset the slowlog.");
    }
}
