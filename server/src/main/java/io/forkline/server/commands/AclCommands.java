package io.forkline.server.commands;

import io.forkline.engine.command.SubcommandHelp;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.server.acl.Acl;
import io.forkline.server.acl.AclCategories;
import io.forkline.server.acl.AclUser;
import io.forkline.server.exec.ServerRuntime;
import io.forkline.server.net.ClientSession;
import io.forkline.server.pubsub.ChannelName;
import io.forkline.server.pubsub.SubscriptionRegistry;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static io.forkline.engine.command.Specs.command;
import static io.forkline.engine.command.Specs.container;

/**
 * The ACL command: SETUSER GETUSER DELUSER USERS LIST WHOAMI CAT GENPASS DRYRUN LOAD SAVE HELP, with Redis
 * 7.0's replies. Clients of a deleted user are closed; subscribers whose channels a SETUSER revoked are
 * closed, as Redis does.
 */
public final class AclCommands {

    private final ServerRuntime runtime;
    private final SubscriptionRegistry<ClientSession> subscriptions;
    private final SecureRandom random = new SecureRandom();

    public AclCommands(ServerRuntime runtime, SubscriptionRegistry<ClientSession> subscriptions) {
        this.runtime = runtime;
        this.subscriptions = subscriptions;
    }

    public List<CommandSpec> specs() {
        String g = "server";
        String admin = "admin noscript loading stale sentinel";
        String plain = "noscript loading stale sentinel";
        return List.of(container(g, "acl", "A container for Access List Control commands", List.of(
                command(g, "acl|setuser", -3, admin, 0, 0, 0, "Modify or create the rules for a specific ACL user", this::setuser),
                command(g, "acl|deluser", -3, admin, 0, 0, 0, "Remove the specified ACL users and the associated rules", this::deluser),
                command(g, "acl|getuser", 3, admin, 0, 0, 0, "Get the rules for a specific ACL user", this::getuser),
                command(g, "acl|users", 2, admin, 0, 0, 0, "List the username of all the configured ACL rules", this::users),
                command(g, "acl|list", 2, admin, 0, 0, 0, "List the current ACL rules in ACL config file format", this::list),
                command(g, "acl|whoami", 2, plain, 0, 0, 0, "Return the name of the user associated to the current connection",
                        (c, a) -> c.reply().bulk(Acl.bytes(client(c).state().user.name()))),
                command(g, "acl|cat", -2, plain, 0, 0, 0, "List the ACL categories or the commands inside a category", this::cat),
                command(g, "acl|genpass", -2, plain, 0, 0, 0, "Generate a pseudorandom secure password to use for ACL users", this::genpass),
                command(g, "acl|dryrun", -4, admin, 0, 0, 0, "Returns whether the user can execute the given command without executing the command.", this::dryrun),
                command(g, "acl|load", 2, admin, 0, 0, 0, "Reload the ACLs from the configured ACL file", this::noFile),
                command(g, "acl|save", 2, admin, 0, 0, 0, "Save the current ACL rules in the configured ACL file", this::noFile),
                command(g, "acl|help", 2, "loading stale sentinel", 0, 0, 0, "Show helpful text about the different subcommands", this::help))));
    }

    private static ClientSession client(CommandContext context) {
        return context.client(ClientSession.class);
    }

    private Acl acl() {
        return runtime.acl();
    }

    private void setuser(CommandContext context, Arguments args) {
        String name = Acl.text(args.bytes(2));
        List<String> rules = new ArrayList<>();
        for (int i = 3; i < args.count(); i++) {
            rules.add(Acl.text(args.bytes(i)));
        }
        AclUser existing = acl().user(name);
        boolean hadAllChannels = existing != null && existing.allChannels();
        Set<String> hadChannels = existing == null ? Set.of() : new LinkedHashSet<>(existing.channelPatterns());
        String error = acl().setUser(name, rules);
        if (error != null) {
            throw CommandError.of(error);
        }
        if (existing != null && !existing.allChannels()
                && (hadAllChannels || !existing.channelPatterns().containsAll(hadChannels))) {
            closeRevokedSubscribers(context, existing);
        }
        context.reply().ok();
    }

    /** Redis's ACLKillPubsubClientsIfNeeded: subscribers of the user to a channel or pattern it may no longer use. */
    private void closeRevokedSubscribers(CommandContext context, AclUser user) {
        for (ClientSession client : new ArrayList<>(runtime.clients().all())) {
            if (client.state().user != user || !subscriptions.isSubscribed(client)) {
                continue;
            }
            boolean revoked = false;
            for (ChannelName pattern : subscriptions.patternsOf(client)) {
                revoked |= !Acl.mayUseChannel(user, pattern.bytes(), true);
            }
            for (ChannelName channel : subscriptions.channelsOf(client)) {
                revoked |= !Acl.mayUseChannel(user, channel.bytes(), false);
            }
            if (revoked) {
                close(context, client);
            }
        }
    }

    private void close(CommandContext context, ClientSession client) {
        if (client == client(context)) {
            runtime.invocation().closeClient();
        } else {
            runtime.currentEvent().outbox().close(client);
        }
    }

    private void deluser(CommandContext context, Arguments args) {
        for (int i = 2; i < args.count(); i++) {
            if (args.equals(i, DEFAULT)) {
                throw CommandError.of("ERR The 'default' user cannot be removed");
            }
        }
        long deleted = 0;
        for (int i = 2; i < args.count(); i++) {
            AclUser user = acl().user(Acl.text(args.bytes(i)));
            if (user == null || !acl().deleteUser(user.name())) {
                continue;
            }
            deleted++;
            for (ClientSession client : new ArrayList<>(runtime.clients().all())) {
                if (client.state().user == user) {   // as Redis: back to the default user, logged out, and closed
                    client.state().user = acl().defaultUser();
                    client.state().authenticated = false;
                    close(context, client);
                }
            }
        }
        context.reply().integer(deleted);
    }

    private static final byte[] DEFAULT = Acl.bytes("default");

    private void getuser(CommandContext context, Arguments args) {
        AclUser user = acl().user(Acl.text(args.bytes(2)));
        Reply reply = context.reply();
        if (user == null) {
            reply.nullBulk();
            return;
        }
        reply.map(6);
        reply.bulk("flags");
        List<String> flags = user.flags();
        reply.set(flags.size());
        flags.forEach(reply::bulk);
        reply.bulk("passwords");
        reply.array(user.passwordHashes().size());
        user.passwordHashes().forEach(reply::bulk);
        reply.bulk("commands");
        reply.bulk(Acl.bytes(acl().describeCommands(user)));
        reply.bulk("keys");
        reply.bulk(Acl.bytes(user.keysDescription()));
        reply.bulk("channels");
        reply.bulk(Acl.bytes(user.channelsDescription()));
        reply.bulk("selectors");
        reply.array(0);
    }

    private void users(CommandContext context, Arguments args) {
        List<AclUser> users = acl().users();
        context.reply().array(users.size());
        users.forEach(user -> context.reply().bulk(Acl.bytes(user.name())));
    }

    private void list(CommandContext context, Arguments args) {
        List<AclUser> users = acl().users();
        context.reply().array(users.size());
        users.forEach(user -> context.reply().bulk(Acl.bytes(acl().describe(user))));
    }

    private void cat(CommandContext context, Arguments args) {
        if (args.count() > 3) {
            throw SubcommandHelp.syntaxError(args);
        }
        Reply reply = context.reply();
        if (args.count() == 2) {
            reply.array(AclCategories.ALL.size());
            AclCategories.ALL.forEach(reply::bulk);
            return;
        }
        String category = args.string(2).toLowerCase(Locale.ROOT);
        if (!AclCategories.ALL.contains(category)) {
            String given = args.string(2);
            throw CommandError.of("ERR Unknown category '" + given.substring(0, Math.min(128, given.length())) + "'");
        }
        List<String> names = acl().commandsIn(category);
        reply.array(names.size());
        names.forEach(reply::bulk);
    }

    private void genpass(CommandContext context, Arguments args) {
        if (args.count() > 3) {
            throw SubcommandHelp.syntaxError(args);
        }
        long bits = args.count() == 3 ? Parse.longArg(args, 2) : 256;
        if (bits <= 0 || bits > 4096) {
            throw CommandError.of("ERR ACL GENPASS argument must be the number of bits for the output password, "
                    + "a positive number up to 4096");
        }
        int chars = (int) ((bits + 3) / 4);
        byte[] bytes = new byte[(chars + 1) / 2];
        random.nextBytes(bytes);
        context.reply().bulk(HexFormat.of().formatHex(bytes).substring(0, chars));
    }

    private void dryrun(CommandContext context, Arguments args) {
        AclUser user = acl().user(Acl.text(args.bytes(2)));
        if (user == null) {
            throw CommandError.of("ERR User '" + args.string(2) + "' not found");
        }
        Arguments command = new Arguments();
        for (int i = 3; i < args.count(); i++) {
            command.add(args.buffer(), args.offset(i), args.length(i));
        }
        CommandSpec spec = runtime.engine().dispatcher().resolve(command);
        if (spec == null || spec.isContainer()) {
            throw CommandError.of("ERR Command '" + args.string(3) + "' not found");
        }
        if (!spec.arityAllows(command.count())) {
            throw CommandError.of("ERR wrong number of arguments for '" + spec.name() + "' command");
        }
        Acl.Denial denial = acl().check(user, spec, command);
        if (denial == null) {
            context.reply().ok();
            return;
        }
        context.reply().bulk(switch (denial) {
            case COMMAND -> "This user has no permissions to run the '" + spec.name() + "' command";
            case KEY -> "This user has no permissions to access the '" + command.string(acl().deniedPosition()) + "' key";
            case CHANNEL -> "This user has no permissions to access the '" + command.string(acl().deniedPosition())
                    + "' channel";
        });
    }

    private void noFile(CommandContext context, Arguments args) {
        throw CommandError.of("ERR This Redis instance is not configured to use an ACL file. You may want to specify "
                + "users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis "
                + "configuration file set) in order to store users in the Redis configuration.");
    }

    private void help(CommandContext context, Arguments args) {
        SubcommandHelp.reply(context.reply(), args,
                "CAT [<category>]",
                "    List all commands that belong to <category>, or all command categories",
                "    when no category is specified.",
                "DELUSER <username> [<username> ...]",
                "    Delete a list of users.",
                "DRYRUN <username> <command> [<arg> ...]",
                "    Returns whether the user can execute the given command without executing the command.",
                "GETUSER <username>",
                "    Get the user's details.",
                "GENPASS [<bits>]",
                "    Generate a secure 256-bit user password. The optional `bits` argument can",
                "    be used to specify a different size.",
                "LIST",
                "    Show users details in config file format.",
                "LOAD",
                "    Reload users from the ACL file.",
                "SAVE",
                "    Save the current config to the ACL file.",
                "SETUSER <username> <attribute> [<attribute> ...]",
                "    Create or modify a user with the specified attributes.",
                "USERS",
                "    List all the registered usernames.",
                "WHOAMI",
                "    Return the current connection username.");
    }
}
