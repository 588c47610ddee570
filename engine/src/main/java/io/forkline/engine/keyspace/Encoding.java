package io.forkline.engine.keyspace;

/**
 * How a value is laid out in memory, with Redis's OBJ_ENCODING_* codes and the names
 * {@code OBJECT ENCODING} replies.
 */
public enum Encoding {
    RAW(0, "raw"),
    INT(1, "int"),
    HASHTABLE(2, "hashtable"),
    INTSET(6, "intset"),
    SKIPLIST(7, "skiplist"),
    EMBSTR(8, "embstr"),
    QUICKLIST(9, "quicklist"),
    STREAM(10, "stream"),
    LISTPACK(11, "listpack");

    private static final Encoding[] BY_CODE = new Encoding[12];

    static {
        for (Encoding encoding : values()) {
            BY_CODE[encoding.code] = encoding;
        }
    }

    private final int code;
    private final String encodingName;

    Encoding(int code, String encodingName) {
        this.code = code;
        this.encodingName = encodingName;
    }

    public int code() {
        return code;
    }

    /** What {@code OBJECT ENCODING} replies. */
    public String encodingName() {
        return encodingName;
    }

    public static Encoding ofCode(int code) {
        Encoding encoding = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        if (encoding == null) {
            throw new IllegalArgumentException("no encoding has code " + code);
        }
        return encoding;
    }
}
