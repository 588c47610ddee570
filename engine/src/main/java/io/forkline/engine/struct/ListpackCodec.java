package io.forkline.engine.struct;

import io.forkline.pages.Memory;

import static io.forkline.engine.struct.ListpackDescriptor.INT_13BIT;
import static io.forkline.engine.struct.ListpackDescriptor.INT_16BIT;
import static io.forkline.engine.struct.ListpackDescriptor.INT_24BIT;
import static io.forkline.engine.struct.ListpackDescriptor.INT_32BIT;
import static io.forkline.engine.struct.ListpackDescriptor.INT_64BIT;
import static io.forkline.engine.struct.ListpackDescriptor.MAX_12BIT_STRING;
import static io.forkline.engine.struct.ListpackDescriptor.MAX_6BIT_STRING;
import static io.forkline.engine.struct.ListpackDescriptor.STRING_12BIT;
import static io.forkline.engine.struct.ListpackDescriptor.STRING_32BIT;
import static io.forkline.engine.struct.ListpackDescriptor.STRING_6BIT;

/**
 * Reads and writes one listpack entry in paged memory, following {@link ListpackDescriptor}. An
 * entry is named by the listpack's address and the entry's byte offset in it, so that a corrupt byte
 * can be reported by its offset.
 */
final class ListpackCodec {

    private ListpackCodec() {
    }

    // ---------------------------------------------------------------------------------------------
    // Reading

    /** The entry's encoding + data bytes (L). */
    static long encodedSize(Memory memory, long listpack, int position) {
        long at = listpack + position;
        int first = memory.getByte(at) & 0xFF;
        if (first < STRING_6BIT) {
            return 1;
        } else if (first < INT_13BIT) {
            return 1 + (first & 0x3F);
        } else if (first < STRING_12BIT) {
            return 2;
        } else if (first < STRING_32BIT) {
            return 2 + twelveBitLength(memory, at, first);
        }
        return switch (first) {
            case STRING_32BIT -> 5 + (memory.getInt(at + 1) & 0xFFFF_FFFFL);
            case INT_16BIT -> 3;
            case INT_24BIT -> 4;
            case INT_32BIT -> 5;
            case INT_64BIT -> 9;
            default -> throw badEncoding(position, first);
        };
    }

    /** The whole entry's bytes: encoding, data and backlen. */
    static int entrySize(Memory memory, long listpack, int position) {
        long encoded = encodedSize(memory, listpack, position);
        return (int) (encoded + ListpackDescriptor.backlenSize(encoded));
    }

    /** The L that the backlen ending at {@code lastByte} (inclusive) encodes, read right to left. */
    static long decodeBacklen(Memory memory, long lastByte) {
        long value = 0;
        int shift = 0;
        long at = lastByte;
        while (true) {
            int b = memory.getByte(at) & 0xFF;
            value |= (long) (b & 127) << shift;
            if ((b & 128) == 0 || shift == 28) {
                return value;
            }
            shift += 7;
            at--;
        }
    }

    /** Fills {@code out} with the entry's value. */
    static void read(Memory memory, long listpack, int position, Element out) {
        long at = listpack + position;
        int first = memory.getByte(at) & 0xFF;
        if (ListpackDescriptor.isInteger(first)) {
            out.setInteger(integerValue(memory, at, first));
        } else if (first < INT_13BIT) {
            out.setString(at + 1, first & 0x3F);
        } else if (first < STRING_32BIT) {
            out.setString(at + 2, twelveBitLength(memory, at, first));
        } else if (first == STRING_32BIT) {
            long length = memory.getInt(at + 1) & 0xFFFF_FFFFL;
            if (length > Integer.MAX_VALUE) {
                throw new CorruptEncodingException("listpack", position + 1L, "a string length below 2^31",
                        Long.toString(length));
            }
            out.setString(at + 5, (int) length);
        } else {
            throw badEncoding(position, first);
        }
    }

    /** The value of the integer entry at {@code at}, whose first byte {@code first} is an integer encoding. */
    static long integerValue(Memory memory, long at, int first) {
        if (first < STRING_6BIT) {
            return first;
        } else if (first < STRING_12BIT) {
            int unsigned = (first & 0x1F) << 8 | (memory.getByte(at + 1) & 0xFF);
            return unsigned >= 1 << 12 ? unsigned - (1 << 13) : unsigned;
        }
        return switch (first) {
            case INT_16BIT -> memory.getShort(at + 1);
            case INT_24BIT -> (memory.getShort(at + 1) & 0xFFFF) | memory.getByte(at + 3) << 16;
            case INT_32BIT -> memory.getInt(at + 1);
            default -> memory.getLong(at + 1);
        };
    }

    private static int twelveBitLength(Memory memory, long at, int first) {
        return (first & 0x0F) << 8 | (memory.getByte(at + 1) & 0xFF);
    }

    static CorruptEncodingException badEncoding(long position, int first) {
        return new CorruptEncodingException("listpack", position, "an entry's encoding byte (0x00-0xF4)",
                String.format("0x%02X", first));
    }

    // ---------------------------------------------------------------------------------------------
    // Writing: each returns the bytes written

    /** Writes {@code value} in its smallest integer encoding, then its backlen. */
    static int writeInteger(Memory memory, long at, long value) {
        int encoded = ListpackDescriptor.integerEncodedSize(value);
        switch (encoded) {
            case 1 -> memory.putByte(at, (byte) value);
            case 2 -> {
                long unsigned = value < 0 ? (1 << 13) + value : value;
                memory.putByte(at, (byte) (INT_13BIT | unsigned >>> 8));
                memory.putByte(at + 1, (byte) unsigned);
            }
            case 3 -> {
                memory.putByte(at, (byte) INT_16BIT);
                memory.putShort(at + 1, (short) value);
            }
            case 4 -> {
                memory.putByte(at, (byte) INT_24BIT);
                memory.putShort(at + 1, (short) value);
                memory.putByte(at + 3, (byte) (value >> 16));
            }
            case 5 -> {
                memory.putByte(at, (byte) INT_32BIT);
                memory.putInt(at + 1, (int) value);
            }
            default -> {
                memory.putByte(at, (byte) INT_64BIT);
                memory.putLong(at + 1, value);
            }
        }
        return encoded + writeBacklen(memory, at + encoded, encoded);
    }

    /** Writes {@code length} bytes as a string in the smallest string encoding, then its backlen. */
    static int writeString(Memory memory, long at, byte[] value, int offset, int length) {
        int header = ListpackDescriptor.stringHeaderSize(length);
        if (length <= MAX_6BIT_STRING) {
            memory.putByte(at, (byte) (STRING_6BIT | length));
        } else if (length <= MAX_12BIT_STRING) {
            memory.putByte(at, (byte) (STRING_12BIT | length >>> 8));
            memory.putByte(at + 1, (byte) length);
        } else {
            memory.putByte(at, (byte) STRING_32BIT);
            memory.putInt(at + 1, length);
        }
        memory.putBytes(at + header, value, offset, length);
        long encoded = (long) header + length;
        return (int) (encoded + writeBacklen(memory, at + encoded, encoded));
    }

    /** Writes the backlen of an entry of {@code encoded} bytes at {@code at}, leftmost byte first. */
    static int writeBacklen(Memory memory, long at, long encoded) {
        int size = ListpackDescriptor.backlenSize(encoded);
        memory.putByte(at, (byte) (encoded >>> 7 * (size - 1)));   // the leftmost byte has bit 7 clear
        for (int i = 1; i < size; i++) {
            memory.putByte(at + i, (byte) ((encoded >>> 7 * (size - 1 - i)) & 127 | 128));
        }
        return size;
    }
}
