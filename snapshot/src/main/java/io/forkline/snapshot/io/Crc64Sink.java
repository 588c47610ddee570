package io.forkline.snapshot.io;

import java.io.IOException;

/** Passes bytes through to another sink, keeping the CRC64 of everything written (Redis's rio checksum hook). */
public final class Crc64Sink implements ByteSink {

    private final ByteSink out;
    private long crc;

    public Crc64Sink(ByteSink out) {
        this.out = out;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        crc = Crc64.update(crc, bytes, offset, length);
        out.write(bytes, offset, length);
    }

    @Override
    public void write(int value) throws IOException {
        crc = Crc64.update(crc, value);
        out.write(value);
    }

    @Override
    public long position() {
        return out.position();
    }

    public long crc() {
        return crc;
    }
}
