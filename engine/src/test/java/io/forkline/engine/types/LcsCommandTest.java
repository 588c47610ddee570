package io.forkline.engine.types;

import io.forkline.engine.EngineTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.forkline.engine.EngineTester.bulk;
import static io.forkline.engine.EngineTester.error;
import static io.forkline.engine.EngineTester.integer;
import static org.assertj.core.api.Assertions.assertThat;

/** LCS with the cases of Redis's documentation and test suite. */
class LcsCommandTest {

    private final EngineTester t = new EngineTester();

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void stringLengthAndRanges() {
        t.call("MSET", "key1", "ohmytext", "key2", "mynewtext");
        assertThat(t.call("LCS", "key1", "key2")).isEqualTo(bulk("mytext"));
        assertThat(t.call("LCS", "key1", "key2", "LEN")).isEqualTo(integer(6));
        assertThat(t.call("LCS", "key1", "key2", "IDX")).isEqualTo("*4\r\n$7\r\nmatches\r\n*2\r\n"
                + "*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n"
                + "*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n"
                + "$3\r\nlen\r\n:6\r\n");
        assertThat(t.call("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN")).isEqualTo("*4\r\n$7\r\nmatches\r\n*1\r\n"
                + "*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n"
                + "$3\r\nlen\r\n:6\r\n");
        assertThat(t.call("LCS", "key1", "missing")).isEqualTo(bulk(""));
        assertThat(t.call("LCS", "key1", "key2", "LEN", "IDX"))
                .isEqualTo(error("ERR If you want both the length and indexes, please just use IDX."));
        assertThat(t.call("LCS", "key1", "key2", "BOGUS")).isEqualTo(error("ERR syntax error"));
        t.call("LPUSH", "list", "x");
        assertThat(t.call("LCS", "key1", "list")).isEqualTo(EngineTester.WRONGTYPE);
    }
}
