package io.forkline.snapshot.rdb;

import io.forkline.engine.struct.CorruptEncodingException;
import io.forkline.engine.struct.IntegerText;
import io.forkline.engine.struct.Listpack;
import io.forkline.engine.struct.ListpackDescriptor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A listpack blob from an RDB file (hashes, sorted sets, sets and list nodes), checked deeply by the
 * engine's {@link Listpack#validate} (layout: {@link ListpackDescriptor}) and then decoded into its
 * elements' bytes, integers as decimal text.
 */
final class ListpackDecoder {

    private ListpackDecoder() {
    }

    /** The elements; throws {@link CorruptEncodingException} naming the blob offset when the blob is not a listpack. */
    static List<byte[]> decode(byte[] blob) {
        Listpack.validate(blob, true);
        List<byte[]> elements = new ArrayList<>();
        int position = ListpackDescriptor.HEADER_SIZE;
        while ((blob[position] & 0xFF) != ListpackDescriptor.TERMINATOR) {
            int first = blob[position] & 0xFF;
            long encoded;
            if (first < ListpackDescriptor.STRING_6BIT) {
                elements.add(IntegerText.formatLong(first));
                encoded = 1;
            } else if (first < ListpackDescriptor.INT_13BIT) {
                encoded = 1 + (first & 0x3F);
                elements.add(Arrays.copyOfRange(blob, position + 1, position + (int) encoded));
            } else if (first < ListpackDescriptor.STRING_12BIT) {
                int unsigned = (first & 0x1F) << 8 | (blob[position + 1] & 0xFF);
                elements.add(IntegerText.formatLong(unsigned >= 4096 ? unsigned - 8192 : unsigned));
                encoded = 2;
            } else if (first < ListpackDescriptor.STRING_32BIT) {
                encoded = 2 + ((first & 0x0F) << 8 | (blob[position + 1] & 0xFF));
                elements.add(Arrays.copyOfRange(blob, position + 2, position + (int) encoded));
            } else if (first == ListpackDescriptor.STRING_32BIT) {
                encoded = 5 + littleEndian(blob, position + 1, 4);
                elements.add(Arrays.copyOfRange(blob, position + 5, (int) (position + encoded)));
            } else {
                int width = switch (first) {
                    case ListpackDescriptor.INT_16BIT -> 2;
                    case ListpackDescriptor.INT_24BIT -> 3;
                    case ListpackDescriptor.INT_32BIT -> 4;
                    default -> 8;   // INT_64BIT: validation let no other encoding through
                };
                long raw = littleEndian(blob, position + 1, width);
                int unused = 64 - 8 * width;
                elements.add(IntegerText.formatLong(raw << unused >> unused));
                encoded = 1 + width;
            }
            position += (int) (encoded + ListpackDescriptor.backlenSize(encoded));
        }
        return elements;
    }

    private static long littleEndian(byte[] bytes, int at, int count) {
        long value = 0;
        for (int i = count - 1; i >= 0; i--) {
            value = value << 8 | (bytes[at + i] & 0xFF);
        }
        return value;
    }
}
