package io.forkline.engine.keyspace;

import io.forkline.engine.struct.Dict;
import io.forkline.pages.Memory;

/**
 * The payload of a keyspace entry, in the entry of the database's {@link Dict}:
 *
 * <pre>
 *  payload+0   value      8 bytes  address of the value, or the number itself for an INT string
 *  payload+8   type       1 byte   {@link ValueType#code()}
 *  payload+9   encoding   1 byte   {@link Encoding#code()}
 *  payload+10  flags      1 byte   bit 0: the key has an expire (in the expires dict)
 *  payload+11  (unused)   1 byte
 *  payload+12  access     4 bytes  LRU clock of the last access, seconds (OBJECT IDLETIME)
 * </pre>
 *
 * All accessors take the entry's address (not the payload's) and a {@link Memory}, so a snapshot
 * reads entries through its view exactly as the writer does.
 */
public final class KeyEntry {

    public static final int PAYLOAD_BYTES = 16;

    static final int VALUE = 0;
    static final int TYPE = 8;
    static final int ENCODING = 9;
    static final int FLAGS = 10;
    static final int ACCESS = 12;

    static final int HAS_EXPIRE = 1;

    private KeyEntry() {
    }

    public static long value(Memory m, long entry) {
        return m.getLong(Dict.payload(entry) + VALUE);
    }

    public static ValueType type(Memory m, long entry) {
        return ValueType.ofCode(m.getByte(Dict.payload(entry) + TYPE));
    }

    public static Encoding encoding(Memory m, long entry) {
        return Encoding.ofCode(m.getByte(Dict.payload(entry) + ENCODING));
    }

    public static boolean hasExpire(Memory m, long entry) {
        return (m.getByte(Dict.payload(entry) + FLAGS) & HAS_EXPIRE) != 0;
    }

    /** Seconds of the LRU clock at the last access. */
    public static long accessClock(Memory m, long entry) {
        return m.getInt(Dict.payload(entry) + ACCESS) & 0xFFFFFFFFL;
    }

    public static int keyLength(Memory m, long entry) {
        return Dict.keyLength(m, entry);
    }

    public static long keyAddress(Memory m, long entry) {
        return Dict.keyAddress(m, entry);
    }

    public static byte[] keyBytes(Memory m, long entry) {
        return Dict.keyBytes(m, entry);
    }

    static void setValue(Memory m, long entry, long value, ValueType type, Encoding encoding) {
        long payload = Dict.payload(entry);
        m.putLong(payload + VALUE, value);
        m.putByte(payload + TYPE, (byte) type.code());
        m.putByte(payload + ENCODING, (byte) encoding.code());
    }

    static void setFlag(Memory m, long entry, int flag, boolean on) {
        long at = Dict.payload(entry) + FLAGS;
        int flags = m.getByte(at);
        m.putByte(at, (byte) (on ? flags | flag : flags & ~flag));
    }

    /**
     * Records an access. Most accesses fall in the second of the one before, so the clock is written only when it
     * changes: a read stays a read (no write barrier, no dirty line, no copy-on-write of the page during a fork).
     */
    static void setAccessClock(Memory m, long entry, long seconds) {
        long at = Dict.payload(entry) + ACCESS;
        if (m.getInt(at) != (int) seconds) {
            m.putInt(at, (int) seconds);
        }
    }
}
