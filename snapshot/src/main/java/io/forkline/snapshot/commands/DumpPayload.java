package io.forkline.snapshot.commands;

import io.forkline.pages.Memory;
import io.forkline.snapshot.io.BufferSink;
import io.forkline.snapshot.io.BufferSource;
import io.forkline.snapshot.io.Crc64;
import io.forkline.snapshot.rdb.RdbReader;
import io.forkline.snapshot.rdb.RdbType;
import io.forkline.snapshot.rdb.RdbValue;
import io.forkline.snapshot.rdb.RdbWriter;

import java.io.IOException;

/**
 * The DUMP / RESTORE payload, as Redis 7.0's createDumpPayload and verifyDumpPayload lay it out: one
 * value as the RDB writes it (its type byte, then its payload), then a footer.
 *
 * <pre>
 *   +----------+-----------------+-------------------------+------------------------------------+
 *   | type: u8 | value payload   | RDB version: u16 LE     | CRC64 (Jones) LE of all before: u64 |
 *   +----------+-----------------+-------------------------+------------------------------------+
 *                                 ^ length - 10              ^ length - 8
 * </pre>
 *
 * Payloads of RDB version 10 are written, so Redis 7.0 restores them; versions up to 11 are accepted,
 * since the reader reads Redis 7.2's encodings too.
 */
public final class DumpPayload {

    /** The RDB version written in the footer: Redis 7.0's RDB_VERSION. */
    public static final int VERSION = 10;
    /** The newest RDB version accepted in a footer: the newest the reader reads. */
    public static final int MAX_VERSION = RdbReader.MAX_VERSION;
    /** The footer's bytes: the version and the CRC. */
    public static final int FOOTER_BYTES = 10;

    private DumpPayload() {
    }

    /** The payload of the value at {@code entry} (a keyspace entry read through {@code memory}). */
    public static byte[] of(Memory memory, long entry, boolean compress) throws IOException {
        BufferSink sink = new BufferSink();
        RdbWriter.writeValue(memory, entry, sink, compress);
        sink.write(VERSION & 0xFF);
        sink.write(VERSION >>> 8);
        long crc = Crc64.update(0, sink.array(), 0, (int) sink.position());
        for (int shift = 0; shift < 64; shift += 8) {
            sink.write((int) (crc >>> shift));
        }
        return sink.toByteArray();
    }

    /** Redis's verifyDumpPayload: a footer, a version this reads, and a CRC that matches. */
    public static boolean verify(byte[] bytes, int offset, int length) {
        if (length < FOOTER_BYTES) {
            return false;
        }
        int footer = offset + length - FOOTER_BYTES;
        int version = (bytes[footer] & 0xFF) | (bytes[footer + 1] & 0xFF) << 8;
        if (version > MAX_VERSION) {
            return false;
        }
        long stored = 0;
        for (int i = 0; i < 8; i++) {
            stored |= (bytes[footer + 2 + i] & 0xFFL) << (8 * i);
        }
        return Crc64.update(0, bytes, offset, length - 8) == stored;
    }

    /**
     * The value of a verified payload.
     *
     * @throws IOException if the bytes before the footer are not one value of a type forkline holds
     */
    public static RdbValue read(byte[] bytes, int offset, int length) throws IOException {
        BufferSource source = new BufferSource(bytes, offset, length - FOOTER_BYTES);
        int code = source.readByte();
        RdbType type = RdbType.ofCode(code);
        if (type == null) {
            throw new IOException("at offset 0: expected an RDB object type, got " + code);
        }
        return RdbReader.readValue(type, source);
    }
}
