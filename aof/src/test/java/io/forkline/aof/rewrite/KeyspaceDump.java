package io.forkline.aof.rewrite;

import io.forkline.engine.Engine;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.Keyspace;
import io.forkline.engine.stream.ConsumerGroups;
import io.forkline.engine.stream.Stream;
import io.forkline.engine.stream.StreamCursor;
import io.forkline.engine.stream.StreamId;
import io.forkline.engine.struct.DoubleText;
import io.forkline.engine.struct.Element;
import io.forkline.engine.types.HashValue;
import io.forkline.engine.types.ListValue;
import io.forkline.engine.types.SetValue;
import io.forkline.engine.types.SortedSetValue;
import io.forkline.engine.types.StringValue;
import io.forkline.pages.Memory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A keyspace as sorted text (database, key, type, value, expire), for comparing two engines whatever their encodings.
 * A stream is its live entries, its header and its groups (last ID, entries read, each pending entry's delivery time,
 * count and owner, each consumer's seen time), not its nodes.
 */
public final class KeyspaceDump {

    private KeyspaceDump() {
    }

    public static String of(Engine engine) {
        Keyspace keyspace = engine.keyspace();
        Memory memory = engine.memory();
        TreeSet<String> lines = new TreeSet<>();
        for (int db = 0; db < keyspace.databases(); db++) {
            int database = db;
            keyspace.forEach(db, entry -> lines.add(database + " " + text(KeyEntry.keyBytes(memory, entry)) + " "
                    + value(memory, entry) + " expire=" + Keyspace.expireOf(memory, keyspace.root(), database, entry)));
        }
        return String.join("\n", lines);
    }

    private static String value(Memory memory, long entry) {
        long value = KeyEntry.value(memory, entry);
        Encoding encoding = KeyEntry.encoding(memory, entry);
        return switch (KeyEntry.type(memory, entry)) {
            case STRING -> "string " + text(StringValue.bytes(memory, value, encoding));
            case LIST -> {
                List<String> elements = new ArrayList<>();
                ListValue.forEach(memory, value, encoding, e -> elements.add(text(e.toBytes(memory))));
                yield "list " + elements;
            }
            case SET -> {
                TreeSet<String> members = new TreeSet<>();
                SetValue.forEach(memory, value, encoding, e -> members.add(text(e.toBytes(memory))));
                yield "set " + members;
            }
            case ZSET -> {
                TreeSet<String> members = new TreeSet<>();
                SortedSetValue.forEach(memory, value, encoding, (m, score) -> members.add(text(m.toBytes(memory)) + "="
                        + text(DoubleText.format(score))));
                yield "zset " + members;
            }
            case HASH -> {
                TreeSet<String> fields = new TreeSet<>();
                HashValue.forEach(memory, value, encoding, (f, v) -> fields.add(text(f.toBytes(memory)) + "=" + text(v.toBytes(memory))));
                yield "hash " + fields;
            }
            case STREAM -> "stream " + stream(memory, value);
        };
    }

    private static String stream(Memory memory, long stream) {
        StringBuilder text = new StringBuilder();
        StreamCursor cursor = new StreamCursor(memory, stream, StreamId.MIN, StreamId.MAX, false);
        Element element = new Element();
        while (cursor.next()) {
            text.append(cursor.id()).append('{');
            for (int i = 0; i < cursor.fieldCount(); i++) {
                cursor.field(i, element);
                text.append(i == 0 ? "" : ",").append(text(element.toBytes(memory))).append('=');
                cursor.value(i, element);
                text.append(text(element.toBytes(memory)));
            }
            text.append("} ");
        }
        text.append("length=").append(Stream.length(memory, stream)).append(" last=").append(Stream.lastId(memory, stream))
                .append(" first=").append(Stream.firstId(memory, stream)).append(" max-deleted=").append(Stream.maxDeletedId(memory, stream))
                .append(" added=").append(Stream.entriesAdded(memory, stream));
        for (long group : ConsumerGroups.groups(memory, stream)) {
            text.append(" group ").append(text(ConsumerGroups.name(memory, group))).append(" last=")
                    .append(ConsumerGroups.lastId(memory, group)).append(" read=").append(ConsumerGroups.entriesRead(memory, group));
            for (long nack = ConsumerGroups.firstPending(memory, group); nack != 0; nack = ConsumerGroups.nextPending(memory, nack)) {
                text.append(" pending ").append(ConsumerGroups.pendingId(memory, nack)).append('@')
                        .append(ConsumerGroups.deliveryTime(memory, nack)).append('x').append(ConsumerGroups.deliveryCount(memory, nack))
                        .append('>').append(text(ConsumerGroups.name(memory, ConsumerGroups.owner(memory, nack))));
            }
            for (long consumer : ConsumerGroups.consumerList(memory, group)) {
                text.append(" consumer ").append(text(ConsumerGroups.name(memory, consumer))).append(" seen=")
                        .append(ConsumerGroups.seenTime(memory, consumer));
            }
        }
        return text.toString();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
