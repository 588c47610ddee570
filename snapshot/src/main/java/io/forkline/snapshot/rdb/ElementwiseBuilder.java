package io.forkline.snapshot.rdb;

import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.keyspace.Encoding;
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

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Builds a loaded value element by element in file order, through each type's own API, the way the commands
 * that write it would build it (SET, RPUSH, SADD, HSET, ZADD of everything at once): encodings follow the
 * engine's configured thresholds, converting when an element would pass one. The definition of what a load
 * produces: {@link BulkBuilder} produces the same, faster, and tests hold the two to it.
 */
final class ElementwiseBuilder {

    private ElementwiseBuilder() {
    }

    static BuiltValue string(Allocator allocator, byte[] bytes) {
        Encoding encoding = StringValue.encodingFor(bytes, 0, bytes.length);
        return new BuiltValue(ValueType.STRING, encoding, StringValue.create(allocator, bytes, 0, bytes.length, encoding));
    }

    /** RPUSH of every element into a new list. */
    static BuiltValue list(Allocator allocator, EngineConfig config, List<byte[]> elements) {
        long quicklist = ListValue.create(allocator, config);
        for (byte[] element : elements) {
            Quicklist.pushTail(allocator, quicklist, element, 0, element.length);
        }
        return new BuiltValue(ValueType.LIST, Encoding.QUICKLIST, quicklist);
    }

    /** SADD of every member into a new set. */
    static BuiltValue set(Allocator allocator, EngineConfig config, byte[] key, List<byte[]> members) throws RdbContentException {
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
        return new BuiltValue(ValueType.SET, set.encoding(), set.value());
    }

    /**
     * HSET of every pair into a new hash: a listpack, converted to a hashtable before a pair longer than
     * hash-max-listpack-value goes in, or once it holds more than hash-max-listpack-entries fields.
     */
    static BuiltValue hash(Allocator allocator, EngineConfig config, byte[] key, List<byte[]> fieldsAndValues)
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
        return new BuiltValue(ValueType.HASH, encoding, hash);
    }

    /**
     * ZADD of every pair into a new sorted set: a listpack unless zset-max-listpack-entries is 0 or the first
     * member is longer than zset-max-listpack-value, converted to a skiplist before the member that would pass
     * either limit goes in.
     */
    static BuiltValue sortedSet(Allocator allocator, EngineConfig config, RandomGenerator random, byte[] key,
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
                    throw nanScore(member, key);
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
        return new BuiltValue(ValueType.ZSET, encoding, zset);
    }

    static RdbContentException duplicate(String what, byte[] bytes, byte[] key) {
        return new RdbContentException("Duplicate " + what + " " + Printable.quote(bytes) + " in key " + Printable.quote(key));
    }

    static RdbContentException nanScore(byte[] member, byte[] key) {
        return new RdbContentException("Zset with NAN score detected: member " + Printable.quote(member) + " of key "
                + Printable.quote(key));
    }
}
