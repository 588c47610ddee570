package io.forkline.engine.stream;

import io.forkline.engine.command.CommandError;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stream IDs: Redis's parsing, unsigned text and order, and the big-endian key whose byte order is ID order. */
class StreamIdTest {

    private static StreamId parse(String text, long missingSeq, boolean strict) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return StreamId.parse(bytes, 0, bytes.length, missingSeq, strict);
    }

    @Test
    void parsesAsRedisDoes() {
        assertThat(parse("5-3", 0, true)).isEqualTo(new StreamId(5, 3));
        assertThat(parse("5", 7, true)).isEqualTo(new StreamId(5, 7));
        assertThat(parse("-", 0, false)).isEqualTo(StreamId.MIN);
        assertThat(parse("+", 0, false)).isEqualTo(StreamId.MAX);
        assertThat(parse("18446744073709551615-18446744073709551615", 0, true)).isEqualTo(StreamId.MAX);
        assertThat(parse("007-1", 0, true)).isEqualTo(new StreamId(7, 1));
        for (String bad : new String[] {"", "+", "x", "1-", "-1", "1-x", "18446744073709551616", "1-2-3", "1.5"}) {
            assertThatThrownBy(() -> parse(bad, 0, true)).as(bad).isInstanceOf(CommandError.class)
                    .hasMessage("ERR Invalid stream ID specified as stream command argument");
        }
        StreamId.ForAdd auto = StreamId.parseForAdd("9-*".getBytes(StandardCharsets.US_ASCII), 0, 3);
        assertThat(auto.id()).isEqualTo(new StreamId(9, 0));
        assertThat(auto.seqGiven()).isFalse();
    }

    @Test
    void printsUnsigned() {
        assertThat(new String(new StreamId(1700000000000L, 12).text(), StandardCharsets.US_ASCII)).isEqualTo("1700000000000-12");
        assertThat(new String(StreamId.MAX.text(), StandardCharsets.US_ASCII))
                .isEqualTo("18446744073709551615-18446744073709551615");
        assertThat(new String(new StreamId(-2L, 0).text(), StandardCharsets.US_ASCII)).isEqualTo("18446744073709551614-0");
        assertThat(new String(StreamId.MIN.text(), StandardCharsets.US_ASCII)).isEqualTo("0-0");
    }

    @Test
    void stepsAcrossTheSequenceAndStopsAtTheEnds() {
        assertThat(new StreamId(1, -1L).next()).isEqualTo(new StreamId(2, 0));
        assertThat(new StreamId(2, 0).previous()).isEqualTo(new StreamId(1, -1L));
        assertThat(StreamId.MAX.next()).isNull();
        assertThat(StreamId.MIN.previous()).isNull();
    }

    @Test
    void keyBytesOrderAsIds() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 2000; i++) {
            StreamId a = new StreamId(random.nextLong(), random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(4));
            StreamId b = new StreamId(random.nextBoolean() ? a.ms() : random.nextLong(), random.nextLong());
            assertThat(Integer.signum(Arrays.compareUnsigned(a.encoded(), b.encoded())))
                    .as("%s vs %s", a, b).isEqualTo(Integer.signum(a.compareTo(b)));
            assertThat(StreamId.decode(a.encoded(), 0)).isEqualTo(a);
        }
    }
}
