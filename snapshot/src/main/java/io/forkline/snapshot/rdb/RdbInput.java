package io.forkline.snapshot.rdb;

import io.forkline.snapshot.io.ByteSource;
import io.forkline.snapshot.io.Lzf;

import java.io.IOException;

/**
 * The RDB's primitives read from a {@link ByteSource}: length encodings, strings (raw, integer and
 * LZF), timestamps and doubles. Every length is checked before anything is allocated for it: against
 * the bytes left when the input's length is known, and against the largest Java array always, so
 * that a corrupt length is an {@link RdbFormatException}, never an OutOfMemoryError. When the length
 * is not known, long strings are read in growing chunks, so memory stays bounded by the input read.
 *
 * <pre>
 *  length:  00xxxxxx                       6 bits
 *           01xxxxxx xxxxxxxx              14 bits, big-endian
 *           10000000 + 4 bytes             32 bits, big-endian
 *           10000001 + 8 bytes             64 bits, big-endian
 *           10xxxxxx (0x82..0xBF)          invalid
 *           11xxxxxx                       a string encoding (only where a string is expected):
 *  string:  c0 b / c1 b b / c2 b b b b     an integer of 8, 16 or 32 bits, little-endian, as decimal text
 *           c3 [len clen] [len ulen] data  LZF: clen compressed bytes that expand to exactly ulen
 * </pre>
 */
final class RdbInput {

    /** The largest array the JVM allocates. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** LZF output per input byte is at most 88 (a 3-byte back-reference copies 264 bytes). */
    private static final int LZF_MAX_EXPANSION = 88;
    private static final int CHUNK = 1 << 20;

    private static final int ENCODING_INT8 = 0;
    private static final int ENCODING_INT16 = 1;
    private static final int ENCODING_INT32 = 2;
    private static final int ENCODING_LZF = 3;

    private final ByteSource in;
    /** The offset of the input's end, or -1 when unknown. */
    private final long end;

    /** @param length the bytes left in {@code in} from here, or -1 when unknown */
    RdbInput(ByteSource in, long length) {
        this.in = in;
        this.end = length < 0 ? -1 : in.position() + length;
    }

    long position() {
        return in.position();
    }

    /** The bytes left, or Long.MAX_VALUE when the input's length is unknown. */
    long remaining() {
        return end < 0 ? Long.MAX_VALUE : Math.max(0, end - in.position());
    }

    int readByte() throws IOException {
        return in.readByte();
    }

    // ---------------------------------------------------------------------------------------------
    // Lengths

    /** A length encoding; {@code what} names what it counts, for errors ("a database index"). */
    long readLength(String what) throws IOException {
        long offset = in.position();
        long value = readUnsignedLength(what);
        if (value < 0) {
            throw new RdbFormatException(offset, what + " below 2^63", Long.toUnsignedString(value));
        }
        return value;
    }

    /** A length encoding of 64 bits, which may be above 2^63 (a module id): read it as unsigned. */
    long readUnsignedLength(String what) throws IOException {
        long offset = in.position();
        int first = in.readByte();
        long value = switch (first >>> 6) {
            case 0 -> first & 0x3F;
            case 1 -> (first & 0x3F) << 8 | in.readByte();
            case 2 -> readWideLength(offset, first, what);
            default -> throw new RdbFormatException(offset, "a length encoding (" + what + ")",
                    hex(first) + ", a string encoding");
        };
        return value;
    }

    private long readWideLength(long offset, int first, String what) throws IOException {
        if (first == 0x80) {
            return readBigEndian(4);
        }
        if (first == 0x81) {
            return readBigEndian(8);
        }
        throw new RdbFormatException(offset, "a length encoding (" + what + ")", hex(first));
    }

    private long readBigEndian(int bytes) throws IOException {
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = value << 8 | in.readByte();
        }
        return value;
    }

    /**
     * A count of things each at least {@code minBytes} long in the file: checked against what an array
     * holds and, when known, against the bytes left.
     */
    int readCount(String what, int minBytes) throws IOException {
        long offset = in.position();
        long count = readLength("a count of " + what);
        if (count > MAX_ARRAY) {
            throw new RdbFormatException(offset, "at most " + MAX_ARRAY + " " + what, Long.toString(count));
        }
        long left = remaining();
        if (count > left / minBytes) {
            throw new RdbFormatException(offset, "a count of " + what + " that fits in the " + left + " bytes left",
                    Long.toString(count));
        }
        return (int) count;
    }

    // ---------------------------------------------------------------------------------------------
    // Strings

    /** A string in any of its encodings; {@code what} names it for errors ("a key"). */
    byte[] readString(String what) throws IOException {
        long offset = in.position();
        int first = in.readByte();
        if (first >>> 6 != 3) {
            long length = switch (first >>> 6) {
                case 0 -> first & 0x3F;
                case 1 -> (first & 0x3F) << 8 | in.readByte();
                default -> readWideLength(offset, first, "the length of " + what);
            };
            return readBytes(offset, length, what);
        }
        return switch (first & 0x3F) {
            case ENCODING_INT8 -> decimal((byte) in.readByte());
            case ENCODING_INT16 -> decimal((short) (in.readByte() | in.readByte() << 8));
            case ENCODING_INT32 -> decimal(in.readByte() | in.readByte() << 8 | in.readByte() << 16 | in.readByte() << 24);
            case ENCODING_LZF -> readLzf(offset, what);
            default -> throw new RdbFormatException(offset, "a string encoding (" + what + ")", hex(first));
        };
    }

    private byte[] readLzf(long offset, String what) throws IOException {
        long compressed = readLength("the compressed length of " + what);
        long length = readLength("the uncompressed length of " + what);
        if (length > MAX_ARRAY || length > compressed * LZF_MAX_EXPANSION) {
            throw new RdbFormatException(offset, "an LZF string whose length fits in an array and in "
                    + LZF_MAX_EXPANSION + " times its " + compressed + " compressed bytes", length + " bytes");
        }
        byte[] packed = readBytes(offset, compressed, "the compressed bytes of " + what);
        byte[] out = new byte[(int) length];
        if (!Lzf.decompress(packed, 0, packed.length, out, 0, out.length)) {
            throw new RdbFormatException(offset, "an LZF stream of " + compressed + " bytes that expands to exactly "
                    + length + " bytes (" + what + ")", "an invalid one (Invalid LZF compressed string)");
        }
        return out;
    }

    /** {@code length} bytes; {@code offset} is where their length was, for errors. */
    private byte[] readBytes(long offset, long length, String what) throws IOException {
        if (length < 0 || length > MAX_ARRAY) {
            throw new RdbFormatException(offset, "a length of at most " + MAX_ARRAY + " bytes (" + what + ")",
                    Long.toUnsignedString(length));
        }
        long left = remaining();
        if (length > left) {
            throw new RdbFormatException(offset, "a length of at most the " + left + " bytes left (" + what + ")",
                    Long.toString(length));
        }
        int size = (int) length;
        if (size <= CHUNK) {
            return in.readBytes(size);
        }
        byte[] bytes = new byte[CHUNK];
        int filled = 0;
        while (filled < size) {
            if (filled == bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, (int) Math.min(size, 2L * bytes.length));
            }
            int n = bytes.length - filled;
            in.readFully(bytes, filled, n);
            filled += n;
        }
        return bytes;
    }

    private static byte[] decimal(long value) {
        return Long.toString(value).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    // ---------------------------------------------------------------------------------------------
    // Numbers

    /** {@code count} bytes as they are, with no length (a stream ID in a pending entries list). */
    byte[] readRaw(int count) throws IOException {
        return in.readBytes(count);
    }

    /** An integer of {@code count} bytes, little-endian, read at once (so that an early end names the whole field). */
    long readLittleEndian(int count) throws IOException {
        byte[] bytes = in.readBytes(count);
        long value = 0;
        for (int i = count - 1; i >= 0; i--) {
            value = value << 8 | (bytes[i] & 0xFF);
        }
        return value;
    }

    /** An IEEE 754 double, little-endian (ZSET_2 scores). */
    double readBinaryDouble() throws IOException {
        return Double.longBitsToDouble(readLittleEndian(8));
    }

    /** A double as text with a one-byte length; 253, 254 and 255 mean NaN, +inf and -inf (ZSET scores). */
    double readStringDouble(String what) throws IOException {
        long offset = in.position();
        int length = in.readByte();
        return switch (length) {
            case 253 -> Double.NaN;
            case 254 -> Double.POSITIVE_INFINITY;
            case 255 -> Double.NEGATIVE_INFINITY;
            default -> {
                byte[] text = in.readBytes(length);
                try {
                    yield Scores.parse(text);
                } catch (NumberFormatException notANumber) {
                    throw new RdbFormatException(offset, what + " as text", Printable.quote(text));
                }
            }
        };
    }

    static String hex(int value) {
        return String.format("0x%02x", value);
    }
}
