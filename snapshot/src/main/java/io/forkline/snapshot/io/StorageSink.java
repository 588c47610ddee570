package io.forkline.snapshot.io;

import io.forkline.snapshot.storage.StorageFile;

import java.io.Flushable;
import java.io.IOException;

/** A buffered {@link ByteSink} into a {@link StorageFile}; {@link #flush()} hands the buffer to the file, never syncs. */
public final class StorageSink implements ByteSink, Flushable {

    private final StorageFile file;
    private final byte[] buffer;
    private int length;
    private long position;

    public StorageSink(StorageFile file) {
        this(file, 64 * 1024);
    }

    public StorageSink(StorageFile file, int bufferSize) {
        this.file = file;
        this.buffer = new byte[bufferSize];
    }

    @Override
    public void write(byte[] bytes, int offset, int count) throws IOException {
        if (count >= buffer.length) {
            flush();
            file.write(bytes, offset, count);
        } else {
            if (count > buffer.length - length) {
                flush();
            }
            System.arraycopy(bytes, offset, buffer, length, count);
            length += count;
        }
        position += count;
    }

    @Override
    public void write(int value) throws IOException {
        if (length == buffer.length) {
            flush();
        }
        buffer[length++] = (byte) value;
        position++;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public void flush() throws IOException {
        if (length > 0) {
            file.write(buffer, 0, length);
            length = 0;
        }
    }
}
