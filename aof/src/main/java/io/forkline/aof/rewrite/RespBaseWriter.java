package io.forkline.aof.rewrite;

import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.Keyspace;
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
import java.util.function.LongSupplier;

/**
 * A RESP base (aof-use-rdb-preamble no), as Redis 7.0's rewriteAppendOnlyFileRio writes it: for each
 * non-empty database {@code SELECT <db>}, then per key {@code SET}, or {@code RPUSH} / {@code SADD} /
 * {@code ZADD} / {@code HMSET} with at most {@value #ITEMS_PER_COMMAND} items per command, then
 * {@code PEXPIREAT} when the key has an expire. Scores as {@code %.17g}, so that they load back exactly.
 * Reads only through the image's memory with the engine's static readers.
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
        }
        long expire = Keyspace.expireOf(memory, root, db, entry);
        if (expire != -1) {
            out.command(3, "PEXPIREAT");
            out.bulk(keyAddress, keyLength);
            out.bulk(expire);
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
