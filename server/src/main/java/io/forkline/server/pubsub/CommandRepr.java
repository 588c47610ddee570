package io.forkline.server.pubsub;

import java.io.ByteArrayOutputStream;

/**
 * Redis's quoted form of a byte string (sdscatrepr), as MONITOR prints arguments: in double quotes,
 * with {@code \\ \" \n \r \t \a \b} escaped, other printable ASCII as is, and every other byte as
 * {@code \xhh} in lower-case hex.
 */
public final class CommandRepr {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private CommandRepr() {
    }

    /** Appends the quoted form of {@code [offset, offset + length)} of {@code bytes} to {@code out}. */
    public static void append(ByteArrayOutputStream out, byte[] bytes, int offset, int length) {
        out.write('"');
        for (int i = offset; i < offset + length; i++) {
            int b = bytes[i] & 0xFF;
            switch (b) {
                case '\\', '"' -> {
                    out.write('\\');
                    out.write(b);
                }
                case '\n' -> escape(out, 'n');
                case '\r' -> escape(out, 'r');
                case '\t' -> escape(out, 't');
                case 0x07 -> escape(out, 'a');
                case '\b' -> escape(out, 'b');
                default -> {
                    if (b >= 0x20 && b <= 0x7E) {
                        out.write(b);
                    } else {
                        out.write('\\');
                        out.write('x');
                        out.write(HEX[b >>> 4]);
                        out.write(HEX[b & 0xF]);
                    }
                }
            }
        }
        out.write('"');
    }

    /** The quoted form as text, for tests and logs. */
    public static String of(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 2);
        append(out, bytes, 0, bytes.length);
        return out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static void escape(ByteArrayOutputStream out, char letter) {
        out.write('\\');
        out.write(letter);
    }
}
