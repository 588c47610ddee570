package io.forkline.snapshot.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * A buffered {@link ByteSource} over an input stream (a file from {@code Storage.openRead}, a socket). Its
 * {@link #checksummed} CRC64 runs over whole buffers, each once it has been read and before it is refilled, rather
 * than over each read.
 */
public final class StreamSource implements ChecksummedSource, AutoCloseable {

    private final InputStream in;
    private final byte[] buffer;
    private int start;
    private int end;
    private long consumed;
    /** Whether a checksum is being kept; then {@link #crc} covers what was read before {@code buffer[crcFrom]}. */
    private boolean checksumming;
    private int crcFrom;
    private long crc;

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

    @Override
    public ChecksummedSource checksummed() {
        checksumming = true;
        crc = 0;
        crcFrom = start;
        return this;
    }

    @Override
    public long finishCrc() {
        if (!checksumming) {
            throw new IllegalStateException("no checksum is being kept: call checksummed() first");
        }
        checksumming = false;
        return Crc64.update(crc, buffer, crcFrom, start - crcFrom);
    }

    /** Called with the buffer wholly read: adds what the checksum has not yet counted, then refills it. */
    private boolean fill() throws IOException {
        if (checksumming) {
            crc = Crc64.update(crc, buffer, crcFrom, end - crcFrom);
            crcFrom = end;
        }
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        start = 0;
        end = n;
        crcFrom = 0;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
