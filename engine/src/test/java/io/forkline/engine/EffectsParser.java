package io.forkline.engine;

import io.forkline.engine.command.Arguments;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splits the RESP text of propagated effects into commands. */
public final class EffectsParser {

    private EffectsParser() {
    }

    public static List<Arguments> parse(String resp) {
        byte[] bytes = resp.getBytes(StandardCharsets.UTF_8);
        List<Arguments> commands = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            int lineEnd = lineEnd(bytes, at);
            int count = Integer.parseInt(new String(bytes, at + 1, lineEnd - at - 1, StandardCharsets.US_ASCII));
            at = lineEnd + 2;
            Arguments args = new Arguments();
            for (int i = 0; i < count; i++) {
                lineEnd = lineEnd(bytes, at);
                int length = Integer.parseInt(new String(bytes, at + 1, lineEnd - at - 1, StandardCharsets.US_ASCII));
                args.add(bytes, lineEnd + 2, length);
                at = lineEnd + 2 + length + 2;
            }
            commands.add(args);
        }
        return commands;
    }

    private static int lineEnd(byte[] bytes, int from) {
        int at = from;
        while (bytes[at] != '\r') {
            at++;
        }
        return at;
    }
}
