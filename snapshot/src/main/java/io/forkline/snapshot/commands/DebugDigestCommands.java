package io.forkline.snapshot.commands;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.keyspace.Keyspace;

import java.util.List;

import static io.forkline.engine.command.Specs.command;

/** DEBUG DIGEST and DEBUG DIGEST-VALUE, as Redis 7.0 answers them: the server adds them to its DEBUG container. */
public final class DebugDigestCommands {

    private final DebugDigest digest = new DebugDigest();

    public List<CommandSpec> debugSubcommands() {
        return List.of(
                command("server", "debug|digest", 2, "admin noscript loading stale", 0, 0, 0,
                        "Output a hex signature representing the current DB content", this::digest),
                command("server", "debug|digest-value", -2, "admin noscript loading stale", 0, 0, 0,
                        "Output a hex signature of the values of all the specified keys", this::digestValue));
    }

    private void digest(CommandContext context, Arguments args) {
        context.reply().simple(DebugDigest.hex(digest.dataset(context.keyspace())));
    }

    /** Keys looked up without expiring them, as Redis's: a debug command sees logically expired keys. */
    private void digestValue(CommandContext context, Arguments args) {
        Keyspace keyspace = context.keyspace();
        context.reply().array(args.count() - 2);
        for (int i = 2; i < args.count(); i++) {
            byte[] value = new byte[20];
            long entry = keyspace.find(context.db(), args.buffer(), args.offset(i), args.length(i));
            if (entry != 0) {
                digest.value(value, keyspace, context.db(), entry);
            }
            context.reply().simple(DebugDigest.hex(value));
        }
    }
}
