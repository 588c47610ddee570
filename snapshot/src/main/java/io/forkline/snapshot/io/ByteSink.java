package io.forkline.snapshot.io;

import java.io.IOException;

/**
 * Where an encoder writes bytes: a file, a socket or a buffer (Redis's {@code rio}). The same RDB
 * code serves BGSAVE, AOF preambles, DUMP payloads and replica full syncs through it. A sink never
 * decides about fsync: the owner of the file does.
 */
public interface ByteSink {

    void write(byte[] bytes, int offset, int length) throws IOException;

    default void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    /** Writes the low 8 bits of {@code value}. */
    void write(int value) throws IOException;

    /** Bytes written through this sink so far. */
    long position();
}
