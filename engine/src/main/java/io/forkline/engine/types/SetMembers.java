package io.forkline.engine.types;

import io.forkline.engine.keyspace.Encoding;
import io.forkline.pages.Memory;

import java.util.function.Consumer;

/**
 * How the sorted-set commands read a set value: ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD accept
 * sets as sources, each member with score 1. The set family provides it from its own static readers; the sorted-set
 * family does not know the set encodings.
 *
 * <p>Note for the merge of the set family: build the table with {@code SortedSetCommands.specs(sets)}, where
 * {@code sets} adapts SetValue's static readers (size, membership, walk) to this interface.
 */
public interface SetMembers {

    /** The number of members of the set {@code value}. */
    long size(Memory memory, long value, Encoding encoding);

    /** Whether the set holds {@code member[offset, offset + length)}. */
    boolean contains(Memory memory, long value, Encoding encoding, byte[] member, int offset, int length);

    /** Passes each member, as a heap copy, in the set's own order. */
    void forEach(Memory memory, long value, Encoding encoding, Consumer<byte[]> members);

    /**
     * For an engine built without the set family: there are then no set values to read, and reaching one is a
     * wiring error, reported as such.
     */
    SetMembers UNAVAILABLE = new SetMembers() {
        @Override
        public long size(Memory memory, long value, Encoding encoding) {
            throw missing();
        }

        @Override
        public boolean contains(Memory memory, long value, Encoding encoding, byte[] member, int offset, int length) {
            throw missing();
        }

        @Override
        public void forEach(Memory memory, long value, Encoding encoding, Consumer<byte[]> members) {
            throw missing();
        }

        private IllegalStateException missing() {
            return new IllegalStateException("a set value reached the sorted-set commands, which were built without"
                    + " a SetMembers reader: pass the set family's to SortedSetCommands.specs(SetMembers)");
        }
    };
}
