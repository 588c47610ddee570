package io.forkline.server.exec;

import io.forkline.engine.Engine;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandFlag;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Effects;
import io.forkline.engine.command.Errors;
import io.forkline.engine.command.KeyEvents;
import io.forkline.engine.pipeline.CommandEvent;
import io.forkline.engine.pipeline.CommandProcessor;
import io.forkline.engine.resp.RespReply;
import io.forkline.server.acl.Acl;
import io.forkline.server.net.ClientSession;
import io.forkline.server.net.ClientState;

import java.util.Set;

/**
 * The writer stage of the server: for each event, the client's state around the engine's dispatch
 * (authentication, transactions, reply modes, CLIENT PAUSE, output limits, statistics), timer ticks,
 * and disconnects. Writer thread only; it is the only code that touches the store.
 *
 * <h2>CLIENT PAUSE</h2>
 * A command the pause holds is not run: a copy is set aside ({@link HeldCommands}), its event replies
 * nothing, and the client's connection stops being read, so every later command of that client, what
 * was already published included, waits behind it, as in Redis where the client is blocked. Checks
 * Redis makes before its pause check still answer at once (unknown command, arity, NOAUTH, the RESP2
 * subscribed context, NO_MULTI inside MULTI). When the pause ends (CLIENT UNPAUSE, or a tick past its
 * end) the same event runs the held commands, client after client in the order they were held, each
 * through the same checks again (so a command that pauses again holds the rest); their replies and
 * closes go through that event's outbox, their effects into its effects, so the journal and the
 * responder see them in the order they ran.
 */
public final class ServerProcessor implements CommandProcessor<ClientSession>, KeyEvents {

    /** Commands a client may send before AUTH. */
    private static final Set<String> NO_AUTH = Set.of("auth", "hello", "quit", "reset");
    /** Commands that run at once inside MULTI instead of being queued. */
    private static final Set<String> TRANSACTION_CONTROL = Set.of("exec", "discard", "multi", "watch", "quit", "reset");

    private final Engine engine;
    private final ServerRuntime runtime;
    private final CommandContext context;
    private final Invocation fromEvent = new Invocation();
    private final Invocation released = new Invocation();
    private final RespReply releasedReply = new RespReply();
    /** The clock at the start of the current batch ({@link #batchStarting}). */
    private long batchMillis;
    /** No wall clock reading to measure commands' times from: the next command takes one. */
    private static final long NO_READING = Long.MIN_VALUE;
    /**
     * The wall clock's reading that commands' times are measured from ({@link #commandMillis}), or {@link #NO_READING};
     * once {@link #anchored}, {@link #anchorNanos} is {@link System#nanoTime()} at that reading.
     */
    private long anchorMillis = NO_READING;
    private long anchorNanos;
    private boolean anchored;
    /** Whether only commands ran since the last command executed in this batch ended, at {@link #lastEnd}. */
    private boolean chained;
    private long lastEnd;

    public ServerProcessor(Engine engine, ServerRuntime runtime) {
        this.engine = engine;
        this.runtime = runtime;
        this.context = engine.context();
        context.events(this);
    }

    /** The clock read once per batch: when its commands' clients last spoke. */
    @Override
    public void batchStarting(long size) {
        batchMillis = runtime.clock().millis();
        anchorMillis = batchMillis;   // the batch's first command anchors to this reading
        anchored = false;
        chained = false;
    }

    @Override
    public void process(CommandEvent<ClientSession> event) {
        event.effects().recording(runtime.recordsEffects());
        if (event.kind() != CommandEvent.Kind.COMMAND) {
            chained = false;   // a timer or a task may take long: the next command reads the clocks afresh
            anchored = false;
            anchorMillis = NO_READING;
        }
        switch (event.kind()) {
            case COMMAND -> command(event);
            case PROTOCOL_ERROR -> protocolError(event);
            case DISCONNECT -> forget(event.client());
            case TICK -> {
                if (runtime.busyScript() != null) {
                    return;   // no expiry nor save point while a script runs, as in Redis; a late tick is worth nothing
                }
                runtime.tick(event);
                releaseIfUnpaused(event);
            }
            case TASK -> {
                ServerRuntime.BusyScript busy = runtime.busyScript();
                if (busy != null && !busy.mayRun(event.task())) {
                    busy.defer(event.task());
                    return;
                }
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
        if (!state.registered) {
            state.registered = true;
            if (runtime.clients().register(client)) {
                runtime.stats().connectionsReceived++;
            }
        }
        state.lastInteractionMillis = batchMillis;
        runtime.bind(event);
        if (!runtime.held().isEmpty() && runtime.held().holds(client)) {
            runtime.held().hold(client, event.args());   // behind the client's held commands
            event.silence();
            return;
        }
        fromEvent.start(client, event.reply());
        if (run(client, event.args(), fromEvent, event.effects())) {
            runtime.commandDone(event);   // serve clients blocked on keys the command made ready
            if (fromEvent.silenced()) {
                event.silence();
            }
            if (fromEvent.closesClient()) {
                event.closeClient();
                forget(client);   // gone for every later command, as Redis frees it once the reply is written
            }
        } else {
            hold(client, event.args());
            event.silence();
        }
        releaseIfUnpaused(event);
    }

    private void protocolError(CommandEvent<ClientSession> event) {
        ClientSession client = event.client();
        if (runtime.held().holds(client) && !client.state().closed) {
            runtime.held().holdProtocolError(client, event.error());   // answered after the held commands
            event.silence();
            return;
        }
        event.reply().error(event.error());
        event.closeClient();
        forget(client);
    }

    /**
     * Runs one command of {@code client}, answering into {@code invocation}; false when the pause holds
     * it instead (then nothing ran and nothing was answered).
     */
    private boolean run(ClientSession client, Arguments args, Invocation invocation, Effects effects) {
        ClientState state = client.state();
        if (state.closed || state.closeAsap) {
            invocation.silence();
            return true;
        }
        if (state.user == null) {   // as Redis's createClient: the default user, logged in if it needs no password
            state.user = runtime.acl().defaultUser();
            state.authenticated = runtime.acl().startsAuthenticated();
        }
        RespReply reply = invocation.reply();
        reply.protocol(state.protocol);
        CommandSpec spec = engine.dispatcher().resolve(args);
        state.lastCommand = spec == null ? args.string(0).toLowerCase(java.util.Locale.ROOT) : spec.name();
        String refusal = runnable(spec, args) ? refusal(client, spec, args) : null;
        boolean unauthenticated = runtime.requiresAuth() && !state.authenticated && (spec == null || !NO_AUTH.contains(spec.name()));
        if (!unauthenticated && refusal == null && pauseHolds(spec, args, state)) {
            return false;
        }
        runtime.invocation(invocation);
        runtime.running(client);
        context.begin(state.db, reply, effects, commandMillis());
        context.client(client);
        boolean skip = state.skipNextReply;
        state.skipNextReply = false;
        state.replySkipped = skip;
        if (unauthenticated) {
            reply.error("NOAUTH Authentication required.");
        } else if (refusal != null) {
            reject(client, spec, refusal, reply);
        } else if (state.inTransaction() && (spec == null || !TRANSACTION_CONTROL.contains(spec.name()))) {
            queue(state, args, spec, reply);
        } else {
            execute(spec, args);
        }
        state.db = context.db();
        runtime.commandFinished(client);
        runtime.running(null);
        state.replySkipped = false;
        if (!state.repliesOn || skip) {
            invocation.silence();
        }
        if (runtime.normalOutputLimit().enforce(client, invocation.silenced() ? 0 : reply.length())) {
            invocation.silence();   // closed: the reply that went over the limit is dropped with the rest
        }
        return true;
    }

    /**
     * The ACL check first, as Redis's processCommand, then the gates (RESP2 Pub/Sub context, MISCONF...), then a
     * busy script.
     */
    private String refusal(ClientSession client, CommandSpec spec, Arguments args) {
        Acl.Denial denial = runtime.acl().check(client.state().user, spec, args);
        if (denial != null) {
            return switch (denial) {
                case COMMAND -> "NOPERM this user has no permissions to run the '" + spec.name() + "' command";
                case KEY -> "NOPERM this user has no permissions to access one of the keys used as arguments";
                case CHANNEL -> "NOPERM this user has no permissions to access one of the channels used as arguments";
            };
        }
        String refusal = runtime.refusal(client, spec);
        if (refusal == null && runtime.busyScript() != null && !spec.has(CommandFlag.ALLOW_BUSY)) {
            return runtime.busyScript().refusal();
        }
        return refusal;
    }

    /** Redis checks the pause after the refusals that answer at once; a command NO_MULTI refuses in MULTI is not held. */
    private boolean pauseHolds(CommandSpec spec, Arguments args, ClientState state) {
        return runtime.pause().active() && runnable(spec, args) && !(state.inTransaction() && spec.has(CommandFlag.NO_MULTI))
                && runtime.pause().holds(spec, state);
    }

    /** Sets a command aside; the client's first held command stops its reading. */
    private void hold(ClientSession client, Arguments args) {
        if (runtime.held().hold(client, args)) {
            client.holdInput();
        }
    }

    /** After an event that may have ended the pause: runs what it held, into {@code event}'s outbox. */
    private void releaseIfUnpaused(CommandEvent<ClientSession> event) {
        HeldCommands held = runtime.held();
        if (held.isEmpty() || runtime.pause().active()) {
            return;
        }
        runtime.bind(event);
        for (ClientSession client : held.clientsInOrder()) {
            if (!release(client, event)) {
                held.moveToEnd(client);
            }
        }
    }

    /** Runs the client's held commands in order; false if one was held again (the rest stay behind it). */
    private boolean release(ClientSession client, CommandEvent<ClientSession> event) {
        HeldCommands held = runtime.held();
        for (HeldCommands.Held next = held.next(client); next != null; next = held.next(client)) {
            if (next.protocolError() != null) {
                releasedReply.clear();
                releasedReply.error(next.protocolError());
                event.outbox().add(client, releasedReply.buffer(), 0, releasedReply.length());
                event.outbox().close(client);
                forget(client);
                return true;
            }
            releasedReply.clear();
            released.start(client, releasedReply);
            if (!run(client, next.args(), released, event.effects())) {
                return false;
            }
            held.done(client);
            runtime.commandDone(event);
            if (!released.silenced() && releasedReply.length() > 0) {
                event.outbox().add(client, releasedReply.buffer(), 0, releasedReply.length());
            }
            if (released.closesClient()) {
                event.outbox().close(client);
                forget(client);
                return true;
            }
        }
        client.releaseInput();
        return true;
    }

    /**
     * The clock when a command starts, as Redis's cached mstime: a wall clock reading moved on by the monotonic time
     * since, which the command's timing ({@link #execute}) reads anyway, so that a command costs one clock read. The
     * reading is the batch's, or after a timer or task in the batch (which may take long) the next command's own.
     * The command's time starts here.
     */
    private long commandMillis() {
        if (!chained) {
            lastEnd = System.nanoTime();
            chained = true;
        }
        if (!anchored) {
            if (anchorMillis == NO_READING) {
                anchorMillis = runtime.clock().millis();
            }
            anchorNanos = lastEnd;
            anchored = true;
        }
        return runtime.clock().millisAfter(anchorMillis, lastEnd - anchorNanos);
    }

    /**
     * Runs one command through the engine's dispatcher, counting it. Its time (SLOWLOG, INFO commandstats) runs from
     * the end of the command executed before it in the batch, when only commands ran in between (the bookkeeping
     * between the two is counted with it), so that a command costs one reading of the clock, not two.
     */
    void execute(CommandSpec spec, Arguments args) {
        long start = chained ? lastEnd : System.nanoTime();
        int replyStart = replyLength();
        engine.dispatcher().execute(context, spec, args);   // spec: what run resolved args to
        lastEnd = System.nanoTime();
        chained = true;
        long nanos = lastEnd - start;
        if (runnable(spec, args)) {
            runtime.commandExecuted(context.client(ClientSession.class), spec, args, context.db(), nanos / 1000);
        }
        if (spec != null) {
            runtime.stats().called(spec, nanos, reply().buffer(), replyStart, replyLength());
        } else {
            runtime.stats().commandsProcessed++;
            runtime.stats().error("ERR");
        }
    }

    /** True when the dispatcher will run {@code spec}'s handler: a known command, not a bare container, with its arity. */
    private static boolean runnable(CommandSpec spec, Arguments args) {
        return spec != null && !spec.isContainer() && spec.arityAllows(args.count());
    }

    /**
     * Refuses a command the client's state forbids, as Redis's rejectCommand: counted, and it dooms a transaction;
     * a refused EXEC discards the transaction and says why (EXECABORT).
     */
    private void reject(ClientSession client, CommandSpec spec, String message, RespReply reply) {
        ClientState state = client.state();
        runtime.stats().of(spec).rejectedCalls++;
        runtime.stats().error(message.substring(0, Math.max(0, message.indexOf(' '))));
        if (spec.name().equals("exec")) {
            state.endTransaction();
            runtime.watches().unwatchAll(client);
            reply.error("EXECABORT Transaction discarded because of: " + message);
            return;
        }
        reply.error(message);
        if (state.inTransaction()) {
            state.transactionFailed = true;
        }
    }

    private RespReply reply() {
        return runtime.invocation().reply();
    }

    private int replyLength() {
        return reply().length();
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
            state.queued.add(args.copy());
            reply.simple("QUEUED");
        }
    }

    /** A client is gone: drop its watches, subscriptions, held commands and registration. */
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
        runtime.keyModified(db, key, offset, length);
        runtime.keyReady(db, key, offset, length);
    }

    @Override
    public void flushed(int db) {
        runtime.flushed(db);
    }

    @Override
    public void ready(int db, byte[] key, int offset, int length) {
        runtime.keyReady(db, key, offset, length);
    }

    @Override
    public void keyspaceEvent(int flags, String event, int db, byte[] key, int offset, int length) {
        runtime.keyspaceEvent(flags, event, db, key, offset, length);
    }

    @Override
    public void databaseChanged(int db) {
        runtime.watches().touchedDatabase(db, key -> engine.keyspace().find(db, key, 0, key.length) != 0);
        runtime.databaseChanged(db);
    }
}
