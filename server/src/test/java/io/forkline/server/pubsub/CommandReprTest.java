package io.forkline.server.pubsub;

import io.forkline.engine.command.Arguments;
import io.forkline.pages.Seeded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** sdscatrepr's quoting, and the MONITOR line built with it. */
class CommandReprTest {

    static LongStream seeds() {
        return Seeded.seeds(30);
    }

    @Test
    void escapesAsRedisDoes() {
        assertThat(CommandRepr.of(bytes("plain text ~!"))).isEqualTo("\"plain text ~!\"");
        assertThat(CommandRepr.of(bytes("a\"b\\c"))).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(CommandRepr.of(bytes("\n\r\t\u0007\b"))).isEqualTo("\"\\n\\r\\t\\a\\b\"");
        assertThat(CommandRepr.of(new byte[] {0, 0x1f, 0x7f, (byte) 0x80, (byte) 0xff}))
                .isEqualTo("\"\\x00\\x1f\\x7f\\x80\\xff\"");
        assertThat(CommandRepr.of(new byte[0])).isEqualTo("\"\"");
    }

    @Test
    void monitorLinesHaveRedisShape() {
        byte[] line = MonitorFeed.line(1_700_000_000_123_456L, 0, "127.0.0.1:50000", Arguments.of("set", "key", "value"), null);
        assertThat(new String(line, StandardCharsets.US_ASCII))
                .isEqualTo("+1700000000.123456 [0 127.0.0.1:50000] \"set\" \"key\" \"value\"\r\n");
        byte[] early = MonitorFeed.line(1_700_000_000_000_042L, 15, "10.0.0.1:6", Arguments.of("auth", "pw"),
                new boolean[] {false, true});
        assertThat(new String(early, StandardCharsets.US_ASCII))
                .isEqualTo("+1700000000.000042 [15 10.0.0.1:6] \"auth\" \"(redacted)\"\r\n");
    }

    /** Quoting loses nothing: undoing the escapes gives back the bytes, and the text is printable ASCII. */
    @ParameterizedTest
    @MethodSource("seeds")
    void quotingRoundTrips(long seed) {
        Seeded.run(seed, random -> {
            for (int round = 0; round < 200; round++) {
                byte[] original = new byte[random.nextInt(40)];
                random.nextBytes(original);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                CommandRepr.append(out, original, 0, original.length);
                byte[] quoted = out.toByteArray();
                for (byte b : quoted) {
                    assertThat(b).isBetween((byte) 0x20, (byte) 0x7e);
                }
                assertThat(unquote(quoted)).isEqualTo(original);
            }
        });
    }

    /** The inverse of sdscatrepr (what redis-cli's sdssplitargs reads). */
    private static byte[] unquote(byte[] quoted) {
        assertThat(quoted[0]).isEqualTo((byte) '"');
        assertThat(quoted[quoted.length - 1]).isEqualTo((byte) '"');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i < quoted.length - 1; i++) {
            if (quoted[i] != '\\') {
                out.write(quoted[i]);
                continue;
            }
            char escape = (char) quoted[++i];
            switch (escape) {
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'a' -> out.write(7);
                case 'b' -> out.write('\b');
                case 'x' -> {
                    out.write(Integer.parseInt(new String(quoted, i + 1, 2, StandardCharsets.US_ASCII), 16));
                    i += 2;
                }
                default -> out.write(escape);
            }
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
