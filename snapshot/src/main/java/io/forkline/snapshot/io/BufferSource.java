package io.forkline.snapshot.io;

/** A {@link ByteSource} over an array (DUMP payloads, tests). */
public final class BufferSource implements ByteSource {

    private final byte[] bytes;
    private final int end;
    private int position;

    public BufferSource(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    public BufferSource(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.position = offset;
        this.end = offset + length;
    }

    @Override
    public void readFully(byte[] into, int offset, int length) throws TruncatedInputException {
        if (length > end - position) {
            throw new TruncatedInputException(position, length - (end - position));
        }
        System.arraycopy(bytes, position, into, offset, length);
        position += length;
    }

    @Override
    public int readByte() throws TruncatedInputException {
        if (position >= end) {
            throw new TruncatedInputException(position, 1);
        }
        return bytes[position++] & 0xff;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public boolean atEnd() {
        return position >= end;
    }
}
