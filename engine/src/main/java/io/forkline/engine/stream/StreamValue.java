package io.forkline.engine.stream;

import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.ValueHandler;
import io.forkline.pages.Memory;
import io.forkline.pages.alloc.Allocator;

import java.util.SplittableRandom;

/** What the keyspace needs of a stream value: {@link Stream}'s free, copy and size. */
public final class StreamValue implements ValueHandler {

    public static final StreamValue HANDLER = new StreamValue();

    /** Draws the index levels of a copy (COPY has no command random at hand); a copy's shape is not observable. */
    private final SplittableRandom levels = new SplittableRandom(0x5EED);

    private StreamValue() {
    }

    @Override
    public void free(Allocator allocator, long value, Encoding encoding) {
        Stream.free(allocator, value);
    }

    @Override
    public long duplicate(Allocator allocator, long value, Encoding encoding) {
        return Stream.duplicate(allocator, value, levels);
    }

    @Override
    public long memoryUsage(Memory memory, long value, Encoding encoding, int samples) {
        return Stream.memoryUsage(memory, value, samples);
    }
}
