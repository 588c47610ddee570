package io.forkline.snapshot.rdb;

import io.forkline.engine.struct.CorruptEncodingException;
import io.forkline.engine.struct.IntegerText;
import io.forkline.engine.struct.Listpack;
import io.forkline.engine.struct.ListpackDescriptor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A listpack blob from an RDB file (hashes, sorted sets, sets, list nodes and stream nodes), checked deeply by
 * the engine's {@link Listpack#validate} (layout: {@link ListpackDescriptor}) and then decoded into its
 * elements' bytes, integers as decimal text. The walk over a checked blob ({@link #first}, {@link #next}) names
 * entries by their byte offset in the blob, as the engine's positions do.
 */
final class ListpackDecoder {

    private ListpackDecoder() {
    }

    /** The elements; throws {@link CorruptEncodingException} naming the blob offset when the blob is not a listpack. */
    static List<byte[]> decode(byte[] blob) {
        Listpack.validate(blob, true);
        List<byte[]> elements = new ArrayList<>();
        for (int position = first(blob); position != -1; position = next(blob, position)) {
            elements.add(element(blob, position));
        }
        return elements;
    }

    // ---------------------------------------------------------------------------------------------
    // Walking a checked blob

    /** The first entry's offset, or -1 when the listpack is empty. */
    static int first(byte[] blob) {
        return entryAt(blob, ListpackDescriptor.HEADER_SIZE);
    }

    /** The offset of the entry after the one at {@code position}, or -1 after the last. */
    static int next(byte[] blob, int position) {
        long encoded = encodedSize(blob, position);
        return entryAt(blob, (int) (position + encoded + ListpackDescriptor.backlenSize(encoded)));
    }

    private static int entryAt(byte[] blob, int position) {
        return (blob[position] & 0xFF) == ListpackDescriptor.TERMINATOR ? -1 : position;
    }

    /** The entry's bytes: a string's data, an integer's decimal text. */
    static byte[] element(byte[] blob, int position) {
        int first = blob[position] & 0xFF;
        if (ListpackDescriptor.isInteger(first)) {
            return IntegerText.formatLong(integerValue(blob, position, first));
        }
        int start = position + ListpackDescriptor.encodingSize(first);
        return Arrays.copyOfRange(blob, start, (int) (position + encodedSize(blob, position)));
    }

    /**
     * Whether the entry holds an integer as Redis's {@code lpGetIntegerIfValid} reads one: an integer entry, or a
     * string that is a canonical integer.
     */
    static boolean holdsInteger(byte[] blob, int position) {
        int first = blob[position] & 0xFF;
        if (ListpackDescriptor.isInteger(first)) {
            return true;
        }
        int start = position + ListpackDescriptor.encodingSize(first);
        return IntegerText.isCanonicalLong(blob, start, (int) (position + encodedSize(blob, position)) - start);
    }

    /** The integer of an entry that {@link #holdsInteger}. */
    static long integer(byte[] blob, int position) {
        int first = blob[position] & 0xFF;
        if (ListpackDescriptor.isInteger(first)) {
            return integerValue(blob, position, first);
        }
        int start = position + ListpackDescriptor.encodingSize(first);
        return IntegerText.parseCanonicalLong(blob, start, (int) (position + encodedSize(blob, position)) - start);
    }

    /** The entry's encoding and data bytes (without its backlen); validation let only known encodings through. */
    private static long encodedSize(byte[] blob, int position) {
        int first = blob[position] & 0xFF;
        if (first < ListpackDescriptor.STRING_6BIT) {
            return 1;
        } else if (first < ListpackDescriptor.INT_13BIT) {
            return 1 + (first & 0x3F);
        } else if (first < ListpackDescriptor.STRING_12BIT) {
            return 2;
        } else if (first < ListpackDescriptor.STRING_32BIT) {
            return 2 + ((first & 0x0F) << 8 | (blob[position + 1] & 0xFF));
        }
        return switch (first) {
            case ListpackDescriptor.STRING_32BIT -> 5 + littleEndian(blob, position + 1, 4);
            case ListpackDescriptor.INT_16BIT -> 3;
            case ListpackDescriptor.INT_24BIT -> 4;
            case ListpackDescriptor.INT_32BIT -> 5;
            default -> 9;   // INT_64BIT
        };
    }

    private static long integerValue(byte[] blob, int position, int first) {
        if (first < ListpackDescriptor.STRING_6BIT) {
            return first;
        }
        if (first < ListpackDescriptor.STRING_12BIT) {   // 13 bits, two's complement
            int unsigned = (first & 0x1F) << 8 | (blob[position + 1] & 0xFF);
            return unsigned >= 4096 ? unsigned - 8192 : unsigned;
        }
        int width = switch (first) {
            case ListpackDescriptor.INT_16BIT -> 2;
            case ListpackDescriptor.INT_24BIT -> 3;
            case ListpackDescriptor.INT_32BIT -> 4;
            default -> 8;   // INT_64BIT
        };
        long raw = littleEndian(blob, position + 1, width);
        int unused = 64 - 8 * width;
        return raw << unused >> unused;
    }

    private static long littleEndian(byte[] bytes, int at, int count) {
        long value = 0;
        for (int i = count - 1; i >= 0; i--) {
            value = value << 8 | (bytes[at + i] & 0xFF);
        }
        return value;
    }
}
