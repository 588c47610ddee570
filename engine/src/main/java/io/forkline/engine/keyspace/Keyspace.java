package io.forkline.engine.keyspace;

import io.forkline.engine.struct.Dict;
import io.forkline.pages.Memory;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.alloc.Allocator;

import java.util.function.LongConsumer;
import java.util.random.RandomGenerator;

/**
 * The databases: for each, a {@link Dict} of keys (payload: {@link KeyEntry}) and a {@link Dict} of
 * expires (payload: the expire time in Unix milliseconds), all in paged memory under one root, so
 * that a fork's view holds the whole keyspace as it was. Single-writer.
 *
 * <p>Root layout: {@code [databases: 8][db 0 keys dict: 8][db 0 expires dict: 8][db 1 keys: 8]...}.
 *
 * <p>Expiry as Redis 7 does it: lazily, when a command looks a key up ({@link #lookup}), and actively,
 * by {@link #activeExpireCycle}, which samples keys with an expire and repeats while more than a
 * quarter of a sample had expired. While {@link #loading} (an AOF replay) nothing expires, as in Redis:
 * the log was written against keys that were alive when each command ran, so a key whose time has
 * passed since must stay until the replay ends.
 */
public final class Keyspace {

    /** Keys sampled per database per round of the active cycle (Redis's ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP). */
    static final int EXPIRE_SAMPLE = 20;
    private static final int ROOT_HEADER = 8;
    private static final int ROOT_SLOT = 16;

    private final Allocator allocator;
    private final PagedMemory memory;
    private final long root;
    private final int databases;
    private final ValueHandler[] handlers = new ValueHandler[ValueType.STREAM.code() + 1];
    private final KeyspaceStats stats = new KeyspaceStats();
    /** Each database's dicts, as the root holds them (a heap copy the writer reads instead of the root). */
    private final long[] keysDicts;
    private final long[] expiresDicts;
    private KeyspaceListener listener = KeyspaceListener.NONE;
    private int nextExpireDb;
    private boolean loading;

    public Keyspace(Allocator allocator, int databases) {
        if (databases < 1) {
            throw new IllegalArgumentException("databases must be at least 1, got " + databases);
        }
        this.allocator = allocator;
        this.memory = allocator.memory();
        this.databases = databases;
        this.root = allocator.allocate(ROOT_HEADER + (long) ROOT_SLOT * databases);
        memory.putLong(root, databases);
        this.keysDicts = new long[databases];
        this.expiresDicts = new long[databases];
        for (int db = 0; db < databases; db++) {
            keysDicts[db] = Dict.create(allocator, KeyEntry.PAYLOAD_BYTES);
            expiresDicts[db] = Dict.create(allocator, Long.BYTES);
            memory.putLong(slot(db), keysDicts[db]);
            memory.putLong(slot(db) + 8, expiresDicts[db]);
        }
    }

    public void listener(KeyspaceListener listener) {
        this.listener = listener;
    }

    public void register(ValueType type, ValueHandler handler) {
        handlers[type.code()] = handler;
    }

    public Allocator allocator() {
        return allocator;
    }

    public PagedMemory memory() {
        return memory;
    }

    public KeyspaceStats stats() {
        return stats;
    }

    /** The root's address: what a snapshot captures at fork to find every database. */
    public long root() {
        return root;
    }

    public int databases() {
        return databases;
    }

    /** Turns the loading mode on or off: while on, no key counts as expired (Redis's server.loading). */
    public void loading(boolean loading) {
        this.loading = loading;
    }

    public boolean loading() {
        return loading;
    }

    // ---------------------------------------------------------------------------------------------
    // Reading a keyspace through any Memory (the live one or a fork's view)

    public static int databases(Memory m, long root) {
        return (int) m.getLong(root);
    }

    public static long keys(Memory m, long root, int db) {
        return m.getLong(root + ROOT_HEADER + (long) ROOT_SLOT * db);
    }

    public static long expires(Memory m, long root, int db) {
        return m.getLong(root + ROOT_HEADER + (long) ROOT_SLOT * db + 8);
    }

    /** The expire of {@code entry} in Unix milliseconds, or -1. */
    public static long expireOf(Memory m, long root, int db, long entry) {
        if (!KeyEntry.hasExpire(m, entry)) {
            return -1;
        }
        long expire = Dict.find(m, expires(m, root, db), KeyEntry.keyBytes(m, entry), 0, KeyEntry.keyLength(m, entry));
        return expire == 0 ? -1 : m.getLong(Dict.payload(expire));
    }

    // ---------------------------------------------------------------------------------------------
    // Lookups on the writer

    private long slot(int db) {
        checkDb(db);
        return root + ROOT_HEADER + (long) ROOT_SLOT * db;
    }

    private long keysDict(int db) {
        checkDb(db);
        return keysDicts[db];
    }

    private long expiresDict(int db) {
        checkDb(db);
        return expiresDicts[db];
    }

    /** The key's entry, or 0, ignoring expiry. */
    public long find(int db, byte[] key, int offset, int length) {
        return Dict.findForWrite(allocator, keysDict(db), key, offset, length);
    }

    /** The key's entry, or 0 if it is absent or expired at {@code now} (then it is deleted). */
    public long lookup(int db, byte[] key, int offset, int length, long now) {
        long entry = lookupNoTouch(db, key, offset, length, now);
        if (entry != 0) {
            KeyEntry.setAccessClock(memory, entry, now / 1000);
        }
        return entry;
    }

    /** {@link #lookup} without recording the access (OBJECT IDLETIME must not reset what it reports). */
    public long lookupNoTouch(int db, byte[] key, int offset, int length, long now) {
        long entry = find(db, key, offset, length);
        if (entry != 0 && isExpired(db, entry, now)) {
            deleteExpired(db, key, offset, length);
            return 0;
        }
        return entry;
    }

    /** Whether the entry is expired at {@code now}, without deleting it (KEYS filters, it does not delete). */
    public boolean isExpired(int db, long entry, long now) {
        return !loading && KeyEntry.hasExpire(memory, entry) && expireAt(db, entry) <= now;
    }

    /** {@link #lookup}, counted in keyspace_hits / keyspace_misses. */
    public long lookupRead(int db, byte[] key, int offset, int length, long now) {
        return counted(lookup(db, key, offset, length, now));
    }

    /**
     * {@link #lookupNoTouch}, counted in keyspace_hits / keyspace_misses: Redis's LOOKUP_NOTOUCH reads (EXISTS, TYPE,
     * TTL...), which leave OBJECT IDLETIME alone.
     */
    public long lookupReadNoTouch(int db, byte[] key, int offset, int length, long now) {
        return counted(lookupNoTouch(db, key, offset, length, now));
    }

    private long counted(long entry) {
        if (entry == 0) {
            stats.misses++;
        } else {
            stats.hits++;
        }
        return entry;
    }

    // ---------------------------------------------------------------------------------------------
    // Changes

    /** Adds a key that must be absent, holding {@code value}; returns its entry. */
    public long add(int db, byte[] key, int offset, int length, ValueType type, Encoding encoding, long value, long now) {
        long entry = Dict.insert(allocator, keysDict(db), key, offset, length);
        initialize(db, entry, key, offset, length, type, encoding, value, now);
        return entry;
    }

    /**
     * {@link #add} when the key is absent, with one lookup; returns 0, adding nothing and keeping {@code value}
     * the caller's, when the key is present (expired or not). For loads, which expect every key to be new.
     */
    public long addIfAbsent(int db, byte[] key, int offset, int length, ValueType type, Encoding encoding, long value, long now) {
        long entry = Dict.insertIfAbsent(allocator, keysDict(db), key, offset, length);
        if (entry != 0) {
            initialize(db, entry, key, offset, length, type, encoding, value, now);
        }
        return entry;
    }

    /**
     * A key's entry holding {@code value}, not in the database yet: {@link #linkAll} adds a batch of them in the
     * order of the table's buckets (loads, whose keys come in an order foreign to the table). Until then the key
     * is not found; its value is the entry's.
     */
    public long createUnlinked(int db, byte[] key, int offset, int length, ValueType type, Encoding encoding, long value, long now) {
        long entry = Dict.newUnlinked(allocator, keysDict(db), key, offset, length);
        initialize(db, entry, key, offset, length, type, encoding, value, now);
        return entry;
    }

    /**
     * Adds entries {@link #createUnlinked} made, whose keys hash to {@code hashes} ({@link Dict#hash}), to database
     * {@code db}, reordering both arrays; one whose key is there already, or in an earlier entry of the batch, is not
     * added but passed to {@code duplicate} (free it with {@link #freeUnlinked}). Returns the number added.
     */
    public long linkAll(int db, long[] entries, long[] hashes, int count, Dict.Duplicate duplicate) {
        return Dict.linkAll(allocator, keysDict(db), entries, hashes, count, duplicate);
    }

    /** Frees an entry {@link #createUnlinked} made and {@link #linkAll} did not add, with its value. */
    public void freeUnlinked(long entry) {
        handler(KeyEntry.type(memory, entry)).free(allocator, KeyEntry.value(memory, entry), KeyEntry.encoding(memory, entry));
        Dict.freeEntry(allocator, entry);
    }

    /**
     * Sizes database {@code db}'s tables for {@code keys} keys and {@code expires} expires at once (an RDB's
     * RESIZEDB hint, as Redis's dictExpand), so that a load does not grow them step by step.
     */
    public void expand(int db, long keys, long expires) {
        Dict.expand(allocator, keysDict(db), keys);
        Dict.expand(allocator, expiresDict(db), expires);
    }

    private void initialize(int db, long entry, byte[] key, int offset, int length, ValueType type, Encoding encoding,
                            long value, long now) {
        KeyEntry.setValue(memory, entry, value, type, encoding);
        KeyEntry.setFlag(memory, entry, KeyEntry.HAS_EXPIRE, false);
        KeyEntry.setAccessClock(memory, entry, now / 1000);
        listener.added(db, key, offset, length);
    }

    /** Points an entry at a new value, freeing the old one unless it is the same. */
    public void replaceValue(long entry, ValueType type, Encoding encoding, long value) {
        ValueType oldType = KeyEntry.type(memory, entry);
        Encoding oldEncoding = KeyEntry.encoding(memory, entry);
        long old = KeyEntry.value(memory, entry);
        if (old != value || oldEncoding != encoding) {
            handler(oldType).free(allocator, old, oldEncoding);
        }
        KeyEntry.setValue(memory, entry, value, type, encoding);
    }

    /** Changes the value field only (the value moved, or changed encoding); frees nothing. */
    public void setValue(long entry, ValueType type, Encoding encoding, long value) {
        KeyEntry.setValue(memory, entry, value, type, encoding);
    }

    /** Deletes a key and frees its value; false if it was absent. */
    public boolean delete(int db, byte[] key, int offset, int length) {
        long entry = Dict.unlink(allocator, keysDict(db), key, offset, length);
        if (entry == 0) {
            return false;
        }
        if (KeyEntry.hasExpire(memory, entry)) {
            long expire = Dict.unlink(allocator, expiresDict(db), key, offset, length);
            if (expire != 0) {
                Dict.freeEntry(allocator, expire);
            }
        }
        handler(KeyEntry.type(memory, entry)).free(allocator, KeyEntry.value(memory, entry), KeyEntry.encoding(memory, entry));
        Dict.freeEntry(allocator, entry);
        return true;
    }

    private void deleteExpired(int db, byte[] key, int offset, int length) {
        byte[] name = offset == 0 && length == key.length ? key : java.util.Arrays.copyOfRange(key, offset, offset + length);
        listener.expired(db, name);
        delete(db, key, offset, length);
        stats.expiredKeys++;
    }

    /** The entry's expire in Unix milliseconds, or -1. */
    public long expireAt(int db, long entry) {
        return expireOf(memory, root, db, entry);
    }

    /** Sets or replaces the entry's expire. */
    public void setExpire(int db, long entry, long whenMillis) {
        long expires = expiresDict(db);
        int length = KeyEntry.keyLength(memory, entry);
        byte[] key = KeyEntry.keyBytes(memory, entry);
        long expire = KeyEntry.hasExpire(memory, entry) ? Dict.findForWrite(allocator, expires, key, 0, length) : 0;
        if (expire == 0) {
            expire = Dict.insert(allocator, expires, key, 0, length);
            KeyEntry.setFlag(memory, entry, KeyEntry.HAS_EXPIRE, true);
        }
        memory.putLong(Dict.payload(expire), whenMillis);
    }

    /** Removes the entry's expire; false if it had none. */
    public boolean removeExpire(int db, long entry) {
        if (!KeyEntry.hasExpire(memory, entry)) {
            return false;
        }
        byte[] key = KeyEntry.keyBytes(memory, entry);
        long expire = Dict.unlink(allocator, expiresDict(db), key, 0, key.length);
        if (expire != 0) {
            Dict.freeEntry(allocator, expire);
        }
        KeyEntry.setFlag(memory, entry, KeyEntry.HAS_EXPIRE, false);
        return true;
    }

    /**
     * Moves a key's value and expire to another name, in the same or another database, replacing what
     * the target held. The caller has checked that the source exists and differs from the target.
     */
    public void rename(int sourceDb, byte[] source, int targetDb, byte[] target, long now) {
        long entry = find(sourceDb, source, 0, source.length);
        if (entry == 0) {
            throw new IllegalStateException("rename of a missing key");
        }
        long expire = expireAt(sourceDb, entry);
        ValueType type = KeyEntry.type(memory, entry);
        Encoding encoding = KeyEntry.encoding(memory, entry);
        long value = KeyEntry.value(memory, entry);
        if (expire >= 0) {
            removeExpire(sourceDb, entry);
        }
        Dict.freeEntry(allocator, Dict.unlink(allocator, keysDict(sourceDb), source, 0, source.length));
        delete(targetDb, target, 0, target.length);
        long moved = add(targetDb, target, 0, target.length, type, encoding, value, now);
        if (expire >= 0) {
            setExpire(targetDb, moved, expire);
        }
    }

    /** A deep copy of the value of {@code entry}, for COPY. */
    public long duplicateValue(long entry) {
        return handler(KeyEntry.type(memory, entry))
                .duplicate(allocator, KeyEntry.value(memory, entry), KeyEntry.encoding(memory, entry));
    }

    /** MEMORY USAGE of a key: entry, key and value. */
    public long memoryUsage(long entry, int samples) {
        long value = handler(KeyEntry.type(memory, entry))
                .memoryUsage(memory, KeyEntry.value(memory, entry), KeyEntry.encoding(memory, entry), samples);
        return allocator.usableSize(entry) + value;
    }

    // ---------------------------------------------------------------------------------------------
    // Whole databases

    public long size(int db) {
        return Dict.size(memory, keysDict(db));
    }

    public long expiresSize(int db) {
        return Dict.size(memory, expiresDict(db));
    }

    /** Deletes every key of a database; returns how many there were. */
    public long flush(int db) {
        long removed = size(db);
        Dict.clear(allocator, keysDict(db), entry -> handler(KeyEntry.type(memory, entry))
                .free(allocator, KeyEntry.value(memory, entry), KeyEntry.encoding(memory, entry)));
        Dict.clear(allocator, expiresDict(db), entry -> { });
        return removed;
    }

    public long flushAll() {
        long removed = 0;
        for (int db = 0; db < databases; db++) {
            removed += flush(db);
        }
        return removed;
    }

    /** SWAPDB: the two databases trade contents. */
    public void swap(int first, int second) {
        long a = slot(first);
        long b = slot(second);
        long keys = memory.getLong(a);
        long expires = memory.getLong(a + 8);
        memory.putLong(a, memory.getLong(b));
        memory.putLong(a + 8, memory.getLong(b + 8));
        memory.putLong(b, keys);
        memory.putLong(b + 8, expires);
        keysDicts[second] = keys;
        expiresDicts[second] = expires;
        keysDicts[first] = memory.getLong(a);
        expiresDicts[first] = memory.getLong(a + 8);
    }

    /** A random key that is not expired at {@code now}, or 0 when there is none. */
    public long randomKey(int db, long now, RandomGenerator random) {
        long keys = keysDict(db);
        int tries = 0;
        while (true) {
            long entry = Dict.randomEntry(memory, keys, random);
            if (entry == 0 || !isExpired(db, entry, now)) {
                return entry;
            }
            if (++tries >= 100 && expiresSize(db) == size(db)) {
                return entry;   // all volatile, as Redis: give up on finding a live one, return this one
            }
            byte[] key = KeyEntry.keyBytes(memory, entry);
            deleteExpired(db, key, 0, key.length);
        }
    }

    /** One SCAN step over the keys; returns the next cursor (0 when done). */
    public long scan(int db, long cursor, LongConsumer entries) {
        return Dict.scan(memory, keysDict(db), cursor, entries);
    }

    /** Every entry of a database, in table order. */
    public void forEach(int db, LongConsumer entries) {
        Dict.forEach(memory, keysDict(db), entries);
    }

    // ---------------------------------------------------------------------------------------------
    // Background work (cron events on the writer)

    /**
     * One active-expiry cycle: databases in turn, sampling {@value #EXPIRE_SAMPLE} keys with an expire,
     * deleting the expired, and sampling again while more than a quarter of a sample had expired;
     * stops when {@code budgetNanos} is spent. Returns the keys deleted.
     */
    public long activeExpireCycle(long now, long budgetNanos, RandomGenerator random) {
        if (loading) {
            return 0;
        }
        long start = System.nanoTime();
        long deleted = 0;
        long[] sample = new long[EXPIRE_SAMPLE];
        for (int visited = 0; visited < databases; visited++) {
            int db = nextExpireDb;
            nextExpireDb = (nextExpireDb + 1) % databases;
            int expired;
            int rounds = 0;
            do {
                if (expiresSize(db) == 0) {
                    break;
                }
                int[] taken = {0};
                Dict.sample(memory, expiresDict(db), EXPIRE_SAMPLE, random, e -> sample[taken[0]++] = e);
                expired = 0;
                for (int i = 0; i < taken[0]; i++) {
                    if (memory.getLong(Dict.payload(sample[i])) <= now) {
                        byte[] key = Dict.keyBytes(memory, sample[i]);
                        deleteExpired(db, key, 0, key.length);
                        expired++;
                    }
                }
                deleted += expired;
                if ((++rounds & 15) == 0 && System.nanoTime() - start > budgetNanos) {
                    return deleted;
                }
            } while (expired * 4 > EXPIRE_SAMPLE);
            if (System.nanoTime() - start > budgetNanos) {
                break;
            }
        }
        return deleted;
    }

    /** Incremental rehash of every database's tables for about {@code nanos}, as Redis's databasesCron. */
    public void rehashFor(long nanos) {
        for (int db = 0; db < databases; db++) {
            Dict.rehashFor(allocator, keysDict(db), nanos);
            Dict.rehashFor(allocator, expiresDict(db), nanos);
        }
    }

    private ValueHandler handler(ValueType type) {
        ValueHandler handler = handlers[type.code()];
        if (handler == null) {
            throw new IllegalStateException("no handler registered for " + type.typeName() + " values");
        }
        return handler;
    }

    private void checkDb(int db) {
        if (db < 0 || db >= databases) {
            throw new IllegalArgumentException("database " + db + " out of range [0, " + databases + ")");
        }
    }
}
