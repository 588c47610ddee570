package io.forkline.snapshot.rdb;

import io.forkline.engine.Engine;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.Keyspace;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.types.HashValue;
import io.forkline.engine.types.ListValue;
import io.forkline.engine.types.SetValue;
import io.forkline.engine.types.SortedSetValue;
import io.forkline.engine.types.StringValue;
import io.forkline.pages.Memory;

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
