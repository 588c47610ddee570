package io.forkline.engine.types;

import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.pages.Memory;

/**
 * A set as a key entry names it, by its value field (the structure's address) and its encoding; the
 * writes of {@link SetValue} update both when they move or convert the set, and the caller stores them
 * back into the key entry. Also names sets that belong to no key (the results of SINTER, SUNION, ...).
 */
public final class SetRef {

    private long value;
    private Encoding encoding;

    public SetRef(long value, Encoding encoding) {
        set(value, encoding);
    }

    /** The set a key entry holds. */
    public static SetRef of(Memory memory, long entry) {
        return new SetRef(KeyEntry.value(memory, entry), KeyEntry.encoding(memory, entry));
    }

    public long value() {
        return value;
    }

    public Encoding encoding() {
        return encoding;
    }

    /** Points at another structure (the set moved or was converted). */
    public void set(long value, Encoding encoding) {
        if (encoding != Encoding.INTSET && encoding != Encoding.LISTPACK && encoding != Encoding.HASHTABLE) {
            throw new IllegalArgumentException("a set is an intset, a listpack or a hashtable, not " + encoding);
        }
        this.value = value;
        this.encoding = encoding;
    }

    @Override
    public String toString() {
        return String.format("%s set at 0x%x", encoding.encodingName(), value);
    }
}
