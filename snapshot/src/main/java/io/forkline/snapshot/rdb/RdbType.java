package io.forkline.snapshot.rdb;

/**
 * The RDB's on-disk object type codes (Redis's {@code RDB_TYPE_*}), fixed by the format and frozen by
 * a test; never an {@code ordinal()}. Separate from the engine's in-memory types and encodings.
 */
public enum RdbType {
    STRING(0),
    LIST(1),
    SET(2),
    ZSET(3),
    HASH(4),
    ZSET_2(5),
    MODULE_PRE_GA(6),
    MODULE_2(7),
    HASH_ZIPMAP(9),
    LIST_ZIPLIST(10),
    SET_INTSET(11),
    ZSET_ZIPLIST(12),
    HASH_ZIPLIST(13),
    LIST_QUICKLIST(14),
    STREAM_LISTPACKS(15),
    HASH_LISTPACK(16),
    ZSET_LISTPACK(17),
    LIST_QUICKLIST_2(18),
    STREAM_LISTPACKS_2(19),
    SET_LISTPACK(20),
    STREAM_LISTPACKS_3(21);

    private static final RdbType[] BY_CODE = new RdbType[22];

    static {
        for (RdbType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;

    RdbType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type with this code, or null if no Redis up to 7.2 writes it. */
    public static RdbType ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
