package io.forkline.server.commands;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandFlag;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.CommandTable;
import io.forkline.engine.command.KeyPositions;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.engine.text.Glob;
import io.forkline.server.exec.ServerRuntime;
import io.forkline.server.exec.ShutdownRequest;
import io.forkline.server.info.Info;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.forkline.engine.command.Specs.command;
import static io.forkline.engine.command.Specs.container;

/** Server commands: INFO, TIME, LASTSAVE, COMMAND, DEBUG, SHUTDOWN. */
public final class ServerCommands {

    private final ServerRuntime runtime;
    private final Info info;
    private final List<CommandSpec> moreDebug;

    public ServerCommands(ServerRuntime runtime, Info info) {
        this(runtime, info, List.of());
    }

    /** @param moreDebug DEBUG subcommands other parts of the server answer (persistence's DEBUG RELOAD) */
    public ServerCommands(ServerRuntime runtime, Info info, List<CommandSpec> moreDebug) {
        this.runtime = runtime;
        this.info = info;
        this.moreDebug = List.copyOf(moreDebug);
    }

    public List<CommandSpec> specs() {
        String g = "server";
        return List.of(
                command(g, "info", -1, "loading stale", 0, 0, 0, "Get information and statistics about the server", this::info),
                command(g, "time", 1, "loading stale fast", 0, 0, 0, "Return the current server time", this::time),
                command(g, "lastsave", 1, "loading stale fast", 0, 0, 0, "Get the UNIX time stamp of the last successful save to disk",
                        (c, a) -> c.reply().integer(runtime.lastSaveSeconds())),
                command(g, "shutdown", -1, "admin noscript loading stale no_multi allow_busy", 0, 0, 0, "Synchronously save the dataset to disk and then shut down the server", this::shutdown),
                container(g, "command", "Get array of Redis command details", List.of(
                        command(g, "command|count", 2, "loading stale", 0, 0, 0, "Get total number of Redis commands", (c, a) -> c.reply().integer(table().size())),
                        command(g, "command|info", -2, "loading stale", 0, 0, 0, "Get array of specific Redis command details, or all when no argument is given", this::commandInfo),
                        command(g, "command|docs", -2, "loading stale", 0, 0, 0, "Get array of specific Redis command documentation", this::commandDocs),
                        command(g, "command|list", -2, "loading stale", 0, 0, 0, "Get an array of Redis command names", this::commandList),
                        command(g, "command|getkeys", -3, "loading stale", 0, 0, 0, "Extract keys given a full Redis command", this::getkeys))),
                container("scripting", "function", "A container for function commands", List.of(
                        command("scripting", "function|flush", -2, "write noscript", 0, 0, 0, "Deleting all functions", this::functionFlush),
                        command("scripting", "function|list", -2, "noscript", 0, 0, 0, "List information about all the functions", this::functionList))),
                container(g, "debug", "A container for debugging commands", debugSubcommands()));
    }

    private List<CommandSpec> debugSubcommands() {
        List<CommandSpec> debug = new ArrayList<>(List.of(
                command("server", "debug|sleep", 3, "admin noscript loading stale", 0, 0, 0, "Block the server for the given seconds", this::sleep),
                command("server", "debug|set-active-expire", 3, "admin noscript loading stale", 0, 0, 0, "Turn active expiry on or off", this::activeExpire)));
        debug.addAll(moreDebug);
        return debug;
    }

    private CommandTable table() {
        return runtime.engine().commands();
    }

    private void info(CommandContext context, Arguments args) {
        List<String> sections = new ArrayList<>();
        for (int i = 1; i < args.count(); i++) {
            sections.add(args.string(i));
        }
        context.reply().verbatim("txt", info.render(sections).getBytes(StandardCharsets.UTF_8));
    }

    private void time(CommandContext context, Arguments args) {
        long micros = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
        context.reply().array(2);
        context.reply().bulk(Long.toString(micros / 1_000_000));
        context.reply().bulk(Long.toString(micros % 1_000_000));
    }

    /** SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]: the final save first; if it fails the server keeps running. */
    private void shutdown(CommandContext context, Arguments args) {
        boolean save = false;
        boolean nosave = false;
        boolean force = false;
        boolean abort = false;
        boolean flagged = false;
        for (int i = 1; i < args.count(); i++) {
            if (args.is(i, "nosave")) {
                nosave = true;
            } else if (args.is(i, "save")) {
                save = true;
            } else if (args.is(i, "force")) {
                force = true;
            } else if (args.is(i, "abort")) {
                abort = true;
                continue;
            } else if (!args.is(i, "now")) {
                throw CommandError.SYNTAX;
            }
            flagged = true;
        }
        if ((abort && flagged) || (save && nosave)) {
            throw CommandError.SYNTAX;
        }
        if (abort) {
            throw CommandError.of("ERR No shutdown in progress.");
        }
        ServerRuntime.BusyScript busy = runtime.busyScript();
        if (busy != null) {   // only SHUTDOWN NOSAVE stops a busy script, as in Redis: saving would catch it half-way
            if (!nosave) {
                throw CommandError.of(busy.refusal());
            }
            busy.kill();
        }
        String error = runtime.prepareShutdown(new ShutdownRequest(save, nosave, force));
        if (error != null) {
            throw CommandError.of(error);
        }
        runtime.currentEvent().silence();
        runtime.currentEvent().closeClient();
        runtime.shutdown();
    }

    // ---------------------------------------------------------------------------------------------
    // COMMAND

    private void commandInfo(CommandContext context, Arguments args) {
        Reply reply = context.reply();
        if (args.count() == 2) {
            reply.array(table().size());
            for (CommandSpec spec : table().all()) {
                CommandInfo.write(reply, spec);
            }
            return;
        }
        reply.array(args.count() - 2);
        for (int i = 2; i < args.count(); i++) {
            CommandSpec spec = find(args.string(i));
            if (spec == null) {
                reply.nullArray();
            } else {
                CommandInfo.write(reply, spec);
            }
        }
    }

    private void commandDocs(CommandContext context, Arguments args) {
        List<CommandSpec> specs = new ArrayList<>();
        if (args.count() == 2) {
            specs.addAll(table().all());
        } else {
            for (int i = 2; i < args.count(); i++) {
                CommandSpec spec = find(args.string(i));
                if (spec != null) {
                    specs.add(spec);
                }
            }
        }
        Reply reply = context.reply();
        reply.map(specs.size());
        for (CommandSpec spec : specs) {
            reply.bulk(spec.name());
            CommandInfo.writeDocs(reply, spec);
        }
    }

    private void commandList(CommandContext context, Arguments args) {
        List<String> names = new ArrayList<>();
        for (CommandSpec spec : table().all()) {
            names.add(spec.name());
            spec.subcommands().forEach(sub -> names.add(sub.name()));
        }
        if (args.count() > 2) {
            if (args.count() != 5 || !args.is(2, "filterby")) {
                throw CommandError.SYNTAX;
            }
            String value = args.string(4);
            if (args.is(3, "pattern")) {
                byte[] pattern = value.getBytes(StandardCharsets.UTF_8);
                names.removeIf(name -> !Glob.matches(pattern, name.getBytes(StandardCharsets.UTF_8), true));
            } else if (args.is(3, "aclcat")) {
                names.removeIf(name -> !CommandInfo.categories(find(name)).contains(value.toLowerCase(Locale.ROOT)));
            } else if (args.is(3, "module")) {
                names.clear();
            } else {
                throw CommandError.SYNTAX;
            }
        }
        Reply reply = context.reply();
        reply.array(names.size());
        names.forEach(reply::bulk);
    }

    private void getkeys(CommandContext context, Arguments args) {
        Arguments command = new Arguments();
        for (int i = 2; i < args.count(); i++) {
            command.add(args.buffer(), args.offset(i), args.length(i));
        }
        CommandSpec spec = runtime.engine().dispatcher().resolve(command);
        if (spec == null) {
            throw CommandError.of("ERR Invalid command specified");
        }
        if (!spec.arityAllows(command.count())) {
            throw CommandError.of("ERR Invalid number of arguments specified for command");
        }
        int[] keys = KeyPositions.of(spec, command);
        if (keys == null) {
            throw CommandError.of("ERR Invalid arguments specified for command");
        }
        if (keys.length == 0) {
            if (spec.has(CommandFlag.NO_MANDATORY_KEYS)) {   // EVAL with no keys, say: none, as Redis
                context.reply().array(0);
                return;
            }
            throw CommandError.of("ERR The command has no key arguments");
        }
        context.reply().array(keys.length);
        for (int position : keys) {
            context.reply().bulk(command.buffer(), command.offset(position), command.length(position));
        }
    }

    private CommandSpec find(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        int bar = lower.indexOf('|');
        CommandSpec spec = table().get(bar < 0 ? lower : lower.substring(0, bar));
        if (spec == null || bar < 0) {
            return spec;
        }
        for (CommandSpec sub : spec.subcommands()) {
            if (sub.name().equals(lower)) {
                return sub;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------
    // FUNCTION: forkline runs no scripts, so there is never a library to flush or list.

    private void functionFlush(CommandContext context, Arguments args) {
        if (args.count() > 3 || (args.count() == 3 && !args.is(2, "async") && !args.is(2, "sync"))) {
            throw CommandError.of("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
        }
        context.reply().ok();
    }

    private void functionList(CommandContext context, Arguments args) {
        for (int i = 2; i < args.count(); i++) {
            if (args.is(i, "withcode")) {
                continue;
            }
            if (args.is(i, "libraryname") && i + 1 < args.count()) {
                i++;
                continue;
            }
            throw CommandError.of("ERR Unknown argument " + args.string(i));
        }
        context.reply().array(0);
    }

    // ---------------------------------------------------------------------------------------------
    // DEBUG

    private void sleep(CommandContext context, Arguments args) {
        double seconds = Parse.doubleArg(args, 2);
        long nanos = (long) (seconds * 1e9);
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            java.util.concurrent.locks.LockSupport.parkNanos(end - System.nanoTime());   // blocks the writer, as Redis's does
        }
        context.reply().ok();
    }

    private void activeExpire(CommandContext context, Arguments args) {
        runtime.engine().config().activeExpire = Parse.longArg(args, 2) != 0;
        context.reply().ok();
    }

    static boolean isWrite(CommandSpec spec) {
        return spec.has(CommandFlag.WRITE);
    }
}
