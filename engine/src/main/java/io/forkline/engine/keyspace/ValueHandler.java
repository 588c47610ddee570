package io.forkline.engine.keyspace;

import io.forkline.pages.Memory;
import io.forkline.pages.alloc.Allocator;

/** What the keyspace needs to know of one value type to free, copy and measure its values. */
public interface ValueHandler {

    /** Frees everything the value holds. */
    void free(Allocator allocator, long value, Encoding encoding);

    /** A deep copy of the value (COPY), in the same encoding; returns the copy's value field. */
    long duplicate(Allocator allocator, long value, Encoding encoding);

    /**
     * Bytes the value takes, as MEMORY USAGE estimates it: for aggregates, {@code samples} elements
     * measured and scaled (0 = all).
     */
    long memoryUsage(Memory memory, long value, Encoding encoding, int samples);
}
