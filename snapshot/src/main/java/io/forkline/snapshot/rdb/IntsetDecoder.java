package io.forkline.snapshot.rdb;

import io.forkline.engine.struct.CorruptEncodingException;
import io.forkline.engine.struct.IntegerText;
import io.forkline.engine.struct.Intset;
import io.forkline.engine.struct.IntsetDescriptor;

import java.util.ArrayList;
import java.util.List;

/**
 * An intset blob from an RDB file (SET_INTSET), checked deeply by the engine's {@link Intset#validate}
 * (layout: {@link IntsetDescriptor}: encoding, length, then strictly ascending integers) and decoded
 * into its members as decimal text.
 */
final class IntsetDecoder {

    private IntsetDecoder() {
    }

    /** The members, ascending; throws {@link CorruptEncodingException} naming the blob offset when the blob is not an intset. */
    static List<byte[]> decode(byte[] blob) {
        Intset.validate(blob, true);
        int width = (int) littleEndian(blob, IntsetDescriptor.ENCODING_OFFSET, 4);
        int length = (int) littleEndian(blob, IntsetDescriptor.LENGTH_OFFSET, 4);
        int unused = 64 - 8 * width;
        List<byte[]> members = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            long raw = littleEndian(blob, IntsetDescriptor.HEADER_SIZE + i * width, width);
            members.add(IntegerText.formatLong(raw << unused >> unused));
        }
        return members;
    }

    private static long littleEndian(byte[] bytes, int at, int count) {
        long value = 0;
        for (int i = count - 1; i >= 0; i--) {
            value = value << 8 | (bytes[at + i] & 0xFF);
        }
        return value;
    }
}
