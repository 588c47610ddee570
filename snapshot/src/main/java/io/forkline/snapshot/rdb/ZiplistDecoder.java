package io.forkline.snapshot.rdb;

import io.forkline.engine.struct.CorruptEncodingException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis's ziplist, which Redis 7 only loads (old RDB files: LIST_ZIPLIST, ZSET_ZIPLIST, HASH_ZIPLIST and
 * the nodes of LIST_QUICKLIST), checked as deeply as Redis's {@code ziplistValidateIntegrity(deep)} and
 * decoded into its elements' bytes (integers as decimal text).
 *
 * <pre>
 *  [zlbytes: u32 LE][zltail: u32 LE][zllen: u16 LE] entry* [0xff]
 *     zlbytes = the blob's length; zltail = offset of the last entry; zllen = entries (65535: unknown)
 *  entry = [prevlen][encoding][data]
 *     prevlen: 1 byte (size of the previous entry, 0..253), or 0xfe + u32 LE
 *     encoding: 00pppppp                string of p bytes (6 bits)
 *               01pppppp qqqqqqqq       string, 14-bit length, big-endian
 *               10______ + u32 BE       string, 32-bit length
 *               c0 / d0 / e0            int16 / int32 / int64, little-endian
 *               f0 / fe                 int24 / int8
 *               f1 .. fd                the integers 0 .. 12 (low nibble - 1), no data
 * </pre>
 */
final class ZiplistDecoder {

    static final int HEADER_SIZE = 10;
    static final int END = 0xFF;
    static final int BIG_PREVLEN = 0xFE;
    static final int COUNT_UNKNOWN = 0xFFFF;

    private static final String STRUCTURE = "ziplist";

    private ZiplistDecoder() {
    }

    /** The elements, after checking every entry; throws {@link CorruptEncodingException} naming the blob offset. */
    static List<byte[]> decode(byte[] zl) {
        int last = zl.length - 1;
        if (zl.length < HEADER_SIZE + 1) {
            throw corrupt(zl.length, "at least " + (HEADER_SIZE + 1) + " bytes (header and end byte)", "a blob of " + zl.length + " bytes");
        }
        long bytes = uint32(zl, 0);
        if (bytes != zl.length) {
            throw corrupt(0, "zlbytes " + zl.length + " (the blob's length)", Long.toString(bytes));
        }
        if ((zl[last] & 0xFF) != END) {
            throw corrupt(last, "the end byte 0xff", hex(zl[last]));
        }
        long tail = uint32(zl, 4);
        if (tail > last) {
            throw corrupt(4, "a tail offset inside the blob (at most " + last + ")", Long.toString(tail));
        }
        int headerCount = (zl[8] & 0xFF) | (zl[9] & 0xFF) << 8;
        List<byte[]> elements = new ArrayList<>();
        int position = HEADER_SIZE;
        int previousSize = 0;
        int previousStart = -1;
        while ((zl[position] & 0xFF) != END) {
            int start = position;
            position = readEntry(zl, position, previousSize, elements);
            previousSize = position - start;
            previousStart = start;
        }
        if (position != last) {
            throw corrupt(position, "entries up to the end byte at offset " + last, "an end byte 0xff");
        }
        if (previousStart >= 0 && previousStart != tail) {
            throw corrupt(4, "a tail offset of " + previousStart + " (the last entry)", Long.toString(tail));
        }
        if (headerCount != COUNT_UNKNOWN && headerCount != elements.size()) {
            throw corrupt(8, "an entry count of " + elements.size() + " (entries walked)", Integer.toString(headerCount));
        }
        return elements;
    }

    /** Checks and decodes the entry at {@code position}; returns the next entry's position. */
    private static int readEntry(byte[] zl, int position, int previousSize, List<byte[]> elements) {
        int last = zl.length - 1;
        int start = position;
        int prevlenSize = (zl[position] & 0xFF) < BIG_PREVLEN ? 1 : 5;
        require(zl, position + prevlenSize, start, "a prevlen of " + prevlenSize + " bytes");
        long prevlen = prevlenSize == 1 ? zl[position] & 0xFF : uint32(zl, position + 1);
        if (prevlen != previousSize) {
            throw corrupt(position, "a prevlen of " + previousSize + " (the previous entry's size)", Long.toString(prevlen));
        }
        position += prevlenSize;
        int encoding = zl[position] & 0xFF;
        int headerSize;
        long dataSize;
        if (encoding < 0xC0) {
            headerSize = switch (encoding >>> 6) {
                case 0 -> 1;
                case 1 -> 2;
                default -> 5;
            };
            require(zl, position + headerSize, start, "an entry header of " + headerSize + " bytes");
            dataSize = switch (encoding >>> 6) {
                case 0 -> encoding & 0x3F;
                case 1 -> (encoding & 0x3F) << 8 | (zl[position + 1] & 0xFF);
                default -> uint32BigEndian(zl, position + 1);
            };
        } else {
            headerSize = 1;
            dataSize = integerSize(encoding, position);
        }
        long end = position + headerSize + dataSize;
        if (end > last) {
            throw corrupt(start, "an entry that ends before the end byte at offset " + last,
                    "one of " + (end - start) + " bytes, ending at " + end);
        }
        int data = position + headerSize;
        if (encoding < 0xC0) {
            elements.add(java.util.Arrays.copyOfRange(zl, data, (int) end));
        } else {
            elements.add(Long.toString(integer(zl, data, encoding)).getBytes(StandardCharsets.US_ASCII));
        }
        return (int) end;
    }

    private static int integerSize(int encoding, int position) {
        return switch (encoding) {
            case 0xC0 -> 2;
            case 0xD0 -> 4;
            case 0xE0 -> 8;
            case 0xF0 -> 3;
            case 0xFE -> 1;
            default -> {
                if (encoding >= 0xF1 && encoding <= 0xFD) {
                    yield 0;
                }
                throw corrupt(position, "a ziplist entry encoding", hex((byte) encoding));
            }
        };
    }

    private static long integer(byte[] zl, int at, int encoding) {
        return switch (encoding) {
            case 0xC0 -> (short) littleEndian(zl, at, 2);
            case 0xD0 -> (int) littleEndian(zl, at, 4);
            case 0xE0 -> littleEndian(zl, at, 8);
            case 0xF0 -> (littleEndian(zl, at, 3) << 40) >> 40;
            case 0xFE -> zl[at];
            default -> (encoding & 0x0F) - 1;
        };
    }

    /** Fails unless the bytes before {@code end} lie before the end byte. */
    private static void require(byte[] zl, long end, int entry, String what) {
        int last = zl.length - 1;
        if (end > last) {
            throw corrupt(entry, what + " before the end byte at offset " + last, "the blob ends first");
        }
    }

    private static long littleEndian(byte[] bytes, int at, int count) {
        long value = 0;
        for (int i = count - 1; i >= 0; i--) {
            value = value << 8 | (bytes[at + i] & 0xFF);
        }
        return value;
    }

    private static long uint32(byte[] bytes, int at) {
        return littleEndian(bytes, at, 4);
    }

    private static long uint32BigEndian(byte[] bytes, int at) {
        return (bytes[at] & 0xFFL) << 24 | (bytes[at + 1] & 0xFFL) << 16 | (bytes[at + 2] & 0xFFL) << 8 | (bytes[at + 3] & 0xFFL);
    }

    private static String hex(byte b) {
        return String.format("0x%02x", b & 0xFF);
    }

    private static CorruptEncodingException corrupt(long offset, String expected, String found) {
        return new CorruptEncodingException(STRUCTURE, offset, expected, found);
    }
}
