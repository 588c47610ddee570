package io.forkline.engine.keyspace;

/**
 * Redis's value types, with Redis's in-memory type codes (OBJ_STRING = 0, ...), which {@code TYPE}
 * names. In-memory only: the RDB's on-disk type codes are separate and live in the snapshot module.
 */
public enum ValueType {
    STRING(0, "string"),
    LIST(1, "list"),
    SET(2, "set"),
    ZSET(3, "zset"),
    HASH(4, "hash"),
    STREAM(6, "stream");

    private static final ValueType[] BY_CODE = {STRING, LIST, SET, ZSET, HASH, null, STREAM};

    private final int code;
    private final String typeName;

    ValueType(int code, String typeName) {
        this.code = code;
        this.typeName = typeName;
    }

    public int code() {
        return code;
    }

    /** What {@code TYPE} replies. */
    public String typeName() {
        return typeName;
    }

    public static ValueType ofCode(int code) {
        if (code < 0 || code >= BY_CODE.length || BY_CODE[code] == null) {
            throw new IllegalArgumentException("no value type has code " + code);
        }
        return BY_CODE[code];
    }
}
