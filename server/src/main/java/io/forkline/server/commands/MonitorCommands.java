package io.forkline.server.commands;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;
import io.forkline.server.exec.ServerRuntime;
import io.forkline.server.net.ClientSession;
import io.forkline.server.pubsub.MonitorFeed;

import java.util.List;

import static io.forkline.engine.command.Specs.command;

/** MONITOR: the client receives a line for every command run after it, until RESET or disconnect. */
public final class MonitorCommands {

    private final ServerRuntime runtime;
    private final MonitorFeed feed;

    public MonitorCommands(ServerRuntime runtime, MonitorFeed feed) {
        this.runtime = runtime;
        this.feed = feed;
    }

    public List<CommandSpec> specs() {
        return List.of(command("server", "monitor", 1, "admin noscript loading stale", 0, 0, 0,
                "Listen for all requests received by the server in real time", this::monitor));
    }

    private void monitor(CommandContext context, Arguments args) {
        if (runtime.executingTransaction()) {   // inside EXEC: Redis's DENY BLOCKING client
            throw CommandError.of("ERR MONITOR isn't allowed for DENY BLOCKING client");
        }
        if (feed.add(context.client(ClientSession.class))) {
            context.reply().ok();
        }   // a second MONITOR is ignored, without a reply, as in Redis
    }
}
