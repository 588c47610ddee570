package io.forkline.engine.struct;

import io.forkline.pages.Memory;

/**
 * One value read from a compact encoding, as Redis's {@code lpGet} returns it: either an integer, or
 * a string given by its address and length in paged memory (not copied). A reusable, mutable holder:
 * a hot read fills the same instance again and again without allocating.
 *
 * <p>A string's address is valid only until the structure it was read from is next written (a write
 * may move or reshape it); read it through the same {@link Memory} it came from.
 */
public final class Element {

    private boolean isInteger;
    private long integer;
    private long address;
    private int length;

    /** Makes this hold an integer. */
    public void setInteger(long value) {
        isInteger = true;
        integer = value;
        address = 0;
        length = 0;
    }

    /** Makes this hold the {@code length} bytes at {@code address}. */
    public void setString(long address, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative string length " + length);
        }
        isInteger = false;
        integer = 0;
        this.address = address;
        this.length = length;
    }

    public boolean isInteger() {
        return isInteger;
    }

    /** The integer held; fails for a string. */
    public long integer() {
        if (!isInteger) {
            throw new IllegalStateException("the element is a string, not an integer");
        }
        return integer;
    }

    /** Where the string's bytes start; fails for an integer. */
    public long address() {
        if (isInteger) {
            throw new IllegalStateException("the element is an integer, not a string");
        }
        return address;
    }

    /** The string's length in bytes; fails for an integer (see {@link #stringLength()}). */
    public int length() {
        if (isInteger) {
            throw new IllegalStateException("the element is an integer, not a string");
        }
        return length;
    }

    /** The length of the string form: the string's length, or the integer's decimal length. */
    public int stringLength() {
        return isInteger ? IntegerText.decimalLength(integer) : length;
    }

    /**
     * Copies the string form (an integer in decimal) to {@code destination[offset]}.
     *
     * @return the number of bytes copied, {@link #stringLength()}
     */
    public int copyTo(Memory memory, byte[] destination, int offset) {
        if (isInteger) {
            return IntegerText.formatLong(integer, destination, offset);
        }
        memory.getBytes(address, destination, offset, length);
        return length;
    }

    /** The string form as a new array: the string's bytes, or the integer in decimal. */
    public byte[] toBytes(Memory memory) {
        byte[] bytes = new byte[stringLength()];
        copyTo(memory, bytes, 0);
        return bytes;
    }

    @Override
    public String toString() {
        return isInteger ? "integer " + integer : String.format("string of %d bytes at 0x%x", length, address);
    }
}
