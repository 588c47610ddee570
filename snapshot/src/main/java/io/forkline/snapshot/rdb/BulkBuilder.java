package io.forkline.snapshot.rdb;

import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.struct.IntegerText;
import io.forkline.engine.struct.Intset;
import io.forkline.engine.struct.ListpackBuilder;
import io.forkline.engine.struct.ListpackDescriptor;
import io.forkline.engine.struct.Quicklist;
import io.forkline.engine.types.HashValue;
import io.forkline.engine.types.ListValue;
import io.forkline.engine.types.SetMember;
import io.forkline.engine.types.SetRef;
import io.forkline.engine.types.SetValue;
import io.forkline.engine.types.SortedSetValue;
import io.forkline.pages.alloc.Allocator;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Builds a loaded value with the encoding and the bytes that {@link ElementwiseBuilder} gives it, without its
 * cost: adding elements one by one to a listpack searches the listpack for each (O(n) each, O(n&sup2;) a value)
 * and moves it as it grows, and an intset moves its tail at every insert.
 *
 * <h2>How</h2>
 * Duplicates (and NaN scores) are found first, in file order, with a hash table of the strings
 * ({@link DuplicateFinder}), so the first offending element is the one the element-wise build would name.
 * With every element known distinct, the element-wise build's course is decided by lengths and counts alone,
 * which are computed up front:
 * <ul>
 *   <li>a list's nodes get the elements that pushing them one by one puts in each, written once
 *   ({@link Quicklist#pushTailAll});</li>
 *   <li>a listpack that the element-wise build keeps (or holds when it converts) gets the same entries in the
 *   same order, appended on the heap ({@link ListpackBuilder}) and written once: file order for a hash or a
 *   set, (score, member) order for a sorted set, which is the order that inserting each pair at its place
 *   leaves;</li>
 *   <li>an intset gets the sorted integers at once ({@link Intset#fromSorted}), in the narrowest encoding
 *   that holds them, which is the one adding them one by one upgrades to;</li>
 *   <li>where the element-wise build converts to a hashtable or a skiplist, the same conversion runs on the
 *   same listpack, and the elements after it go in one by one as before (those structures take an element
 *   in O(1) or O(log n), and the skiplist's levels come from the same draws of the same generator).</li>
 * </ul>
 * A set whose first member is an integer but whose other members are not all integers starts as an intset
 * and changes encoding midway; it is built element-wise (its sizes are bounded by the compact limits).
 *
 * <p>Reusable and not thread-safe: one per loading thread.
 */
final class BulkBuilder {

    private final DuplicateFinder duplicates = new DuplicateFinder();
    private final ListpackBuilder listpack = new ListpackBuilder();
    private final SetMember member = new SetMember();
    private final byte[] scoreText = new byte[32];
    private long[] integers = new long[64];
    private int[] order = new int[64];
    private int[] mergeSpace = new int[64];

    /** RPUSH of every element into a new list, as {@link ElementwiseBuilder#list}: each node's listpack written once. */
    BuiltValue list(Allocator allocator, EngineConfig config, List<byte[]> elements) {
        long quicklist = ListValue.create(allocator, config);
        Quicklist.pushTailAll(allocator, quicklist, elements);
        return new BuiltValue(ValueType.LIST, Encoding.QUICKLIST, quicklist);
    }

    /** SADD of every member into a new set, as {@link ElementwiseBuilder#set}. */
    BuiltValue set(Allocator allocator, EngineConfig config, byte[] key, List<byte[]> members) throws RdbContentException {
        int duplicate = duplicates.first(members, 1);
        if (duplicate >= 0) {
            throw ElementwiseBuilder.duplicate("set member", members.get(duplicate), key);
        }
        int count = members.size();
        byte[] first = members.getFirst();
        Encoding encoding = SetValue.encodingForNew(config, member.load(first, 0, first.length), count);
        return switch (encoding) {
            case INTSET -> allIntegers(members) && count <= SetValue.intsetLimit(config)
                    ? new BuiltValue(ValueType.SET, Encoding.INTSET, intset(allocator, members))
                    : ElementwiseBuilder.set(allocator, config, key, members);
            case LISTPACK -> listpackSet(allocator, config, members);
            default -> addEach(allocator, config, SetValue.create(allocator, encoding), members, 0);
        };
    }

    private boolean allIntegers(List<byte[]> members) {
        if (integers.length < members.size()) {
            integers = new long[Math.max(members.size(), 2 * integers.length)];
        }
        for (int i = 0; i < members.size(); i++) {
            byte[] bytes = members.get(i);
            if (!IntegerText.isCanonicalLong(bytes, 0, bytes.length)) {
                return false;
            }
            integers[i] = IntegerText.parseCanonicalLong(bytes, 0, bytes.length);
        }
        return true;
    }

    /** The intset of the integers {@link #allIntegers} parsed. */
    private long intset(Allocator allocator, List<byte[]> members) {
        Arrays.sort(integers, 0, members.size());
        return Intset.fromSorted(allocator, integers, members.size());
    }

    /**
     * A set that starts as a listpack: the members in file order while each fits the listpack's limits (the
     * count is within them, or the set would not have started as one); from the first that does not on, one by
     * one as the element-wise build adds them (that one converts the set to a hashtable).
     */
    private BuiltValue listpackSet(Allocator allocator, EngineConfig config, List<byte[]> members) {
        listpack.clear();
        int taken = 0;
        for (byte[] bytes : members) {
            if (bytes.length > config.setMaxListpackValue || listpack.totalBytes() + bytes.length > SetValue.listpackLimit()) {
                break;
            }
            listpack.add(bytes);
            taken++;
        }
        SetRef set = new SetRef(listpack.build(allocator), Encoding.LISTPACK);
        if (taken == members.size()) {
            return new BuiltValue(ValueType.SET, Encoding.LISTPACK, set.value());
        }
        return addEach(allocator, config, set, members, taken);   // the first misfit converts it, as SADD's would
    }

    private BuiltValue addEach(Allocator allocator, EngineConfig config, SetRef set, List<byte[]> members, int from) {
        for (int i = from; i < members.size(); i++) {
            byte[] bytes = members.get(i);
            SetValue.add(allocator, config, set, member.load(bytes, 0, bytes.length));
        }
        return new BuiltValue(ValueType.SET, set.encoding(), set.value());
    }

    /** HSET of every pair into a new hash, as {@link ElementwiseBuilder#hash}. */
    BuiltValue hash(Allocator allocator, EngineConfig config, byte[] key, List<byte[]> fieldsAndValues) throws RdbContentException {
        int duplicate = duplicates.first(fieldsAndValues, 2);
        if (duplicate >= 0) {
            throw ElementwiseBuilder.duplicate("hash field", fieldsAndValues.get(duplicate), key);
        }
        // the pairs the listpack takes: up to the first that is too long, or one past the entry limit (the
        // element-wise build converts after the pair that passes it)
        listpack.clear();
        int pairs = fieldsAndValues.size() / 2;
        int taken = 0;
        while (taken < pairs && taken <= config.hashMaxListpackEntries) {
            byte[] field = fieldsAndValues.get(2 * taken);
            byte[] value = fieldsAndValues.get(2 * taken + 1);
            if (field.length > config.hashMaxListpackValue || value.length > config.hashMaxListpackValue
                    || listpack.totalBytes() + field.length + value.length > ListpackDescriptor.MAX_TOTAL_BYTES) {
                break;
            }
            listpack.add(field).add(value);
            taken++;
        }
        long hash = listpack.build(allocator);
        if (taken == pairs && taken <= config.hashMaxListpackEntries) {
            return new BuiltValue(ValueType.HASH, Encoding.LISTPACK, hash);
        }
        hash = HashValue.toHashtable(allocator, hash);
        for (int i = taken; i < pairs; i++) {
            byte[] field = fieldsAndValues.get(2 * i);
            byte[] value = fieldsAndValues.get(2 * i + 1);
            hash = HashValue.set(allocator, hash, Encoding.HASHTABLE, field, 0, field.length, value, 0, value.length);
        }
        return new BuiltValue(ValueType.HASH, Encoding.HASHTABLE, hash);
    }

    /** ZADD of every pair into a new sorted set, as {@link ElementwiseBuilder#sortedSet}. */
    BuiltValue sortedSet(Allocator allocator, EngineConfig config, RandomGenerator random, byte[] key, List<byte[]> members,
                         double[] scores) throws RdbContentException {
        checkMembers(key, members, scores);
        int count = scores.length;
        Encoding encoding;
        long zset;
        int inserted;
        if (config.zsetMaxListpackEntries == 0 || members.getFirst().length > config.zsetMaxListpackValue) {
            encoding = Encoding.SKIPLIST;
            zset = SortedSetValue.create(allocator, encoding);
            inserted = 0;
        } else {
            // the members the listpack takes: up to the entry limit, and before the first that is too long
            int taken = 0;
            while (taken < count && taken < config.zsetMaxListpackEntries
                    && members.get(taken).length <= config.zsetMaxListpackValue) {
                taken++;
            }
            zset = sortedListpack(allocator, members, scores, taken);
            encoding = Encoding.LISTPACK;
            inserted = taken;
            if (taken < count) {
                zset = SortedSetValue.toSkiplist(allocator, zset, random);
                encoding = Encoding.SKIPLIST;
            }
        }
        for (int i = inserted; i < count; i++) {
            byte[] bytes = members.get(i);
            zset = SortedSetValue.insert(allocator, zset, encoding, scores[i], bytes, 0, bytes.length, random);
        }
        return new BuiltValue(ValueType.ZSET, encoding, zset);
    }

    /** The first NaN score or repeated member, in file order, is refused as the element-wise build refuses it. */
    private void checkMembers(byte[] key, List<byte[]> members, double[] scores) throws RdbContentException {
        int duplicate = duplicates.first(members, 1);
        int end = duplicate >= 0 ? duplicate + 1 : scores.length;
        for (int i = 0; i < end; i++) {
            if (Double.isNaN(scores[i])) {
                throw ElementwiseBuilder.nanScore(members.get(i), key);
            }
        }
        if (duplicate >= 0) {
            throw ElementwiseBuilder.duplicate("sorted set member", members.get(duplicate), key);
        }
    }

    /** A listpack of the first {@code count} pairs in the order inserting each at its place leaves them. */
    private long sortedListpack(Allocator allocator, List<byte[]> members, double[] scores, int count) {
        if (order.length < count) {
            order = new int[Math.max(count, 2 * order.length)];
            mergeSpace = new int[order.length];
        }
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        sort(members, scores, 0, count);
        listpack.clear();
        for (int i = 0; i < count; i++) {
            int index = order[i];
            listpack.add(members.get(index));
            int length = SortedSetValue.listpackScoreText(scores[index], scoreText);
            listpack.add(scoreText, 0, length);
        }
        return listpack.build(allocator);
    }

    /** Merge sort of {@code order[from, to)} by pair order; stable, though no two pairs are equal. */
    private void sort(List<byte[]> members, double[] scores, int from, int to) {
        if (to - from < 2) {
            return;
        }
        int middle = (from + to) >>> 1;
        sort(members, scores, from, middle);
        sort(members, scores, middle, to);
        if (compare(members, scores, order[middle - 1], order[middle]) <= 0) {
            return;
        }
        System.arraycopy(order, from, mergeSpace, from, to - from);
        int left = from;
        int right = middle;
        for (int i = from; i < to; i++) {
            if (right >= to || (left < middle && compare(members, scores, mergeSpace[left], mergeSpace[right]) <= 0)) {
                order[i] = mergeSpace[left++];
            } else {
                order[i] = mergeSpace[right++];
            }
        }
    }

    /**
     * The listpack's pair order (Redis's zzlInsert): by score, -0 equal to 0 (a listpack stores both as 0),
     * then by member bytes, unsigned, the shorter first.
     */
    private static int compare(List<byte[]> members, double[] scores, int a, int b) {
        double first = scores[a];
        double second = scores[b];
        if (first < second) {
            return -1;
        }
        if (first > second) {
            return 1;
        }
        return Arrays.compareUnsigned(members.get(a), members.get(b));
    }
}
