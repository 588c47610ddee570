package io.forkline.aof.load;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds AOF text for tests: commands as Redis logs them. */
public final class Resp {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public static String command(String... args) {
        StringBuilder text = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            text.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
        }
        return text.toString();
    }

    public Resp add(String... args) {
        return raw(command(args));
    }

    public Resp raw(String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public Resp raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** The offset the next record starts at. */
    public int size() {
        return out.size();
    }

    public byte[] bytes() {
        return out.toByteArray();
    }
}
