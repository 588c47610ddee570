package io.forkline.snapshot.rdb;

import io.forkline.engine.stream.Stream;
import io.forkline.engine.stream.StreamId;
import io.forkline.engine.struct.CorruptEncodingException;
import io.forkline.snapshot.rdb.RdbValue.StreamOf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stream's payload, as Redis's {@code rdbLoadObject} reads it, refused where Redis refuses it (with Redis's
 * words where it has some), at the offset of the part at fault. Lengths are RDB lengths, IDs two of them (ms,
 * seq), times 8 bytes little-endian (Unix ms), raw IDs 16 bytes big-endian (ms, seq):
 *
 * <pre>
 *   nodes           count, then per node: master ID (a string of a raw ID), listpack (a string)
 *   length          live entries
 *   last_id         ID
 *   first_id        ID                                            (types 19 and 21)
 *   max_deleted     ID                                            (types 19 and 21)
 *   entries_added   length                                        (types 19 and 21)
 *   groups          count, then per group:
 *     name          string
 *     last_id       ID
 *     entries_read  length, 2^64 - 1 for unknown                  (types 19 and 21)
 *     PEL           count, then per entry: raw ID, delivery time, delivery count (a length)
 *     consumers     count, then per consumer: name (string), seen time, [active time (type 21)],
 *                   PEL: count, then raw IDs, each one of the group's PEL
 * </pre>
 *
 * Each node's listpack is checked by {@link StreamNodeDecoder}. A type-15 stream gets what Redis 7.0 derives for
 * one: entries_added is the length, there is no max deleted ID, first_id is the first live entry's ID (2^64-1-2^64-1
 * when there is none, as Redis's streamGetEdgeID answers), and each group's entries_read is estimated
 * ({@link Stream#estimateEntriesRead(StreamId, long, StreamId, StreamId, StreamId, long)}).
 *
 * <p>Beyond Redis's checks, what the engine relies on and Redis never writes is refused too: nodes out of ID order
 * or overlapping, a length that is not the nodes' live entries, an entry above last_id, and an entry pending for two
 * consumers.
 */
final class StreamDecoder {

    /** The fewest bytes of a node (two empty strings), a group, a pending entry, a consumer and a consumer's ID. */
    private static final int NODE_MIN_BYTES = 2;
    private static final int GROUP_MIN_BYTES = 5;
    private static final int PENDING_MIN_BYTES = StreamId.BYTES + 8 + 1;
    private static final int CONSUMER_MIN_BYTES = 1 + 8 + 1;

    private final RdbType type;
    private final RdbInput in;
    /** The nodes' live entries, their first, and the greatest ID of any entry (null while there is none). */
    private long live;
    private StreamId firstLive;
    private StreamId lastEntry;

    private StreamDecoder(RdbType type, RdbInput in) {
        this.type = type;
        this.in = in;
    }

    static StreamOf read(RdbType type, RdbInput in) throws IOException {
        return new StreamDecoder(type, in).read();
    }

    private StreamOf read() throws IOException {
        List<StreamOf.Node> nodes = readNodes();
        long length = readLength(nodes.size());
        StreamId lastId = readLastId();
        boolean legacy = type == RdbType.STREAM_LISTPACKS;
        StreamId firstId = legacy ? (firstLive != null ? firstLive : StreamId.MAX) : readId("a stream's first ID");
        StreamId maxDeletedId = legacy ? StreamId.MIN : readId("a stream's max deleted entry ID");
        long entriesAdded = legacy ? length : in.readLength("a stream's count of entries added");
        Header header = new Header(length, lastId, firstId, maxDeletedId, entriesAdded);
        return new StreamOf(nodes, length, lastId, firstId, maxDeletedId, entriesAdded, readGroups(header));
    }

    /** What an estimate of a type-15 group's entries_read needs. */
    private record Header(long length, StreamId lastId, StreamId firstId, StreamId maxDeletedId, long entriesAdded) {
    }

    // ---------------------------------------------------------------------------------------------
    // Nodes

    private List<StreamOf.Node> readNodes() throws IOException {
        int count = in.readCount("stream nodes", NODE_MIN_BYTES);
        List<StreamOf.Node> nodes = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            nodes.add(readNode());
        }
        return nodes;
    }

    private StreamOf.Node readNode() throws IOException {
        long keyOffset = in.position();
        byte[] key = in.readString("a stream node's master ID");
        if (key.length != StreamId.BYTES) {
            throw new RdbFormatException(keyOffset, "Stream node key entry is not the size of a stream ID: "
                    + key.length + " bytes, not " + StreamId.BYTES);
        }
        StreamId master = StreamId.decode(key, 0);
        if (lastEntry != null && master.compareTo(lastEntry) <= 0) {
            throw new RdbFormatException(keyOffset, "a node master ID above the previous node's last entry " + lastEntry,
                    master.toString());
        }
        long blobOffset = in.position();
        byte[] listpack = in.readString("a stream listpack");
        StreamNodeDecoder.Shape shape;
        try {
            shape = StreamNodeDecoder.check(listpack, master);
        } catch (CorruptEncodingException corrupt) {
            throw new RdbFormatException(blobOffset, "a valid stream listpack of " + listpack.length + " bytes (" + type
                    + ")", corrupt.getMessage() + " (Stream listpack integrity check failed)", corrupt);
        }
        live += shape.live();
        if (firstLive == null) {
            firstLive = shape.firstLive();
        }
        lastEntry = shape.last();
        return new StreamOf.Node(master, listpack, shape.live());
    }

    /** The stream's length, which must be the nodes' live entries. */
    private long readLength(int nodes) throws IOException {
        long offset = in.position();
        long length = in.readLength("a stream length");
        if (length > 0 && nodes == 0) {
            throw new RdbFormatException(offset, "Stream length inconsistent with rax entries: " + length + " entries in no node");
        }
        if (length != live) {
            throw new RdbFormatException(offset, "a stream length of " + live + " (the nodes' live entries)", Long.toString(length));
        }
        return length;
    }

    /** The stream's last ID, which must be at least its last entry's. */
    private StreamId readLastId() throws IOException {
        long offset = in.position();
        StreamId lastId = readId("a stream's last ID");
        if (lastEntry != null && lastId.compareTo(lastEntry) < 0) {
            throw new RdbFormatException(offset, "a last ID at or above the stream's last entry " + lastEntry, lastId.toString());
        }
        return lastId;
    }

    // ---------------------------------------------------------------------------------------------
    // Consumer groups

    private List<StreamOf.Group> readGroups(Header header) throws IOException {
        int count = in.readCount("stream consumer groups", GROUP_MIN_BYTES);
        List<StreamOf.Group> groups = new ArrayList<>(Math.min(count, 1024));
        Set<String> names = new HashSet<>();
        for (int i = 0; i < count; i++) {
            long offset = in.position();
            StreamOf.Group group = readGroup(header);
            if (!names.add(new String(group.name(), StandardCharsets.ISO_8859_1))) {
                throw new RdbFormatException(offset, "Duplicated consumer group name " + Printable.quote(group.name()));
            }
            groups.add(group);
        }
        return groups;
    }

    private StreamOf.Group readGroup(Header header) throws IOException {
        long offset = in.position();
        byte[] name = in.readString("a consumer group name");
        StreamId lastId = readId("a consumer group's last ID");
        long entriesRead = type == RdbType.STREAM_LISTPACKS
                ? Stream.estimateEntriesRead(lastId, header.length(), header.lastId(), header.firstId(),
                        header.maxDeletedId(), header.entriesAdded())
                : in.readUnsignedLength("a consumer group's entries read");
        Map<StreamId, StreamOf.Pending> pel = readPel();
        Set<StreamId> owned = new HashSet<>();
        List<StreamOf.Consumer> consumers = readConsumers(pel, owned);
        if (owned.size() != pel.size()) {
            throw new RdbFormatException(offset, "Stream CG PEL entry without consumer: " + (pel.size() - owned.size())
                    + " pending entries of group " + Printable.quote(name) + " belong to no consumer");
        }
        return new StreamOf.Group(name, lastId, entriesRead, List.copyOf(pel.values()), consumers);
    }

    /** The group's pending entries by ID, in file order. */
    private Map<StreamId, StreamOf.Pending> readPel() throws IOException {
        int count = in.readCount("pending entries", PENDING_MIN_BYTES);
        Map<StreamId, StreamOf.Pending> pel = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            long offset = in.position();
            StreamId id = readRawId();
            long deliveryTime = in.readLittleEndian(8);
            long deliveryCount = in.readUnsignedLength("a pending entry's delivery count");
            if (pel.putIfAbsent(id, new StreamOf.Pending(id, deliveryTime, deliveryCount)) != null) {
                throw new RdbFormatException(offset, "Duplicated global PEL entry loading stream consumer group: " + id);
            }
        }
        return pel;
    }

    /** The group's consumers; each ID they hold must be in {@code pel} and goes into {@code owned}. */
    private List<StreamOf.Consumer> readConsumers(Map<StreamId, StreamOf.Pending> pel, Set<StreamId> owned) throws IOException {
        int count = in.readCount("stream consumers", CONSUMER_MIN_BYTES);
        List<StreamOf.Consumer> consumers = new ArrayList<>(Math.min(count, 1024));
        Set<String> names = new HashSet<>();
        for (int i = 0; i < count; i++) {
            long offset = in.position();
            byte[] name = in.readString("a consumer name");
            if (!names.add(new String(name, StandardCharsets.ISO_8859_1))) {
                throw new RdbFormatException(offset, "Duplicate stream consumer detected: " + Printable.quote(name));
            }
            long seenTime = in.readLittleEndian(8);
            if (type == RdbType.STREAM_LISTPACKS_3) {
                in.readLittleEndian(8);   // active_time, which Redis 7.0 does not have
            }
            consumers.add(new StreamOf.Consumer(name, seenTime, readConsumerPel(pel, owned)));
        }
        return consumers;
    }

    private List<StreamId> readConsumerPel(Map<StreamId, StreamOf.Pending> pel, Set<StreamId> owned) throws IOException {
        int count = in.readCount("a consumer's pending entries", StreamId.BYTES);
        List<StreamId> ids = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            long offset = in.position();
            StreamId id = readRawId();
            if (!pel.containsKey(id)) {
                throw new RdbFormatException(offset, "Consumer entry not found in group global PEL: " + id);
            }
            if (!owned.add(id)) {
                throw new RdbFormatException(offset, "Duplicated consumer PEL entry loading a stream consumer group: " + id);
            }
            ids.add(id);
        }
        return ids;
    }

    // ---------------------------------------------------------------------------------------------

    /** An ID as two lengths, each of 64 bits unsigned. */
    private StreamId readId(String what) throws IOException {
        long ms = in.readUnsignedLength(what + " (ms)");
        return new StreamId(ms, in.readUnsignedLength(what + " (seq)"));
    }

    private StreamId readRawId() throws IOException {
        return StreamId.decode(in.readRaw(StreamId.BYTES), 0);
    }
}
