package io.forkline.snapshot.io;

import java.io.IOException;
import java.io.InputStream;

/** A buffered {@link ByteSource} over an input stream (a file from {@code Storage.openRead}, a socket). */
public final class StreamSource implements ByteSource, AutoCloseable {

    private final InputStream in;
    private final byte[] buffer;
    private int start;
    private int end;
    private long consumed;

    public StreamSource(InputStream in) {
        this(in, 64 * 1024);
    }

    public StreamSource(InputStream in, int bufferSize) {
        this.in = in;
        this.buffer = new byte[bufferSize];
    }

    @Override
    public void readFully(byte[] into, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            if (start == end && !fill()) {
                throw new TruncatedInputException(consumed, length - done);
            }
            int n = Math.min(end - start, length - done);
            System.arraycopy(buffer, start, into, offset + done, n);
            start += n;
            consumed += n;
            done += n;
        }
    }

    @Override
    public int readByte() throws IOException {
        if (start == end && !fill()) {
            throw new TruncatedInputException(consumed, 1);
        }
        consumed++;
        return buffer[start++] & 0xff;
    }

    @Override
    public long position() {
        return consumed;
    }

    @Override
    public boolean atEnd() throws IOException {
        return start == end && !fill();
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        start = 0;
        end = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
