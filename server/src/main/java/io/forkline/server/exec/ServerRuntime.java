package io.forkline.server.exec;

import io.forkline.engine.Engine;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.keyspace.Clock;
import io.forkline.engine.pipeline.CommandEvent;
import io.forkline.server.acl.Acl;
import io.forkline.server.net.Admission;
import io.forkline.server.net.ClientSession;
import io.forkline.server.net.LimitDisconnections;
import io.forkline.server.pubsub.OutputBufferLimit;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The server's state the writer works with: clients, watches, statistics, settings the commands
 * change, the event being processed, and the periodic work of a tick. Writer thread only, except
 * where a method says otherwise.
 */
public final class ServerRuntime {

    private final Engine engine;
    private final Clock clock;
    private final Admission admission;
    private final ClientRegistry clients = new ClientRegistry();
    private final WatchRegistry watches = new WatchRegistry();
    private final ServerStats stats = new ServerStats();
    private final SplittableRandom random = new SplittableRandom();
    private final ClientPause pause;
    private final HeldCommands held = new HeldCommands();
    private final LimitDisconnections limitDisconnections = new LimitDisconnections();
    private final NormalOutputLimit normalOutputLimit;
    private Invocation invocation = new Invocation();
    private final String runId;
    private final long startMillis;
    private final List<Consumer<ClientSession>> disconnectListeners = new ArrayList<>();
    private final List<Consumer<ClientSession>> resetListeners = new ArrayList<>();
    private java.util.function.Function<ClientSession, String> typeOf = client -> "normal";
    private java.util.function.ToIntBiFunction<ClientSession, Boolean> subscriptions = (client, patterns) -> 0;
    // The hooks every command or write runs past: arrays of the listeners that have something to do (Listening).
    // The gates are looped over by index: a for-each allocated an iterator on each command, which the JIT did not
    // always remove.
    private final Listeners<KeyReadyListener> readyListeners = new Listeners<>(new KeyReadyListener[0]);
    private final Listeners<KeyReadyListener> modifiedListeners = new Listeners<>(new KeyReadyListener[0]);
    private final List<java.util.function.IntConsumer> flushListeners = new ArrayList<>();
    private final Listeners<Consumer<ClientSession>> finishedListeners = new Listeners<>(none());
    private ClientSession running;
    private KeyspaceEventListener keyspaceEvents = (flags, event, db, key, offset, length) -> { };
    private final List<java.util.function.IntConsumer> databaseListeners = new ArrayList<>();
    private final List<Consumer<CommandEvent<ClientSession>>> tickListeners = new ArrayList<>();
    private final Listeners<CommandListener> commandListeners = new Listeners<>(new CommandListener[0]);
    private final Listeners<Consumer<CommandEvent<ClientSession>>> commandDoneListeners = new Listeners<>(none());
    private CommandHold hold = (client, args) -> false;
    private ClientUnblocker unblocker = (client, withError) -> false;
    private Scheduler scheduler = (task, delayMillis) -> { };
    private final List<CommandGate> gates = new ArrayList<>();
    private boolean executingTransaction;
    private BusyScript busyScript;
    private Arguments scriptCommand;
    private boolean recordsEffects;
    private CommandEvent<ClientSession> currentEvent;
    private final Acl acl;
    private int port;
    private Runnable shutdown = () -> { };
    private final List<ShutdownPreparation> shutdownPreparations = new ArrayList<>();
    private String configFile = "";
    private int idleTimeoutSeconds;
    private java.util.function.Predicate<ClientSession> isBlocked = client -> false;
    private long lastSaveMillis;
    private java.util.function.IntSupplier blocked = () -> 0;
    private java.util.function.ToIntFunction<Boolean> pubsub = patterns -> 0;
    private java.util.function.IntSupplier tracking = () -> 0;
    private long opsPerSecond;
    private long opsSampleMillis;
    private long opsSampleCount;

    /** An empty array of a generic listener type, for {@link Listeners}. */
    @SuppressWarnings("unchecked")
    private static <T> Consumer<T>[] none() {
        return (Consumer<T>[]) new Consumer<?>[0];
    }

    /** Publishes a keyspace notification (Pub/Sub): {@code flags} are the current notify-keyspace-events. */
    @FunctionalInterface
    public interface KeyspaceEventListener {
        void keyspaceEvent(int flags, String event, int db, byte[] key, int offset, int length);
    }

    /** Told when a key gains elements or is otherwise changed (it may now hold elements), for blocked clients. */
    @FunctionalInterface
    public interface KeyReadyListener {
        void ready(int db, byte[] key, int offset, int length);
    }

    /** Told after a command ran (not when it was unknown, refused or queued): MONITOR's feed, the slow log. */
    @FunctionalInterface
    public interface CommandListener {
        void executed(ClientSession client, CommandSpec spec, Arguments args, int db, long micros);
    }

    /** Whether a client's command must wait instead of running now (its client is blocked): if so, the hold kept a copy. */
    @FunctionalInterface
    public interface CommandHold {
        boolean holds(ClientSession client, Arguments args);
    }

    /** CLIENT UNBLOCK: ends a client's wait, replying as on timeout or with an error; false if it was not blocked. */
    @FunctionalInterface
    public interface ClientUnblocker {
        boolean unblock(ClientSession client, boolean withError);
    }

    /** Runs a task on the writer thread, as an event of its own, after a delay: precise timers beyond the ticks. */
    @FunctionalInterface
    public interface Scheduler {
        void schedule(Runnable task, long delayMillis);
    }

    /**
     * Work before the server stops (the final save): null to go on stopping, else the error SHUTDOWN replies
     * while the server keeps running.
     */
    @FunctionalInterface
    public interface ShutdownPreparation {
        String prepare(ShutdownRequest request);
    }

    /**
     * A script running past busy-reply-threshold (see scripting.Scripting): while there is one, commands without
     * the allow_busy flag are refused with its error, ticks are dropped, and tasks other than the script's own
     * wait for its end, so that nothing changes the data half-way through the script.
     */
    public interface BusyScript {
        /** The -BUSY error other clients get. */
        String refusal();

        /** Whether a task may run while the script is busy (its own calls and end). */
        boolean mayRun(Runnable task);

        /** Keeps a task that must wait until the script ends. */
        void defer(Runnable task);

        /** SHUTDOWN NOSAVE: stops the script, whatever it wrote. */
        void kill();
    }

    /** Whether a client may run a command in its present state: null if it may, else the error to reply. */
    @FunctionalInterface
    public interface CommandGate {
        String refusal(ClientSession client, CommandSpec spec);
    }

    public ServerRuntime(Engine engine, Clock clock, Admission admission) {
        this.engine = engine;
        this.clock = clock;
        this.admission = admission;
        this.pause = new ClientPause(args -> engine.dispatcher().resolve(args));
        this.acl = new Acl(engine::commands);
        acl.onDefaultPassword(admission::passwordSet);
        this.normalOutputLimit = new NormalOutputLimit(OutputBufferLimit.NONE, this::typeOf, clock, limitDisconnections);
        byte[] id = new byte[20];
        for (int i = 0; i < id.length; i++) {
            id[i] = (byte) random.nextInt(256);
        }
        this.runId = HexFormat.of().formatHex(id);
        this.startMillis = clock.millis();
        this.lastSaveMillis = startMillis;
    }

    public Engine engine() {
        return engine;
    }

    public Clock clock() {
        return clock;
    }

    public Admission admission() {
        return admission;
    }

    public ClientRegistry clients() {
        return clients;
    }

    public WatchRegistry watches() {
        return watches;
    }

    public ServerStats stats() {
        return stats;
    }

    /** CLIENT PAUSE's state. */
    public ClientPause pause() {
        return pause;
    }

    HeldCommands held() {
        return held;
    }

    /** client-output-buffer-limit normal. */
    public NormalOutputLimit normalOutputLimit() {
        return normalOutputLimit;
    }

    /** Clients closed for going over the query or output buffer limit. Any thread. */
    public LimitDisconnections limitDisconnections() {
        return limitDisconnections;
    }

    /** The command being run, as its client sees it: its reply, and whether it is silenced or closes the client. */
    public Invocation invocation() {
        return invocation;
    }

    void invocation(Invocation running) {
        this.invocation = running;
    }

    public String runId() {
        return runId;
    }

    public long startMillis() {
        return startMillis;
    }

    public int port() {
        return port;
    }

    public void port(int port) {
        this.port = port;
    }

    /** requirepass: the default user's password (none: nopass). */
    public void requirePass(String password) {
        acl.requirePass(password);
    }

    /** Whether a connection must log in before its commands run (Redis's authRequired, for a client not logged in). */
    public boolean requiresAuth() {
        return acl.authRequired();
    }

    /** The ACL users and the permission checks. */
    public Acl acl() {
        return acl;
    }

    /** The event the writer is processing: where a command sends replies to other clients (its outbox). */
    void bind(CommandEvent<ClientSession> event) {
        this.currentEvent = event;
    }

    /**
     * Whether commands record their effects (Redis's propagation): only while the append-only file takes them
     * (appendonly on, or waiting for its first rewrite). Each event starts with this; turning it on applies to the
     * current event from here on, since whoever turns it on takes the log from this point.
     */
    public boolean recordsEffects() {
        return recordsEffects;
    }

    public void recordEffects(boolean on) {
        recordsEffects = on;
        if (on && currentEvent != null) {
            currentEvent.effects().recording(true);
        }
    }

    public CommandEvent<ClientSession> currentEvent() {
        return currentEvent;
    }

    public void onDisconnect(Consumer<ClientSession> listener) {
        disconnectListeners.add(listener);
    }

    /** Who publishes keyspace notifications (the Pub/Sub service). */
    public void onKeyspaceEvent(KeyspaceEventListener listener) {
        keyspaceEvents = listener;
    }

    void keyspaceEvent(int flags, String event, int db, byte[] key, int offset, int length) {
        keyspaceEvents.keyspaceEvent(flags, event, db, key, offset, length);
    }

    public Listening onKeyReady(KeyReadyListener listener) {
        return readyListeners.add(listener);
    }

    /** Told when a command (or expiry) changes a key, as Redis's signalModifiedKey: client-side caches of it are stale. */
    public Listening onKeyModified(KeyReadyListener listener) {
        return modifiedListeners.add(listener);
    }

    void keyModified(int db, byte[] key, int offset, int length) {
        for (KeyReadyListener listener : modifiedListeners.active()) {
            listener.ready(db, key, offset, length);
        }
    }

    /** Told when FLUSHDB empties a database, or FLUSHALL all of them (-1). */
    public void onFlushed(java.util.function.IntConsumer listener) {
        flushListeners.add(listener);
    }

    void flushed(int db) {
        for (java.util.function.IntConsumer listener : flushListeners) {
            listener.accept(db);
        }
    }

    /**
     * The client whose command is running (a whole EXEC included), as Redis's current client inside call();
     * null between commands, in ticks and in tasks.
     */
    public ClientSession runningClient() {
        return running;
    }

    /**
     * Told when a client's command has run, been refused or been queued for MULTI (not when CLIENT PAUSE held it),
     * while it is still the {@link #runningClient()} and its reply still open: what must follow a reply goes there.
     */
    public Listening onCommandFinished(Consumer<ClientSession> listener) {
        return finishedListeners.add(listener);
    }

    void running(ClientSession client) {
        this.running = client;
    }

    /**
     * A blocked client is served outside its own event (BLMOVE woken by a push): it is the running client until
     * {@link #served}, which tells the command-finished listeners once its reply is on its way.
     */
    public void serving(ClientSession client) {
        this.running = client;
    }

    public void served(ClientSession client) {
        commandFinished(client);
        this.running = null;
    }

    void commandFinished(ClientSession client) {
        for (Consumer<ClientSession> listener : finishedListeners.active()) {
            listener.accept(client);
        }
    }

    /** Told when every key of a database may have changed (FLUSHDB, FLUSHALL, SWAPDB). */
    public void onDatabaseChanged(java.util.function.IntConsumer listener) {
        databaseListeners.add(listener);
    }

    public void onTick(Consumer<CommandEvent<ClientSession>> listener) {
        tickListeners.add(listener);
    }

    public Listening onCommandExecuted(CommandListener listener) {
        return commandListeners.add(listener);
    }

    /** A command ran for {@code client}, ending in database {@code db}, in {@code micros}. */
    public void commandExecuted(ClientSession client, CommandSpec spec, Arguments args, int db, long micros) {
        for (CommandListener listener : commandListeners.active()) {
            listener.executed(client, spec, args, db, micros);
        }
    }

    /**
     * Told after a client's event has run its command (a whole EXEC included) and before the next event: clients
     * blocked on keys the command made ready are served then, as Redis's handleClientsBlockedOnKeys after call().
     */
    public Listening onCommandDone(Consumer<CommandEvent<ClientSession>> listener) {
        return commandDoneListeners.add(listener);
    }

    public void commandDone(CommandEvent<ClientSession> event) {
        for (Consumer<CommandEvent<ClientSession>> listener : commandDoneListeners.active()) {
            listener.accept(event);
        }
    }

    /** Holds the commands of blocked clients until they are unblocked: set by whoever blocks them. */
    public void commandHold(CommandHold hold) {
        this.hold = hold;
    }

    boolean holds(ClientSession client, Arguments args) {
        return hold.holds(client, args);
    }

    /** What CLIENT UNBLOCK asks: set by whoever blocks clients. */
    public void clientUnblocker(ClientUnblocker unblocker) {
        this.unblocker = unblocker;
    }

    public boolean unblock(ClientSession client, boolean withError) {
        return unblocker.unblock(client, withError);
    }

    /** Where {@link #schedule} sends its tasks (set by the server at start; without one, only ticks run timers). */
    public void scheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Runs {@code task} on the writer, as its own event (bound as {@link #currentEvent()}), after {@code delayMillis}. */
    public void schedule(Runnable task, long delayMillis) {
        scheduler.schedule(task, delayMillis);
    }

    /**
     * Adds a refusal rule: a client's state (RESP2 Pub/Sub context) or the server's (writes refused with
     * -MISCONF after a failed save or AOF write). The first gate that refuses answers.
     */
    public void commandGate(CommandGate gate) {
        gates.add(gate);
    }

    public String refusal(ClientSession client, CommandSpec spec) {
        for (int i = 0; i < gates.size(); i++) {
            String refusal = gates.get(i).refusal(client, spec);
            if (refusal != null) {
                return refusal;
            }
        }
        return null;
    }

    /**
     * While a script's command runs: the EVAL that runs the script (what client-side caching remembers when the
     * command reads, as Redis does: the keys the script declared); null otherwise.
     */
    public Arguments scriptCommand() {
        return scriptCommand;
    }

    public void scriptCommand(Arguments eval) {
        this.scriptCommand = eval;
    }

    /** The script running past busy-reply-threshold, or null. */
    public BusyScript busyScript() {
        return busyScript;
    }

    public void busyScript(BusyScript script) {
        this.busyScript = script;
    }

    /** True while EXEC runs its queued commands: Redis's CLIENT_DENY_BLOCKING (no MONITOR then). */
    public boolean executingTransaction() {
        return executingTransaction;
    }

    public void executingTransaction(boolean executing) {
        this.executingTransaction = executing;
    }

    /** RESET: the client leaves its subscriptions and blocked state but stays connected. */
    public void resetClient(ClientSession client) {
        for (Consumer<ClientSession> listener : resetListeners) {
            listener.accept(client);
        }
    }

    public void onReset(Consumer<ClientSession> listener) {
        resetListeners.add(listener);
    }

    /** Clients per type beyond "normal" (pubsub): asked of whoever keeps subscriptions. */
    public void clientType(java.util.function.Function<ClientSession, String> typeOf) {
        this.typeOf = typeOf;
    }

    public String typeOf(ClientSession client) {
        return typeOf.apply(client);
    }

    /** How many channels (or patterns) the client is subscribed to: asked of whoever keeps subscriptions. */
    public void subscriptionCounter(java.util.function.ToIntBiFunction<ClientSession, Boolean> counter) {
        this.subscriptions = counter;
    }

    public int subscriptionCount(ClientSession client, boolean patterns) {
        return subscriptions.applyAsInt(client, patterns);
    }

    void forget(ClientSession client) {
        held.forget(client);
        normalOutputLimit.forget(client);
        for (Consumer<ClientSession> listener : disconnectListeners) {
            listener.accept(client);
        }
    }

    void keyReady(int db, byte[] key, int offset, int length) {
        for (KeyReadyListener listener : readyListeners.active()) {
            listener.ready(db, key, offset, length);
        }
    }

    void databaseChanged(int db) {
        for (java.util.function.IntConsumer listener : databaseListeners) {
            listener.accept(db);
        }
    }

    /**
     * The cron: the end of a pause, active expiry (not while paused: Redis keeps the data set still)
     * and incremental rehash within the tick's budget, the output limits, then the listeners.
     */
    void tick(CommandEvent<ClientSession> event) {
        bind(event);
        engine.context().begin(0, event.reply(), event.effects());
        pause.expire(clock.millis());
        long budget = 1_000_000_000L / Math.max(1, engine.config().hz) / 4;   // a quarter of the tick, as Redis's 25% CPU
        if (engine.config().activeExpire && !pause.active()) {
            engine.keyspace().activeExpireCycle(clock.millis(), budget, random);
        }
        if (engine.config().activeRehashing) {
            engine.keyspace().rehashFor(1_000_000);
        }
        sampleOps();
        closeIdleClients(event);
        normalOutputLimit.enforceAll(clients.all());
        for (Consumer<CommandEvent<ClientSession>> listener : tickListeners) {
            listener.accept(event);
        }
    }

    /** What SHUTDOWN runs after replying: stop the server (set by the server at start). */
    public void shutdownAction(Runnable action) {
        this.shutdown = action;
    }

    public void shutdown() {
        shutdown.run();
    }

    /** Adds work to run before the server stops (persistence's final save). */
    public void onShutdown(ShutdownPreparation preparation) {
        shutdownPreparations.add(preparation);
    }

    /** Runs the work before stopping, in order: null when the server may stop, else the first error. */
    public String prepareShutdown(ShutdownRequest request) {
        for (ShutdownPreparation preparation : shutdownPreparations) {
            String error = preparation.prepare(request);
            if (error != null) {
                return error;
            }
        }
        return null;
    }

    /** LASTSAVE and rdb_last_save_time: the server's start until a save succeeds. */
    public long lastSaveSeconds() {
        return lastSaveMillis / 1000;
    }

    public void lastSaveMillis(long millis) {
        this.lastSaveMillis = millis;
    }

    /** Redis's timeout: clients idle longer are closed; 0 never. */
    public void idleTimeoutSeconds(int seconds) {
        this.idleTimeoutSeconds = seconds;
    }

    /** Closes clients idle past the timeout, except subscribers and blocked (or paused) clients, as Redis does. */
    private void closeIdleClients(CommandEvent<ClientSession> event) {
        if (idleTimeoutSeconds <= 0) {
            return;
        }
        long now = clock.millis();
        for (ClientSession client : clients.all()) {
            boolean exempt = !typeOf(client).equals("normal") || isBlocked.test(client) || held.holds(client);
            if (!exempt && now - client.state().lastInteractionMillis > idleTimeoutSeconds * 1000L) {
                event.outbox().close(client);
            }
        }
    }

    /** Whether a client is blocked on keys: asked of whoever blocks them. */
    public void blockedTest(java.util.function.Predicate<ClientSession> test) {
        this.isBlocked = test;
    }

    public boolean isBlocked(ClientSession client) {
        return isBlocked.test(client);
    }

    public String configFile() {
        return configFile;
    }

    public void configFile(String path) {
        this.configFile = path == null ? "" : path;
    }

    /** Clients blocked on keys (BLPOP...): asked of whoever blocks them. Clients CLIENT PAUSE holds are added to them. */
    public void blockedCounter(java.util.function.IntSupplier counter) {
        this.blocked = counter;
    }

    /** blocked_clients: blocked on keys, or held by CLIENT PAUSE (Redis counts both). */
    public int blockedClients() {
        return blocked.getAsInt() + held.clients();
    }

    /** Channels (or patterns) with subscribers: asked of whoever keeps subscriptions. */
    public void pubsubCounter(java.util.function.ToIntFunction<Boolean> counter) {
        this.pubsub = counter;
    }

    public int pubsubCount(boolean patterns) {
        return pubsub.applyAsInt(patterns);
    }

    /** Clients with CLIENT TRACKING on: asked of whoever keeps tracking. */
    public void trackingCounter(java.util.function.IntSupplier counter) {
        this.tracking = counter;
    }

    /** INFO's tracking_clients. */
    public int trackingClients() {
        return tracking.getAsInt();
    }

    /** Bytes sent to clients so far, summed over connected clients. */
    public long outputBytes() {
        long sum = 0;
        for (ClientSession client : clients.all()) {
            sum += client.outputBytes();
        }
        return sum;
    }

    /** Commands per second over the last second, sampled each tick. */
    public long opsPerSecond() {
        return opsPerSecond;
    }

    private void sampleOps() {
        long now = clock.millis();
        if (now - opsSampleMillis >= 1000) {
            opsPerSecond = (stats.commandsProcessed - opsSampleCount) * 1000 / Math.max(1, now - opsSampleMillis);
            opsSampleMillis = now;
            opsSampleCount = stats.commandsProcessed;
        }
    }
}
