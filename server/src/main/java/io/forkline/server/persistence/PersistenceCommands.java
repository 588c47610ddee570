package io.forkline.server.persistence;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;

import java.util.List;

import static io.forkline.engine.command.Specs.command;

/** SAVE, BGSAVE and DEBUG RELOAD, answered by {@link RdbPersistence}. LASTSAVE stays with the server commands. */
public final class PersistenceCommands {

    private static final CommandError RELOAD_OPTIONS = CommandError.of("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");

    private final RdbPersistence rdb;

    public PersistenceCommands(RdbPersistence rdb) {
        this.rdb = rdb;
    }

    public List<CommandSpec> specs() {
        String g = "server";
        return List.of(
                command(g, "save", 1, "admin noscript no_async_loading no_multi", 0, 0, 0, "Synchronously save the dataset to disk", this::save),
                command(g, "bgsave", -1, "admin noscript no_async_loading", 0, 0, 0, "Asynchronously save the dataset to disk", this::bgsave));
    }

    /** DEBUG's subcommands for the server's DEBUG container. */
    public List<CommandSpec> debugSubcommands() {
        return List.of(command("server", "debug|reload", -2, "admin noscript loading stale", 0, 0, 0,
                "Save the RDB on disk and reload it back to memory", this::reload));
    }

    private void save(CommandContext context, Arguments args) {
        String error = rdb.saveCommand();
        if (error != null) {
            throw CommandError.of(error);
        }
        context.reply().ok();
    }

    private void bgsave(CommandContext context, Arguments args) {
        boolean schedule = false;
        if (args.count() > 1) {
            if (args.count() != 2 || !args.is(1, "schedule")) {
                throw CommandError.SYNTAX;
            }
            schedule = true;
        }
        RdbPersistence.BgsaveReply reply = rdb.bgsaveCommand(schedule);
        if (reply.isError()) {
            throw CommandError.of(reply.text());
        }
        context.reply().simple(reply.text());
    }

    /** DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]. */
    private void reload(CommandContext context, Arguments args) {
        boolean flush = true;
        boolean save = true;
        boolean merge = false;
        for (int i = 2; i < args.count(); i++) {
            if (args.is(i, "noflush")) {
                flush = false;
            } else if (args.is(i, "nosave")) {
                save = false;
            } else if (args.is(i, "merge")) {
                merge = true;
            } else {
                throw RELOAD_OPTIONS;
            }
        }
        String error = rdb.debugReload(save, flush, merge);
        if (error != null) {
            throw CommandError.of(error);
        }
        context.reply().ok();
    }
}
