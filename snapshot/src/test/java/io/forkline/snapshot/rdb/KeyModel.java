package io.forkline.snapshot.rdb;

import io.forkline.engine.Engine;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.Effects;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.Keyspace;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.resp.RespReply;
import io.forkline.engine.types.HashValue;
import io.forkline.engine.types.ListValue;
import io.forkline.engine.types.SetValue;
import io.forkline.engine.types.SortedSetValue;
import io.forkline.engine.types.StringValue;
import io.forkline.pages.Memory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One key as a test compares it: database, key and strings in the fixture format ("x" + hex), type,
 * encoding, expire (-1: none) and the value as canonical strings: a string's bytes; a list's elements
 * in order; a set's members sorted; a hash's "field=value" sorted; a sorted set's "member=score" lowest first.
 */
record KeyModel(int db, String key, String type, String encoding, long expireAt, List<String> value) {

    static String hex(byte[] bytes) {
        return "x" + HexFormat.of().formatHex(bytes);
    }

    /** A score as the comparison writes it: Java's shortest text, "inf" and "-inf". */
    static String score(double score) {
        if (Double.isInfinite(score)) {
            return score > 0 ? "inf" : "-inf";
        }
        return Double.toString(score);
    }

    /** The key without its encoding, to compare values whatever their encoding. */
    KeyModel withoutEncoding() {
        return new KeyModel(db, key, type, "", expireAt, value);
    }

    /**
     * Writes the key into {@code engine} as a client would in one go: SET, RPUSH, SADD, HSET or ZADD of every
     * element, then PEXPIREAT; what "the encoding the commands would choose" means.
     */
    void writeTo(Engine engine) {
        List<byte[]> args = new ArrayList<>();
        byte[] name = bytes(key);
        args.add(ascii(switch (type) {
            case "string" -> "SET";
            case "list" -> "RPUSH";
            case "set" -> "SADD";
            case "hash" -> "HSET";
            default -> "ZADD";
        }));
        args.add(name);
        for (String element : value) {
            String[] pair = element.split("=");
            switch (type) {
                case "hash" -> {
                    args.add(bytes(pair[0]));
                    args.add(bytes(pair[1]));
                }
                case "zset" -> {
                    args.add(ascii(pair[1]));
                    args.add(bytes(pair[0]));
                }
                default -> args.add(bytes(element));
            }
        }
        call(engine, args);
        if (expireAt != -1) {
            call(engine, List.of(ascii("PEXPIREAT"), name, ascii(Long.toString(expireAt))));
        }
    }

    private void call(Engine engine, List<byte[]> args) {
        RespReply reply = new RespReply();
        engine.execute(db, Arguments.ofBytes(args.toArray(byte[][]::new)), reply, new Effects());
        if (reply.toString().startsWith("-")) {
            throw new AssertionError("writing " + this + " failed: " + reply);
        }
    }

    /** The bytes of a string in the fixture format ("x" + hex). */
    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.substring(1));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Every key of every database of the engine, by "db key". */
    static Map<String, KeyModel> of(Engine engine) {
        Keyspace keyspace = engine.keyspace();
        Memory memory = engine.memory();
        Map<String, KeyModel> keys = new TreeMap<>();
        for (int db = 0; db < keyspace.databases(); db++) {
            int current = db;
            keyspace.forEach(db, entry -> {
                KeyModel model = of(memory, keyspace, current, entry);
                keys.put(current + " " + model.key(), model);
            });
        }
        return keys;
    }

    private static KeyModel of(Memory memory, Keyspace keyspace, int db, long entry) {
        ValueType type = KeyEntry.type(memory, entry);
        Encoding encoding = KeyEntry.encoding(memory, entry);
        long value = KeyEntry.value(memory, entry);
        List<String> strings = new ArrayList<>();
        switch (type) {
            case STRING -> strings.add(hex(StringValue.bytes(memory, value, encoding)));
            case LIST -> ListValue.forEach(memory, value, encoding, e -> strings.add(hex(e.toBytes(memory))));
            case SET -> {
                SetValue.forEach(memory, value, encoding, e -> strings.add(hex(e.toBytes(memory))));
                strings.sort(null);
            }
            case HASH -> {
                HashValue.forEach(memory, value, encoding, (f, v) -> strings.add(hex(f.toBytes(memory)) + "=" + hex(v.toBytes(memory))));
                strings.sort(null);
            }
            case ZSET -> SortedSetValue.forEach(memory, value, encoding, (m, s) -> strings.add(hex(m.toBytes(memory)) + "=" + score(s)));
        }
        return new KeyModel(db, hex(KeyEntry.keyBytes(memory, entry)), type.typeName(), encoding.encodingName(),
                keyspace.expireAt(db, entry), strings);
    }
}
