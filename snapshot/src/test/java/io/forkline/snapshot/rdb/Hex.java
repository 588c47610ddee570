package io.forkline.snapshot.rdb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Byte vectors written as Redis's annotated dumps are: hex pairs, with "quoted" ASCII runs; '|' is ignored. */
public final class Hex {

    private Hex() {
    }

    public static byte[] bytes(String spec) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < spec.length()) {
            char c = spec.charAt(i);
            if (c == '"') {
                int end = spec.indexOf('"', i + 1);
                out.writeBytes(spec.substring(i + 1, end).getBytes(StandardCharsets.ISO_8859_1));
                i = end + 1;
            } else if (Character.isWhitespace(c) || c == '|') {
                i++;
            } else {
                out.write(Integer.parseInt(spec.substring(i, i + 2), 16));
                i += 2;
            }
        }
        return out.toByteArray();
    }

    public static String format(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format("%02x ", b & 0xff));
        }
        return text.toString().trim();
    }
}
