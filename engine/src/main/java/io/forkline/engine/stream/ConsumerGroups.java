package io.forkline.engine.stream;

import io.forkline.engine.struct.Dict;
import io.forkline.pages.Memory;
import io.forkline.pages.alloc.Allocator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A stream's consumer groups in paged memory, as Redis 7.0 keeps them: each group has a last delivered ID, a
 * logical read counter (entries_read), a pending entries list (PEL) and consumers; each consumer has a
 * seen-time and its own PEL. A pending entry (Redis's streamNACK) records its delivery time, delivery count
 * and owner, and is in its group's PEL and in its owner's.
 *
 * <h2>Layout</h2>
 * <ul>
 *   <li>The groups: a {@link Dict} by name, each entry's payload {@code last_id (2 x u64), entries_read (i64,
 *       -1 when unknown), pel, consumers}.</li>
 *   <li>A group's consumers: a {@link Dict} by name, payload {@code seen_time (ms), pel}.</li>
 *   <li>A group's PEL: a {@link StreamIndex} by ID, payload {@code delivery_time (ms), delivery_count,
 *       consumer}, the consumer being its dict entry's address (entries never move).</li>
 *   <li>A consumer's PEL: a {@link StreamIndex} by ID with no payload; the group's PEL holds the data.</li>
 * </ul>
 * Groups and consumers are listed in name order (Redis keeps them in a rax), by sorting on the way out.
 * Entries are addressed by their dict entry or index node; reads take a {@link Memory}, writes the
 * {@link Allocator}.
 */
public final class ConsumerGroups {

    /** SCG_INVALID_ENTRIES_READ. */
    public static final long UNKNOWN_ENTRIES_READ = -1;

    private static final int GROUP_LAST_ID = 0;
    private static final int GROUP_ENTRIES_READ = 16;
    private static final int GROUP_PEL = 24;
    private static final int GROUP_CONSUMERS = 32;
    private static final int GROUP_PAYLOAD = 40;

    private static final int CONSUMER_SEEN_TIME = 0;
    private static final int CONSUMER_PEL = 8;
    private static final int CONSUMER_PAYLOAD = 16;

    private static final int NACK_DELIVERY_TIME = 0;
    private static final int NACK_DELIVERY_COUNT = 8;
    private static final int NACK_CONSUMER = 16;
    private static final int NACK_PAYLOAD = 24;

    private ConsumerGroups() {
    }

    // ---------------------------------------------------------------------------------------------
    // Groups

    /** The group's entry, or 0. */
    public static long group(Memory memory, long stream, byte[] name) {
        long groups = Stream.groups(memory, stream);
        return groups == 0 ? 0 : Dict.find(memory, groups, name, 0, name.length);
    }

    /** Groups of the stream. */
    public static long count(Memory memory, long stream) {
        long groups = Stream.groups(memory, stream);
        return groups == 0 ? 0 : Dict.size(memory, groups);
    }

    /** Adds a group (Redis's streamCreateCG); returns its entry, or 0 if one of that name exists. */
    public static long create(Allocator allocator, long stream, byte[] name, StreamId lastId, long entriesRead) {
        Memory memory = allocator.memory();
        long groups = Stream.groups(memory, stream);
        if (groups == 0) {
            groups = Dict.create(allocator, GROUP_PAYLOAD);
            Stream.groups(memory, stream, groups);
        }
        long group = Dict.insertIfAbsent(allocator, groups, name, 0, name.length);
        if (group == 0) {
            return 0;
        }
        long payload = Dict.payload(group);
        Stream.writeId(memory, payload + GROUP_LAST_ID, lastId);
        memory.putLong(payload + GROUP_ENTRIES_READ, entriesRead);
        memory.putLong(payload + GROUP_PEL, StreamIndex.create(allocator));
        memory.putLong(payload + GROUP_CONSUMERS, Dict.create(allocator, CONSUMER_PAYLOAD));
        return group;
    }

    /** Removes the group and everything in it; false if there is none of that name. */
    public static boolean destroy(Allocator allocator, long stream, byte[] name) {
        Memory memory = allocator.memory();
        long groups = Stream.groups(memory, stream);
        long group = groups == 0 ? 0 : Dict.unlink(allocator, groups, name, 0, name.length);
        if (group == 0) {
            return false;
        }
        freeGroup(allocator, group);
        Dict.freeEntry(allocator, group);
        return true;
    }

    /** Every group's entry, in name order. */
    public static List<Long> groups(Memory memory, long stream) {
        return sorted(memory, Stream.groups(memory, stream));
    }

    public static byte[] name(Memory memory, long entry) {
        return Dict.keyBytes(memory, entry);
    }

    public static StreamId lastId(Memory memory, long group) {
        return Stream.readId(memory, Dict.payload(group) + GROUP_LAST_ID);
    }

    public static void lastId(Memory memory, long group, StreamId id) {
        Stream.writeId(memory, Dict.payload(group) + GROUP_LAST_ID, id);
    }

    public static long entriesRead(Memory memory, long group) {
        return memory.getLong(Dict.payload(group) + GROUP_ENTRIES_READ);
    }

    public static void entriesRead(Memory memory, long group, long entriesRead) {
        memory.putLong(Dict.payload(group) + GROUP_ENTRIES_READ, entriesRead);
    }

    static long pel(Memory memory, long group) {
        return memory.getLong(Dict.payload(group) + GROUP_PEL);
    }

    private static long consumers(Memory memory, long group) {
        return memory.getLong(Dict.payload(group) + GROUP_CONSUMERS);
    }

    /** Entries pending in the group. */
    public static long pendingCount(Memory memory, long group) {
        return StreamIndex.size(memory, pel(memory, group));
    }

    // ---------------------------------------------------------------------------------------------
    // Consumers

    /** The consumer's entry in the group, or 0. */
    public static long consumer(Memory memory, long group, byte[] name) {
        return Dict.find(memory, consumers(memory, group), name, 0, name.length);
    }

    /** Adds a consumer seen at {@code now} (streamCreateConsumer); returns its entry, or 0 if it exists. */
    public static long createConsumer(Allocator allocator, long group, byte[] name, long now) {
        Memory memory = allocator.memory();
        long consumer = Dict.insertIfAbsent(allocator, consumers(memory, group), name, 0, name.length);
        if (consumer != 0) {
            long payload = Dict.payload(consumer);
            memory.putLong(payload + CONSUMER_SEEN_TIME, now);
            memory.putLong(payload + CONSUMER_PEL, StreamIndex.create(allocator));
        }
        return consumer;
    }

    /** Removes the consumer and its pending entries from the group (streamDelConsumer); returns how many. */
    public static long deleteConsumer(Allocator allocator, long group, long consumer) {
        Memory memory = allocator.memory();
        long own = consumerPel(memory, consumer);
        long pending = StreamIndex.size(memory, own);
        long groupPel = pel(memory, group);
        for (long node = StreamIndex.first(memory, own); node != 0; node = StreamIndex.next(memory, node)) {
            StreamIndex.delete(allocator, groupPel, StreamIndex.find(memory, groupPel, StreamIndex.id(memory, node)));
        }
        StreamIndex.free(allocator, own);
        byte[] name = Dict.keyBytes(memory, consumer);
        Dict.freeEntry(allocator, Dict.unlink(allocator, consumers(memory, group), name, 0, name.length));
        return pending;
    }

    /** The group's consumers, in name order. */
    public static List<Long> consumerList(Memory memory, long group) {
        return sorted(memory, consumers(memory, group));
    }

    public static long consumerCount(Memory memory, long group) {
        return Dict.size(memory, consumers(memory, group));
    }

    public static long seenTime(Memory memory, long consumer) {
        return memory.getLong(Dict.payload(consumer) + CONSUMER_SEEN_TIME);
    }

    public static void seenTime(Memory memory, long consumer, long time) {
        memory.putLong(Dict.payload(consumer) + CONSUMER_SEEN_TIME, time);
    }

    static long consumerPel(Memory memory, long consumer) {
        return memory.getLong(Dict.payload(consumer) + CONSUMER_PEL);
    }

    public static long consumerPendingCount(Memory memory, long consumer) {
        return StreamIndex.size(memory, consumerPel(memory, consumer));
    }

    /** The IDs pending for the consumer, from {@code start}, at most {@code count} (0 = all). */
    public static List<StreamId> consumerPending(Memory memory, long consumer, StreamId start, long count) {
        List<StreamId> ids = new ArrayList<>();
        long own = consumerPel(memory, consumer);
        for (long node = StreamIndex.ceiling(memory, own, start); node != 0 && (count == 0 || ids.size() < count);
             node = StreamIndex.next(memory, node)) {
            ids.add(StreamIndex.id(memory, node));
        }
        return ids;
    }

    // ---------------------------------------------------------------------------------------------
    // Pending entries

    /** The group's pending entry for {@code id}, or 0. */
    public static long pending(Memory memory, long group, StreamId id) {
        return StreamIndex.find(memory, pel(memory, group), id);
    }

    /** The first pending entry at or after {@code id}, or 0; walk on with {@link #nextPending}. */
    public static long pendingFrom(Memory memory, long group, StreamId id) {
        return StreamIndex.ceiling(memory, pel(memory, group), id);
    }

    public static long firstPending(Memory memory, long group) {
        return StreamIndex.first(memory, pel(memory, group));
    }

    public static long lastPending(Memory memory, long group) {
        return StreamIndex.last(memory, pel(memory, group));
    }

    public static long nextPending(Memory memory, long nack) {
        return StreamIndex.next(memory, nack);
    }

    public static StreamId pendingId(Memory memory, long nack) {
        return StreamIndex.id(memory, nack);
    }

    public static long deliveryTime(Memory memory, long nack) {
        return memory.getLong(StreamIndex.payload(memory, nack) + NACK_DELIVERY_TIME);
    }

    public static long deliveryCount(Memory memory, long nack) {
        return memory.getLong(StreamIndex.payload(memory, nack) + NACK_DELIVERY_COUNT);
    }

    /** The owner's consumer entry. */
    public static long owner(Memory memory, long nack) {
        return memory.getLong(StreamIndex.payload(memory, nack) + NACK_CONSUMER);
    }

    public static void delivered(Memory memory, long nack, long time, long count) {
        long payload = StreamIndex.payload(memory, nack);
        memory.putLong(payload + NACK_DELIVERY_TIME, time);
        memory.putLong(payload + NACK_DELIVERY_COUNT, count);
    }

    /** Adds {@code id} to the group's PEL and the consumer's, delivered at {@code time}; returns the entry. */
    public static long addPending(Allocator allocator, long group, long consumer, StreamId id, long time, long count,
                                  RandomGenerator random) {
        Memory memory = allocator.memory();
        long nack = StreamIndex.insert(allocator, pel(memory, group), id, NACK_PAYLOAD, random);
        delivered(memory, nack, time, count);
        memory.putLong(StreamIndex.payload(memory, nack) + NACK_CONSUMER, consumer);
        StreamIndex.insert(allocator, consumerPel(memory, consumer), id, 0, random);
        return nack;
    }

    /** Moves a pending entry to another consumer's PEL (its delivery data unchanged). */
    public static void changeOwner(Allocator allocator, long nack, long consumer, RandomGenerator random) {
        Memory memory = allocator.memory();
        long previous = owner(memory, nack);
        if (previous == consumer) {
            return;
        }
        StreamId id = StreamIndex.id(memory, nack);
        long previousPel = consumerPel(memory, previous);
        StreamIndex.delete(allocator, previousPel, StreamIndex.find(memory, previousPel, id));
        StreamIndex.insert(allocator, consumerPel(memory, consumer), id, 0, random);
        memory.putLong(StreamIndex.payload(memory, nack) + NACK_CONSUMER, consumer);
    }

    /** Removes a pending entry from the group's PEL and its owner's (XACK). */
    public static void removePending(Allocator allocator, long group, long nack) {
        Memory memory = allocator.memory();
        StreamId id = StreamIndex.id(memory, nack);
        long ownerPel = consumerPel(memory, owner(memory, nack));
        StreamIndex.delete(allocator, ownerPel, StreamIndex.find(memory, ownerPel, id));
        StreamIndex.delete(allocator, pel(memory, group), nack);
    }

    // ---------------------------------------------------------------------------------------------
    // Whole values

    static void free(Allocator allocator, long groups) {
        if (groups == 0) {
            return;
        }
        Dict.free(allocator, groups, group -> freeGroup(allocator, group));
    }

    private static void freeGroup(Allocator allocator, long group) {
        Memory memory = allocator.memory();
        StreamIndex.free(allocator, pel(memory, group));
        Dict.free(allocator, consumers(memory, group), consumer -> StreamIndex.free(allocator, consumerPel(memory, consumer)));
    }

    static long duplicate(Allocator allocator, long groups, RandomGenerator random) {
        if (groups == 0) {
            return 0;
        }
        Memory memory = allocator.memory();
        long copy = Dict.create(allocator, GROUP_PAYLOAD);
        for (long group : sorted(memory, groups)) {
            byte[] name = Dict.keyBytes(memory, group);
            long to = Dict.insert(allocator, copy, name, 0, name.length);
            long payload = Dict.payload(to);
            Stream.writeId(memory, payload + GROUP_LAST_ID, lastId(memory, group));
            memory.putLong(payload + GROUP_ENTRIES_READ, entriesRead(memory, group));
            memory.putLong(payload + GROUP_PEL, StreamIndex.create(allocator));
            memory.putLong(payload + GROUP_CONSUMERS, Dict.create(allocator, CONSUMER_PAYLOAD));
            Map<Long, Long> consumerCopies = new HashMap<>();
            for (long consumer : sorted(memory, consumers(memory, group))) {
                long created = createConsumer(allocator, to, Dict.keyBytes(memory, consumer), seenTime(memory, consumer));
                consumerCopies.put(consumer, created);
            }
            for (long nack = firstPending(memory, group); nack != 0; nack = nextPending(memory, nack)) {
                addPending(allocator, to, consumerCopies.get(owner(memory, nack)), pendingId(memory, nack),
                        deliveryTime(memory, nack), deliveryCount(memory, nack), random);
            }
        }
        return copy;
    }

    static long memoryUsage(Memory memory, long groups) {
        if (groups == 0) {
            return 0;
        }
        long[] bytes = {Dict.tableBytes(memory, groups)};
        Dict.forEach(memory, groups, group -> {
            bytes[0] += entryBytes(memory, group) + StreamIndex.bytes(memory, pel(memory, group))
                    + Dict.tableBytes(memory, consumers(memory, group));
            Dict.forEach(memory, consumers(memory, group), consumer -> bytes[0] += entryBytes(memory, consumer)
                    + StreamIndex.bytes(memory, consumerPel(memory, consumer)));
        });
        return bytes[0];
    }

    /** A dict entry's bytes: its header and payload, then its key. */
    private static long entryBytes(Memory memory, long entry) {
        return Dict.keyAddress(memory, entry) - entry + Dict.keyLength(memory, entry);
    }

    /** The dict's entries in key order (memcmp, shorter first), as a rax lists them. */
    private static List<Long> sorted(Memory memory, long dict) {
        List<Long> entries = new ArrayList<>();
        if (dict == 0) {
            return entries;
        }
        Dict.forEach(memory, dict, entries::add);
        entries.sort((a, b) -> Arrays.compareUnsigned(Dict.keyBytes(memory, a), Dict.keyBytes(memory, b)));
        return entries;
    }
}
