package io.forkline.snapshot.rdb;

import io.forkline.engine.Engine;
import io.forkline.engine.keyspace.Keyspace;
import io.forkline.snapshot.io.BufferSink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.InstantSource;

/** Writing whole files in tests: a fixed ctime, so that two writes of the same keyspace give the same bytes. */
public final class Snapshots {

    public static final InstantSource FIXED_CLOCK = InstantSource.fixed(Instant.ofEpochSecond(1_700_000_000L));

    private Snapshots() {
    }

    /** The live keyspace of {@code engine}, as stop-the-world reads it. */
    public static KeyspaceImage live(Engine engine) {
        Keyspace keyspace = engine.keyspace();
        return new KeyspaceImage(engine.memory(), keyspace.root(), keyspace.databases(), engine.allocator().usedBytes());
    }

    public static byte[] write(KeyspaceImage image, RdbWriteOptions options) {
        return write(image, options, new SaveProgress());
    }

    public static byte[] write(KeyspaceImage image, RdbWriteOptions options, SaveProgress progress) {
        BufferSink sink = new BufferSink();
        try {
            new RdbWriter(options, FIXED_CLOCK).write(image, sink, progress);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sink.toByteArray();
    }
}
