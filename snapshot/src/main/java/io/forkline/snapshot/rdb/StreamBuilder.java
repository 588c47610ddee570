package io.forkline.snapshot.rdb;

import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.stream.ConsumerGroups;
import io.forkline.engine.stream.Stream;
import io.forkline.engine.stream.StreamId;
import io.forkline.engine.struct.Listpack;
import io.forkline.pages.Memory;
import io.forkline.pages.alloc.Allocator;
import io.forkline.snapshot.rdb.RdbValue.StreamOf;

import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Builds a loaded stream as Redis's {@code rdbLoadObject} does, not entry by entry: each node's listpack goes into
 * the stream as it is, under its master ID, the header is the file's, and each group gets its consumers with the
 * entries pending for each (the delivery time and count from the group's list). Whatever the engine's
 * stream-node-max-* settings, the nodes stay the file's, as in Redis. The value was checked when it was read
 * ({@link StreamDecoder}), so building it cannot fail.
 */
final class StreamBuilder {

    private StreamBuilder() {
    }

    /** {@code random} draws the index levels of the nodes and of the pending entries lists. */
    static BuiltValue build(Allocator allocator, RandomGenerator random, StreamOf value) {
        Memory memory = allocator.memory();
        long stream = Stream.create(allocator);
        for (StreamOf.Node node : value.nodes()) {
            Stream.appendNode(allocator, stream, node.masterId(), Listpack.fromBlob(allocator, node.listpack()), node.live(),
                    random);
        }
        Stream.lastId(memory, stream, value.lastId());
        Stream.firstId(memory, stream, value.firstId());
        Stream.maxDeletedId(memory, stream, value.maxDeletedId());
        Stream.entriesAdded(memory, stream, value.entriesAdded());
        for (StreamOf.Group group : value.groups()) {
            addGroup(allocator, random, stream, group);
        }
        return new BuiltValue(ValueType.STREAM, Encoding.STREAM, stream);
    }

    private static void addGroup(Allocator allocator, RandomGenerator random, long stream, StreamOf.Group group) {
        long entry = ConsumerGroups.create(allocator, stream, group.name(), group.lastId(), group.entriesRead());
        Map<StreamId, StreamOf.Pending> pending = group.pendingById();
        for (StreamOf.Consumer consumer : group.consumers()) {
            long owner = ConsumerGroups.createConsumer(allocator, entry, consumer.name(), consumer.seenTime());
            for (StreamId id : consumer.pending()) {
                StreamOf.Pending nack = pending.get(id);
                ConsumerGroups.addPending(allocator, entry, owner, id, nack.deliveryTime(), nack.deliveryCount(), random);
            }
        }
    }
}
