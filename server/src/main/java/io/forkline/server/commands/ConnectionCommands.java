package io.forkline.server.commands;

import io.forkline.engine.command.SubcommandHelp;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.server.acl.Acl;
import io.forkline.server.acl.AclUser;
import io.forkline.server.exec.PauseMode;
import io.forkline.server.exec.ServerRuntime;
import io.forkline.server.net.ClientSession;
import io.forkline.server.net.ClientState;
import io.forkline.server.tracking.Tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.forkline.engine.command.Specs.command;
import static io.forkline.engine.command.Specs.container;

/**
 * Connection commands: PING ECHO SELECT QUIT AUTH HELLO RESET and the CLIENT container. What follows a
 * command's reply for its own client (no reply, closing) goes through {@link ServerRuntime#invocation()},
 * which also serves a command CLIENT PAUSE held and runs later.
 */
public final class ConnectionCommands {

    /** What HELLO and INFO call the server: the Redis version forkline behaves as. */
    public static final String REDIS_VERSION = "7.0.15";

    private final ServerRuntime runtime;
    private final Tracking tracking;

    public ConnectionCommands(ServerRuntime runtime, Tracking tracking) {
        this.runtime = runtime;
        this.tracking = tracking;
    }

    public List<CommandSpec> specs() {
        String g = "connection";
        return List.of(
                command(g, "ping", -1, "fast", 0, 0, 0, "Ping the server", this::ping),
                command(g, "echo", 2, "fast", 0, 0, 0, "Echo the given string", (c, a) -> c.reply().bulk(a.buffer(), a.offset(1), a.length(1))),
                command(g, "select", 2, "loading stale fast", 0, 0, 0, "Change the selected database for the current connection", this::select),
                command(g, "quit", -1, "allow_busy noscript loading stale fast no_auth", 0, 0, 0, "Close the connection", this::quit),
                command(g, "auth", -2, "noscript loading stale fast no_auth allow_busy", 0, 0, 0, "Authenticate to the server", this::auth),
                command(g, "hello", -1, "noscript loading stale fast no_auth allow_busy", 0, 0, 0, "Handshake with Redis", this::hello),
                command(g, "reset", 1, "noscript loading stale fast no_auth allow_busy", 0, 0, 0, "Reset the connection", this::reset),
                container(g, "client", "A container for client connection commands", List.of(
                        command(g, "client|id", 2, "noscript loading stale", 0, 0, 0, "Returns the client ID for the current connection", (c, a) -> c.reply().integer(client(c).id())),
                        command(g, "client|setname", 3, "noscript loading stale", 0, 0, 0, "Set the current connection name", this::setname),
                        command(g, "client|getname", 2, "noscript loading stale", 0, 0, 0, "Get the current connection name", this::getname),
                        command(g, "client|info", 2, "noscript loading stale", 0, 0, 0, "Returns information about the current client connection.", (c, a) -> c.reply().verbatim("txt", ClientLines.line(runtime, client(c)).getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                        command(g, "client|list", -2, "admin noscript loading stale", 0, 0, 0, "Get the list of client connections", this::list),
                        command(g, "client|kill", -3, "admin noscript loading stale", 0, 0, 0, "Kill the connection of a client", this::kill),
                        command(g, "client|unblock", -3, "admin noscript loading stale", 0, 0, 0, "Unblock a client blocked in a blocking command from a different connection", this::unblock),
                        command(g, "client|reply", 3, "noscript loading stale", 0, 0, 0, "Instruct the server whether to reply to commands", this::replyMode),
                        command(g, "client|no-evict", 3, "admin noscript loading stale", 0, 0, 0, "Set client eviction mode for the current connection", this::noEvict),
                        command(g, "client|tracking", -3, "noscript loading stale", 0, 0, 0, "Enable or disable server assisted client side caching support", this::tracking),
                        command(g, "client|caching", 3, "noscript loading stale", 0, 0, 0, "Instruct the server about tracking or not keys in the next request", this::caching),
                        command(g, "client|getredir", 2, "noscript loading stale", 0, 0, 0, "Get tracking notifications redirection client ID if any",
                                (c, a) -> c.reply().integer(client(c).state().tracking == null ? -1 : client(c).state().tracking.redirect())),
                        command(g, "client|trackinginfo", 2, "noscript loading stale", 0, 0, 0, "Return information about server assisted client side caching for the current connection",
                                (c, a) -> tracking.info(client(c), c.reply())),
                        command(g, "client|pause", -3, "admin noscript loading stale sentinel", 0, 0, 0, "Stop processing commands from clients for some time", this::pause),
                        command(g, "client|unpause", 2, "admin noscript loading stale sentinel", 0, 0, 0, "Resume processing of clients that were paused", this::unpause))));
    }

    static ClientSession client(CommandContext context) {
        return context.client(ClientSession.class);
    }

    private void ping(CommandContext context, Arguments args) {
        if (args.count() > 2) {
            throw CommandError.of("ERR wrong number of arguments for 'ping' command");
        }
        ClientSession client = client(context);
        if (client.state().protocol == 2 && runtime.subscriptionCount(client, false) + runtime.subscriptionCount(client, true) > 0) {
            context.reply().array(2);   // a subscribed RESP2 client gets PING's answer as a Pub/Sub frame
            context.reply().bulk("pong");
            if (args.count() == 1) {
                context.reply().bulk("");
            } else {
                context.reply().bulk(args.buffer(), args.offset(1), args.length(1));
            }
        } else if (args.count() == 1) {
            context.reply().simple("PONG");
        } else {
            context.reply().bulk(args.buffer(), args.offset(1), args.length(1));
        }
    }

    private void select(CommandContext context, Arguments args) {
        long db = Parse.longArg(args, 1);
        if (db < 0 || db >= context.keyspace().databases()) {
            throw CommandError.of("ERR DB index is out of range");
        }
        context.select((int) db);
        context.reply().ok();
    }

    private void quit(CommandContext context, Arguments args) {
        context.reply().ok();
        runtime.invocation().closeClient();
    }

    /** AUTH [user] password: AUTH with the password alone logs in the default user, and needs it to have one. */
    private void auth(CommandContext context, Arguments args) {
        if (args.count() > 3) {
            throw CommandError.SYNTAX;
        }
        if (args.count() == 2 && runtime.acl().defaultUser().nopass()) {
            throw CommandError.of("ERR AUTH <password> called without any password configured for the default user. "
                    + "Are you sure your configuration is correct?");
        }
        String user = args.count() == 3 ? Acl.text(args.bytes(1)) : "default";
        authenticate(context, user, Acl.text(args.bytes(args.count() - 1)));
        context.reply().ok();
    }

    /** Logs the client in as {@code user}, or refuses with WRONGPASS and leaves it as it was. */
    private void authenticate(CommandContext context, String user, String password) {
        AclUser logged = runtime.acl().authenticate(user, password);
        if (logged == null) {
            throw CommandError.of("WRONGPASS invalid username-password pair or user is disabled.");
        }
        ClientState state = client(context).state();
        state.user = logged;
        state.authenticated = true;
    }

    private void hello(CommandContext context, Arguments args) {
        ClientState state = client(context).state();
        int protocol = state.protocol;
        int i = 1;
        if (args.count() >= 2) {
            long version = Parse.longArg(args, 1, CommandError.of("ERR Protocol version is not an integer or out of range"));
            if (version < 2 || version > 3) {
                throw CommandError.of("NOPROTO unsupported protocol version");
            }
            protocol = (int) version;
            i = 2;
        }
        String name = null;
        for (; i < args.count(); i++) {
            if (args.is(i, "auth") && i + 2 < args.count()) {
                authenticate(context, Acl.text(args.bytes(i + 1)), Acl.text(args.bytes(i + 2)));
                i += 2;
            } else if (args.is(i, "setname") && i + 1 < args.count()) {
                name = validName(args.string(++i));
            } else {
                throw CommandError.of("ERR Syntax error in HELLO option '" + args.string(i) + "'");
            }
        }
        if (!state.authenticated) {
            throw CommandError.of("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO "
                    + "<proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol "
                    + "version at the same time");
        }
        if (name != null) {
            state.name = name;
        }
        state.protocol = protocol;
        Reply reply = context.reply();
        runtime.invocation().reply().protocol(protocol);
        reply.map(7);
        reply.bulk("server");
        reply.bulk("redis");
        reply.bulk("version");
        reply.bulk(REDIS_VERSION);
        reply.bulk("proto");
        reply.integer(protocol);
        reply.bulk("id");
        reply.integer(client(context).id());
        reply.bulk("mode");
        reply.bulk("standalone");
        reply.bulk("role");
        reply.bulk("master");
        reply.bulk("modules");
        reply.array(0);
    }

    private void reset(CommandContext context, Arguments args) {
        ClientSession client = client(context);
        ClientState state = client.state();
        state.endTransaction();
        runtime.watches().unwatchAll(client);
        runtime.resetClient(client);
        context.select(0);
        state.protocol = 2;
        runtime.invocation().reply().protocol(2);
        state.name = "";
        state.repliesOn = true;
        state.skipNextReply = false;
        state.noEvict = false;
        state.user = runtime.acl().defaultUser();   // as Redis's clientSetDefaultAuth
        state.authenticated = runtime.acl().startsAuthenticated();
        context.reply().simple("RESET");
    }

    private static String validName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '!' || c > '~') {
                throw CommandError.of("ERR Client names cannot contain spaces, newlines or special characters.");
            }
        }
        return name;
    }

    private void setname(CommandContext context, Arguments args) {
        client(context).state().name = validName(args.string(2));
        context.reply().ok();
    }

    private void getname(CommandContext context, Arguments args) {
        String name = client(context).state().name;
        if (name.isEmpty()) {
            context.reply().nullBulk();
        } else {
            context.reply().bulk(name);
        }
    }

    private void list(CommandContext context, Arguments args) {
        List<ClientSession> chosen = new ArrayList<>(runtime.clients().all());
        if (args.count() > 2) {
            if (args.is(2, "type") && args.count() == 4) {
                String type = args.string(3).toLowerCase(Locale.ROOT);
                if (!List.of("normal", "master", "replica", "slave", "pubsub").contains(type)) {
                    throw CommandError.of("ERR Unknown client type '" + args.string(3) + "'");
                }
                chosen.removeIf(c -> !ClientLines.type(runtime, c).equals(type));
            } else if (args.is(2, "id") && args.count() >= 4) {
                List<Long> ids = new ArrayList<>();
                for (int i = 3; i < args.count(); i++) {
                    long id = Parse.longArg(args, i, CommandError.of("ERR Invalid client ID"));
                    if (id <= 0) {
                        throw CommandError.of("ERR Invalid client ID");
                    }
                    ids.add(id);
                }
                chosen.removeIf(c -> !ids.contains(c.id()));
            } else {
                throw CommandError.SYNTAX;
            }
        }
        StringBuilder out = new StringBuilder();
        for (ClientSession client : chosen) {
            out.append(ClientLines.line(runtime, client));
        }
        context.reply().verbatim("txt", out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void kill(CommandContext context, Arguments args) {
        ClientSession self = client(context);
        if (args.count() == 3) {   // the old form: CLIENT KILL addr:port
            String address = args.string(2);
            for (ClientSession client : runtime.clients().all()) {
                if (client.address().equals(address)) {
                    killClient(context, client);
                    context.reply().ok();
                    return;
                }
            }
            throw CommandError.of("ERR No such client");
        }
        if (args.count() % 2 != 0) {
            throw CommandError.SYNTAX;
        }
        Long id = null;
        String address = null;
        String localAddress = null;
        String type = null;
        AclUser user = null;
        boolean skipMe = true;
        for (int i = 2; i < args.count(); i += 2) {
            String value = args.string(i + 1);
            if (args.is(i, "id")) {
                id = Parse.longArg(args, i + 1, CommandError.of("ERR client-id should be greater than 0"));
                if (id <= 0) {
                    throw CommandError.of("ERR client-id should be greater than 0");
                }
            } else if (args.is(i, "addr")) {
                address = value;
            } else if (args.is(i, "laddr")) {
                localAddress = value;
            } else if (args.is(i, "type")) {
                type = value.toLowerCase(Locale.ROOT);
                if (!List.of("normal", "master", "replica", "slave", "pubsub").contains(type)) {
                    throw CommandError.of("ERR Unknown client type '" + value + "'");
                }
            } else if (args.is(i, "user")) {
                user = runtime.acl().user(Acl.text(args.bytes(i + 1)));
                if (user == null) {
                    throw CommandError.of("ERR No such user '" + value + "'");
                }
            } else if (args.is(i, "skipme")) {
                if (value.equalsIgnoreCase("yes")) {
                    skipMe = true;
                } else if (value.equalsIgnoreCase("no")) {
                    skipMe = false;
                } else {
                    throw CommandError.SYNTAX;
                }
            } else {
                throw CommandError.SYNTAX;
            }
        }
        long killed = 0;
        for (ClientSession client : new ArrayList<>(runtime.clients().all())) {
            if ((id != null && client.id() != id) || (address != null && !client.address().equals(address))
                    || (localAddress != null && !client.localAddress().equals(localAddress))
                    || (type != null && !ClientLines.type(runtime, client).equals(type))
                    || (user != null && client.state().user != user) || (skipMe && client == self)) {
                continue;
            }
            killClient(context, client);
            killed++;
        }
        context.reply().integer(killed);
    }

    private void killClient(CommandContext context, ClientSession target) {
        if (target == client(context)) {
            runtime.invocation().closeClient();
        } else {
            runtime.currentEvent().outbox().close(target);
        }
    }

    /** CLIENT UNBLOCK id [TIMEOUT|ERROR]: 1 when the client was blocked on keys and is now answered, else 0. */
    private void unblock(CommandContext context, Arguments args) {
        if (args.count() > 4) {
            throw SubcommandHelp.syntaxError(args);
        }
        boolean withError = false;
        if (args.count() == 4) {
            if (args.is(3, "error")) {
                withError = true;
            } else if (!args.is(3, "timeout")) {
                throw CommandError.of("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            }
        }
        ClientSession target = runtime.clients().get(Parse.longArg(args, 2));
        context.reply().integer(target != null && runtime.unblock(target, withError) ? 1 : 0);
    }

    private void replyMode(CommandContext context, Arguments args) {
        ClientState state = client(context).state();
        if (args.is(2, "on")) {
            state.repliesOn = true;
            state.skipNextReply = false;
            context.reply().ok();
        } else if (args.is(2, "off")) {
            state.repliesOn = false;
        } else if (args.is(2, "skip")) {
            if (state.repliesOn) {
                state.skipNextReply = true;
                runtime.invocation().silence();
            }
        } else {
            throw CommandError.SYNTAX;
        }
    }

    /** CLIENT TRACKING on|off [REDIRECT id] [BCAST] [PREFIX p ...] [OPTIN] [OPTOUT] [NOLOOP], parsed as Redis does. */
    private void tracking(CommandContext context, Arguments args) {
        long redirect = 0;
        boolean bcast = false;
        boolean optin = false;
        boolean optout = false;
        boolean noloop = false;
        List<byte[]> prefixes = new ArrayList<>();
        for (int i = 3; i < args.count(); i++) {
            boolean more = i + 1 < args.count();
            if (args.is(i, "redirect") && more) {
                i++;
                if (redirect != 0) {
                    throw CommandError.of("ERR A client can only redirect to a single other client");
                }
                redirect = Parse.longArg(args, i);
                if (runtime.clients().get(redirect) == null) {
                    throw CommandError.of("ERR The client ID you want redirect to does not exist");
                }
            } else if (args.is(i, "bcast")) {
                bcast = true;
            } else if (args.is(i, "optin")) {
                optin = true;
            } else if (args.is(i, "optout")) {
                optout = true;
            } else if (args.is(i, "noloop")) {
                noloop = true;
            } else if (args.is(i, "prefix") && more) {
                prefixes.add(args.bytes(++i));
            } else {
                throw CommandError.SYNTAX;
            }
        }
        if (args.is(2, "on")) {
            tracking.enable(client(context), redirect, bcast, optin, optout, noloop, prefixes);
        } else if (args.is(2, "off")) {
            tracking.disable(client(context));
        } else {
            throw CommandError.SYNTAX;
        }
        context.reply().ok();
    }

    private void caching(CommandContext context, Arguments args) {
        boolean yes = args.is(2, "yes");
        if (client(context).state().tracking != null && !yes && !args.is(2, "no")) {
            throw CommandError.SYNTAX;
        }
        tracking.caching(client(context), yes);
        context.reply().ok();
    }

    private void noEvict(CommandContext context, Arguments args) {
        if (args.is(2, "on")) {
            client(context).state().noEvict = true;
        } else if (args.is(2, "off")) {
            client(context).state().noEvict = false;
        } else {
            throw CommandError.SYNTAX;
        }
        context.reply().ok();
    }

    /**
     * CLIENT PAUSE timeout [WRITE|ALL]: the mode is checked before the timeout, as Redis does. The end is
     * now plus the timeout, wrapping like Redis's C arithmetic, so an end past the range is already over.
     */
    private void pause(CommandContext context, Arguments args) {
        if (args.count() > 4) {
            throw SubcommandHelp.syntaxError(args);
        }
        PauseMode mode = PauseMode.ALL;
        if (args.count() == 4) {
            if (args.is(3, "write")) {
                mode = PauseMode.WRITE;
            } else if (!args.is(3, "all")) {
                throw CommandError.of("ERR CLIENT PAUSE mode must be WRITE or ALL");
            }
        }
        long timeout = Parse.longArg(args, 2, CommandError.of("ERR timeout is not an integer or out of range"));
        if (timeout < 0) {
            throw CommandError.of("ERR timeout is negative");
        }
        long now = runtime.clock().millis();
        runtime.pause().pause(mode, timeout == 0 ? 0 : now + timeout, now);
        context.reply().ok();
    }

    /** CLIENT UNPAUSE: the held commands run once this reply is out of the way. */
    private void unpause(CommandContext context, Arguments args) {
        runtime.pause().unpause();
        context.reply().ok();
    }
}
