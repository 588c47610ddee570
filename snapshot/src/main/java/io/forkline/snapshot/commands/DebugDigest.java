package io.forkline.snapshot.commands;

import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.Keyspace;
import io.forkline.pages.Memory;
import io.forkline.snapshot.io.BufferSink;
import io.forkline.snapshot.io.BufferSource;
import io.forkline.snapshot.rdb.RdbReader;
import io.forkline.snapshot.rdb.RdbType;
import io.forkline.snapshot.rdb.RdbValue;
import io.forkline.snapshot.rdb.RdbWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Redis 7.0's DEBUG DIGEST: a SHA1-based digest of a data set (or of one value) that two servers agree on
 * exactly when they hold the same data, whatever the encodings and the order of unordered elements.
 * Ordered things (a list's elements, a key and its value) are <em>mixed</em>: {@code d = SHA1(d xor
 * SHA1(x))}; unordered ones (set members, the digests of hash fields, of sorted set members and of keys)
 * are <em>xored</em>: {@code d ^= SHA1(x)}. Values are read through their RDB encoding, so the digest sees what a save writes.
 * A stream mixes in each live entry's ID ("ms.seq") and then its fields and values, in order; its groups do not count.
 */
final class DebugDigest {

    private static final byte[] EXPIRE = "!!expire!!".getBytes(StandardCharsets.US_ASCII);
    /** Redis's OBJ_STRING .. OBJ_STREAM codes, which the digest mixes in. */
    private static final int STRING = 0;
    private static final int LIST = 1;
    private static final int SET = 2;
    private static final int ZSET = 3;
    private static final int HASH = 4;
    private static final int STREAM = 6;

    private final MessageDigest sha1;

    DebugDigest() {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }

    /** Redis's computeDatasetDigest over every database; 20 zero bytes for an empty data set. */
    byte[] dataset(Keyspace keyspace) {
        byte[] result = new byte[20];
        for (int db = 0; db < keyspace.databases(); db++) {
            if (keyspace.size(db) == 0) {
                continue;
            }
            mix(result, bigEndian(db));
            int current = db;
            keyspace.forEach(db, entry -> {
                byte[] digest = new byte[20];
                mix(digest, KeyEntry.keyBytes(keyspace.memory(), entry));
                value(digest, keyspace, current, entry);
                xorIn(result, digest);
            });
        }
        return result;
    }

    /** Redis's xorObjectDigest: the value's type, contents and whether it expires, into {@code digest}. */
    void value(byte[] digest, Keyspace keyspace, int db, long entry) {
        RdbValue value = decode(keyspace.memory(), entry);
        switch (value) {
            case RdbValue.Str string -> {
                mix(digest, bigEndian(STRING));
                mix(digest, string.bytes());
            }
            case RdbValue.ListOf list -> {
                mix(digest, bigEndian(LIST));
                list.elements().forEach(element -> mix(digest, element));
            }
            case RdbValue.SetOf set -> {
                mix(digest, bigEndian(SET));
                set.members().forEach(member -> xorIn(digest, member));
            }
            case RdbValue.SortedSetOf zset -> {
                mix(digest, bigEndian(ZSET));
                List<byte[]> members = zset.members();
                for (int i = 0; i < members.size(); i++) {
                    byte[] element = new byte[20];
                    mix(element, members.get(i));
                    mix(element, CDouble.g17(zset.scores()[i]).getBytes(StandardCharsets.US_ASCII));
                    xorIn(digest, element);
                }
            }
            case RdbValue.HashOf hash -> {
                mix(digest, bigEndian(HASH));
                List<byte[]> pairs = hash.fieldsAndValues();
                for (int i = 0; i < pairs.size(); i += 2) {
                    byte[] element = new byte[20];
                    mix(element, pairs.get(i));
                    mix(element, pairs.get(i + 1));
                    xorIn(digest, element);
                }
            }
            case RdbValue.StreamOf stream -> {
                mix(digest, bigEndian(STREAM));
                for (RdbValue.StreamOf.Entry item : stream.entries()) {
                    String id = Long.toUnsignedString(item.id().ms()) + "." + Long.toUnsignedString(item.id().seq());
                    mix(digest, id.getBytes(StandardCharsets.US_ASCII));
                    item.fieldsAndValues().forEach(bytes -> mix(digest, bytes));
                }
            }
        }
        if (keyspace.expireAt(db, entry) != -1) {
            xorIn(digest, EXPIRE);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    private static RdbValue decode(Memory memory, long entry) {
        try {
            BufferSink sink = new BufferSink();
            RdbWriter.writeValue(memory, entry, sink, false);
            BufferSource source = new BufferSource(sink.array(), 0, (int) sink.position());
            return RdbReader.readValue(RdbType.ofCode(source.readByte()), source);
        } catch (IOException e) {
            throw new UncheckedIOException("a value the writer just encoded did not read back", e);
        }
    }

    private byte[] sha1(byte[] bytes) {
        return sha1.digest(bytes);
    }

    /** Redis's xorDigest: {@code digest ^= SHA1(bytes)}, where order does not matter. */
    private void xorIn(byte[] digest, byte[] bytes) {
        byte[] hash = sha1(bytes);
        for (int i = 0; i < 20; i++) {
            digest[i] ^= hash[i];
        }
    }

    /** Redis's mixDigest: {@code digest = SHA1(digest ^ SHA1(bytes))}, where order matters. */
    private void mix(byte[] digest, byte[] bytes) {
        xorIn(digest, bytes);
        System.arraycopy(sha1(digest), 0, digest, 0, 20);
    }

    private static byte[] bigEndian(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }
}
