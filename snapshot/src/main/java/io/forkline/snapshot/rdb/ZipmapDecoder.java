package io.forkline.snapshot.rdb;

import io.forkline.engine.struct.CorruptEncodingException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Redis's zipmap (hashes in RDB files of Redis 2.4 and before, type HASH_ZIPMAP), checked as
 * {@code zipmapValidateIntegrity(deep)} checks it, and more strictly: the end byte must be the last.
 *
 * <pre>
 *  [zmlen: u8, 254 = unknown] ( [len] field [len] [free: u8] value [free bytes] )* [0xff]
 *     len: 1 byte when below 254, else 0xfe + u32 LE
 * </pre>
 */
final class ZipmapDecoder {

    static final int BIG_LENGTH = 254;
    static final int END = 0xFF;

    private static final String STRUCTURE = "zipmap";

    private ZipmapDecoder() {
    }

    /** Field, value, field, value ...; throws {@link CorruptEncodingException} naming the blob offset. */
    static List<byte[]> decode(byte[] zm) {
        if (zm.length < 2) {
            throw corrupt(zm.length, "at least 2 bytes (count and end byte)", "a blob of " + zm.length + " bytes");
        }
        int last = zm.length - 1;
        if ((zm[last] & 0xFF) != END) {
            throw corrupt(last, "the end byte 0xff", hex(zm[last]));
        }
        List<byte[]> fieldsAndValues = new ArrayList<>();
        int position = 1;
        while ((zm[position] & 0xFF) != END) {
            int[] cursor = {position};
            fieldsAndValues.add(readString(zm, cursor, false));
            fieldsAndValues.add(readString(zm, cursor, true));
            position = cursor[0];
        }
        if (position != last) {
            throw corrupt(position, "fields up to the end byte at offset " + last, "an end byte 0xff");
        }
        int count = fieldsAndValues.size() / 2;
        if (count == 0) {
            throw corrupt(1, "at least one field", "none");
        }
        int header = zm[0] & 0xFF;
        if (header != BIG_LENGTH && header != count) {
            throw corrupt(0, "a field count of " + count + " (fields walked)", Integer.toString(header));
        }
        return fieldsAndValues;
    }

    /** Reads a length and its bytes (and, for a value, the free byte and free space) at {@code cursor[0]}. */
    private static byte[] readString(byte[] zm, int[] cursor, boolean value) {
        int last = zm.length - 1;
        int at = cursor[0];
        int first = zm[at] & 0xFF;
        if (first == END) {
            throw corrupt(at, "the length of a " + (value ? "value" : "field"), "the end byte 0xff");
        }
        int lengthSize = first < BIG_LENGTH ? 1 : 5;
        if (at + lengthSize > last) {
            throw corrupt(at, "a length of " + lengthSize + " bytes before the end byte", "the blob ends first");
        }
        long length = first < BIG_LENGTH ? first
                : (zm[at + 1] & 0xFFL) | (zm[at + 2] & 0xFFL) << 8 | (zm[at + 3] & 0xFFL) << 16 | (zm[at + 4] & 0xFFL) << 24;
        long start = at + lengthSize;
        int free = 0;
        if (value) {
            free = zm[(int) start] & 0xFF;
            start++;
        }
        long end = start + length + free;
        if (end > last) {
            throw corrupt(at, "a " + (value ? "value" : "field") + " that ends before the end byte at offset " + last,
                    length + " bytes" + (value ? " and " + free + " free" : "") + ", ending at " + end);
        }
        cursor[0] = (int) end;
        return Arrays.copyOfRange(zm, (int) start, (int) (start + length));
    }

    private static String hex(byte b) {
        return String.format("0x%02x", b & 0xFF);
    }

    private static CorruptEncodingException corrupt(long offset, String expected, String found) {
        return new CorruptEncodingException(STRUCTURE, offset, expected, found);
    }
}
