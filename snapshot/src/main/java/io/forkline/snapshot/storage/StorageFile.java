package io.forkline.snapshot.storage;

import java.io.Closeable;
import java.io.IOException;

/** A file open for writing at its end; its bytes are durable only after {@link #sync()}. */
public interface StorageFile extends Closeable {

    /** Appends {@code length} bytes; returns when they are all written (to the page cache, not the disk). */
    void write(byte[] bytes, int offset, int length) throws IOException;

    /** fdatasync: every byte written so far survives a power loss once this returns. */
    void sync() throws IOException;

    /** The file's length, unsynced bytes included. */
    long size() throws IOException;
}
