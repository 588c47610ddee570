package io.forkline.aof.manifest;

/** A manifest entry's role, with the letter the manifest writes for it ({@code type b|h|i}). */
public enum AofFileType {
    BASE('b'),
    HISTORY('h'),
    INCR('i');

    private final char code;

    AofFileType(char code) {
        this.code = code;
    }

    public char code() {
        return code;
    }

    /** The type whose letter begins {@code value}, or null (Redis reads only the first character). */
    static AofFileType ofCode(String value) {
        if (value.isEmpty()) {
            return null;
        }
        for (AofFileType type : values()) {
            if (type.code == value.charAt(0)) {
                return type;
            }
        }
        return null;
    }
}
