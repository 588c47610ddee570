package io.forkline.snapshot.io;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class Crc64Test {

    @Test
    void matchesRedisCheckValue() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(Crc64.update(0, check, 0, check.length)).isEqualTo(0xe9c6d914c4b8d9caL);
    }

    @Test
    void sinkAndSourceAgreeWithTheFunction() throws Exception {
        byte[] bytes = "REDIS0010 and some more bytes".getBytes(StandardCharsets.US_ASCII);
        Crc64Sink sink = new Crc64Sink(new BufferSink());
        sink.write(bytes, 0, 5);
        for (int i = 5; i < bytes.length; i++) {
            sink.write(bytes[i]);
        }
        Crc64Source source = new Crc64Source(new BufferSource(bytes));
        source.readBytes(bytes.length);
        assertThat(sink.crc()).isEqualTo(Crc64.update(0, bytes, 0, bytes.length)).isEqualTo(source.crc());
    }
}
