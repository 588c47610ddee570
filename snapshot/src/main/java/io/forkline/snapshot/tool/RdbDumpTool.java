package io.forkline.snapshot.tool;

import io.forkline.engine.stream.StreamId;
import io.forkline.engine.struct.DoubleText;
import io.forkline.snapshot.io.StreamSource;
import io.forkline.snapshot.io.TruncatedInputException;
import io.forkline.snapshot.rdb.RdbFormatException;
import io.forkline.snapshot.rdb.RdbReader;
import io.forkline.snapshot.rdb.RdbValue;
import io.forkline.snapshot.rdb.RdbVisitor;
import io.forkline.snapshot.storage.FileStorage;
import io.forkline.snapshot.storage.Storage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code forkline rdb dump FILE [--format json|resp]}: every key of an RDB file with its database, type,
 * expire and value, in file order.
 *
 * <ul>
 * <li>json: one JSON object per line, {@code {"db":0,"key":"k","type":"hash","expire_at_ms":null,"value":[["f","v"]]}};
 *     a string is a JSON string when its bytes are UTF-8, else {@code {"base64":"..."}}; a list or set is an array,
 *     a hash an array of [field, value], a sorted set an array of [member, score] (scores "inf" and "-inf" as
 *     strings); a stream an object: {@code {"entries":[["1-1",["f","v"]]],"length":1,"last_id":"1-1","first_id":"1-1",
 *     "max_deleted_id":"0-0","entries_added":1,"groups":[{"name":"g","last_id":"0-0","entries_read":null,
 *     "pending":[["1-1",1700000000000,1]],"consumers":[{"name":"c","seen_time":1700000000000,"pending":["1-1"]}]}]}}
 *     (entries_read null when unknown); a function library is {@code {"function":"#!lua name=..."}}.</li>
 * <li>resp: the commands that rebuild the file's keyspace in any Redis-compatible server, as RESP arrays (what
 *     {@code redis-cli --pipe} sends): SELECT, then per key SET, RPUSH, SADD, HSET or ZADD (at most
 *     {@value #ITEMS_PER_COMMAND} elements per command, as Redis's AOF rewrite), or for a stream what Redis's
 *     AOF rewrite writes (XADD per entry, XSETID, XGROUP CREATE, XCLAIM per pending entry, XGROUP CREATECONSUMER
 *     for a consumer with none), then PEXPIREAT; FUNCTION LOAD for a function library.</li>
 * </ul>
 * Exit status 0, or 1 when the file is corrupt (what was dumped before the error stays written).
 */
public final class RdbDumpTool {

    /** Elements per command in RESP output (Redis's AOF_REWRITE_ITEMS_PER_CMD). */
    public static final int ITEMS_PER_COMMAND = 64;

    /** The output format. */
    public enum Format {
        JSON, RESP;

        /** "json" or "resp", in any case. */
        public static Format parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                throw new IllegalArgumentException("unknown format '" + name + "': json or resp");
            }
        }
    }

    private RdbDumpTool() {
    }

    public static void main(String[] args) {
        if (args.length != 1 && !(args.length == 3 && args[1].equals("--format"))) {
            System.err.println("usage: RdbDumpTool FILE [--format json|resp]");
            System.exit(2);
        }
        Format format = args.length == 3 ? Format.parse(args[2]) : Format.JSON;
        System.exit(dump(FileStorage.INSTANCE, Path.of(args[0]), format, System.out, System.err));
    }

    /** Writes every key of {@code file} to {@code out}; errors go to {@code err}. */
    public static int dump(Storage storage, Path file, Format format, OutputStream out, PrintStream err) {
        BufferedOutputStream buffered = new BufferedOutputStream(out, 64 * 1024);
        RdbVisitor writer = format == Format.JSON ? new JsonWriter(buffered) : new RespWriter(buffered);
        int status = 0;
        try (StreamSource source = new StreamSource(storage.openRead(file))) {
            new RdbReader(source, storage.size(file)).read(writer);
        } catch (RdbFormatException | TruncatedInputException corrupt) {
            err.println("forkline rdb dump: " + file + ", " + corrupt.getMessage());
            status = 1;
        } catch (IOException unreadable) {
            err.println("forkline rdb dump: cannot read " + file + ": " + unreadable);
            status = 1;
        }
        try {
            buffered.flush();
        } catch (IOException closed) {
            err.println("forkline rdb dump: cannot write the output: " + closed);
            status = 1;
        }
        return status;
    }

    // ---------------------------------------------------------------------------------------------
    // JSON lines

    private static final class JsonWriter implements RdbVisitor {

        private final OutputStream out;
        private final StringBuilder line = new StringBuilder();

        JsonWriter(OutputStream out) {
            this.out = out;
        }

        @Override
        public void function(byte[] code) throws IOException {
            line.setLength(0);
            line.append("{\"function\":");
            string(code);
            emit();
        }

        @Override
        public void entry(int db, byte[] key, RdbValue value, long expireAtMillis) throws IOException {
            line.setLength(0);
            line.append("{\"db\":").append(db).append(",\"key\":");
            string(key);
            line.append(",\"type\":\"").append(value.typeName()).append("\",\"expire_at_ms\":")
                    .append(expireAtMillis == -1 ? "null" : Long.toString(expireAtMillis)).append(",\"value\":");
            switch (value) {
                case RdbValue.Str s -> string(s.bytes());
                case RdbValue.ListOf l -> array(l.elements());
                case RdbValue.SetOf s -> array(s.members());
                case RdbValue.HashOf h -> {
                    line.append('[');
                    for (int i = 0; i < h.fieldsAndValues().size(); i += 2) {
                        line.append(i == 0 ? "[" : ",[");
                        string(h.fieldsAndValues().get(i));
                        line.append(',');
                        string(h.fieldsAndValues().get(i + 1));
                        line.append(']');
                    }
                    line.append(']');
                }
                case RdbValue.SortedSetOf z -> {
                    line.append('[');
                    for (int i = 0; i < z.scores().length; i++) {
                        line.append(i == 0 ? "[" : ",[");
                        string(z.members().get(i));
                        line.append(',').append(score(z.scores()[i])).append(']');
                    }
                    line.append(']');
                }
                case RdbValue.StreamOf stream -> stream(stream);
            }
            emit();
        }

        private void stream(RdbValue.StreamOf stream) {
            line.append("{\"entries\":[");
            List<RdbValue.StreamOf.Entry> entries = stream.entries();
            for (int i = 0; i < entries.size(); i++) {
                line.append(i == 0 ? "[" : ",[");
                id(entries.get(i).id());
                line.append(',');
                array(entries.get(i).fieldsAndValues());
                line.append(']');
            }
            line.append("],\"length\":").append(stream.length()).append(",\"last_id\":");
            id(stream.lastId());
            line.append(",\"first_id\":");
            id(stream.firstId());
            line.append(",\"max_deleted_id\":");
            id(stream.maxDeletedId());
            line.append(",\"entries_added\":").append(stream.entriesAdded()).append(",\"groups\":[");
            for (int i = 0; i < stream.groups().size(); i++) {
                line.append(i == 0 ? "" : ",");
                group(stream.groups().get(i));
            }
            line.append("]}");
        }

        private void group(RdbValue.StreamOf.Group group) {
            line.append("{\"name\":");
            string(group.name());
            line.append(",\"last_id\":");
            id(group.lastId());
            line.append(",\"entries_read\":").append(group.entriesRead() == -1 ? "null" : Long.toString(group.entriesRead()))
                    .append(",\"pending\":[");
            for (int i = 0; i < group.pending().size(); i++) {
                RdbValue.StreamOf.Pending pending = group.pending().get(i);
                line.append(i == 0 ? "[" : ",[");
                id(pending.id());
                line.append(',').append(pending.deliveryTime()).append(',').append(pending.deliveryCount()).append(']');
            }
            line.append("],\"consumers\":[");
            for (int i = 0; i < group.consumers().size(); i++) {
                line.append(i == 0 ? "" : ",");
                consumer(group.consumers().get(i));
            }
            line.append("]}");
        }

        private void consumer(RdbValue.StreamOf.Consumer consumer) {
            line.append("{\"name\":");
            string(consumer.name());
            line.append(",\"seen_time\":").append(consumer.seenTime()).append(",\"pending\":[");
            for (int i = 0; i < consumer.pending().size(); i++) {
                line.append(i == 0 ? "" : ",");
                id(consumer.pending().get(i));
            }
            line.append("]}");
        }

        private void id(StreamId id) {
            line.append('"').append(id).append('"');
        }

        private void emit() throws IOException {
            line.append("}\n");
            out.write(line.toString().getBytes(StandardCharsets.UTF_8));
        }

        private void array(List<byte[]> strings) {
            line.append('[');
            for (int i = 0; i < strings.size(); i++) {
                if (i > 0) {
                    line.append(',');
                }
                string(strings.get(i));
            }
            line.append(']');
        }

        private static String score(double score) {
            if (Double.isInfinite(score)) {
                return score > 0 ? "\"inf\"" : "\"-inf\"";
            }
            return Double.toString(score);
        }

        /** A JSON string of UTF-8 bytes, else {"base64": ...}. */
        private void string(byte[] bytes) {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException notUtf8) {
                line.append("{\"base64\":\"").append(Base64.getEncoder().encodeToString(bytes)).append("\"}");
                return;
            }
            line.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '"' -> line.append("\\\"");
                    case '\\' -> line.append("\\\\");
                    case '\n' -> line.append("\\n");
                    case '\r' -> line.append("\\r");
                    case '\t' -> line.append("\\t");
                    default -> {
                        if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                            line.append(String.format("\\u%04x", (int) c));
                        } else {
                            line.append(c);
                        }
                    }
                }
            }
            line.append('"');
        }
    }

    // ---------------------------------------------------------------------------------------------
    // RESP commands

    private static final class RespWriter implements RdbVisitor {

        private static final byte[] CRLF = {'\r', '\n'};

        private final OutputStream out;
        private int selected = -1;

        RespWriter(OutputStream out) {
            this.out = out;
        }

        @Override
        public void function(byte[] code) throws IOException {
            command(List.of(bytes("FUNCTION"), bytes("LOAD"), code));
        }

        @Override
        public void entry(int db, byte[] key, RdbValue value, long expireAtMillis) throws IOException {
            if (db != selected) {
                command(List.of(bytes("SELECT"), bytes(Integer.toString(db))));
                selected = db;
            }
            switch (value) {
                case RdbValue.Str s -> command(List.of(bytes("SET"), key, s.bytes()));
                case RdbValue.ListOf l -> inChunks("RPUSH", key, l.elements(), 1);
                case RdbValue.SetOf s -> inChunks("SADD", key, s.members(), 1);
                case RdbValue.HashOf h -> inChunks("HSET", key, h.fieldsAndValues(), 2);
                case RdbValue.SortedSetOf z -> {
                    List<byte[]> pairs = new ArrayList<>(2 * z.scores().length);
                    for (int i = 0; i < z.scores().length; i++) {
                        pairs.add(DoubleText.format(z.scores()[i]));
                        pairs.add(z.members().get(i));
                    }
                    inChunks("ZADD", key, pairs, 2);
                }
                case RdbValue.StreamOf stream -> stream(key, stream);
            }
            if (expireAtMillis != -1) {
                command(List.of(bytes("PEXPIREAT"), key, bytes(Long.toString(expireAtMillis))));
            }
        }

        /** The commands of Redis's rewriteStreamObject: entries, then the header's IDs and counter, then the groups. */
        private void stream(byte[] key, RdbValue.StreamOf stream) throws IOException {
            if (stream.length() == 0) {
                command(List.of(bytes("XADD"), key, bytes("MAXLEN"), bytes("0"), bytes("0-1"), bytes("x"), bytes("y")));
            }
            for (RdbValue.StreamOf.Entry entry : stream.entries()) {
                List<byte[]> args = new ArrayList<>(List.of(bytes("XADD"), key, entry.id().text()));
                args.addAll(entry.fieldsAndValues());
                command(args);
            }
            command(List.of(bytes("XSETID"), key, stream.lastId().text(), bytes("ENTRIESADDED"),
                    bytes(Long.toString(stream.entriesAdded())), bytes("MAXDELETEDID"), stream.maxDeletedId().text()));
            for (RdbValue.StreamOf.Group group : stream.groups()) {
                group(key, group);
            }
        }

        /** XGROUP CREATE, then per consumer an XCLAIM ... FORCE of each entry pending for it, or XGROUP CREATECONSUMER. */
        private void group(byte[] key, RdbValue.StreamOf.Group group) throws IOException {
            command(List.of(bytes("XGROUP"), bytes("CREATE"), key, group.name(), group.lastId().text(), bytes("ENTRIESREAD"),
                    bytes(Long.toString(group.entriesRead()))));
            Map<StreamId, RdbValue.StreamOf.Pending> pending = group.pendingById();
            for (RdbValue.StreamOf.Consumer consumer : group.consumers()) {
                if (consumer.pending().isEmpty()) {
                    command(List.of(bytes("XGROUP"), bytes("CREATECONSUMER"), key, group.name(), consumer.name()));
                }
                for (StreamId id : consumer.pending()) {
                    RdbValue.StreamOf.Pending nack = pending.get(id);
                    command(List.of(bytes("XCLAIM"), key, group.name(), consumer.name(), bytes("0"), id.text(),
                            bytes("TIME"), bytes(Long.toString(nack.deliveryTime())), bytes("RETRYCOUNT"),
                            bytes(Long.toString(nack.deliveryCount())), bytes("JUSTID"), bytes("FORCE")));
                }
            }
        }

        /** NAME key items... with at most ITEMS_PER_COMMAND items (of {@code stride} strings each) per command. */
        private void inChunks(String name, byte[] key, List<byte[]> strings, int stride) throws IOException {
            int chunk = ITEMS_PER_COMMAND * stride;
            for (int start = 0; start < strings.size(); start += chunk) {
                List<byte[]> args = new ArrayList<>(chunk + 2);
                args.add(bytes(name));
                args.add(key);
                args.addAll(strings.subList(start, Math.min(strings.size(), start + chunk)));
                command(args);
            }
        }

        private void command(List<byte[]> args) throws IOException {
            out.write(bytes("*" + args.size()));
            out.write(CRLF);
            for (byte[] arg : args) {
                out.write(bytes("$" + arg.length));
                out.write(CRLF);
                out.write(arg);
                out.write(CRLF);
            }
        }

        private static byte[] bytes(String text) {
            return text.getBytes(StandardCharsets.US_ASCII);
        }
    }
}
