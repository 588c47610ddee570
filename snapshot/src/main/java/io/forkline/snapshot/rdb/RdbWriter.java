package io.forkline.snapshot.rdb;

import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.Keyspace;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.stream.ConsumerGroups;
import io.forkline.engine.stream.Stream;
import io.forkline.engine.stream.StreamId;
import io.forkline.engine.struct.Dict;
import io.forkline.engine.struct.Intset;
import io.forkline.engine.struct.Listpack;
import io.forkline.engine.struct.Quicklist;
import io.forkline.engine.struct.Skiplist;
import io.forkline.engine.types.HashValue;
import io.forkline.engine.types.SetValue;
import io.forkline.engine.types.SortedSetValue;
import io.forkline.engine.types.StringValue;
import io.forkline.pages.Memory;
import io.forkline.snapshot.io.ByteSink;
import io.forkline.snapshot.io.Crc64Sink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes a keyspace image as an RDB file of version 10, as Redis 7.0.15's {@code rdbSaveRio} does, so
 * that Redis 7.0 and later load it:
 *
 * <pre>
 *   "REDIS0010"
 *   AUX redis-ver 7.0.15, redis-bits 64, ctime, used-mem, [extra AUX], aof-base 0|1
 *   per non-empty database, ascending:
 *     SELECTDB db, RESIZEDB keys expires
 *     per key: [EXPIRETIME_MS ms] type key payload
 *   EOF, CRC64 of everything before it (little-endian), or 8 zero bytes without checksum
 * </pre>
 *
 * Payloads by the engine's encoding ({@link #writeValue}): a string is STRING; a list is
 * LIST_QUICKLIST_2 with each node's listpack as it is in memory (PACKED) or its one element (PLAIN); a
 * listpack hash or sorted set is HASH_LISTPACK or ZSET_LISTPACK with the listpack's bytes; an intset is
 * SET_INTSET with its bytes; a hashtable hash is HASH, a skiplist sorted set ZSET_2 (highest score
 * first, binary doubles); any other set is SET, since version 10 has no SET_LISTPACK; a stream is
 * STREAM_LISTPACKS_2 with each node's listpack as it is in memory ({@link #writeStream}).
 *
 * <p>Reads go through the image's {@link Memory} only, with the engine's static readers, never through
 * live engine objects: on a fork's view the writer runs on a snapshot thread while the engine's writer
 * goes on. Writes go through a {@link ByteSink}; the file's owner decides about fsync. With compression
 * on, a second thread compresses, checksums and writes while this one walks the keys
 * ({@link RdbEncoder#compressingAside}); the bytes are the same.
 */
public final class RdbWriter {

    /** The version Redis 7.0.15 writes in its AUX field, which forkline reports too. */
    public static final String REDIS_VERSION = "7.0.15";

    private static final byte[] MAGIC = "REDIS".getBytes(StandardCharsets.US_ASCII);
    /** The AUX fields every file has; {@link RdbWriteOptions#extraAux()} may replace their values. */
    private static final Set<String> STANDARD_AUX = Set.of("redis-ver", "redis-bits", "ctime", "used-mem", "aof-base");
    /** Cancellation is checked once per this many keys. */
    private static final int CANCEL_CHECK_MASK = 1023;

    private final RdbWriteOptions options;
    private final InstantSource clock;

    public RdbWriter(RdbWriteOptions options) {
        this(options, InstantSource.system());
    }

    /** A writer whose {@code ctime} AUX field reads {@code clock}. */
    public RdbWriter(RdbWriteOptions options, InstantSource clock) {
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public RdbWriteOptions options() {
        return options;
    }

    /**
     * Writes the whole file for {@code image} to {@code sink}, publishing progress as it goes.
     *
     * @throws SaveCancelledException if {@code progress} was cancelled meanwhile
     * @throws IOException            whatever the sink throws (a full disk, a closed socket)
     */
    public void write(KeyspaceImage image, ByteSink sink, SaveProgress progress) throws IOException {
        Memory memory = image.memory();
        long root = image.root();
        int databases = image.databases();
        checkDatabases(memory, root, databases);
        progress.start(totalKeys(memory, root, databases));

        long start = sink.position();
        Crc64Sink checksummed = options.checksum() ? new Crc64Sink(sink) : null;
        ByteSink encoded = checksummed != null ? checksummed : sink;
        KeyWalk walk;
        try (RdbEncoder out = options.compression() ? RdbEncoder.compressingAside(encoded) : new RdbEncoder(encoded, false)) {
            out.raw(MAGIC);
            out.raw(String.format("%04d", options.version()).getBytes(StandardCharsets.US_ASCII));
            writeAux(out, image);
            walk = new KeyWalk(out, memory, root, progress, start);
            try {
                for (int db = 0; db < databases; db++) {
                    walk.database(db);
                }
            } catch (UncheckedIOException wrapped) {
                throw wrapped.getCause();
            }
            out.type(RdbOpcode.EOF);
            out.finish();
        }
        long crc = checksummed != null ? checksummed.crc() : 0;
        for (int i = 0; i < 8; i++) {
            sink.write((int) (crc >>> (8 * i)));
        }
        progress.advance(walk.keysWritten, sink.position() - start);
    }

    /**
     * Writes one key's object: its RDB type byte and payload, without the key (DUMP's payload starts so).
     *
     * @param entry the key's entry in a database's keys dict (see {@link KeyEntry})
     */
    public static void writeValue(Memory memory, long entry, ByteSink sink, boolean compress) throws IOException {
        RdbEncoder out = new RdbEncoder(sink, compress);
        out.type(typeOf(memory, entry).code());
        try {
            writePayload(out, memory, entry);
        } catch (UncheckedIOException wrapped) {
            throw wrapped.getCause();
        }
        out.flush();
    }

    /** The RDB type a key's value is written as, by its type and in-memory encoding. */
    public static RdbType typeOf(Memory memory, long entry) {
        ValueType type = KeyEntry.type(memory, entry);
        Encoding encoding = KeyEntry.encoding(memory, entry);
        return switch (type) {
            case STRING -> RdbType.STRING;
            case LIST -> RdbType.LIST_QUICKLIST_2;
            case SET -> encoding == Encoding.INTSET ? RdbType.SET_INTSET : RdbType.SET;
            case ZSET -> encoding == Encoding.LISTPACK ? RdbType.ZSET_LISTPACK : RdbType.ZSET_2;
            case HASH -> encoding == Encoding.LISTPACK ? RdbType.HASH_LISTPACK : RdbType.HASH;
            case STREAM -> RdbType.STREAM_LISTPACKS_2;
        };
    }

    // ---------------------------------------------------------------------------------------------
    // The file's parts

    /** Redis 7.0's {@code rdbSaveInfoAuxFields}: the standard fields, the extra ones where Redis puts repl-*, aof-base last. */
    private void writeAux(RdbEncoder out, KeyspaceImage image) throws IOException {
        Map<String, String> extra = options.extraAux();
        writeAux(out, "redis-ver", extra.getOrDefault("redis-ver", REDIS_VERSION));
        writeAux(out, "redis-bits", extra.getOrDefault("redis-bits", "64"));
        writeAux(out, "ctime", extra.getOrDefault("ctime", Long.toString(clock.millis() / 1000)));
        writeAux(out, "used-mem", extra.getOrDefault("used-mem", Long.toString(image.usedMemory())));
        for (Map.Entry<String, String> field : extra.entrySet()) {
            if (!STANDARD_AUX.contains(field.getKey())) {
                writeAux(out, field.getKey(), field.getValue());
            }
        }
        writeAux(out, "aof-base", extra.getOrDefault("aof-base", options.aofBase() ? "1" : "0"));
    }

    private static void writeAux(RdbEncoder out, String key, String value) throws IOException {
        out.type(RdbOpcode.AUX);
        out.string(key.getBytes(StandardCharsets.UTF_8));
        out.string(value.getBytes(StandardCharsets.UTF_8));
    }

    /** One pass over the databases of an image: SELECTDB, RESIZEDB and the keys of each, counting as it goes. */
    private static final class KeyWalk {

        private final RdbEncoder out;
        private final Memory memory;
        private final long root;
        private final SaveProgress progress;
        private final long start;
        long keysWritten;
        /** What {@link #readValueAhead} read: kept, so that the reads are not optimized away. */
        long valueBytesRead;

        KeyWalk(RdbEncoder out, Memory memory, long root, SaveProgress progress, long start) {
            this.out = out;
            this.memory = memory;
            this.root = root;
            this.progress = progress;
            this.start = start;
        }

        void database(int db) throws IOException {
            long keys = Keyspace.keys(memory, root, db);
            long size = Dict.size(memory, keys);
            if (size == 0) {
                return;
            }
            out.type(RdbOpcode.SELECTDB);
            out.length(db);
            out.type(RdbOpcode.RESIZEDB);
            out.length(size);
            out.length(Dict.size(memory, Keyspace.expires(memory, root, db)));
            Dict.forEachGathered(memory, keys, this::readValueAhead, entry -> unchecked(() -> key(db, entry)));
        }

        /** Reads the first byte of the entry's value (unless the entry holds it, an integer), to bring it into the cache. */
        private void readValueAhead(long entry) {
            if (KeyEntry.encoding(memory, entry) != Encoding.INT) {
                long value = KeyEntry.value(memory, entry);
                if (value != 0) {
                    valueBytesRead += memory.getByte(value);
                }
            }
        }

        private void key(int db, long entry) throws IOException {
            long expire = Keyspace.expireOf(memory, root, db, entry);
            if (expire != -1) {
                out.type(RdbOpcode.EXPIRETIME_MS);
                out.millis(expire);
            }
            out.type(typeOf(memory, entry).code());
            out.string(memory, KeyEntry.keyAddress(memory, entry), KeyEntry.keyLength(memory, entry));
            writePayload(out, memory, entry);
            keysWritten++;
            progress.advance(keysWritten, out.position() - start);
            if ((keysWritten & CANCEL_CHECK_MASK) == 0 && progress.cancelled()) {
                throw new SaveCancelledException(keysWritten);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Payloads

    private static void writePayload(RdbEncoder out, Memory memory, long entry) throws IOException {
        long value = KeyEntry.value(memory, entry);
        Encoding encoding = KeyEntry.encoding(memory, entry);
        switch (KeyEntry.type(memory, entry)) {
            case STRING -> writeString(out, memory, value, encoding);
            case LIST -> writeQuicklist(out, memory, value);
            case SET -> writeSet(out, memory, value, encoding);
            case ZSET -> writeSortedSet(out, memory, value, encoding);
            case HASH -> writeHash(out, memory, value, encoding);
            case STREAM -> writeStream(out, memory, value);
        }
    }

    private static void writeString(RdbEncoder out, Memory memory, long value, Encoding encoding) throws IOException {
        if (encoding == Encoding.INT) {
            out.longAsString(value);
        } else {
            out.string(memory, StringValue.bytesAddress(value), StringValue.length(memory, value, encoding));
        }
    }

    /** LIST_QUICKLIST_2: the node count, then per node its container and its blob, head to tail. */
    private static void writeQuicklist(RdbEncoder out, Memory memory, long quicklist) throws IOException {
        long nodes = Quicklist.nodes(memory, quicklist);
        out.length(nodes);
        long walked = 0;
        for (long node = Quicklist.head(memory, quicklist); node != 0; node = Quicklist.nodeNext(memory, node)) {
            out.length(Quicklist.container(memory, node));
            out.string(memory, Quicklist.nodeEntry(memory, node), Math.toIntExact(Quicklist.nodeSize(memory, node)));
            walked++;
        }
        if (walked != nodes) {
            throw new IllegalStateException("quicklist at 0x" + Long.toHexString(quicklist) + " says " + nodes
                    + " nodes but links " + walked);
        }
    }

    private static void writeSet(RdbEncoder out, Memory memory, long set, Encoding encoding) throws IOException {
        if (encoding == Encoding.INTSET) {
            out.string(memory, set, Math.toIntExact(Intset.totalBytes(memory, set)));
            return;
        }
        out.length(SetValue.size(memory, set, encoding));
        SetValue.forEach(memory, set, encoding, member -> unchecked(() -> out.element(memory, member)));
    }

    private static void writeSortedSet(RdbEncoder out, Memory memory, long zset, Encoding encoding) throws IOException {
        if (encoding == Encoding.LISTPACK) {
            writeListpack(out, memory, zset);
            return;
        }
        long skiplist = SortedSetValue.skiplist(memory, zset);
        out.length(Skiplist.length(memory, skiplist));
        for (long node = Skiplist.last(memory, skiplist); node != 0; node = Skiplist.previous(memory, node)) {
            out.string(memory, Skiplist.memberAddress(memory, node), Skiplist.memberLength(memory, node));
            out.binaryDouble(Skiplist.score(memory, node));
        }
    }

    private static void writeHash(RdbEncoder out, Memory memory, long hash, Encoding encoding) throws IOException {
        if (encoding == Encoding.LISTPACK) {
            writeListpack(out, memory, hash);
            return;
        }
        out.length(HashValue.size(memory, hash, encoding));
        HashValue.forEach(memory, hash, encoding, (field, value) -> unchecked(() -> {
            out.element(memory, field);
            out.element(memory, value);
        }));
    }

    /**
     * STREAM_LISTPACKS_2, as Redis 7.0's {@code rdbSaveObject} writes it: the node count, then per node its master ID
     * (a string of 16 bytes, big-endian) and its listpack; the length, last_id, first_id and max_deleted_entry_id
     * (each ID two lengths, ms and seq) and entries_added; then the groups in name order.
     */
    private static void writeStream(RdbEncoder out, Memory memory, long stream) throws IOException {
        out.length(Stream.nodeCount(memory, stream));
        for (long node = Stream.firstNode(memory, stream); node != 0; node = Stream.nextNode(memory, node)) {
            out.string(Stream.masterId(memory, node).encoded());
            writeListpack(out, memory, Stream.nodeListpack(memory, node));
        }
        out.length(Stream.length(memory, stream));
        writeId(out, Stream.lastId(memory, stream));
        writeId(out, Stream.firstId(memory, stream));
        writeId(out, Stream.maxDeletedId(memory, stream));
        out.length(Stream.entriesAdded(memory, stream));
        List<Long> groups = ConsumerGroups.groups(memory, stream);
        out.length(groups.size());
        for (long group : groups) {
            writeGroup(out, memory, group);
        }
    }

    /**
     * A consumer group: its name, last_id and entries_read; its pending entries list (the count, then per entry its
     * raw 16-byte ID, delivery time in ms, 8 bytes little-endian, and delivery count); its consumers in name order
     * (each its name, seen time, and the raw IDs pending for it, counted).
     */
    private static void writeGroup(RdbEncoder out, Memory memory, long group) throws IOException {
        out.string(ConsumerGroups.name(memory, group));
        writeId(out, ConsumerGroups.lastId(memory, group));
        out.unsignedLength(ConsumerGroups.entriesRead(memory, group));
        out.length(ConsumerGroups.pendingCount(memory, group));
        for (long nack = ConsumerGroups.firstPending(memory, group); nack != 0; nack = ConsumerGroups.nextPending(memory, nack)) {
            out.raw(ConsumerGroups.pendingId(memory, nack).encoded());
            out.millis(ConsumerGroups.deliveryTime(memory, nack));
            out.unsignedLength(ConsumerGroups.deliveryCount(memory, nack));
        }
        List<Long> consumers = ConsumerGroups.consumerList(memory, group);
        out.length(consumers.size());
        for (long consumer : consumers) {
            out.string(ConsumerGroups.name(memory, consumer));
            out.millis(ConsumerGroups.seenTime(memory, consumer));
            List<StreamId> pending = ConsumerGroups.consumerPending(memory, consumer, StreamId.MIN, 0);
            out.length(pending.size());
            for (StreamId id : pending) {
                out.raw(id.encoded());
            }
        }
    }

    private static void writeId(RdbEncoder out, StreamId id) throws IOException {
        out.unsignedLength(id.ms());
        out.unsignedLength(id.seq());
    }

    private static void writeListpack(RdbEncoder out, Memory memory, long listpack) throws IOException {
        out.string(memory, listpack, Math.toIntExact(Listpack.totalBytes(memory, listpack)));
    }

    // ---------------------------------------------------------------------------------------------
    // Checks and counts

    private static long totalKeys(Memory memory, long root, int databases) {
        long total = 0;
        for (int db = 0; db < databases; db++) {
            total += Dict.size(memory, Keyspace.keys(memory, root, db));
        }
        return total;
    }

    private static void checkDatabases(Memory memory, long root, int databases) {
        int stored = Keyspace.databases(memory, root);
        if (stored != databases) {
            throw new IllegalArgumentException("the image says " + databases + " databases but its root at 0x"
                    + Long.toHexString(root) + " holds " + stored);
        }
    }

    /**
     * Runs a step inside a walk whose visitor cannot throw checked exceptions; {@link #write} and
     * {@link #writeValue} unwrap what it wraps.
     */
    private static void unchecked(IoStep step) {
        try {
            step.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface IoStep {
        void run() throws IOException;
    }
}
