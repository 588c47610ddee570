package io.forkline.snapshot.io;

import java.io.IOException;

/** Passes bytes through from another source, keeping the CRC64 of everything read. */
public final class Crc64Source implements ByteSource {

    private final ByteSource in;
    private long crc;

    public Crc64Source(ByteSource in) {
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

    /** The CRC64 of the bytes read so far. */
    public long crc() {
        return crc;
    }
}
