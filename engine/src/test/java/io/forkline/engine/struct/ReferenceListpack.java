package io.forkline.engine.struct;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The tests' own listpack encoder, written from the format description alone (reference §2.1) and
 * sharing no code with {@link Listpack}: what Redis's lpAppend would produce for a list of values.
 */
final class ReferenceListpack {

    private ReferenceListpack() {
    }

    static byte[] encode(List<byte[]> values) {
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        for (byte[] value : values) {
            entries.writeBytes(entry(value));
        }
        int total = 6 + entries.size() + 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeLittleEndian(out, total, 4);
        writeLittleEndian(out, Math.min(values.size(), 65535), 2);
        out.writeBytes(entries.toByteArray());
        out.write(0xFF);
        return out.toByteArray();
    }

    /** Whether Redis stores this string as an integer: its value formats back to exactly the same text. */
    static Long canonicalInteger(byte[] value) {
        String text = new String(value, StandardCharsets.ISO_8859_1);
        try {
            long parsed = Long.parseLong(text);
            return Long.toString(parsed).equals(text) ? parsed : null;
        } catch (NumberFormatException notAnInteger) {
            return null;
        }
    }

    static byte[] entry(byte[] value) {
        Long integer = canonicalInteger(value);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (integer != null) {
            writeInteger(out, integer);
        } else if (value.length < 64) {
            out.write(0x80 + value.length);
            out.writeBytes(value);
        } else if (value.length < 4096) {
            out.write(0xE0 + (value.length >> 8));
            out.write(value.length & 0xFF);
            out.writeBytes(value);
        } else {
            out.write(0xF0);
            writeLittleEndian(out, value.length, 4);
            out.writeBytes(value);
        }
        out.writeBytes(backlen(out.size()));
        return out.toByteArray();
    }

    private static void writeInteger(ByteArrayOutputStream out, long v) {
        if (v >= 0 && v < 128) {
            out.write((int) v);
        } else if (v >= -4096 && v < 4096) {
            long u = v & 0x1FFF;
            out.write((int) (0xC0 + (u >> 8)));
            out.write((int) (u & 0xFF));
        } else if (v >= -32768 && v < 32768) {
            out.write(0xF1);
            writeLittleEndian(out, v, 2);
        } else if (v >= -8388608 && v < 8388608) {
            out.write(0xF2);
            writeLittleEndian(out, v, 3);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write(0xF3);
            writeLittleEndian(out, v, 4);
        } else {
            out.write(0xF4);
            writeLittleEndian(out, v, 8);
        }
    }

    /** The backlen, as a list of 7-bit groups, most significant first, all but the first flagged. */
    static byte[] backlen(long length) {
        int size = length <= 127 ? 1 : length < 16383 ? 2 : length < 2097151 ? 3 : length < 268435455 ? 4 : 5;
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            int group = (int) ((length >> (7 * (size - 1 - i))) & 127);
            bytes[i] = (byte) (i == 0 ? group : group | 128);
        }
        return bytes;
    }

    private static void writeLittleEndian(ByteArrayOutputStream out, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (value >> (8 * i)) & 0xFF);
        }
    }
}
