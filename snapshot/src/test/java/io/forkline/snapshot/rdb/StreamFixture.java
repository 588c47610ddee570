package io.forkline.snapshot.rdb;

import io.forkline.engine.Engine;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.Effects;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.resp.RespReply;
import io.forkline.engine.stream.ConsumerGroups;
import io.forkline.engine.stream.Stream;
import io.forkline.engine.stream.StreamCursor;
import io.forkline.engine.stream.StreamId;
import io.forkline.engine.struct.Element;
import io.forkline.engine.struct.Listpack;
import io.forkline.pages.Memory;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * Streams for tests, built by engine commands in database 0, of every shape an RDB holds: several nodes (the engine's
 * stream-node-max-entries set to 4), entries with the master's field names and with their own, deleted entries and a
 * whole node deleted, integers and long values, groups with pending entries, consumers with and without them, a
 * group of unknown entries read, IDs past 2^63, an empty stream with a group and one emptied by XDEL. And a text of
 * everything a stream holds, to compare two of them.
 */
public final class StreamFixture {

    /** The streams {@link #build} makes. */
    public static final List<String> KEYS = List.of("events", "far", "empty", "emptied");

    private StreamFixture() {
    }

    /** Builds the streams of {@link #KEYS} in database 0 (and sets the engine's stream-node-max-entries to 4). */
    public static void build(Engine engine) {
        engine.config().streamNodeMaxEntries = 4;
        String longValue = "a value long enough to be compressed ".repeat(4);
        for (int i = 1; i <= 14; i++) {
            String id = (i / 3) + "-" + i;
            if (i % 5 == 0) {
                call(engine, "XADD", "events", id, "other", "fields", "count", Integer.toString(-i * 1000));
            } else {
                call(engine, "XADD", "events", id, "name", "user" + i, "score", i % 2 == 0 ? longValue : Long.toString(i * 1234567890123L));
            }
        }
        call(engine, "XDEL", "events", "0-2", "1-5", "2-6", "2-7", "2-8", "3-9");   // 1-5 .. 2-8: the whole second node
        call(engine, "XGROUP", "CREATE", "events", "readers", "1-4", "ENTRIESREAD", "3");
        call(engine, "XGROUP", "CREATE", "events", "123", "$");
        call(engine, "XCLAIM", "events", "readers", "alice", "0", "0-1", "1-3", "FORCE", "JUSTID");
        call(engine, "XCLAIM", "events", "readers", "bob", "0", "3-10", "TIME", "1690000000000", "RETRYCOUNT", "7", "FORCE", "JUSTID");
        call(engine, "XGROUP", "CREATECONSUMER", "events", "readers", "carol");
        call(engine, "XCLAIM", "events", "123", "42", "0", "4-14", "FORCE", "JUSTID");
        call(engine, "XGROUP", "CREATE", "events", "unknown", "0");
        long events = KeyEntry.value(engine.memory(), engine.keyspace().find(0, ascii("events"), 0, 6));
        ConsumerGroups.entriesRead(engine.memory(), ConsumerGroups.group(engine.memory(), events, ascii("unknown")),
                ConsumerGroups.UNKNOWN_ENTRIES_READ);

        call(engine, "XADD", "far", "18446744073709551614-1", "f", "v");
        call(engine, "XADD", "far", "18446744073709551615-18446744073709551614", "f", "w");
        call(engine, "XGROUP", "CREATE", "far", "g", "9223372036854775808-0");
        call(engine, "XCLAIM", "far", "g", "c", "0", "18446744073709551615-18446744073709551614", "FORCE", "JUSTID");

        call(engine, "XGROUP", "CREATE", "empty", "g", "$", "MKSTREAM");
        call(engine, "XGROUP", "CREATECONSUMER", "empty", "g", "c");
        call(engine, "XADD", "emptied", "9-9", "a", "b");
        call(engine, "XDEL", "emptied", "9-9");
    }

    /** Runs a command in database 0; returns its RESP reply, failing on an error reply. */
    public static String call(Engine engine, String... args) {
        RespReply reply = new RespReply();
        engine.execute(0, Arguments.of(args), reply, new Effects());
        String text = reply.toString();
        if (text.startsWith("-")) {
            throw new AssertionError(String.join(" ", args) + " failed: " + text);
        }
        return text;
    }

    /** Everything the stream {@code key} of database 0 holds: its nodes, byte for byte, then its {@link #content}. */
    public static String describe(Engine engine, String key) {
        Memory memory = engine.memory();
        long stream = stream(engine, key);
        StringBuilder text = new StringBuilder();
        for (long node = Stream.firstNode(memory, stream); node != 0; node = Stream.nextNode(memory, node)) {
            text.append("node ").append(Stream.masterId(memory, node)).append(' ')
                    .append(HexFormat.of().formatHex(Listpack.toBlob(memory, Stream.nodeListpack(memory, node)))).append('\n');
        }
        return text.append(content(engine, key)).toString();
    }

    /**
     * What the stream {@code key} of database 0 holds whatever its nodes: its live entries, its header and its groups
     * (each pending entry's delivery time, count and owner, each consumer's seen time and pending IDs).
     */
    public static String content(Engine engine, String key) {
        Memory memory = engine.memory();
        long stream = stream(engine, key);
        StringBuilder text = new StringBuilder();
        StreamCursor cursor = new StreamCursor(memory, stream, StreamId.MIN, StreamId.MAX, false);
        Element element = new Element();
        while (cursor.next()) {
            text.append("entry ").append(cursor.id());
            for (int i = 0; i < cursor.fieldCount(); i++) {
                cursor.field(i, element);
                text.append(' ').append(text(element.toBytes(memory))).append('=');
                cursor.value(i, element);
                text.append(text(element.toBytes(memory)));
            }
            text.append('\n');
        }
        text.append("length ").append(Stream.length(memory, stream)).append(" last ").append(Stream.lastId(memory, stream))
                .append(" first ").append(Stream.firstId(memory, stream)).append(" max-deleted ")
                .append(Stream.maxDeletedId(memory, stream)).append(" added ").append(Stream.entriesAdded(memory, stream)).append('\n');
        for (long group : ConsumerGroups.groups(memory, stream)) {
            text.append("group ").append(text(ConsumerGroups.name(memory, group))).append(" last ")
                    .append(ConsumerGroups.lastId(memory, group)).append(" read ").append(ConsumerGroups.entriesRead(memory, group)).append('\n');
            for (long nack = ConsumerGroups.firstPending(memory, group); nack != 0; nack = ConsumerGroups.nextPending(memory, nack)) {
                text.append("  pending ").append(ConsumerGroups.pendingId(memory, nack)).append(" at ")
                        .append(ConsumerGroups.deliveryTime(memory, nack)).append(" x").append(ConsumerGroups.deliveryCount(memory, nack))
                        .append(" to ").append(text(ConsumerGroups.name(memory, ConsumerGroups.owner(memory, nack)))).append('\n');
            }
            for (long consumer : ConsumerGroups.consumerList(memory, group)) {
                text.append("  consumer ").append(text(ConsumerGroups.name(memory, consumer))).append(" seen ")
                        .append(ConsumerGroups.seenTime(memory, consumer)).append(" pending ")
                        .append(ConsumerGroups.consumerPending(memory, consumer, StreamId.MIN, 0)).append('\n');
            }
        }
        return text.toString();
    }

    private static long stream(Engine engine, String key) {
        byte[] bytes = ascii(key);
        long entry = engine.keyspace().find(0, bytes, 0, bytes.length);
        if (entry == 0) {
            throw new AssertionError("no key " + key);
        }
        return KeyEntry.value(engine.memory(), entry);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
