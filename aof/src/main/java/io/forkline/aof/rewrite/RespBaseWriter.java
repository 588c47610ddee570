package io.forkline.aof.rewrite;

import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.Keyspace;
import io.forkline.engine.stream.ConsumerGroups;
import io.forkline.engine.stream.Stream;
import io.forkline.engine.stream.StreamCursor;
import io.forkline.engine.stream.StreamId;
import io.forkline.engine.struct.Dict;
import io.forkline.engine.struct.DoubleText;
import io.forkline.engine.struct.Element;
import io.forkline.engine.struct.IntegerText;
import io.forkline.engine.types.HashValue;
import io.forkline.engine.types.ListValue;
import io.forkline.engine.types.SetValue;
import io.forkline.engine.types.SortedSetValue;
import io.forkline.engine.types.StringValue;
import io.forkline.pages.Memory;
import io.forkline.snapshot.io.ByteSink;
import io.forkline.snapshot.rdb.KeyspaceImage;
import io.forkline.snapshot.rdb.SaveCancelledException;
import io.forkline.snapshot.rdb.SaveProgress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A RESP base (aof-use-rdb-preamble no), as Redis 7.0's rewriteAppendOnlyFileRio writes it: for each
 * non-empty database {@code SELECT <db>}, then per key {@code SET}, or {@code RPUSH} / {@code SADD} /
 * {@code ZADD} / {@code HMSET} with at most {@value #ITEMS_PER_COMMAND} items per command, or a stream's
 * commands ({@link #writeStream}), then {@code PEXPIREAT} when the key has an expire. Scores as {@code %.17g},
 * so that they load back exactly. Reads only through the image's memory with the engine's static readers.
 */
final class RespBaseWriter implements AofBaseWriter {

    /** Redis's AOF_REWRITE_ITEMS_PER_CMD. */
    static final int ITEMS_PER_COMMAND = 64;
    private static final int CANCEL_CHECK_MASK = 1023;

    private final boolean timestamps;
    private final LongSupplier epochMillis;

    RespBaseWriter(boolean timestamps, LongSupplier epochMillis) {
        this.timestamps = timestamps;
        this.epochMillis = epochMillis;
    }

    @Override
    public boolean rdbPreamble() {
        return false;
    }

    @Override
    public void write(KeyspaceImage image, ByteSink sink, SaveProgress progress) throws IOException {
        Memory memory = image.memory();
        long root = image.root();
        long total = 0;
        for (int db = 0; db < image.databases(); db++) {
            total += Dict.size(memory, Keyspace.keys(memory, root, db));
        }
        progress.start(total);
        long start = sink.position();
        RespOut out = new RespOut(sink, memory);
        if (timestamps) {
            out.raw("#TS:" + epochMillis.getAsLong() / 1000 + "\r\n");
        }
        long[] written = {0};
        try {
            for (int db = 0; db < image.databases(); db++) {
                long keys = Keyspace.keys(memory, root, db);
                if (Dict.size(memory, keys) == 0) {
                    continue;
                }
                out.command(2, "SELECT");
                out.bulk(db);
                int database = db;
                Dict.forEach(memory, keys, entry -> {
                    try {
                        writeKey(out, memory, root, database, entry);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    long done = ++written[0];
                    progress.advance(done, sink.position() - start);
                    if ((done & CANCEL_CHECK_MASK) == 0 && progress.cancelled()) {
                        throw new UncheckedIOException(new SaveCancelledException(done));
                    }
                });
            }
        } catch (UncheckedIOException wrapped) {
            throw wrapped.getCause();
        }
        if (progress.cancelled()) {
            throw new SaveCancelledException(written[0]);
        }
        progress.advance(written[0], sink.position() - start);
    }

    private static void writeKey(RespOut out, Memory memory, long root, int db, long entry) throws IOException {
        long value = KeyEntry.value(memory, entry);
        Encoding encoding = KeyEntry.encoding(memory, entry);
        long keyAddress = KeyEntry.keyAddress(memory, entry);
        int keyLength = KeyEntry.keyLength(memory, entry);
        switch (KeyEntry.type(memory, entry)) {
            case STRING -> {
                out.command(3, "SET");
                out.bulk(keyAddress, keyLength);
                if (encoding == Encoding.INT) {
                    out.bulk(value);
                } else {
                    out.bulk(StringValue.bytesAddress(value), StringValue.length(memory, value, encoding));
                }
            }
            case LIST -> {
                Batches batches = new Batches(out, "RPUSH", keyAddress, keyLength, ListValue.length(memory, value, encoding), 1);
                ListValue.forEach(memory, value, encoding, element -> batches.next(element, null));
            }
            case SET -> {
                Batches batches = new Batches(out, "SADD", keyAddress, keyLength, SetValue.size(memory, value, encoding), 1);
                SetValue.forEach(memory, value, encoding, element -> batches.next(element, null));
            }
            case ZSET -> {
                Batches batches = new Batches(out, "ZADD", keyAddress, keyLength, SortedSetValue.size(memory, value, encoding), 2);
                byte[] score = new byte[DoubleText.MAX_LENGTH];
                SortedSetValue.forEach(memory, value, encoding, (member, s) -> {
                    int length = DoubleText.format(s, score, 0);
                    batches.nextScored(score, length, member);
                });
            }
            case HASH -> {
                Batches batches = new Batches(out, "HMSET", keyAddress, keyLength, HashValue.size(memory, value, encoding), 2);
                HashValue.forEach(memory, value, encoding, batches::next);
            }
            case STREAM -> writeStream(out, memory, keyAddress, keyLength, value);
        }
        long expire = Keyspace.expireOf(memory, root, db, entry);
        if (expire != -1) {
            out.command(3, "PEXPIREAT");
            out.bulk(keyAddress, keyLength);
            out.bulk(expire);
        }
    }

    /**
     * A stream as Redis's rewriteStreamObject writes it: {@code XADD key id field value ...} per live entry (for an
     * empty stream {@code XADD key MAXLEN 0 0-1 x y}, which leaves one), then {@code XSETID key last_id ENTRIESADDED n
     * MAXDELETEDID id}, then its groups in name order. A pending entry whose entry was deleted is written too, and
     * dropped on replay by its XCLAIM, as Redis's are.
     */
    private static void writeStream(RespOut out, Memory memory, long key, int keyLength, long stream) throws IOException {
        if (Stream.length(memory, stream) == 0) {
            out.command(7, "XADD");
            out.bulk(key, keyLength);
            out.bulk("MAXLEN");
            out.bulk("0");
            out.bulk("0-1");
            out.bulk("x");
            out.bulk("y");
        }
        StreamCursor cursor = new StreamCursor(memory, stream, StreamId.MIN, StreamId.MAX, false);
        Element element = new Element();
        while (cursor.next()) {
            out.command(3 + 2L * cursor.fieldCount(), "XADD");
            out.bulk(key, keyLength);
            out.bulk(cursor.id().toString());
            for (int i = 0; i < cursor.fieldCount(); i++) {
                cursor.field(i, element);
                out.element(element);
                cursor.value(i, element);
                out.element(element);
            }
        }
        out.command(7, "XSETID");
        out.bulk(key, keyLength);
        out.bulk(Stream.lastId(memory, stream).toString());
        out.bulk("ENTRIESADDED");
        out.bulk(Stream.entriesAdded(memory, stream));
        out.bulk("MAXDELETEDID");
        out.bulk(Stream.maxDeletedId(memory, stream).toString());
        for (long group : ConsumerGroups.groups(memory, stream)) {
            writeGroup(out, memory, key, keyLength, group);
        }
    }

    /**
     * {@code XGROUP CREATE key group last_id ENTRIESREAD n}, then per consumer in name order {@code XCLAIM key group
     * consumer 0 id TIME delivery-time RETRYCOUNT delivery-count JUSTID FORCE} for each entry pending for it, or
     * {@code XGROUP CREATECONSUMER key group consumer} when none is.
     */
    private static void writeGroup(RespOut out, Memory memory, long key, int keyLength, long group) throws IOException {
        byte[] name = ConsumerGroups.name(memory, group);
        out.command(7, "XGROUP");
        out.bulk("CREATE");
        out.bulk(key, keyLength);
        out.bulk(name);
        out.bulk(ConsumerGroups.lastId(memory, group).toString());
        out.bulk("ENTRIESREAD");
        out.bulk(ConsumerGroups.entriesRead(memory, group));
        for (long consumer : ConsumerGroups.consumerList(memory, group)) {
            byte[] consumerName = ConsumerGroups.name(memory, consumer);
            List<StreamId> pending = ConsumerGroups.consumerPending(memory, consumer, StreamId.MIN, 0);
            if (pending.isEmpty()) {
                out.command(5, "XGROUP");
                out.bulk("CREATECONSUMER");
                out.bulk(key, keyLength);
                out.bulk(name);
                out.bulk(consumerName);
            }
            for (StreamId id : pending) {
                long nack = ConsumerGroups.pending(memory, group, id);
                out.command(12, "XCLAIM");
                out.bulk(key, keyLength);
                out.bulk(name);
                out.bulk(consumerName);
                out.bulk("0");
                out.bulk(id.toString());
                out.bulk("TIME");
                out.bulk(ConsumerGroups.deliveryTime(memory, nack));
                out.bulk("RETRYCOUNT");
                out.bulk(ConsumerGroups.deliveryCount(memory, nack));
                out.bulk("JUSTID");
                out.bulk("FORCE");
            }
        }
    }

    /** Items of one key, written as commands of at most {@value #ITEMS_PER_COMMAND} items (each of {@code width} arguments). */
    private static final class Batches {
        private final RespOut out;
        private final String command;
        private final long keyAddress;
        private final int keyLength;
        private final int width;
        private long remaining;
        private int inCommand;

        Batches(RespOut out, String command, long keyAddress, int keyLength, long items, int width) {
            this.out = out;
            this.command = command;
            this.keyAddress = keyAddress;
            this.keyLength = keyLength;
            this.remaining = items;
            this.width = width;
        }

        private void startIfNeeded() {
            if (inCommand == 0) {
                long items = Math.min(remaining, ITEMS_PER_COMMAND);
                unchecked(() -> {
                    out.command(2 + items * width, command);
                    out.bulk(keyAddress, keyLength);
                });
            }
        }

        private void done() {
            remaining--;
            if (++inCommand == ITEMS_PER_COMMAND) {
                inCommand = 0;
            }
        }

        void next(Element first, Element second) {
            startIfNeeded();
            unchecked(() -> {
                out.element(first);
                if (second != null) {
                    out.element(second);
                }
            });
            done();
        }

        void nextScored(byte[] score, int scoreLength, Element member) {
            startIfNeeded();
            unchecked(() -> {
                out.bulk(score, 0, scoreLength);
                out.element(member);
            });
            done();
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void unchecked(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RESP into a sink: array headers and bulk strings from arrays, numbers or paged memory. */
    private static final class RespOut {
        private static final byte[] CRLF = {'\r', '\n'};
        private final ByteSink sink;
        private final Memory memory;
        private final byte[] number = new byte[24];
        private final byte[] header = new byte[24];
        private byte[] scratch = new byte[256];

        RespOut(ByteSink sink, Memory memory) {
            this.sink = sink;
            this.memory = memory;
        }

        void raw(String text) throws IOException {
            sink.write(text.getBytes(StandardCharsets.US_ASCII));
        }

        void command(long arguments, String name) throws IOException {
            header('*', arguments);
            bulk(name.getBytes(StandardCharsets.US_ASCII), 0, name.length());
        }

        void bulk(byte[] bytes, int offset, int length) throws IOException {
            header('$', length);
            sink.write(bytes, offset, length);
            sink.write(CRLF);
        }

        void bulk(byte[] bytes) throws IOException {
            bulk(bytes, 0, bytes.length);
        }

        /** ASCII text: a keyword, an ID. */
        void bulk(String text) throws IOException {
            bulk(text.getBytes(StandardCharsets.US_ASCII));
        }

        void bulk(long value) throws IOException {
            int length = IntegerText.formatLong(value, number, 0);
            bulk(number, 0, length);
        }

        void bulk(long address, int length) throws IOException {
            header('$', length);
            int done = 0;
            while (done < length) {
                int chunk = Math.min(length - done, 64 * 1024);
                if (scratch.length < chunk) {
                    scratch = new byte[chunk];
                }
                memory.getBytes(address + done, scratch, 0, chunk);
                sink.write(scratch, 0, chunk);
                done += chunk;
            }
            sink.write(CRLF);
        }

        void element(Element element) throws IOException {
            if (element.isInteger()) {
                bulk(element.integer());
            } else {
                bulk(element.address(), element.length());
            }
        }

        private void header(char type, long value) throws IOException {
            sink.write(type);
            int length = IntegerText.formatLong(value, header, 0);
            sink.write(header, 0, length);
            sink.write(CRLF);
        }
    }
}
