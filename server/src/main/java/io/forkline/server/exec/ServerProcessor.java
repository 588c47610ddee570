package io.forkline.server.exec;

import io.forkline.engine.Engine;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandFlag;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Errors;
import io.forkline.engine.command.KeyEvents;
import io.forkline.engine.pipeline.CommandEvent;
import io.forkline.engine.pipeline.CommandProcessor;
import io.forkline.engine.resp.RespReply;
import io.forkline.server.net.ClientSession;
import io.forkline.server.net.ClientState;

import java.util.Set;

/**
 * The writer stage of the server: for each event, the client's state around the engine's dispatch
 * (authentication, transactions, reply modes, statistics), timer ticks, and disconnects. Writer
 * thread only; it is the only code that touches the store.
 */
public final class ServerProcessor implements CommandProcessor<ClientSession>, KeyEvents {

    /** Commands a client may send before AUTH. */
    private static final Set<String> NO_AUTH = Set.of("auth", "hello", "quit", "reset");
    /** Commands that run at once inside MULTI instead of being queued. */
    private static final Set<String> TRANSACTION_CONTROL = Set.of("exec", "discard", "multi", "watch", "quit", "reset");

    private final Engine engine;
    private final ServerRuntime runtime;
    private final CommandContext context;

    public ServerProcessor(Engine engine, ServerRuntime runtime) {
        this.engine = engine;
        this.runtime = runtime;
        this.context = engine.context();
        context.events(this);
    }

    @Override
    public void process(CommandEvent<ClientSession> event) {
        switch (event.kind()) {
            case COMMAND -> command(event);
            case PROTOCOL_ERROR -> {
                event.reply().error(event.error());
                event.closeClient();
                forget(event.client());
            }
            case DISCONNECT -> forget(event.client());
            case TICK -> runtime.tick(event);
            case TASK -> {
                runtime.bind(event);
                event.task().run();
            }
        }
    }

    private void command(CommandEvent<ClientSession> event) {
        ClientSession client = event.client();
        ClientState state = client.state();
        if (state.closed || runtime.holds(client, event.args())) {
            event.silence();
            return;
        }
        if (runtime.clients().register(client)) {
            runtime.stats().connectionsReceived++;
        }
        state.lastInteractionMillis = runtime.clock().millis();
        Arguments args = event.args();
        RespReply reply = event.reply();
        reply.protocol(state.protocol);
        CommandSpec spec = engine.dispatcher().resolve(args);
        state.lastCommand = spec == null ? args.string(0).toLowerCase(java.util.Locale.ROOT) : spec.name();
        context.begin(state.db, reply, event.effects());
        context.client(client);
        runtime.bind(event);
        boolean skip = state.skipNextReply;
        state.skipNextReply = false;
        String refusal = runnable(spec, args) ? runtime.refusal(client, spec) : null;
        if (runtime.requiresAuth() && !state.authenticated && (spec == null || !NO_AUTH.contains(spec.name()))) {
            reply.error("NOAUTH Authentication required.");
        } else if (refusal != null) {
            reject(state, spec, refusal, reply);
        } else if (state.inTransaction() && (spec == null || !TRANSACTION_CONTROL.contains(spec.name()))) {
            queue(state, args, spec, reply);
        } else {
            execute(spec, args);
        }
        state.db = context.db();
        if (!state.repliesOn || skip) {
            event.silence();
        }
        runtime.commandDone(event);
    }

    /** Runs one command through the engine's dispatcher, counting it. */
    void execute(CommandSpec spec, Arguments args) {
        long start = System.nanoTime();
        int replyStart = replyLength();
        engine.dispatcher().execute(context, args);
        long micros = (System.nanoTime() - start) / 1000;
        runtime.stats().commandsProcessed++;
        if (runnable(spec, args)) {
            runtime.commandExecuted(context.client(ClientSession.class), spec, args, context.db(), micros);
        }
        if (spec != null) {
            ServerStats.CommandStats stats = runtime.stats().of(spec);
            stats.calls++;
            stats.micros += micros;
            if (replyLength() > replyStart && reply().buffer()[replyStart] == '-') {
                stats.failedCalls++;
                runtime.stats().error(errorCode(replyStart));
            }
        } else {
            runtime.stats().error("ERR");
        }
    }

    /** True when the dispatcher will run {@code spec}'s handler: a known command, not a bare container, with its arity. */
    private static boolean runnable(CommandSpec spec, Arguments args) {
        return spec != null && !spec.isContainer() && spec.arityAllows(args.count());
    }

    /** Refuses a command the client's state forbids, as Redis's rejectCommand: counted, and it dooms a transaction. */
    private void reject(ClientState state, CommandSpec spec, String message, RespReply reply) {
        reply.error(message);
        runtime.stats().of(spec).rejectedCalls++;
        runtime.stats().error(message.substring(0, Math.max(0, message.indexOf(' '))));
        if (state.inTransaction()) {
            state.transactionFailed = true;
        }
    }

    private RespReply reply() {
        return runtime.currentEvent().reply();
    }

    private int replyLength() {
        return reply().length();
    }

    /** The code of the error reply starting at {@code at}: the word after '-'. */
    private String errorCode(int at) {
        byte[] bytes = reply().buffer();
        int end = at + 1;
        while (end < replyLength() && bytes[end] != ' ' && bytes[end] != '\r') {
            end++;
        }
        return new String(bytes, at + 1, end - at - 1, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Inside MULTI: queue the command, or refuse it and doom the transaction, as Redis does. */
    private void queue(ClientState state, Arguments args, CommandSpec spec, RespReply reply) {
        if (spec == null) {
            reply.error(Errors.unknownCommand(args));
            state.transactionFailed = true;
        } else if (!spec.arityAllows(args.count())) {
            reply.error(Errors.wrongArity(spec.name()));
            state.transactionFailed = true;
        } else if (spec.has(CommandFlag.NO_MULTI)) {
            reply.error("ERR Command not allowed inside a transaction");
            state.transactionFailed = true;
        } else {
            Arguments copy = new Arguments(Math.max(16, args.offset(args.count() - 1) + args.length(args.count() - 1)), args.count());
            for (int i = 0; i < args.count(); i++) {
                copy.add(args.buffer(), args.offset(i), args.length(i));
            }
            state.queued.add(copy);
            reply.simple("QUEUED");
        }
    }

    /** A client is gone: drop its watches, subscriptions and registration. */
    private void forget(ClientSession client) {
        if (client.state().closed) {
            return;
        }
        client.state().closed = true;
        runtime.watches().unwatchAll(client);
        runtime.clients().remove(client);
        runtime.forget(client);
    }

    /**
     * A changed key breaks WATCHes, and may now hold elements (RENAME, COPY, MOVE, RESTORE, SORT STORE place a
     * whole value, as Redis's dbAdd signals): blocked clients check it, as for a push.
     */
    @Override
    public void modified(int db, byte[] key, int offset, int length) {
        runtime.watches().touched(db, key, offset, length);
        runtime.keyReady(db, key, offset, length);
    }

    @Override
    public void ready(int db, byte[] key, int offset, int length) {
        runtime.keyReady(db, key, offset, length);
    }

    @Override
    public void databaseChanged(int db) {
        runtime.watches().touchedDatabase(db, key -> engine.keyspace().find(db, key, 0, key.length) != 0);
        runtime.databaseChanged(db);
    }
}
