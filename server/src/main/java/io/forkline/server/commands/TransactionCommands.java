package io.forkline.server.commands;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Effects;
import io.forkline.server.acl.Acl;
import io.forkline.server.exec.ServerRuntime;
import io.forkline.server.net.ClientSession;
import io.forkline.server.net.ClientState;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.forkline.engine.command.Specs.command;

/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH with Redis's semantics: commands queue after MULTI; a refused
 * command dooms EXEC (EXECABORT); a change to a watched key, expiry included, makes EXEC return a
 * null array; the effects of an executed transaction are propagated wrapped in MULTI/EXEC.
 */
public final class TransactionCommands {

    private static final byte[] MULTI = "MULTI".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXEC = "EXEC".getBytes(StandardCharsets.US_ASCII);

    private final ServerRuntime runtime;

    public TransactionCommands(ServerRuntime runtime) {
        this.runtime = runtime;
    }

    public List<CommandSpec> specs() {
        String g = "transactions";
        return List.of(
                command(g, "multi", 1, "noscript loading stale fast allow_busy", 0, 0, 0, "Mark the start of a transaction block", this::multi),
                command(g, "exec", 1, "noscript loading stale skip_slowlog", 0, 0, 0, "Execute all commands issued after MULTI", this::exec),
                command(g, "discard", 1, "noscript loading stale fast allow_busy", 0, 0, 0, "Discard all commands issued after MULTI", this::discard),
                command(g, "watch", -2, "noscript loading stale fast allow_busy", 1, -1, 1, "Watch the given keys to determine execution of the MULTI/EXEC block", this::watch),
                command(g, "unwatch", 1, "noscript loading stale fast allow_busy", 0, 0, 0, "Forget about all watched keys", this::unwatch));
    }

    private static ClientSession client(CommandContext context) {
        return context.client(ClientSession.class);
    }

    private void multi(CommandContext context, Arguments args) {
        ClientState state = client(context).state();
        if (state.inTransaction()) {
            throw CommandError.of("ERR MULTI calls can not be nested");
        }
        state.queued = new ArrayList<>();
        context.reply().ok();
    }

    private void discard(CommandContext context, Arguments args) {
        ClientSession client = client(context);
        if (!client.state().inTransaction()) {
            throw CommandError.of("ERR DISCARD without MULTI");
        }
        client.state().endTransaction();
        runtime.watches().unwatchAll(client);
        context.reply().ok();
    }

    private void exec(CommandContext context, Arguments args) {
        ClientSession client = client(context);
        ClientState state = client.state();
        if (!state.inTransaction()) {
            throw CommandError.of("ERR EXEC without MULTI");
        }
        List<Arguments> queued = state.queued;
        boolean failed = state.transactionFailed;
        boolean broken = state.watchBroken;
        state.endTransaction();
        runtime.watches().unwatchAll(client);
        if (failed) {
            context.reply().error("EXECABORT Transaction discarded because of previous errors.");
            return;
        }
        if (broken) {
            context.reply().nullArray();
            return;
        }
        Effects effects = context.effects();
        int before = effects.count();
        effects.add(context.db(), MULTI);
        int afterMulti = effects.count();
        context.reply().array(queued.size());
        var dispatcher = runtime.engine().dispatcher();
        runtime.executingTransaction(true);
        try {
            for (Arguments command : queued) {
                int db = context.db();
                context.begin(db, context.reply(), effects);
                CommandSpec spec = dispatcher.resolve(command);
                Acl.Denial denial = runtime.acl().check(state.user, spec, command);
                if (denial != null) {   // the rules changed since the command was queued
                    context.reply().error("NOPERM ACLs rules changed between the moment the transaction was accumulated "
                            + "and the EXEC call. This command is no longer allowed for the following reason: " + switch (denial) {
                                case COMMAND -> "no permission to execute the command or subcommand";
                                case KEY -> "no permission to touch the specified keys";
                                case CHANNEL -> "no permission to access one of the channels used as arguments";
                            });
                    continue;
                }
                int replyStart = context.reply().deferLength();
                long start = System.nanoTime();
                dispatcher.execute(context, spec, command);
                long nanos = System.nanoTime() - start;
                if (spec != null && context.reply() instanceof io.forkline.engine.resp.RespReply reply) {   // INFO commandstats
                    runtime.stats().called(spec, nanos, reply.buffer(), replyStart, reply.length());
                }
                runtime.commandExecuted(client, spec, command, context.db(), nanos / 1000);
            }
        } finally {
            runtime.executingTransaction(false);
        }
        if (effects.count() == afterMulti) {
            effects.truncate(before);   // nothing was written: no MULTI/EXEC in the log
        } else {
            effects.add(context.db(), EXEC);
        }
        context.preventPropagation();
    }

    private void watch(CommandContext context, Arguments args) {
        ClientSession client = client(context);
        if (client.state().inTransaction()) {
            throw CommandError.of("ERR WATCH inside MULTI is not allowed");
        }
        for (int i = 1; i < args.count(); i++) {
            runtime.watches().watch(client, context.db(), args.bytes(i));
        }
        context.reply().ok();
    }

    private void unwatch(CommandContext context, Arguments args) {
        runtime.watches().unwatchAll(client(context));
        context.reply().ok();
    }
}
