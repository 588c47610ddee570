package io.forkline.snapshot.rdb;

import io.forkline.engine.Engine;
import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.keyspace.Keyspace;
import io.forkline.engine.keyspace.ValueHandler;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.stream.StreamValue;
import io.forkline.engine.struct.Dict;
import io.forkline.engine.types.HashValue;
import io.forkline.engine.types.ListValue;
import io.forkline.engine.types.SetValue;
import io.forkline.engine.types.SortedSetValue;
import io.forkline.engine.types.StringValue;
import io.forkline.pages.Memory;
import io.forkline.pages.alloc.Allocator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fills an engine's keyspace from what {@link RdbReader} reads. Each value gets the encoding and the bytes
 * that building it through its type's own API, element by element in file order, would give it (the way the
 * commands that write it would build it: SET, RPUSH, SADD, HSET, ZADD of everything at once), so that
 * encodings follow the engine's configured thresholds, not the file's: a hash with more fields than
 * hash-max-listpack-entries becomes a hashtable, a small set of integers an intset, whatever encoding the file
 * stored. {@link ElementwiseBuilder} is that definition; {@link BulkBuilder} builds the same thing without
 * searching a listpack for every element it adds, and is what loads use. A stream is the exception, as in Redis:
 * its nodes are kept as the file has them ({@link StreamBuilder}).
 *
 * <p>A RESIZEDB hint sizes the database's tables for the keys that follow, as Redis's {@code dictExpand} does
 * (capped, so that a corrupt hint cannot claim the machine's memory).
 *
 * <p>Keys whose expire is already past are dropped when {@code dropExpired} (a primary loading its RDB,
 * as Redis does) and kept otherwise (an AOF's RDB preamble, whose log assumes them). A key that appears
 * twice in a database, a database index the engine does not have, and function libraries (forkline has
 * no functions) are refused.
 *
 * <p>Keys are added in batches: each key's entry and value are built as it is read, and the batch (up to
 * {@value #BATCH_LIMIT} keys, ended by a database switch and the end of the file) is linked into the table in the
 * order of its buckets ({@link Keyspace#linkAll}), so that a file whose keys come in an order foreign to the table
 * (any file from Redis) does not cost a cache miss per key. A duplicate is refused at the offset of its record,
 * the earliest in the file first, as when keys are added one by one ({@link #oneByOne}, which a merging load
 * needs). When a read fails (a corrupt byte, a wrong checksum at the end) the keyspace holds what came before,
 * or part of it, and the caller discards it (Redis exits; a replica flushes).
 *
 * <p>Single-writer: runs on the thread that owns the engine (the writer, or before the server starts).
 */
public final class KeyspaceLoader implements RdbVisitor {

    /** The most keys a RESIZEDB hint presizes a table for: 2^24 (128 MiB of buckets). */
    static final long RESIZE_HINT_LIMIT = 1L << 24;
    /** The most keys built before they are linked: 2^22 (96 MiB of heap for their addresses, hashes and offsets). */
    static final int BATCH_LIMIT = 1 << 22;
    /** The most keys a RESIZEDB hint sizes a batch for up front (48 MiB of heap); a larger batch grows as keys come. */
    static final int PRESIZE_LIMIT = 1 << 21;

    private final Engine engine;
    private final long nowMillis;
    private final boolean dropExpired;
    private final Map<String, byte[]> aux = new LinkedHashMap<>();
    private final BulkBuilder builder = new BulkBuilder();
    private int version;
    private int currentDb;
    private long keysLoaded;
    private long keysExpired;
    private long emptyKeysSkipped;

    /** The most keys a batch holds; 0: none, each key is added as it is read. */
    private final int batchLimit;
    private long entryOffset;
    /** The batch: entries built and not linked yet, all of database {@link #batchDb}, with their keys' hashes. */
    private long[] batchEntries = new long[0];
    private long[] batchHashes = new long[0];
    private long[] batchOffsets = new long[0];
    private int batchSize;
    private int batchDb;
    /** The batch's expires: entry {@code expireEntries[i]} expires at {@code expireTimes[i]}. */
    private long[] expireEntries = new long[0];
    private long[] expireTimes = new long[0];
    private int expiresPending;

    public KeyspaceLoader(Engine engine, long nowMillis, boolean dropExpired) {
        this(engine, nowMillis, dropExpired, BATCH_LIMIT);
    }

    /** A loader whose batches hold at most {@code batchLimit} keys (0: no batches, each key added as it is read). */
    KeyspaceLoader(Engine engine, long nowMillis, boolean dropExpired, int batchLimit) {
        if (batchLimit < 0 || batchLimit > BATCH_LIMIT) {
            throw new IllegalArgumentException("a batch limit from 0 to " + BATCH_LIMIT + ", not " + batchLimit);
        }
        this.engine = engine;
        this.nowMillis = nowMillis;
        this.dropExpired = dropExpired;
        this.batchLimit = batchLimit;
    }

    /**
     * A loader that adds each key as it is read, for a visitor that looks at the keyspace between keys (a merging
     * load deletes a key before its new value comes).
     */
    public static KeyspaceLoader oneByOne(Engine engine, long nowMillis, boolean dropExpired) {
        return new KeyspaceLoader(engine, nowMillis, dropExpired, 0);
    }

    @Override
    public void header(int rdbVersion) {
        this.version = rdbVersion;
    }

    @Override
    public void aux(byte[] key, byte[] value) {
        aux.put(new String(key, StandardCharsets.ISO_8859_1), value);
    }

    @Override
    public void beginEntry(long offset, int db, RdbType type, byte[] key) {
        entryOffset = offset;
    }

    @Override
    public void selectDb(int db) throws IOException {
        linkBatch();
        int databases = engine.keyspace().databases();
        if (db >= databases) {
            throw new RdbContentException("database " + db + " does not exist: the server is configured with " + databases
                    + " databases (the file was created by a server configured with more)");
        }
        this.currentDb = db;
    }

    @Override
    public void resizeDb(long keys, long expires) throws IOException {
        linkBatch();
        if (batchLimit > 0) {
            growBatch(Math.min(keys, PRESIZE_LIMIT));   // one allocation for the database's keys, not a doubling series
        }
        engine.keyspace().expand(currentDb, Math.min(keys, RESIZE_HINT_LIMIT), Math.min(expires, RESIZE_HINT_LIMIT));
    }

    @Override
    public void function(byte[] code) throws IOException {
        linkBatch();
        throw new RdbContentException("the file holds a function library (" + Printable.quote(firstLine(code))
                + "), and forkline has no Redis Functions to load it into");
    }

    @Override
    public void entry(int db, byte[] key, RdbValue value, long expireAtMillis) throws IOException {
        if (dropExpired && expireAtMillis != -1 && expireAtMillis < nowMillis) {
            keysExpired++;
            return;
        }
        if (batchLimit == 0) {
            put(engine, db, key, value, expireAtMillis, nowMillis, builder);
            keysLoaded++;
            return;
        }
        if (batchSize > 0 && db != batchDb) {
            linkBatch();
        }
        Keyspace keyspace = engine.keyspace();
        BuiltValue built;
        try {
            built = build(engine, key, value, builder);
        } catch (RdbContentException refused) {
            linkBatch();   // a duplicate before this key is the first thing wrong
            if (keyspace.find(db, key, 0, key.length) != 0) {
                throw duplicateKey(db, key);
            }
            throw refused;
        }
        if (batchSize == batchEntries.length) {
            growBatch(2L * batchEntries.length);
        }
        long entry = keyspace.createUnlinked(db, key, 0, key.length, built.type(), built.encoding(), built.value(), nowMillis);
        batchEntries[batchSize] = entry;
        batchHashes[batchSize] = Dict.hash(key, 0, key.length);
        batchOffsets[batchSize] = entryOffset;
        if (expireAtMillis != -1) {
            if (expiresPending == expireEntries.length) {
                expireEntries = Arrays.copyOf(expireEntries, Math.max(64, 2 * expireEntries.length));
                expireTimes = Arrays.copyOf(expireTimes, expireEntries.length);
            }
            expireEntries[expiresPending] = entry;
            expireTimes[expiresPending++] = expireAtMillis;
        }
        batchDb = db;
        if (++batchSize == batchLimit) {
            linkBatch();
        }
    }

    /** Makes room for {@code keys} keys in the batch (at least 1024, at most the limit). */
    private void growBatch(long keys) {
        int capacity = (int) Math.min(batchLimit, Math.max(1024, keys));
        if (capacity <= batchEntries.length) {
            return;
        }
        batchEntries = Arrays.copyOf(batchEntries, capacity);
        batchHashes = Arrays.copyOf(batchHashes, capacity);
        batchOffsets = Arrays.copyOf(batchOffsets, capacity);
    }

    /**
     * Links the batch into its database, then sets its expires. A key that was there already, or twice in the
     * batch, is freed instead, and the earliest of them in the file is refused at its record's offset.
     */
    private void linkBatch() throws RdbFormatException {
        if (batchSize == 0) {
            return;
        }
        Keyspace keyspace = engine.keyspace();
        Memory memory = engine.allocator().memory();
        int[] firstDuplicate = {-1};
        byte[][] duplicateName = new byte[1][];
        long linked = keyspace.linkAll(batchDb, batchEntries, batchHashes, batchSize, (index, entry) -> {
            if (firstDuplicate[0] == -1 || index < firstDuplicate[0]) {
                firstDuplicate[0] = index;
                duplicateName[0] = Dict.keyBytes(memory, entry);
            }
            keyspace.freeUnlinked(entry);
        });
        if (firstDuplicate[0] == -1) {   // else the load fails, and an expire's entry may be freed
            for (int i = 0; i < expiresPending; i++) {
                keyspace.setExpire(batchDb, expireEntries[i], expireTimes[i]);
            }
        }
        keysLoaded += linked;
        batchSize = 0;
        expiresPending = 0;
        if (firstDuplicate[0] != -1) {
            throw new RdbFormatException(batchOffsets[firstDuplicate[0]], duplicateKey(batchDb, duplicateName[0]).getMessage());
        }
    }

    @Override
    public void end(long storedCrc, boolean checked) throws IOException {
        linkBatch();
    }

    /** A duplicate in the batch comes before the bytes the read failed on: it is the error to report. */
    @Override
    public void readFailed() throws IOException {
        linkBatch();
    }

    @Override
    public void emptyEntry(int db, byte[] key, RdbType type) {
        emptyKeysSkipped++;
    }

    /** The file's RDB version (0 before its header was read). */
    public int version() {
        return version;
    }

    /** The AUX fields read, by name (ISO-8859-1), in file order. */
    public Map<String, byte[]> aux() {
        return aux;
    }

    /** Keys added (INFO's rdb_last_load_keys_loaded). */
    public long keysLoaded() {
        return keysLoaded;
    }

    /** Keys dropped because they had expired (INFO's rdb_last_load_keys_expired). */
    public long keysExpired() {
        return keysExpired;
    }

    /** Keys skipped because their value was empty. */
    public long emptyKeysSkipped() {
        return emptyKeysSkipped;
    }

    // ---------------------------------------------------------------------------------------------
    // Building values

    /** A load's builder per thread: the loaders of a process run on the writer, RESTORE too. */
    private static final ThreadLocal<BulkBuilder> BUILDERS = ThreadLocal.withInitial(BulkBuilder::new);

    /**
     * Adds {@code key}, which must be absent, holding {@code value} and the expire ({@code -1}: none), at
     * the time of the engine's current command (RESTORE's). Returns false, adding nothing, for an
     * {@linkplain RdbValue#isEmpty empty} value.
     *
     * @throws RdbContentException when the key exists, or the value holds a duplicate member or field or a NaN score
     */
    public static boolean put(Engine engine, int db, byte[] key, RdbValue value, long expireAtMillis) throws RdbContentException {
        return put(engine, db, key, value, expireAtMillis, engine.context().now());
    }

    /** {@link #put(Engine, int, byte[], RdbValue, long)} with the time to record as the key's last access. */
    public static boolean put(Engine engine, int db, byte[] key, RdbValue value, long expireAtMillis, long nowMillis)
            throws RdbContentException {
        return put(engine, db, key, value, expireAtMillis, nowMillis, BUILDERS.get());
    }

    /**
     * Builds the value with {@code builder} ({@link BulkBuilder}; null: element by element, {@link ElementwiseBuilder},
     * which tests compare it with), then adds the key with one lookup.
     */
    static boolean put(Engine engine, int db, byte[] key, RdbValue value, long expireAtMillis, long nowMillis, BulkBuilder builder)
            throws RdbContentException {
        if (value.isEmpty()) {
            return false;
        }
        Keyspace keyspace = engine.keyspace();
        BuiltValue built;
        try {
            built = build(engine, key, value, builder);
        } catch (RdbContentException refused) {
            if (keyspace.find(db, key, 0, key.length) != 0) {
                throw duplicateKey(db, key);   // a key that is there already is the first thing wrong
            }
            throw refused;
        }
        long entry = keyspace.addIfAbsent(db, key, 0, key.length, built.type(), built.encoding(), built.value(), nowMillis);
        if (entry == 0) {
            handler(built.type()).free(engine.allocator(), built.value(), built.encoding());
            throw duplicateKey(db, key);
        }
        if (expireAtMillis != -1) {
            keyspace.setExpire(db, entry, expireAtMillis);
        }
        return true;
    }

    private static BuiltValue build(Engine engine, byte[] key, RdbValue value, BulkBuilder builder) throws RdbContentException {
        Allocator allocator = engine.allocator();
        EngineConfig config = engine.config();
        if (builder == null) {
            return switch (value) {
                case RdbValue.Str string -> ElementwiseBuilder.string(allocator, string.bytes());
                case RdbValue.ListOf list -> ElementwiseBuilder.list(allocator, config, list.elements());
                case RdbValue.SetOf set -> ElementwiseBuilder.set(allocator, config, key, set.members());
                case RdbValue.HashOf hash -> ElementwiseBuilder.hash(allocator, config, key, hash.fieldsAndValues());
                case RdbValue.SortedSetOf zset -> ElementwiseBuilder.sortedSet(allocator, config, engine.context().random(), key,
                        zset.members(), zset.scores());
                case RdbValue.StreamOf stream -> StreamBuilder.build(allocator, engine.context().random(), stream);
            };
        }
        return switch (value) {
            case RdbValue.Str string -> ElementwiseBuilder.string(allocator, string.bytes());
            case RdbValue.ListOf list -> builder.list(allocator, config, list.elements());
            case RdbValue.SetOf set -> builder.set(allocator, config, key, set.members());
            case RdbValue.HashOf hash -> builder.hash(allocator, config, key, hash.fieldsAndValues());
            case RdbValue.SortedSetOf zset -> builder.sortedSet(allocator, config, engine.context().random(), key,
                    zset.members(), zset.scores());
            case RdbValue.StreamOf stream -> StreamBuilder.build(allocator, engine.context().random(), stream);
        };
    }

    private static ValueHandler handler(ValueType type) {
        return switch (type) {
            case STRING -> StringValue.HANDLER;
            case LIST -> ListValue.HANDLER;
            case SET -> SetValue.HANDLER;
            case HASH -> HashValue.HANDLER;
            case ZSET -> SortedSetValue.HANDLER;
            case STREAM -> StreamValue.HANDLER;
        };
    }

    private static RdbContentException duplicateKey(int db, byte[] key) {
        return new RdbContentException("Duplicate key " + Printable.quote(key) + " in database " + db);
    }

    private static byte[] firstLine(byte[] code) {
        int end = 0;
        while (end < code.length && code[end] != '\n') {
            end++;
        }
        return java.util.Arrays.copyOf(code, end);
    }
}
