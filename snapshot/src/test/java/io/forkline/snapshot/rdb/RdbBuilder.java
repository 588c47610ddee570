package io.forkline.snapshot.rdb;

import io.forkline.snapshot.io.Crc64;
import io.forkline.snapshot.io.Lzf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A test-only RDB encoder that follows the reference format byte by byte (redis-formats.md §1, §2),
 * independent of the reader under test: files of any version, every opcode, every length and string
 * encoding, and the blobs Redis 7.0 no longer writes (ziplist, zipmap) as well as listpacks and intsets.
 */
public final class RdbBuilder {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private RdbBuilder() {
    }

    /** "REDIS" and the version in 4 digits. */
    public static RdbBuilder version(int version) {
        RdbBuilder builder = new RdbBuilder();
        builder.raw(String.format("REDIS%04d", version).getBytes(StandardCharsets.US_ASCII));
        return builder;
    }

    /** No header: a payload (RESTORE's). */
    public static RdbBuilder payload() {
        return new RdbBuilder();
    }

    public int size() {
        return out.size();
    }

    // ---------------------------------------------------------------------------------------------
    // Opcodes

    public RdbBuilder aux(String key, String value) {
        return op(RdbOpcode.AUX).string(key).string(value);
    }

    public RdbBuilder selectDb(long db) {
        return op(RdbOpcode.SELECTDB).length(db);
    }

    public RdbBuilder resizeDb(long keys, long expires) {
        return op(RdbOpcode.RESIZEDB).length(keys).length(expires);
    }

    public RdbBuilder expireSeconds(int seconds) {
        return op(RdbOpcode.EXPIRETIME).littleEndian(seconds, 4);
    }

    public RdbBuilder expireMillis(long millis) {
        return op(RdbOpcode.EXPIRETIME_MS).littleEndian(millis, 8);
    }

    public RdbBuilder idle(long seconds) {
        return op(RdbOpcode.IDLE).length(seconds);
    }

    public RdbBuilder freq(int counter) {
        return op(RdbOpcode.FREQ).raw(counter);
    }

    public RdbBuilder function(String code) {
        return op(RdbOpcode.FUNCTION2).string(code);
    }

    /** The type byte and the key; the payload follows. */
    public RdbBuilder key(RdbType type, String key) {
        return raw(type.code()).string(key);
    }

    public RdbBuilder op(int opcode) {
        return raw(opcode);
    }

    /** The EOF opcode and the CRC64 of everything before it, little-endian. */
    public byte[] end() {
        raw(RdbOpcode.EOF);
        byte[] body = out.toByteArray();
        littleEndian(Crc64.update(0, body, 0, body.length), 8);
        return out.toByteArray();
    }

    /** The EOF opcode and 8 zero bytes (rdbchecksum no). */
    public byte[] endWithoutChecksum() {
        raw(RdbOpcode.EOF);
        littleEndian(0, 8);
        return out.toByteArray();
    }

    /** The EOF opcode alone (versions before 5). */
    public byte[] endVersion4() {
        raw(RdbOpcode.EOF);
        return out.toByteArray();
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    // ---------------------------------------------------------------------------------------------
    // Primitives

    public RdbBuilder raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    public RdbBuilder raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    public RdbBuilder littleEndian(long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    public RdbBuilder bigEndian(long value, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    /** The shortest length encoding. */
    public RdbBuilder length(long length) {
        if (length < 64) {
            return raw((int) length);
        } else if (length < 16384) {
            return raw(0x40 | (int) (length >>> 8), (int) length & 0xFF);
        } else if (length <= 0xFFFFFFFFL) {
            return length32(length);
        }
        return length64(length);
    }

    public RdbBuilder length32(long length) {
        return raw(0x80).bigEndian(length, 4);
    }

    public RdbBuilder length64(long length) {
        return raw(0x81).bigEndian(length, 8);
    }

    /** A raw string (no integer or LZF encoding). */
    public RdbBuilder string(byte[] bytes) {
        return length(bytes.length).raw(bytes);
    }

    public RdbBuilder string(String text) {
        return string(text.getBytes(StandardCharsets.UTF_8));
    }

    public RdbBuilder int8(int value) {
        return raw(0xC0, value & 0xFF);
    }

    public RdbBuilder int16(int value) {
        return raw(0xC1).littleEndian(value, 2);
    }

    public RdbBuilder int32(int value) {
        return raw(0xC2).littleEndian(value, 4);
    }

    /** An LZF-encoded string (whatever its length; the compressor must manage to save a byte). */
    public RdbBuilder lzf(byte[] bytes) {
        byte[] packed = new byte[bytes.length + 64];
        int length = Lzf.compress(bytes, 0, bytes.length, packed, 0, packed.length);
        if (length == 0) {
            throw new IllegalArgumentException("LZF could not encode " + bytes.length + " bytes");
        }
        return raw(0xC3).length(length).length(bytes.length).raw(java.util.Arrays.copyOf(packed, length));
    }

    /** A binary double, little-endian (ZSET_2). */
    public RdbBuilder binaryDouble(double value) {
        return littleEndian(Double.doubleToRawLongBits(value), 8);
    }

    /** A string double (ZSET): a length byte and text, or 253/254/255 for NaN, +inf, -inf. */
    public RdbBuilder stringDouble(double value) {
        if (Double.isNaN(value)) {
            return raw(253);
        } else if (value == Double.POSITIVE_INFINITY) {
            return raw(254);
        } else if (value == Double.NEGATIVE_INFINITY) {
            return raw(255);
        }
        byte[] text = String.format("%.17g", value).getBytes(StandardCharsets.US_ASCII);
        return raw(text.length).raw(text);
    }

    // ---------------------------------------------------------------------------------------------
    // Blobs

    /** A ziplist of the elements (a Long or a canonical integer String as an integer entry). */
    public static byte[] ziplist(Object... elements) {
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        int previous = 0;
        int tail = 10;
        for (Object element : elements) {
            tail = 10 + entries.size();
            byte[] entry = ziplistEntry(previous, element);
            entries.writeBytes(entry);
            previous = entry.length;
        }
        int total = 10 + entries.size() + 1;
        RdbBuilder zl = payload().littleEndian(total, 4).littleEndian(tail, 4).littleEndian(Math.min(elements.length, 0xFFFF), 2);
        zl.raw(entries.toByteArray()).raw(0xFF);
        return zl.bytes();
    }

    private static byte[] ziplistEntry(int previous, Object element) {
        RdbBuilder entry = payload();
        if (previous < 254) {
            entry.raw(previous);
        } else {
            entry.raw(0xFE).littleEndian(previous, 4);
        }
        Long integer = asInteger(element);
        if (integer != null) {
            long v = integer;
            if (v >= 0 && v <= 12) {
                entry.raw(0xF1 + (int) v);
            } else if (v == (byte) v) {
                entry.raw(0xFE).littleEndian(v, 1);
            } else if (v == (short) v) {
                entry.raw(0xC0).littleEndian(v, 2);
            } else if (v >= -(1 << 23) && v < (1 << 23)) {
                entry.raw(0xF0).littleEndian(v, 3);
            } else if (v == (int) v) {
                entry.raw(0xD0).littleEndian(v, 4);
            } else {
                entry.raw(0xE0).littleEndian(v, 8);
            }
            return entry.bytes();
        }
        byte[] bytes = element.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 63) {
            entry.raw(bytes.length);
        } else if (bytes.length <= 16383) {
            entry.raw(0x40 | bytes.length >>> 8, bytes.length & 0xFF);
        } else {
            entry.raw(0x80).bigEndian(bytes.length, 4);
        }
        return entry.raw(bytes).bytes();
    }

    /** A zipmap of field, value, field, value ... with {@code free} spare bytes after each value. */
    public static byte[] zipmap(int free, String... fieldsAndValues) {
        RdbBuilder zm = payload().raw(Math.min(fieldsAndValues.length / 2, 254));
        for (int i = 0; i < fieldsAndValues.length; i++) {
            byte[] bytes = fieldsAndValues[i].getBytes(StandardCharsets.UTF_8);
            if (bytes.length < 254) {
                zm.raw(bytes.length);
            } else {
                zm.raw(254).littleEndian(bytes.length, 4);
            }
            if (i % 2 == 1) {
                zm.raw(free);
            }
            zm.raw(bytes);
            if (i % 2 == 1) {
                zm.raw(new byte[free]);
            }
        }
        return zm.raw(0xFF).bytes();
    }

    /** A listpack of the elements (a Long or a canonical integer String as an integer entry). */
    public static byte[] listpack(Object... elements) {
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        for (Object element : elements) {
            RdbBuilder entry = payload();
            Long integer = asInteger(element);
            if (integer != null) {
                long v = integer;
                if (v >= 0 && v <= 127) {
                    entry.raw((int) v);
                } else if (v >= -4096 && v <= 4095) {
                    long u = v < 0 ? v + 8192 : v;
                    entry.raw(0xC0 | (int) (u >>> 8), (int) u & 0xFF);
                } else if (v == (short) v) {
                    entry.raw(0xF1).littleEndian(v, 2);
                } else if (v >= -(1 << 23) && v < (1 << 23)) {
                    entry.raw(0xF2).littleEndian(v, 3);
                } else if (v == (int) v) {
                    entry.raw(0xF3).littleEndian(v, 4);
                } else {
                    entry.raw(0xF4).littleEndian(v, 8);
                }
            } else {
                byte[] bytes = element.toString().getBytes(StandardCharsets.UTF_8);
                if (bytes.length <= 63) {
                    entry.raw(0x80 | bytes.length);
                } else if (bytes.length <= 4095) {
                    entry.raw(0xE0 | bytes.length >>> 8, bytes.length & 0xFF);
                } else {
                    entry.raw(0xF0).littleEndian(bytes.length, 4);
                }
                entry.raw(bytes);
            }
            byte[] encoded = entry.bytes();
            entries.writeBytes(encoded);
            entries.writeBytes(backlen(encoded.length));
        }
        int total = 6 + entries.size() + 1;
        return payload().littleEndian(total, 4).littleEndian(Math.min(elements.length, 0xFFFF), 2).raw(entries.toByteArray())
                .raw(0xFF).bytes();
    }

    private static byte[] backlen(long length) {
        if (length <= 127) {
            return new byte[] {(byte) length};
        } else if (length < 16383) {
            return new byte[] {(byte) (length >>> 7), (byte) ((length & 127) | 128)};
        } else if (length < 2097151) {
            return new byte[] {(byte) (length >>> 14), (byte) (((length >>> 7) & 127) | 128), (byte) ((length & 127) | 128)};
        }
        throw new IllegalArgumentException("test listpack entries stay below 2 MB");
    }

    /** An intset of {@code width} bytes per value (2, 4 or 8), values as given (the caller sorts them). */
    public static byte[] intset(int width, long... values) {
        RdbBuilder is = payload().littleEndian(width, 4).littleEndian(values.length, 4);
        for (long v : values) {
            is.littleEndian(v, width);
        }
        return is.bytes();
    }

    private static Long asInteger(Object element) {
        if (element instanceof Long l) {
            return l;
        }
        if (element instanceof Integer i) {
            return (long) i;
        }
        String text = element.toString();
        if (text.matches("-?(0|[1-9][0-9]{0,18})") && !text.equals("-0")) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooLarge) {
                return null;
            }
        }
        return null;
    }
}
