package io.forkline.snapshot.rdb;

import io.forkline.engine.stream.StreamId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One key's value as an RDB file holds it, whatever the encoding it was saved in (a hash from a
 * ziplist, a listpack or a plain field list is the same {@link HashOf}): what {@link RdbReader}
 * decodes, and what {@link KeyspaceLoader} builds in the engine with the engine's own encodings.
 * Strings are bytes; an integer-encoded string is its decimal text. A stream is the exception: it is kept as
 * its nodes, which the engine holds as they are.
 */
public sealed interface RdbValue {

    /** What {@code TYPE} replies for such a value. */
    String typeName();

    /** Elements (members, fields, a stream's entries up to Integer.MAX_VALUE), or 1 for a string. */
    int size();

    /**
     * Whether Redis skips the value when loading ("rdbLoadObject skipping empty key"): one with no elements, but
     * never a stream, which Redis keeps empty with its IDs and groups.
     */
    default boolean isEmpty() {
        return size() == 0;
    }

    /** A string. */
    record Str(byte[] bytes) implements RdbValue {
        @Override
        public String typeName() {
            return "string";
        }

        @Override
        public int size() {
            return 1;
        }
    }

    /** A list, head to tail. */
    record ListOf(List<byte[]> elements) implements RdbValue {
        @Override
        public String typeName() {
            return "list";
        }

        @Override
        public int size() {
            return elements.size();
        }
    }

    /** A set, in the file's order. */
    record SetOf(List<byte[]> members) implements RdbValue {
        @Override
        public String typeName() {
            return "set";
        }

        @Override
        public int size() {
            return members.size();
        }
    }

    /** A sorted set: {@code members.get(i)} has {@code scores[i]}, in the file's order; no score is NaN. */
    record SortedSetOf(List<byte[]> members, double[] scores) implements RdbValue {
        public SortedSetOf {
            if (members.size() != scores.length) {
                throw new IllegalArgumentException(members.size() + " members but " + scores.length + " scores");
            }
        }

        @Override
        public String typeName() {
            return "zset";
        }

        @Override
        public int size() {
            return scores.length;
        }
    }

    /** A hash: field, value, field, value, ... in the file's order. */
    record HashOf(List<byte[]> fieldsAndValues) implements RdbValue {
        public HashOf {
            if (fieldsAndValues.size() % 2 != 0) {
                throw new IllegalArgumentException("a field without a value: " + fieldsAndValues.size() + " strings");
            }
        }

        @Override
        public String typeName() {
            return "hash";
        }

        /** The number of fields. */
        @Override
        public int size() {
            return fieldsAndValues.size() / 2;
        }
    }

    /**
     * A stream, as Redis saves it (STREAM_LISTPACKS, _2 and _3): its nodes, each a master ID and a listpack in
     * Redis's stream format (checked entry by entry, and kept as it is), the header, and the consumer groups in
     * the file's order (Redis's: by name). A type-15 file's missing fields are what Redis 7.0 derives when it
     * loads one, and a type-21 file's consumer active times are left out (Redis 7.0 has none).
     *
     * @param length       the live entries, which the nodes' live counts add up to
     * @param lastId       the greatest ID ever added or set, at least every entry's ID
     * @param entriesAdded entries ever added
     */
    record StreamOf(List<Node> nodes, long length, StreamId lastId, StreamId firstId, StreamId maxDeletedId,
                    long entriesAdded, List<Group> groups) implements RdbValue {

        /** A node: the ID its entries' IDs are deltas from, its listpack, and how many of its entries are not deleted. */
        public record Node(StreamId masterId, byte[] listpack, long live) {
        }

        /**
         * A consumer group: its last delivered ID, its entries_read ({@code -1}: unknown), its pending entries in
         * the file's order, and its consumers, whose pending IDs are together exactly the group's.
         */
        public record Group(byte[] name, StreamId lastId, long entriesRead, List<Pending> pending, List<Consumer> consumers) {

            /** The pending entries by ID, to find a consumer's. */
            public Map<StreamId, Pending> pendingById() {
                Map<StreamId, Pending> byId = new HashMap<>();
                pending.forEach(nack -> byId.put(nack.id(), nack));
                return byId;
            }
        }

        /** A pending entry: delivered last at {@code deliveryTime} (Unix ms), {@code deliveryCount} times. */
        public record Pending(StreamId id, long deliveryTime, long deliveryCount) {
        }

        /** A consumer: last seen at {@code seenTime} (Unix ms), with the IDs pending for it. */
        public record Consumer(byte[] name, long seenTime, List<StreamId> pending) {
        }

        /** A live entry: its ID and its fields and values, field, value, field, value ... */
        public record Entry(StreamId id, List<byte[]> fieldsAndValues) {
        }

        @Override
        public String typeName() {
            return "stream";
        }

        @Override
        public int size() {
            return (int) Math.min(length, Integer.MAX_VALUE);
        }

        @Override
        public boolean isEmpty() {
            return false;
        }

        /** The live entries in ID order, decoded from the nodes. */
        public List<Entry> entries() {
            List<Entry> entries = new ArrayList<>();
            for (Node node : nodes) {
                StreamNodeDecoder.entries(node.listpack(), node.masterId(), entries);
            }
            return entries;
        }
    }
}
