package io.forkline.snapshot.rdb;

import io.forkline.engine.Engine;
import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.Keyspace;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.struct.ListpackDescriptor;
import io.forkline.engine.struct.Quicklist;
import io.forkline.engine.types.HashValue;
import io.forkline.engine.types.ListValue;
import io.forkline.engine.types.SetMember;
import io.forkline.engine.types.SetRef;
import io.forkline.engine.types.SetValue;
import io.forkline.engine.types.SortedSetValue;
import io.forkline.engine.types.StringValue;
import io.forkline.pages.Memory;
import io.forkline.pages.alloc.Allocator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Fills an engine's keyspace from what {@link RdbReader} reads. Each value is built through its
 * type's own API, element by element in file order, the way the commands that write it would build
 * it (SET, RPUSH, SADD, HSET, ZADD of everything at once), so that encodings follow the engine's
 * configured thresholds, not the file's: a hash with more fields than hash-max-listpack-entries becomes
 * a hashtable, a small set of integers an intset, whatever encoding the file stored.
 *
 * <p>Keys whose expire is already past are dropped when {@code dropExpired} (a primary loading its RDB,
 * as Redis does) and kept otherwise (an AOF's RDB preamble, whose log assumes them). A key that appears
 * twice in a database, a database index the engine does not have, and function libraries (forkline has
 * no functions) are refused.
 *
 * <p>Keys are added as they are read: when a read fails (a corrupt byte, a wrong checksum at the end) the
 * keyspace holds what came before, and the caller discards it (Redis exits; a replica flushes).
 *
 * <p>Single-writer: runs on the thread that owns the engine (the writer, or before the server starts).
 */
public final class KeyspaceLoader implements RdbVisitor {

    private final Engine engine;
    private final long nowMillis;
    private final boolean dropExpired;
    private final Map<String, byte[]> aux = new LinkedHashMap<>();
    private int version;
    private long keysLoaded;
    private long keysExpired;
    private long emptyKeysSkipped;

    public KeyspaceLoader(Engine engine, long nowMillis, boolean dropExpired) {
        this.engine = engine;
        this.nowMillis = nowMillis;
        this.dropExpired = dropExpired;
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
    public void selectDb(int db) throws RdbContentException {
        int databases = engine.keyspace().databases();
        if (db >= databases) {
            throw new RdbContentException("database " + db + " does not exist: the server is configured with " + databases
                    + " databases (the file was created by a server configured with more)");
        }
    }

    @Override
    public void function(byte[] code) throws RdbContentException {
        throw new RdbContentException("the file holds a function library (" + Printable.quote(firstLine(code))
                + "), and forkline has no Redis Functions to load it into");
    }

    @Override
    public void entry(int db, byte[] key, RdbValue value, long expireAtMillis) throws RdbContentException {
        if (dropExpired && expireAtMillis != -1 && expireAtMillis < nowMillis) {
            keysExpired++;
            return;
        }
        put(engine, db, key, value, expireAtMillis, nowMillis);
        keysLoaded++;
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

    /**
     * Adds {@code key}, which must be absent, holding {@code value} and the expire ({@code -1}: none), at
     * the time of the engine's current command (RESTORE's). Returns false, adding nothing, for an empty value.
     *
     * @throws RdbContentException when the key exists, or the value holds a duplicate member or field or a NaN score
     */
    public static boolean put(Engine engine, int db, byte[] key, RdbValue value, long expireAtMillis) throws RdbContentException {
        return put(engine, db, key, value, expireAtMillis, engine.context().now());
    }

    /** {@link #put(Engine, int, byte[], RdbValue, long)} with the time to record as the key's last access. */
    public static boolean put(Engine engine, int db, byte[] key, RdbValue value, long expireAtMillis, long nowMillis)
            throws RdbContentException {
        if (value.size() == 0) {
            return false;
        }
        Keyspace keyspace = engine.keyspace();
        if (keyspace.find(db, key, 0, key.length) != 0) {
            throw new RdbContentException("Duplicate key " + Printable.quote(key) + " in database " + db);
        }
        Built built = switch (value) {
            case RdbValue.Str string -> string(engine.allocator(), string.bytes());
            case RdbValue.ListOf list -> list(engine.allocator(), engine.config(), list.elements());
            case RdbValue.SetOf set -> set(engine.allocator(), engine.config(), key, set.members());
            case RdbValue.HashOf hash -> hash(engine.allocator(), engine.config(), key, hash.fieldsAndValues());
            case RdbValue.SortedSetOf zset -> sortedSet(engine.allocator(), engine.config(), engine.context().random(), key,
                    zset.members(), zset.scores());
        };
        long entry = keyspace.add(db, key, 0, key.length, built.type(), built.encoding(), built.value(), nowMillis);
        if (expireAtMillis != -1) {
            keyspace.setExpire(db, entry, expireAtMillis);
        }
        return true;
    }

    /** A value built and not yet in the keyspace. */
    private record Built(ValueType type, Encoding encoding, long value) {
    }

    private static Built string(Allocator allocator, byte[] bytes) {
        Encoding encoding = StringValue.encodingFor(bytes, 0, bytes.length);
        return new Built(ValueType.STRING, encoding, StringValue.create(allocator, bytes, 0, bytes.length, encoding));
    }

    /** RPUSH of every element into a new list. */
    private static Built list(Allocator allocator, EngineConfig config, List<byte[]> elements) {
        long quicklist = ListValue.create(allocator, config);
        for (byte[] element : elements) {
            Quicklist.pushTail(allocator, quicklist, element, 0, element.length);
        }
        return new Built(ValueType.LIST, Encoding.QUICKLIST, quicklist);
    }

    /** SADD of every member into a new set. */
    private static Built set(Allocator allocator, EngineConfig config, byte[] key, List<byte[]> members) throws RdbContentException {
        SetMember member = new SetMember();
        byte[] first = members.getFirst();
        Encoding encoding = SetValue.encodingForNew(config, member.load(first, 0, first.length), members.size());
        SetRef set = SetValue.create(allocator, encoding);
        for (byte[] bytes : members) {
            if (!SetValue.add(allocator, config, set, member.load(bytes, 0, bytes.length))) {
                SetValue.release(allocator, set);
                throw duplicate("set member", bytes, key);
            }
        }
        return new Built(ValueType.SET, set.encoding(), set.value());
    }

    /**
     * HSET of every pair into a new hash: a listpack, converted to a hashtable before a pair longer than
     * hash-max-listpack-value goes in, or once it holds more than hash-max-listpack-entries fields.
     */
    private static Built hash(Allocator allocator, EngineConfig config, byte[] key, List<byte[]> fieldsAndValues)
            throws RdbContentException {
        Memory memory = allocator.memory();
        long hash = HashValue.create(allocator);
        Encoding encoding = Encoding.LISTPACK;
        for (int i = 0; i < fieldsAndValues.size(); i += 2) {
            byte[] field = fieldsAndValues.get(i);
            byte[] value = fieldsAndValues.get(i + 1);
            if (encoding == Encoding.LISTPACK && (field.length > config.hashMaxListpackValue
                    || value.length > config.hashMaxListpackValue
                    || HashValue.HANDLER.memoryUsage(memory, hash, encoding, 0) + field.length + value.length
                    > ListpackDescriptor.MAX_TOTAL_BYTES)) {
                hash = HashValue.toHashtable(allocator, hash);
                encoding = Encoding.HASHTABLE;
            }
            long before = HashValue.size(memory, hash, encoding);
            hash = HashValue.set(allocator, hash, encoding, field, 0, field.length, value, 0, value.length);
            long after = HashValue.size(memory, hash, encoding);
            if (after == before) {
                HashValue.HANDLER.free(allocator, hash, encoding);
                throw duplicate("hash field", field, key);
            }
            if (encoding == Encoding.LISTPACK && after > config.hashMaxListpackEntries) {
                hash = HashValue.toHashtable(allocator, hash);
                encoding = Encoding.HASHTABLE;
            }
        }
        return new Built(ValueType.HASH, encoding, hash);
    }

    /**
     * ZADD of every pair into a new sorted set: a listpack unless zset-max-listpack-entries is 0 or the first
     * member is longer than zset-max-listpack-value, converted to a skiplist before the member that would pass
     * either limit goes in.
     */
    private static Built sortedSet(Allocator allocator, EngineConfig config, RandomGenerator random, byte[] key,
                                   List<byte[]> members, double[] scores) throws RdbContentException {
        Memory memory = allocator.memory();
        Encoding encoding = config.zsetMaxListpackEntries == 0 || members.getFirst().length > config.zsetMaxListpackValue
                ? Encoding.SKIPLIST : Encoding.LISTPACK;
        long zset = SortedSetValue.create(allocator, encoding);
        for (int i = 0; i < scores.length; i++) {
            byte[] member = members.get(i);
            if (Double.isNaN(scores[i]) || !Double.isNaN(SortedSetValue.score(memory, zset, encoding, member, 0, member.length))) {
                SortedSetValue.HANDLER.free(allocator, zset, encoding);
                if (Double.isNaN(scores[i])) {
                    throw new RdbContentException("Zset with NAN score detected: member " + Printable.quote(member) + " of key "
                            + Printable.quote(key));
                }
                throw duplicate("sorted set member", member, key);
            }
            if (encoding == Encoding.LISTPACK && (SortedSetValue.size(memory, zset, encoding) + 1 > config.zsetMaxListpackEntries
                    || member.length > config.zsetMaxListpackValue)) {
                zset = SortedSetValue.toSkiplist(allocator, zset, random);
                encoding = Encoding.SKIPLIST;
            }
            zset = SortedSetValue.insert(allocator, zset, encoding, scores[i], member, 0, member.length, random);
        }
        return new Built(ValueType.ZSET, encoding, zset);
    }

    private static RdbContentException duplicate(String what, byte[] bytes, byte[] key) {
        return new RdbContentException("Duplicate " + what + " " + Printable.quote(bytes) + " in key " + Printable.quote(key));
    }

    private static byte[] firstLine(byte[] code) {
        int end = 0;
        while (end < code.length && code[end] != '\n') {
            end++;
        }
        return java.util.Arrays.copyOf(code, end);
    }
}
