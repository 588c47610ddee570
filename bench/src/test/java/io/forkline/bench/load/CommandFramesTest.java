package io.forkline.bench.load;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CommandFramesTest {

    @Test
    void encodesEachOperationAsARespArray() {
        CommandFrames frames = new CommandFrames(8, 1);
        assertThat(text(frames.encoded(Operation.GET, 42, 0, 0))).isEqualTo("*2\r\n$3\r\nGET\r\n$16\r\nkey:000000000042\r\n");
        assertThat(text(frames.encoded(Operation.INCR, 7, 0, 0))).isEqualTo("*2\r\n$4\r\nINCR\r\n$20\r\ncounter:000000000007\r\n");
        assertThat(text(frames.encoded(Operation.HGET, 123456789012L, 3, 0)))
                .isEqualTo("*3\r\n$4\r\nHGET\r\n$17\r\nhash:123456789012\r\n$2\r\nf3\r\n");
        assertThat(text(frames.encoded(Operation.DEL, 0, 0, 0))).isEqualTo("*2\r\n$3\r\nDEL\r\n$16\r\nkey:000000000000\r\n");
        String set = text(frames.encoded(Operation.SET, 5, 0, 17));
        assertThat(set).startsWith("*3\r\n$3\r\nSET\r\n$16\r\nkey:000000000005\r\n$8\r\n").endsWith("\r\n").hasSize(50);
        assertThat(set.substring(40, 48)).matches("[a-z]{8}");
        String hset = text(frames.encoded(Operation.HSET, 5, 9, 17));
        assertThat(hset).startsWith("*4\r\n$4\r\nHSET\r\n$17\r\nhash:000000000005\r\n$2\r\nf9\r\n$8\r\n");
    }

    @Test
    void valuesDifferByOffsetAndTheLargestFrameIsKnown() {
        CommandFrames frames = new CommandFrames(100, 1);
        String a = text(frames.encoded(Operation.SET, 1, 0, 0));
        String b = text(frames.encoded(Operation.SET, 1, 0, 1));
        assertThat(a).isNotEqualTo(b);
        for (Operation op : Operation.values()) {
            assertThat(frames.encoded(op, 999_999_999_999L, 9, 4095).length).isLessThanOrEqualTo(frames.maxFrame());
        }
        assertThat(CommandFrames.keyName("key:", 12)).isEqualTo("key:000000000012");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
