package io.forkline.snapshot.io;

import java.io.IOException;

/** Where a decoder reads bytes from: a file, a socket or a buffer; the mirror of {@link ByteSink}. */
public interface ByteSource {

    /** Reads exactly {@code length} bytes, or throws {@link TruncatedInputException} at the end of the input. */
    void readFully(byte[] into, int offset, int length) throws IOException;

    /** The next byte, 0..255, or {@link TruncatedInputException} at the end of the input. */
    int readByte() throws IOException;

    /** Bytes consumed so far: the offset of the next byte. */
    long position();

    /** Whether no byte is left. */
    boolean atEnd() throws IOException;

    /**
     * This source from its current position on, keeping the CRC64 of what is read until
     * {@link ChecksummedSource#finishCrc}. The default wraps it and adds each read to the CRC as it goes; a buffered
     * source adds whole buffers instead, once they are read. One checksum at a time.
     */
    default ChecksummedSource checksummed() {
        return new Crc64Source(this);
    }

    default byte[] readBytes(int length) throws IOException {
        byte[] bytes = new byte[length];
        readFully(bytes, 0, length);
        return bytes;
    }
}
