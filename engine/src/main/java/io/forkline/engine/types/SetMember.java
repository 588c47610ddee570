package io.forkline.engine.types;

import io.forkline.engine.struct.Element;
import io.forkline.engine.struct.IntegerText;
import io.forkline.pages.Memory;

import java.util.Arrays;

/**
 * One set member held on the heap for the writes and lookups of {@link SetValue}: its bytes, and its
 * value when those bytes are a canonical integer (what lets it live in an intset). A reusable, mutable
 * holder: a command loads one member after another into the same instance.
 *
 * <p>Loading a member copies it, so it stays valid while the set it was read from is changed: SPOP
 * reads a member, removes it, then replies and propagates it from here.
 */
public final class SetMember {

    private byte[] bytes = new byte[32];
    private int length;
    private boolean isInteger;
    private long integer;

    /** Holds {@code source[offset, offset + length)}, e.g. a command's argument. */
    public SetMember load(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, 0, length);
        this.length = length;
        isInteger = length <= IntegerText.MAX_LENGTH && IntegerText.isCanonicalLong(bytes, 0, length);
        integer = isInteger ? IntegerText.parseCanonicalLong(bytes, 0, length) : 0;
        return this;
    }

    /** Holds an integer, as its decimal text. */
    public SetMember loadInteger(long value) {
        ensure(IntegerText.MAX_LENGTH);
        length = IntegerText.formatLong(value, bytes, 0);
        isInteger = true;
        integer = value;
        return this;
    }

    /** Holds a member read from a set through {@code memory}: an integer, or a string copied out of it. */
    public SetMember load(Memory memory, Element element) {
        if (element.isInteger()) {
            return loadInteger(element.integer());
        }
        int count = element.length();
        ensure(count);
        memory.getBytes(element.address(), bytes, 0, count);
        length = count;
        isInteger = count <= IntegerText.MAX_LENGTH && IntegerText.isCanonicalLong(bytes, 0, count);
        integer = isInteger ? IntegerText.parseCanonicalLong(bytes, 0, count) : 0;
        return this;
    }

    /** The member's bytes, valid in {@code [0, length())} until the next load. */
    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return length;
    }

    /** Whether the bytes are a canonical integer (Redis's string2ll accepts them). */
    public boolean isInteger() {
        return isInteger;
    }

    /** The integer value; meaningful only when {@link #isInteger()}. */
    public long integer() {
        return integer;
    }

    /** A copy of the bytes. */
    public byte[] toBytes() {
        return Arrays.copyOf(bytes, length);
    }

    private void ensure(int capacity) {
        if (bytes.length < capacity) {
            bytes = new byte[Math.max(capacity, bytes.length * 2)];
        }
    }

    @Override
    public String toString() {
        return isInteger ? "integer member " + integer : "member of " + length + " bytes";
    }
}
