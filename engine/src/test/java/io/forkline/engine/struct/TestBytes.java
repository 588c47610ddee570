package io.forkline.engine.struct;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** Byte-array helpers for the tests: hex literals, repeats, concatenation. */
final class TestBytes {

    private TestBytes() {
    }

    /** Bytes from hex pairs, spaces and '|' ignored: {@code hex("0F 00 | FF")}. */
    static byte[] hex(String pairs) {
        return HexFormat.of().parseHex(pairs.replace(" ", "").replace("|", ""));
    }

    static String toHex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
    }

    static byte[] repeat(char c, int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
