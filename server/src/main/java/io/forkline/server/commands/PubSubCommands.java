package io.forkline.server.commands;

import io.forkline.engine.command.SubcommandHelp;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Reply;
import io.forkline.engine.text.Glob;
import io.forkline.server.net.ClientSession;
import io.forkline.server.pubsub.ChannelName;
import io.forkline.server.pubsub.PubSub;

import java.util.ArrayList;
import java.util.List;

import static io.forkline.engine.command.Specs.command;
import static io.forkline.engine.command.Specs.container;

/**
 * The pubsub family: SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH and the PUBSUB
 * container (CHANNELS, NUMSUB, NUMPAT, SHARDCHANNELS, SHARDNUMSUB, HELP), with Redis 7.0's replies.
 * Sharded channels (SSUBSCRIBE) are not served, so the SHARD* subcommands always find none.
 */
public final class PubSubCommands {

    private static final String SUBSCRIBING = "pubsub noscript loading stale";
    private static final String INTROSPECTION = "pubsub loading stale";

    private final PubSub pubsub;

    public PubSubCommands(PubSub pubsub) {
        this.pubsub = pubsub;
    }

    public List<CommandSpec> specs() {
        String g = "pubsub";
        return List.of(
                command(g, "subscribe", -2, SUBSCRIBING, 0, 0, 0, "Listen for messages published to the given channels", this::subscribe),
                command(g, "unsubscribe", -1, SUBSCRIBING, 0, 0, 0, "Stop listening for messages posted to the given channels", this::unsubscribe),
                command(g, "psubscribe", -2, SUBSCRIBING, 0, 0, 0, "Listen for messages published to channels matching the given patterns", this::psubscribe),
                command(g, "punsubscribe", -1, SUBSCRIBING, 0, 0, 0, "Stop listening for messages posted to channels matching the given patterns", this::punsubscribe),
                command(g, "publish", 3, "pubsub loading stale fast", 0, 0, 0, "Post a message to a channel", this::publish),
                container(g, "pubsub", "A container for Pub/Sub commands", List.of(
                        command(g, "pubsub|channels", -2, INTROSPECTION, 0, 0, 0, "List active channels", this::channels),
                        command(g, "pubsub|numsub", -2, INTROSPECTION, 0, 0, 0, "Get the count of subscribers for channels", this::numsub),
                        command(g, "pubsub|numpat", 2, INTROSPECTION, 0, 0, 0, "Get the count of unique patterns pattern subscriptions", this::numpat),
                        command(g, "pubsub|shardchannels", -2, INTROSPECTION, 0, 0, 0, "List active shard channels", this::shardChannels),
                        command(g, "pubsub|shardnumsub", -2, INTROSPECTION, 0, 0, 0, "Get the count of subscribers for shard channels", this::shardNumsub),
                        command(g, "pubsub|help", 2, "loading stale", 0, 0, 0, "Show helpful text about the different subcommands", this::help))));
    }

    private static ClientSession client(CommandContext context) {
        return context.client(ClientSession.class);
    }

    private static ChannelName name(Arguments args, int index) {
        return ChannelName.of(args.buffer(), args.offset(index), args.length(index));
    }

    private void subscribe(CommandContext context, Arguments args) {
        for (int i = 1; i < args.count(); i++) {
            pubsub.subscribe(client(context), name(args, i));
        }
    }

    private void unsubscribe(CommandContext context, Arguments args) {
        if (args.count() == 1) {
            pubsub.unsubscribeAll(client(context));
        }
        for (int i = 1; i < args.count(); i++) {
            pubsub.unsubscribe(client(context), name(args, i));
        }
    }

    private void psubscribe(CommandContext context, Arguments args) {
        for (int i = 1; i < args.count(); i++) {
            pubsub.psubscribe(client(context), name(args, i));
        }
    }

    private void punsubscribe(CommandContext context, Arguments args) {
        if (args.count() == 1) {
            pubsub.punsubscribeAll(client(context));
        }
        for (int i = 1; i < args.count(); i++) {
            pubsub.punsubscribe(client(context), name(args, i));
        }
    }

    private void publish(CommandContext context, Arguments args) {
        int receivers = pubsub.publish(name(args, 1), args.buffer(), args.offset(2), args.length(2));
        context.reply().integer(receivers);
    }

    private void channels(CommandContext context, Arguments args) {
        if (args.count() > 3) {
            throw SubcommandHelp.syntaxError(args);
        }
        List<ChannelName> matching = new ArrayList<>();
        for (ChannelName channel : pubsub.registry().channels()) {
            if (args.count() == 2 || Glob.matches(args.buffer(), args.offset(2), args.length(2), channel.bytes(), 0,
                    channel.bytes().length, false)) {
                matching.add(channel);
            }
        }
        Reply reply = context.reply();
        reply.array(matching.size());
        for (ChannelName channel : matching) {
            reply.bulk(channel.bytes());
        }
    }

    private void numsub(CommandContext context, Arguments args) {
        Reply reply = context.reply();
        reply.array((args.count() - 2) * 2L);
        for (int i = 2; i < args.count(); i++) {
            reply.bulk(args.buffer(), args.offset(i), args.length(i));
            reply.integer(pubsub.registry().subscribers(name(args, i)).size());
        }
    }

    private void numpat(CommandContext context, Arguments args) {
        context.reply().integer(pubsub.registry().patternTotal());
    }

    private void shardChannels(CommandContext context, Arguments args) {
        if (args.count() > 3) {
            throw SubcommandHelp.syntaxError(args);
        }
        context.reply().array(0);
    }

    private void shardNumsub(CommandContext context, Arguments args) {
        Reply reply = context.reply();
        reply.array((args.count() - 2) * 2L);
        for (int i = 2; i < args.count(); i++) {
            reply.bulk(args.buffer(), args.offset(i), args.length(i));
            reply.integer(0);
        }
    }

    private void help(CommandContext context, Arguments args) {
        SubcommandHelp.reply(context.reply(), args,
                "CHANNELS [<pattern>]",
                "    Return the currently active channels matching a <pattern> (default: '*').",
                "NUMPAT",
                "    Return number of subscriptions to patterns.",
                "NUMSUB [<channel> ...]",
                "    Return the number of subscribers for the specified channels, excluding",
                "    pattern subscriptions(default: no channels).",
                "SHARDCHANNELS [<pattern>]",
                "    Return the currently active shard level channels matching a <pattern> (default: '*').",
                "SHARDNUMSUB [<shardchannel> ...]",
                "    Return the number of subscribers for the specified shard level channel(s)");
    }
}
