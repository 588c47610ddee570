package io.forkline.snapshot.rdb;

import io.forkline.snapshot.io.Crc64;
import io.forkline.snapshot.io.Lzf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A small, strict reader of exactly what {@link RdbWriter} writes, for tests only (the real reader is
 * RdbReader): it checks every length, listpack and intset it meets and fails on anything unexpected.
 */
public final class RdbTestParser {

    /** One key as read. */
    public record Key(RdbType type, Value value, long expireAt) {
    }

    /** A whole file as read. */
    public record Parsed(int version, Map<String, String> aux, Map<Integer, Map<String, Key>> databases,
                  Map<Integer, long[]> resize, long storedCrc) {

        /** The keys of every database, without types: what a model compares against. */
        public Map<Integer, Map<String, Value>> values() {
            Map<Integer, Map<String, Value>> values = new TreeMap<>();
            databases.forEach((db, keys) -> {
                Map<String, Value> byKey = new HashMap<>();
                keys.forEach((key, entry) -> byKey.put(key, entry.value()));
                values.put(db, byKey);
            });
            return values;
        }

        public Map<Integer, Map<String, Long>> expires() {
            Map<Integer, Map<String, Long>> expires = new TreeMap<>();
            databases.forEach((db, keys) -> {
                Map<String, Long> byKey = new HashMap<>();
                keys.forEach((key, entry) -> {
                    if (entry.expireAt() != -1) {
                        byKey.put(key, entry.expireAt());
                    }
                });
                if (!byKey.isEmpty()) {
                    expires.put(db, byKey);
                }
            });
            return expires;
        }
    }

    private final byte[] file;
    private int at;

    private RdbTestParser(byte[] file) {
        this.file = file;
    }

    public static Parsed parse(byte[] file) {
        return new RdbTestParser(file).parseFile();
    }

    /** One object payload of {@code type} (what {@link RdbWriter#writeValue} writes after the type byte). */
    public static Value parseValue(byte[] payload) {
        RdbTestParser parser = new RdbTestParser(payload);
        RdbType type = RdbType.ofCode(parser.u8());
        Value value = parser.value(type);
        parser.check(parser.at == payload.length, "payload ends after the value");
        return value;
    }

    private Parsed parseFile() {
        check(new String(file, 0, 5, StandardCharsets.US_ASCII).equals("REDIS"), "magic REDIS");
        int version = Integer.parseInt(new String(file, 5, 4, StandardCharsets.US_ASCII));
        at = 9;
        Map<String, String> aux = new LinkedHashMap<>();
        Map<Integer, Map<String, Key>> databases = new TreeMap<>();
        Map<Integer, long[]> resize = new TreeMap<>();
        int db = -1;
        long expire = -1;
        while (true) {
            int code = u8();
            switch (code) {
                case RdbOpcode.AUX -> aux.put(string(), string());
                case RdbOpcode.SELECTDB -> {
                    int next = (int) length();
                    check(next > db, "databases in ascending order");
                    db = next;
                    databases.put(db, new LinkedHashMap<>());
                }
                case RdbOpcode.RESIZEDB -> resize.put(db, new long[] {length(), length()});
                case RdbOpcode.EXPIRETIME_MS -> expire = littleEndian(8);
                case RdbOpcode.EOF -> {
                    int end = at;
                    long stored = littleEndian(8);
                    check(at == file.length, "end of file after the CRC");
                    if (stored != 0) {
                        check(Crc64.update(0, file, 0, end) == stored, "CRC64 of the file");
                    }
                    return new Parsed(version, aux, databases, resize, stored);
                }
                default -> {
                    RdbType type = RdbType.ofCode(code);
                    check(type != null && db >= 0, "an object type after SELECTDB, got " + code);
                    String key = string();
                    Key previous = databases.get(db).put(key, new Key(type, value(type), expire));
                    check(previous == null, "no duplicate key " + key);
                    expire = -1;
                }
            }
        }
    }

    private Value value(RdbType type) {
        return switch (type) {
            case STRING -> new Value.Str(string());
            case LIST_QUICKLIST_2 -> quicklist();
            case SET -> {
                long n = length();
                Set<String> members = new HashSet<>();
                for (long i = 0; i < n; i++) {
                    check(members.add(string()), "no duplicate set member");
                }
                yield new Value.SetOf(members);
            }
            case SET_INTSET -> new Value.SetOf(intset(Value.bytes(string())));
            case ZSET_2 -> {
                long n = length();
                Map<String, Double> scores = new HashMap<>();
                double previous = Double.POSITIVE_INFINITY;
                for (long i = 0; i < n; i++) {
                    String member = string();
                    double score = Double.longBitsToDouble(littleEndian(8));
                    check(score <= previous, "ZSET_2 highest score first, as Redis writes it");
                    previous = score;
                    check(scores.put(member, score) == null, "no duplicate member");
                }
                yield new Value.SortedSetOf(scores);
            }
            case ZSET_LISTPACK -> {
                List<String> entries = listpack(Value.bytes(string()));
                Map<String, Double> scores = new HashMap<>();
                for (int i = 0; i < entries.size(); i += 2) {
                    check(scores.put(entries.get(i), score(entries.get(i + 1))) == null, "no duplicate member");
                }
                yield new Value.SortedSetOf(scores);
            }
            case HASH -> {
                long n = length();
                Map<String, String> fields = new HashMap<>();
                for (long i = 0; i < n; i++) {
                    check(fields.put(string(), string()) == null, "no duplicate field");
                }
                yield new Value.HashOf(fields);
            }
            case HASH_LISTPACK -> {
                List<String> entries = listpack(Value.bytes(string()));
                check(entries.size() % 2 == 0, "field value pairs");
                Map<String, String> fields = new HashMap<>();
                for (int i = 0; i < entries.size(); i += 2) {
                    check(fields.put(entries.get(i), entries.get(i + 1)) == null, "no duplicate field");
                }
                yield new Value.HashOf(fields);
            }
            default -> throw new AssertionError("the writer never writes " + type);
        };
    }

    private Value quicklist() {
        long nodes = length();
        check(nodes > 0, "at least one node");
        List<String> elements = new ArrayList<>();
        for (long i = 0; i < nodes; i++) {
            long container = length();
            String data = string();
            if (container == 2) {
                List<String> node = listpack(Value.bytes(data));
                check(!node.isEmpty(), "no empty PACKED node");
                elements.addAll(node);
            } else {
                check(container == 1, "container 1 (PLAIN) or 2 (PACKED), got " + container);
                elements.add(data);
            }
        }
        return new Value.ListOf(elements);
    }

    private static double score(String text) {
        return switch (text) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    // ---------------------------------------------------------------------------------------------
    // Primitives

    private long length() {
        int first = u8();
        return switch (first >>> 6) {
            case 0 -> first & 0x3f;
            case 1 -> ((first & 0x3f) << 8) | u8();
            case 2 -> {
                check(first == 0x80 || first == 0x81, "a 32 or 64 bit length");
                yield bigEndian(first == 0x80 ? 4 : 8);
            }
            default -> throw fail("a length, got encoded-string byte " + first);
        };
    }

    private String string() {
        int first = file[at] & 0xff;
        if (first >>> 6 != 3) {
            int n = Math.toIntExact(length());
            String s = Value.text(java.util.Arrays.copyOfRange(file, at, at + n));
            at += n;
            return s;
        }
        at++;
        return switch (first) {
            case RdbEncoder.ENC_INT8 -> Long.toString((byte) u8());
            case RdbEncoder.ENC_INT16 -> Long.toString((short) littleEndian(2));
            case RdbEncoder.ENC_INT32 -> Long.toString((int) littleEndian(4));
            case RdbEncoder.ENC_LZF -> {
                int compressed = Math.toIntExact(length());
                int length = Math.toIntExact(length());
                byte[] out = new byte[length];
                check(Lzf.decompress(file, at, compressed, out, 0, length), "a valid LZF stream");
                at += compressed;
                yield Value.text(out);
            }
            default -> throw fail("a string encoding, got " + first);
        };
    }

    private int u8() {
        check(at < file.length, "another byte");
        return file[at++] & 0xff;
    }

    private long littleEndian(int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) u8() << (8 * i);
        }
        return v;
    }

    private long bigEndian(int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | u8();
        }
        return v;
    }

    // ---------------------------------------------------------------------------------------------
    // Blobs

    /** A listpack's elements, integers as decimal text, checking header, back lengths and terminator. */
    static List<String> listpack(byte[] lp) {
        long total = le(lp, 0, 4);
        if (total != lp.length || (lp[lp.length - 1] & 0xff) != 0xff) {
            throw new AssertionError("listpack total " + total + " of a " + lp.length + "-byte blob, or no terminator");
        }
        int count = (int) le(lp, 4, 2);
        List<String> elements = new ArrayList<>();
        int p = 6;
        while ((lp[p] & 0xff) != 0xff) {
            int b = lp[p] & 0xff;
            int size;
            String element;
            if (b < 0x80) {
                size = 1;
                element = Long.toString(b);
            } else if (b < 0xc0) {
                int n = b & 0x3f;
                size = 1 + n;
                element = Value.text(java.util.Arrays.copyOfRange(lp, p + 1, p + 1 + n));
            } else if (b < 0xe0) {
                int u = ((b & 0x1f) << 8) | (lp[p + 1] & 0xff);
                size = 2;
                element = Long.toString(u >= 4096 ? u - 8192 : u);
            } else if (b < 0xf0) {
                int n = ((b & 0x0f) << 8) | (lp[p + 1] & 0xff);
                size = 2 + n;
                element = Value.text(java.util.Arrays.copyOfRange(lp, p + 2, p + 2 + n));
            } else if (b == 0xf0) {
                int n = (int) le(lp, p + 1, 4);
                size = 5 + n;
                element = Value.text(java.util.Arrays.copyOfRange(lp, p + 5, p + 5 + n));
            } else {
                int width = switch (b) {
                    case 0xf1 -> 2;
                    case 0xf2 -> 3;
                    case 0xf3 -> 4;
                    case 0xf4 -> 8;
                    default -> throw new AssertionError("listpack encoding byte " + b + " at " + p);
                };
                long raw = le(lp, p + 1, width);
                long value = width == 8 ? raw : (raw << (64 - 8 * width)) >> (64 - 8 * width);
                size = 1 + width;
                element = Long.toString(value);
            }
            int backlen = size <= 127 ? 1 : size < 16383 ? 2 : size < 2097151 ? 3 : size < 268435455 ? 4 : 5;
            long decoded = 0;
            for (int i = 0; i < backlen; i++) {
                int c = lp[p + size + backlen - 1 - i] & 0xff;
                decoded |= (long) (c & 127) << (7 * i);
                if ((i < backlen - 1) != ((c & 128) != 0)) {
                    throw new AssertionError("listpack back length continuation bits at " + (p + size));
                }
            }
            if (decoded != size) {
                throw new AssertionError("listpack back length " + decoded + " for an entry of " + size + " bytes");
            }
            elements.add(element);
            p += size + backlen;
        }
        if (p != lp.length - 1 || (count != 65535 && count != elements.size())) {
            throw new AssertionError("listpack count " + count + " for " + elements.size() + " entries, end at " + p);
        }
        return elements;
    }

    /** An intset's members as decimal text, checking its size and strict order. */
    static Set<String> intset(byte[] blob) {
        int width = (int) le(blob, 0, 4);
        long n = le(blob, 4, 4);
        if ((width != 2 && width != 4 && width != 8) || blob.length != 8 + n * width || n == 0) {
            throw new AssertionError("intset of width " + width + " and " + n + " values in " + blob.length + " bytes");
        }
        Set<String> members = new HashSet<>();
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            long raw = le(blob, 8 + i * width, width);
            long value = width == 8 ? raw : (raw << (64 - 8 * width)) >> (64 - 8 * width);
            if (i > 0 && value <= previous) {
                throw new AssertionError("intset values ascending");
            }
            previous = value;
            members.add(Long.toString(value));
        }
        return members;
    }

    private static long le(byte[] bytes, int offset, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) (bytes[offset + i] & 0xff) << (8 * i);
        }
        return v;
    }

    private void check(boolean condition, String expected) {
        if (!condition) {
            throw fail(expected);
        }
    }

    private AssertionError fail(String expected) {
        return new AssertionError("at offset " + at + ": expected " + expected);
    }
}
