package io.forkline.engine.struct;

import static io.forkline.engine.struct.ListpackDescriptor.COUNT_OFFSET;
import static io.forkline.engine.struct.ListpackDescriptor.COUNT_UNKNOWN;
import static io.forkline.engine.struct.ListpackDescriptor.EMPTY_SIZE;
import static io.forkline.engine.struct.ListpackDescriptor.HEADER_SIZE;
import static io.forkline.engine.struct.ListpackDescriptor.STRING_12BIT;
import static io.forkline.engine.struct.ListpackDescriptor.STRING_32BIT;
import static io.forkline.engine.struct.ListpackDescriptor.STRING_6BIT;
import static io.forkline.engine.struct.ListpackDescriptor.INT_13BIT;
import static io.forkline.engine.struct.ListpackDescriptor.INT_16BIT;
import static io.forkline.engine.struct.ListpackDescriptor.INT_24BIT;
import static io.forkline.engine.struct.ListpackDescriptor.INT_32BIT;
import static io.forkline.engine.struct.ListpackDescriptor.INT_64BIT;
import static io.forkline.engine.struct.ListpackDescriptor.TERMINATOR;
import static io.forkline.engine.struct.ListpackDescriptor.TOTAL_BYTES_OFFSET;

/**
 * Checks a listpack blob the way Redis's {@code lpValidateIntegrity} does, and says where it is
 * wrong. Shallow: the header's total equals the blob's length and the last byte is the terminator.
 * Deep: also every entry has a valid encoding, lies before the terminator and ends with a backlen
 * that decodes to its length, the walk ends exactly at the last byte, and a known count matches.
 */
final class ListpackValidator {

    private static final String STRUCTURE = "listpack";

    private ListpackValidator() {
    }

    static void validate(byte[] blob, boolean deep) {
        if (blob.length < EMPTY_SIZE) {
            throw corrupt(blob.length, "at least " + EMPTY_SIZE + " bytes (header and terminator)",
                    "a blob of " + blob.length + " bytes");
        }
        long total = uint32(blob, TOTAL_BYTES_OFFSET);
        if (total != blob.length) {
            throw corrupt(TOTAL_BYTES_OFFSET, "header total bytes " + blob.length + " (the blob's length)", Long.toString(total));
        }
        int last = blob.length - 1;
        if ((blob[last] & 0xFF) != TERMINATOR) {
            throw corrupt(last, "the terminator 0xFF", hex(blob[last]));
        }
        if (deep) {
            walk(blob);
        }
    }

    private static void walk(byte[] blob) {
        int last = blob.length - 1;
        int position = HEADER_SIZE;
        int count = 0;
        while ((blob[position] & 0xFF) != TERMINATOR) {
            position = checkEntry(blob, position);
            count++;
        }
        if (position != last) {
            throw corrupt(position, "entries up to the terminator at offset " + last, "a terminator byte 0xFF");
        }
        int header = (blob[COUNT_OFFSET] & 0xFF) | (blob[COUNT_OFFSET + 1] & 0xFF) << 8;
        if (header != COUNT_UNKNOWN && header != count) {
            throw corrupt(COUNT_OFFSET, "header element count " + count + " (entries walked)", Integer.toString(header));
        }
    }

    /** Checks the entry at {@code position} (not the terminator); returns the next entry's position. */
    private static int checkEntry(byte[] blob, int position) {
        int last = blob.length - 1;
        int first = blob[position] & 0xFF;
        int encodingSize = ListpackDescriptor.encodingSize(first);
        if (encodingSize == 0) {
            throw ListpackCodec.badEncoding(position, first);
        }
        if ((long) position + encodingSize > last) {
            throw corrupt(position, "an entry header of " + encodingSize + " bytes before the terminator at offset " + last,
                    "only " + (last - position) + " bytes");
        }
        long encoded = encodedSize(blob, position, first);
        int backlenSize = ListpackDescriptor.backlenSize(encoded);
        long end = position + encoded + backlenSize;
        if (end > last) {
            throw corrupt(position, "an entry of " + (encoded + backlenSize) + " bytes ending before the terminator at offset "
                    + last, "it runs " + (end - last) + " bytes past it");
        }
        long backlen = decodeBacklen(blob, (int) end - 1);
        if (backlen != encoded) {
            throw corrupt(position + encoded, "a backlen of " + encoded + " (the entry's encoding and data bytes)",
                    backlen < 0 ? "more than 5 backlen bytes" : Long.toString(backlen));
        }
        return (int) end;
    }

    /** L of the entry at {@code position}, whose encoding bytes are known to be in the blob. */
    private static long encodedSize(byte[] blob, int position, int first) {
        if (first < STRING_6BIT) {
            return 1;
        } else if (first < INT_13BIT) {
            return 1 + (first & 0x3F);
        } else if (first < STRING_12BIT) {
            return 2;
        } else if (first < STRING_32BIT) {
            return 2 + ((first & 0x0F) << 8 | (blob[position + 1] & 0xFF));
        }
        return switch (first) {
            case STRING_32BIT -> 5 + uint32(blob, position + 1);
            case INT_16BIT -> 3;
            case INT_24BIT -> 4;
            case INT_32BIT -> 5;
            case INT_64BIT -> 9;
            default -> throw ListpackCodec.badEncoding(position, first);
        };
    }

    /** As Redis's {@code lpDecodeBacklen}: the value, or -1 when more than 5 bytes carry a continuation bit. */
    private static long decodeBacklen(byte[] blob, int lastByte) {
        long value = 0;
        int shift = 0;
        for (int at = lastByte; ; at--) {
            int b = blob[at] & 0xFF;
            value |= (long) (b & 127) << shift;
            if ((b & 128) == 0) {
                return value;
            }
            shift += 7;
            if (shift > 28) {
                return -1;
            }
        }
    }

    private static long uint32(byte[] blob, int offset) {
        return (blob[offset] & 0xFFL) | (blob[offset + 1] & 0xFFL) << 8 | (blob[offset + 2] & 0xFFL) << 16
                | (blob[offset + 3] & 0xFFL) << 24;
    }

    private static String hex(byte b) {
        return String.format("0x%02X", b & 0xFF);
    }

    private static CorruptEncodingException corrupt(long offset, String expected, String found) {
        return new CorruptEncodingException(STRUCTURE, offset, expected, found);
    }
}
