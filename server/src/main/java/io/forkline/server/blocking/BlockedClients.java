package io.forkline.server.blocking;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.pipeline.CommandEvent;
import io.forkline.engine.resp.RespReply;
import io.forkline.server.exec.Listening;
import io.forkline.server.exec.ServerRuntime;
import io.forkline.server.net.ClientSession;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The clients blocked on keys (BLPOP and the other blocking commands), with Redis 7.0's rules: who waits
 * on which key, served first come first served once the key gains elements, timed out, unblocked on
 * request (CLIENT UNBLOCK), forgotten on disconnect; and the commands a blocked client sends meanwhile,
 * held until it is free ({@link HeldCommands}). Writer thread only.
 *
 * <h2>Serving, as Redis's handleClientsBlockedOnKeys</h2>
 * A command that adds elements to a key someone waits on, or otherwise changes it (RENAME, SWAPDB...),
 * marks the key ready. After the command (a whole EXEC included) the ready keys are served in the order
 * they became ready; for each, the clients blocked on it in the order they blocked, each through its
 * {@link BlockedOperation} on the engine's context re-armed for it: its database, a reply of its own that
 * goes to the current event's outbox, and the event's effects, after the command's. A served BLMOVE
 * pushes to its destination, which may make another key ready: the loop goes on until no key is ready.
 * A key that holds nothing a waiter can take (absent, or of another type since it blocked) leaves it
 * blocked.
 *
 * <h2>Timeouts</h2>
 * Each tick times out the clients whose deadline has passed; so that a short timeout does not wait for
 * the next tick, a task is also scheduled for the earliest deadline (Redis checks on every event loop
 * turn). A timed-out client gets the null array.
 */
public final class BlockedClients {

    private final ServerRuntime runtime;
    private final CommandContext context;
    private final Map<ClientSession, BlockedClient> byClient = new IdentityHashMap<>();
    private final Map<WaitKey, LinkedHashSet<BlockedClient>> byKey = new HashMap<>();
    private final LinkedHashSet<WaitKey> readyKeys = new LinkedHashSet<>();
    private final TreeSet<BlockedClient> deadlines = new TreeSet<>(BlockedClient.BY_DEADLINE);
    private final RespReply reply = new RespReply();
    private final HeldCommands held;
    /** Clients whose command still runs after the writer moved on (a busy script's caller): they wait too. */
    private final Set<ClientSession> running = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private long sequence;
    private long wakeUpAt = Long.MAX_VALUE;
    /** Told of keys made ready while a client waits on one. */
    private Listening readiness;
    /** Told of commands done while a client waits, a key is ready or commands are held (see {@link #standAsideIfIdle}). */
    private Listening completion;

    private BlockedClients(ServerRuntime runtime, Releaser releaser, long heldLimitBytes) {
        this.runtime = runtime;
        this.context = runtime.engine().context();
        this.held = new HeldCommands(client -> isBlocked(client) || (!running.isEmpty() && running.contains(client)), releaser, heldLimitBytes);
    }

    /**
     * A registry of blocked clients wired to the runtime's hooks: key readiness, command completion, ticks,
     * disconnects, the command hold, CLIENT UNBLOCK, and the counters of INFO and the idle timeout.
     *
     * @param releaser       hands a client's held commands back to its IO thread to publish again
     * @param heldLimitBytes how many bytes of held commands a blocked client may send before it is closed
     */
    public static BlockedClients attach(ServerRuntime runtime, Releaser releaser, long heldLimitBytes) {
        BlockedClients blocked = new BlockedClients(runtime, releaser, heldLimitBytes);
        blocked.readiness = runtime.onKeyReady(blocked::keyReady);
        runtime.onDatabaseChanged(blocked::databaseChanged);
        blocked.completion = runtime.onCommandDone(blocked::commandDone);
        blocked.standAsideIfIdle();
        runtime.onTick(blocked::expire);
        runtime.onDisconnect(blocked::forget);
        runtime.commandHold(blocked.held::hold);
        runtime.clientUnblocker(blocked::unblockOnRequest);
        runtime.blockedCounter(blocked::count);
        runtime.blockedTest(blocked::isBlocked);
        return blocked;
    }

    /** Hands a client's held commands back to its IO thread, which publishes them in order; called on the writer. */
    @FunctionalInterface
    public interface Releaser {
        void release(ClientSession client, List<Arguments> commands);
    }

    /** How many clients are blocked (INFO's blocked_clients). */
    public int count() {
        return byClient.size();
    }

    public boolean isBlocked(ClientSession client) {
        return !byClient.isEmpty() && byClient.containsKey(client);   // asked of every command
    }

    /** False while EXEC runs its commands: a blocking command answers as on timeout instead (CLIENT_DENY_BLOCKING). */
    boolean mayBlock() {
        return !runtime.executingTransaction();
    }

    // ---------------------------------------------------------------------------------------------
    // Blocking and unblocking

    /**
     * Blocks the client of the current event on the {@code keyCount} keys from argument {@code firstKey} of
     * {@code args} (each once, in order), in database {@code db}, until {@code deadline} (or
     * {@link BlockingTimeout#NONE}): its command replies nothing now.
     */
    void block(ClientSession client, int db, Arguments args, int firstKey, int keyCount, long deadline,
               BlockedOperation operation) {
        LinkedHashSet<WaitKey> keys = new LinkedHashSet<>();
        for (int index = firstKey; index < firstKey + keyCount; index++) {
            keys.add(WaitKey.of(db, args.buffer(), args.offset(index), args.length(index)));
        }
        BlockedClient waiter = new BlockedClient(client, runtime.engine().dispatcher().table().lookup(args),
                new ArrayList<>(keys), deadline, sequence++, operation);
        byClient.put(client, waiter);
        readiness.active(true);
        completion.active(true);
        for (WaitKey key : waiter.keys()) {
            byKey.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(waiter);
        }
        if (waiter.hasDeadline()) {
            deadlines.add(waiter);
            scheduleWakeUp(deadline);
        }
        runtime.currentEvent().silence();
    }

    /** Ends a wait: the client leaves every wait list and its held commands may run. */
    private void unblock(BlockedClient waiter) {
        ClientSession client = waiter.client();
        byClient.remove(client);
        for (WaitKey key : waiter.keys()) {
            LinkedHashSet<BlockedClient> waiters = byKey.get(key);
            waiters.remove(waiter);
            if (waiters.isEmpty()) {
                byKey.remove(key);
            }
        }
        if (waiter.hasDeadline()) {
            deadlines.remove(waiter);
        }
        held.settle(client);
    }

    /**
     * The client's command goes on running while the writer serves others (a script past busy-reply-threshold):
     * its later commands wait, as a blocked client's do, until {@link #releaseAfterScript}. It is not counted as
     * blocked, as Redis does not count a script's caller.
     */
    public void holdWhileRunning(ClientSession client) {
        running.add(client);
        completion.active(true);
    }

    /** The client's long command has ended: the commands it sent meanwhile run now, in order. */
    public void releaseAfterScript(ClientSession client) {
        if (running.remove(client)) {
            held.settle(client);
        }
    }

    /** CLIENT UNBLOCK: replies the null array (as a timeout) or the UNBLOCKED error; false if the client was not blocked. */
    private boolean unblockOnRequest(ClientSession client, boolean withError) {
        BlockedClient waiter = byClient.get(client);
        if (waiter == null) {
            return false;
        }
        armReply(client);
        if (withError) {
            reply.error("UNBLOCKED client unblocked via CLIENT UNBLOCK");
        } else {
            reply.nullArray();
        }
        countError(waiter);
        deliver(client, runtime.currentEvent());
        unblock(waiter);
        return true;
    }

    /** The client disconnected: it leaves every wait list, and its held commands are dropped. */
    private void forget(ClientSession client) {
        BlockedClient waiter = byClient.get(client);
        held.forget(client);
        running.remove(client);
        if (waiter != null) {
            unblock(waiter);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Serving ready keys

    private void keyReady(int db, byte[] key, int offset, int length) {
        if (byKey.isEmpty()) {
            return;
        }
        if (byKey.containsKey(WaitKey.probe(db, key, offset, length))) {
            readyKeys.add(WaitKey.of(db, key, offset, length));
        }
    }

    /** Every key of the database may have changed (SWAPDB, FLUSHDB): each one waited on there is ready. */
    private void databaseChanged(int db) {
        for (WaitKey key : byKey.keySet()) {
            if (key.db() == db) {
                readyKeys.add(key);
            }
        }
    }

    private void commandDone(CommandEvent<ClientSession> event) {
        serveReadyKeys(event);
        held.settle(event.client());
        standAsideIfIdle();
    }

    /**
     * With no client blocked or running past the writer, no key ready and no command held, commands leave this
     * registry nothing to do until a client blocks ({@link #block}, {@link #holdWhileRunning}): it stops being
     * told of them. Checked after each command it is told of, so that what a timeout or a disconnect left to
     * settle is settled first.
     */
    private void standAsideIfIdle() {
        if (byKey.isEmpty()) {
            readiness.active(false);
        }
        if (byClient.isEmpty() && readyKeys.isEmpty() && running.isEmpty() && held.isEmpty()) {
            completion.active(false);
        }
    }

    /** Serves the clients blocked on the ready keys, key by key, until no key is ready (BLMOVE makes more). */
    private void serveReadyKeys(CommandEvent<ClientSession> event) {
        while (!readyKeys.isEmpty()) {
            Iterator<WaitKey> first = readyKeys.iterator();
            WaitKey key = first.next();
            first.remove();   // before serving it: a BLMOVE onto the same key makes it ready again
            serveKey(key, event);
        }
    }

    private void serveKey(WaitKey key, CommandEvent<ClientSession> event) {
        LinkedHashSet<BlockedClient> waiters = byKey.get(key);
        if (waiters == null) {
            return;
        }
        for (BlockedClient waiter : new ArrayList<>(waiters)) {
            if (byClient.get(waiter.client()) != waiter) {
                continue;   // served through another key meanwhile
            }
            if (!waiter.client().isOpen()) {
                unblock(waiter);   // its connection is gone (the disconnect event is on its way): serve the next
                continue;
            }
            if (serve(waiter, key, event)) {
                unblock(waiter);
            } else if (!exists(key)) {
                return;   // emptied (and so deleted): no one after can be served from it
            }
        }
    }

    private boolean serve(BlockedClient waiter, WaitKey key, CommandEvent<ClientSession> event) {
        ClientSession client = waiter.client();
        armReply(client);
        context.begin(key.db(), reply, event.effects());
        context.client(client);
        runtime.serving(client);
        try {
            if (!waiter.operation().serve(context, key.key())) {
                return false;
            }
            countError(waiter);
            deliver(client, event);
            return true;
        } finally {
            runtime.served(client);
        }
    }

    private boolean exists(WaitKey key) {
        return context.keyspace().lookup(key.db(), key.key(), 0, key.key().length, context.now()) != 0;
    }

    // ---------------------------------------------------------------------------------------------
    // Timeouts

    /** Times out every client whose deadline has passed (Redis: deadline < now). */
    private void expire(CommandEvent<ClientSession> event) {
        long now = runtime.clock().millis();
        while (!deadlines.isEmpty() && deadlines.first().deadline() < now) {
            BlockedClient waiter = deadlines.first();
            armReply(waiter.client());
            reply.nullArray();
            deliver(waiter.client(), event);
            unblock(waiter);
        }
    }

    /** Asks for a wake-up just after {@code deadline}, unless one comes earlier (which asks for the next). */
    private void scheduleWakeUp(long deadline) {
        if (deadline >= wakeUpAt) {
            return;
        }
        wakeUpAt = deadline;
        runtime.schedule(this::wakeUp, Math.max(0, deadline + 1 - runtime.clock().millis()));
    }

    private void wakeUp() {
        wakeUpAt = Long.MAX_VALUE;
        expire(runtime.currentEvent());
        if (!deadlines.isEmpty()) {
            scheduleWakeUp(deadlines.first().deadline());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Replies to blocked clients

    private void armReply(ClientSession client) {
        reply.clear();
        reply.protocol(client.state().protocol);
    }

    /**
     * Counts the reply built for a blocked client when it is an error (NOGROUP for a destroyed group, UNBLOCKED), as
     * Redis does on unblocking: in INFO errorstats and in the blocked command's failed_calls.
     */
    private void countError(BlockedClient waiter) {
        if (reply.length() == 0 || reply.buffer()[0] != '-') {
            return;
        }
        int end = 1;
        while (end < reply.length() && reply.buffer()[end] != ' ' && reply.buffer()[end] != '\r') {
            end++;
        }
        runtime.stats().error(new String(reply.buffer(), 1, end - 1, java.nio.charset.StandardCharsets.US_ASCII));
        if (waiter.command() != null) {
            runtime.stats().of(waiter.command()).failedCalls++;
        }
    }

    /** Sends the reply built for {@code client} through the event's outbox, unless the client turned replies off. */
    private void deliver(ClientSession client, CommandEvent<ClientSession> event) {
        if (client.state().repliesOn) {
            event.outbox().add(client, reply.buffer(), 0, reply.length());
        }
    }
}
