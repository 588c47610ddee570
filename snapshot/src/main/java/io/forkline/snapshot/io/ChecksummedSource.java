package io.forkline.snapshot.io;

/** A {@link ByteSource} that keeps the CRC64 ({@link Crc64}) of the bytes read through it: see {@link ByteSource#checksummed}. */
public interface ChecksummedSource extends ByteSource {

    /** The CRC64 of every byte read since {@link ByteSource#checksummed}; reads after this one are not counted. */
    long finishCrc();
}
