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

    private int db;
    private Reply reply;
    private Effects effects;
    private long now;
    private long dirty;
    private boolean propagationTaken;
    private Object client;

    public CommandContext(Keyspace keyspace, EngineConfig config, io.forkline.engine.keyspace.Clock clock,
                          RandomGenerator random) {
        this.keyspace = keyspace;
        this.config = config;
        this.clock = clock;
        this.random = random;
        keyspace.listener(this::expired);
    }

    public void events(KeyEvents events) {
        this.events = events;
    }

    /** Arms the context for one command (or timer event) in database {@code db}. */
    public void begin(int db, Reply reply, Effects effects) {
        this.db = db;
        this.reply = reply;
        this.effects = effects;
        this.now = clock.millis();
        this.propagationTaken = false;
    }

    /** The connection the command came from, as the server knows it; null for internal commands. */
    public <T> T client(Class<T> type) {
        return type.cast(client);
    }

    public void client(Object client) {
        this.client = client;
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

    /** The key gained elements: clients blocked on it may be served. */
    public void ready(Arguments args, int index) {
        events.ready(db, args.buffer(), args.offset(index), args.length(index));
    }

    private void expired(int expiredDb, byte[] key) {
        if (effects != null) {
            effects.add(expiredDb, DEL, key);
        }
        events.modified(expiredDb, key, 0, key.length);
    }

    // ---------------------------------------------------------------------------------------------
    // Lookups of argument keys in the selected database

    /** The entry of the key in argument {@code index} for reading, or 0 (absent or expired). */
    public long lookupRead(Arguments args, int index) {
        return keyspace.lookupRead(db, args.buffer(), args.offset(index), args.length(index), now);
    }

    /** The entry of the key in argument {@code index} for writing, or 0 (absent or expired). */
    public long lookupWrite(Arguments args, int index) {
        return keyspace.lookup(db, args.buffer(), args.offset(index), args.length(index), now);
    }
}
