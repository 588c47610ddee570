package io.forkline.snapshot.rdb;

/** Bytes shown in a message: quoted, printable ASCII as is, anything else as \xHH (as redis-cli shows them). */
public final class Printable {

    /** Longer byte strings are cut, so that a message stays a line. */
    private static final int LIMIT = 64;

    private Printable() {
    }

    /** The bytes in double quotes, escaped, at most {@value #LIMIT} of them shown. */
    public static String quote(byte[] bytes) {
        StringBuilder out = new StringBuilder(Math.min(bytes.length, LIMIT) + 2).append('"');
        int shown = Math.min(bytes.length, LIMIT);
        for (int i = 0; i < shown; i++) {
            int b = bytes[i] & 0xFF;
            switch (b) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (b >= 0x20 && b < 0x7F) {
                        out.append((char) b);
                    } else {
                        out.append(String.format("\\x%02x", b));
                    }
                }
            }
        }
        out.append('"');
        if (bytes.length > LIMIT) {
            out.append(" (").append(bytes.length - LIMIT).append(" more bytes)");
        }
        return out.toString();
    }
}
