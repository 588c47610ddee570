package io.forkline.engine.types;

import io.forkline.engine.keyspace.Encoding;
import io.forkline.pages.Memory;

import java.util.function.Consumer;

/**
 * How the sorted-set commands read a set value: ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD accept
 * sets as sources, each member with score 1. The set family provides it from its own static readers; the sorted-set
 * family does not know the set encodings ({@link SetValue#MEMBERS} is the engine's).
 */
public interface SetMembers {

    /** The number of members of the set {@code value}. */
    long size(Memory memory, long value, Encoding encoding);

    /** Whether the set holds {@code member[offset, offset + length)}. */
    boolean contains(Memory memory, long value, Encoding encoding, byte[] member, int offset, int length);

    /** Passes each member, as a heap copy, in the set's own order. */
    void forEach(Memory memory, long value, Encoding encoding, Consumer<byte[]> members);
}
