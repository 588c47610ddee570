package io.forkline.engine.command;

import io.forkline.engine.keyspace.Keyspace;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.alloc.Allocator;

import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/**
 * What a command handler works with: the keyspace, the selected database, the clock reading taken
 * when the command started (every expiry check of one command uses it, as Redis's command time
 * snapshot), the reply and the effects. One per writer thread, re-armed by {@link #begin} for each
 * command or timer event.
 */
public final class CommandContext {

    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);

    private final Keyspace keyspace;
    private final EngineConfig config;
    private final io.forkline.engine.keyspace.Clock clock;
    private final RandomGenerator random;
    private KeyEvents events = KeyEvents.NONE;
    private int notifications;

    private int db;
    private Reply reply;
    private Effects effects;
    private long now;
    private long dirty;
    private boolean propagationTaken;
    private Object client;
    private boolean scripted;
    private boolean obeying;

    public CommandContext(Keyspace keyspace, EngineConfig config, io.forkline.engine.keyspace.Clock clock,
                          RandomGenerator random) {
        this.keyspace = keyspace;
        this.config = config;
        this.clock = clock;
        this.random = random;
        keyspace.listener(new io.forkline.engine.keyspace.KeyspaceListener() {
            @Override
            public void expired(int db, byte[] key) {
                CommandContext.this.expired(db, key);
            }

            @Override
            public void added(int db, byte[] key, int offset, int length) {
                keyspaceEvent(Notify.NEW, "new", db, key, offset, length);
            }
        });
    }

    /** The classes of keyspace notifications to publish ({@code notify-keyspace-events} as {@link Notify} flags). */
    public void notifications(int flags) {
        this.notifications = flags;
    }

    public int notifications() {
        return notifications;
    }

    public void events(KeyEvents events) {
        this.events = events;
    }

    /** Arms the context for one command (or timer event) in database {@code db}, at the clock's reading now. */
    public void begin(int db, Reply reply, Effects effects) {
        begin(db, reply, effects, clock.millis());
    }

    /** {@link #begin(int, Reply, Effects)} at {@code nowMillis}, a reading of this context's clock the caller took. */
    public void begin(int db, Reply reply, Effects effects, long nowMillis) {
        this.db = db;
        this.reply = reply;
        this.effects = effects;
        this.now = nowMillis;
        this.propagationTaken = false;
        this.scripted = false;
    }

    /** The connection the command came from, as the server knows it; null for internal commands. */
    public <T> T client(Class<T> type) {
        return type.cast(client);
    }

    public void client(Object client) {
        this.client = client;
    }

    /** Whether the command runs from a Lua script (Redis's CLIENT_SCRIPT): SORT BY a constant then sorts anyway. */
    public boolean scripted() {
        return scripted;
    }

    /** Set by the script runner around a script's command; cleared by {@link #begin}. */
    public void scripted(boolean fromScript) {
        this.scripted = fromScript;
    }

    /**
     * Whether commands come from the append-only file being loaded (Redis's mustObeyClient): they did what they
     * did when logged, so limits meant for clients (XADD's LIMIT) do not apply. Set by the loader around its replay.
     */
    public boolean obeying() {
        return obeying;
    }

    public void obeying(boolean fromLog) {
        this.obeying = fromLog;
    }

    /** Switches the database of the rest of this command (SELECT, MOVE's target checks...). */
    public void select(int db) {
        this.db = db;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    public Allocator allocator() {
        return keyspace.allocator();
    }

    public PagedMemory memory() {
        return keyspace.memory();
    }

    public EngineConfig config() {
        return config;
    }

    public RandomGenerator random() {
        return random;
    }

    public int db() {
        return db;
    }

    /** The command's time: Unix milliseconds when it started. */
    public long now() {
        return now;
    }

    public Reply reply() {
        return reply;
    }

    // ---------------------------------------------------------------------------------------------
    // Changes and their propagation

    /** Counts changes toward save points (Redis's server.dirty): one per element changed. */
    public void dirty(long changes) {
        dirty += changes;
    }

    public long dirty() {
        return dirty;
    }

    /** Called when a save has written everything up to {@code changes}: what is left is dirty. */
    public void saved(long changes) {
        dirty -= changes;
    }

    /**
     * The effects, for a handler that propagates something other than its own arguments (SPOP as
     * SREM, EXPIRE as PEXPIREAT...); once taken, the command itself is not propagated.
     */
    public Effects propagate() {
        propagationTaken = true;
        return effects;
    }

    /** Keeps a write command that changed something out of the AOF and replicas. */
    public void preventPropagation() {
        propagationTaken = true;
    }

    boolean propagationTaken() {
        return propagationTaken;
    }

    /** The effects written so far by this event (the server wraps a transaction's in MULTI/EXEC). */
    public Effects effects() {
        return effects;
    }

    /** The key was changed: WATCH on it fails. */
    public void modified(byte[] key, int offset, int length) {
        events.modified(db, key, offset, length);
    }

    public void modified(Arguments args, int index) {
        events.modified(db, args.buffer(), args.offset(index), args.length(index));
    }

    /** Every key of {@code db} may have changed. */
    public void databaseChanged(int changedDb) {
        events.databaseChanged(changedDb);
    }

    /** FLUSHDB ({@code flushedDb} its database) or FLUSHALL (-1) emptied the store, as Redis's signalFlushedDb. */
    public void flushed(int flushedDb) {
        events.flushed(flushedDb);
    }

    /** The key gained elements: clients blocked on it may be served. */
    public void ready(Arguments args, int index) {
        events.ready(db, args.buffer(), args.offset(index), args.length(index));
    }

    /**
     * A keyspace notification of class {@code type} (a {@link Notify} flag) for the key in argument
     * {@code index} of the selected database: Redis's notifyKeyspaceEvent. Costs a test when off.
     */
    public void keyspaceEvent(int type, String event, Arguments args, int index) {
        if (notifying(type)) {
            events.keyspaceEvent(notifications, event, db, args.buffer(), args.offset(index), args.length(index));
        }
    }

    public void keyspaceEvent(int type, String event, byte[] key, int offset, int length) {
        keyspaceEvent(type, event, db, key, offset, length);
    }

    /** A notification for a key of another database (MOVE, COPY ... DB). */
    public void keyspaceEvent(int type, String event, int keyDb, byte[] key, int offset, int length) {
        if (notifying(type)) {
            events.keyspaceEvent(notifications, event, keyDb, key, offset, length);
        }
    }

    private boolean notifying(int type) {
        return (notifications & type) != 0 && (notifications & (Notify.KEYSPACE | Notify.KEYEVENT)) != 0;
    }

    private void expired(int expiredDb, byte[] key) {
        if (effects != null) {
            effects.add(expiredDb, DEL, key);
        }
        keyspaceEvent(Notify.EXPIRED, "expired", expiredDb, key, 0, key.length);
        events.modified(expiredDb, key, 0, key.length);
    }

    // ---------------------------------------------------------------------------------------------
    // Lookups of argument keys in the selected database

    /** The entry of the key in argument {@code index} for reading, or 0 (absent or expired). */
    public long lookupRead(Arguments args, int index) {
        long entry = keyspace.lookupRead(db, args.buffer(), args.offset(index), args.length(index), now);
        if (entry == 0) {
            keyMiss(args, index);
        }
        return entry;
    }

    /** A read found no key in argument {@code index}: the "keymiss" notification, for reads that look keys up otherwise. */
    public void keyMiss(Arguments args, int index) {
        keyspaceEvent(Notify.KEY_MISS, "keymiss", args, index);
    }

    /** The entry of the key in argument {@code index} for writing, or 0 (absent or expired). */
    public long lookupWrite(Arguments args, int index) {
        return keyspace.lookup(db, args.buffer(), args.offset(index), args.length(index), now);
    }
}
