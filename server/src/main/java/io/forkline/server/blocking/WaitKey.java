package io.forkline.server.blocking;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A key in a database, as the wait lists index it. A stored key owns a copy of its bytes; a probe
 * ({@link #probe}) only views the caller's buffer, to look a key up without copying it.
 */
final class WaitKey {

    private final int db;
    private final byte[] bytes;
    private final int offset;
    private final int length;
    private final int hash;

    private WaitKey(int db, byte[] bytes, int offset, int length) {
        this.db = db;
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        int h = 1;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + bytes[i];
        }
        this.hash = 31 * db + h;
    }

    /** The key in {@code [offset, offset + length)} of {@code source}, copied. */
    static WaitKey of(int db, byte[] source, int offset, int length) {
        return new WaitKey(db, Arrays.copyOfRange(source, offset, offset + length), 0, length);
    }

    /** A view of the key for a lookup: valid only while {@code source} is unchanged, never to be stored. */
    static WaitKey probe(int db, byte[] source, int offset, int length) {
        return new WaitKey(db, source, offset, length);
    }

    int db() {
        return db;
    }

    /** The key's bytes (of a stored key); not to be changed. */
    byte[] key() {
        return bytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WaitKey that && db == that.db
                && Arrays.equals(bytes, offset, offset + length, that.bytes, that.offset, that.offset + that.length);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return db + ":" + new String(bytes, offset, length, StandardCharsets.UTF_8);
    }
}
