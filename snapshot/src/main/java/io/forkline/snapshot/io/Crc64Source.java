package io.forkline.snapshot.io;

import java.io.IOException;

/** Passes bytes through from another source, keeping the CRC64 of everything read: {@link ByteSource#checksummed}'s default. */
final class Crc64Source implements ChecksummedSource {

    private final ByteSource in;
    private long crc;

    Crc64Source(ByteSource in) {
        this.in = in;
    }

    @Override
    public void readFully(byte[] into, int offset, int length) throws IOException {
        in.readFully(into, offset, length);
        crc = Crc64.update(crc, into, offset, length);
    }

    @Override
    public int readByte() throws IOException {
        int value = in.readByte();
        crc = Crc64.update(crc, value);
        return value;
    }

    @Override
    public long position() {
        return in.position();
    }

    @Override
    public boolean atEnd() throws IOException {
        return in.atEnd();
    }

    @Override
    public long finishCrc() {
        return crc;
    }
}
