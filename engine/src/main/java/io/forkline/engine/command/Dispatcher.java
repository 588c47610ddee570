package io.forkline.engine.command;

/**
 * Runs one command: finds its spec, checks its arity (and a container's subcommand), runs the
 * handler, and propagates a write that changed something as the client sent it, unless the handler
 * propagated something else. A handler's {@link CommandError} becomes its reply. Any other exception
 * is a bug in the handler: it is logged with its stack, and the command is answered with an error
 * instead of whatever part of a reply it made, so that one command's bug neither kills nor stalls
 * the server (Redis would stop with a crash report).
 */
public final class Dispatcher {

    private static final System.Logger LOG = System.getLogger("forkline.engine");

    private final CommandTable table;

    public Dispatcher(CommandTable table) {
        this.table = table;
    }

    public CommandTable table() {
        return table;
    }

    /** The spec that would run {@code args} (a container's subcommand when named), or null if unknown. */
    public CommandSpec resolve(Arguments args) {
        CommandSpec spec = table.lookup(args);
        if (spec != null && spec.isContainer() && args.count() >= 2) {
            return CommandTable.lookupSubcommand(spec, args);
        }
        return spec;
    }

    /** Runs {@code args} in a context already armed with {@link CommandContext#begin}. */
    public void execute(CommandContext context, Arguments args) {
        CommandSpec spec = table.lookup(args);
        if (spec == null) {
            context.reply().error(Errors.unknownCommand(args));
            return;
        }
        if (spec.isContainer()) {
            if (args.count() < 2) {
                context.reply().error(Errors.wrongArity(spec.name()));
                return;
            }
            CommandSpec sub = CommandTable.lookupSubcommand(spec, args);
            if (sub == null) {
                context.reply().error(Errors.unknownSubcommand(args));
                return;
            }
            spec = sub;
        }
        run(context, spec, args);
    }

    /**
     * {@link #execute(CommandContext, Arguments)} for a command its caller has already {@link #resolve}d to
     * {@code resolved}, which saves looking its name up again.
     */
    public void execute(CommandContext context, CommandSpec resolved, Arguments args) {
        if (resolved == null || resolved.isContainer()) {
            execute(context, args);   // an unknown command or subcommand, or a container named alone: the errors
            return;
        }
        run(context, resolved, args);
    }

    /** Checks the arity of a command that is not a container, runs its handler and propagates it. */
    private static void run(CommandContext context, CommandSpec spec, Arguments args) {
        if (!spec.arityAllows(args.count())) {
            context.reply().error(Errors.wrongArity(spec.name()));
            return;
        }
        long dirtyBefore = context.dirty();
        int replyStart = context.reply().deferLength();
        try {
            spec.handler().execute(context, args);
        } catch (CommandError error) {
            context.reply().raw(error.encoded());   // raised before any reply or change
            return;
        } catch (RuntimeException bug) {
            LOG.log(System.Logger.Level.ERROR, "command '" + spec.name() + "' failed", bug);
            context.reply().discardFrom(replyStart);
            context.reply().error("ERR internal error in '" + spec.name() + "': " + bug);
            return;
        }
        if (spec.isWrite() && context.dirty() != dirtyBefore && !context.propagationTaken()) {
            context.effects().add(context.db(), args);
        }
    }
}
