package io.forkline.server.persistence.aof;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;

import java.util.List;

import static io.forkline.engine.command.Specs.command;

/** BGREWRITEAOF, answered by {@link AppendOnlyFile}. */
public final class AofCommands {

    private final AppendOnlyFile aof;

    public AofCommands(AppendOnlyFile aof) {
        this.aof = aof;
    }

    public List<CommandSpec> specs() {
        return List.of(command("server", "bgrewriteaof", 1, "admin noscript no_async_loading", 0, 0, 0,
                "Asynchronously rewrite the append-only file", this::bgrewriteaof));
    }

    private void bgrewriteaof(CommandContext context, Arguments args) {
        String reply = aof.bgrewriteaof();
        if (reply.startsWith("ERR ")) {
            throw CommandError.of(reply);
        }
        context.reply().simple(reply);
    }
}
