package io.forkline.aof.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Decodes a RESP2 reply for tests: bulk strings as byte[], integers as Long, arrays as List, simple strings and errors as String. */
final class RespValue {

    private final byte[] bytes;
    private int at;

    private RespValue(byte[] bytes) {
        this.bytes = bytes;
    }

    static Object parse(String reply) {
        return new RespValue(reply.getBytes(StandardCharsets.ISO_8859_1)).next();
    }

    private Object next() {
        char kind = (char) bytes[at++];
        String line = line();
        return switch (kind) {
            case '+', '-' -> kind + line;
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    yield null;
                }
                byte[] value = java.util.Arrays.copyOfRange(bytes, at, at + length);
                at += length + 2;
                yield value;
            }
            case '*' -> {
                int count = Integer.parseInt(line);
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(next());
                }
                yield items;
            }
            default -> throw new IllegalArgumentException("not RESP2: " + kind);
        };
    }

    private String line() {
        int start = at;
        while (bytes[at] != '\r') {
            at++;
        }
        String line = new String(bytes, start, at - start, StandardCharsets.ISO_8859_1);
        at += 2;
        return line;
    }
}
