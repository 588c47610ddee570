package io.forkline.snapshot.io;

import io.forkline.pages.Seeded;
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
    void eightBytesAtATimeAgreeWithOneAtATime() {
        Seeded.seeds(50).forEach(seed -> Seeded.run(seed, random -> {
            byte[] bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            int offset = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            int length = random.nextInt(bytes.length - offset + 1);
            long start = random.nextLong();
            long expected = start;
            for (int i = offset; i < offset + length; i++) {
                expected = Crc64.update(expected, bytes[i]);
            }
            assertThat(Crc64.update(start, bytes, offset, length)).isEqualTo(expected);
        }));
    }

    @Test
    void sinkAndSourceAgreeWithTheFunction() throws Exception {
        byte[] bytes = "REDIS0010 and some more bytes".getBytes(StandardCharsets.US_ASCII);
        Crc64Sink sink = new Crc64Sink(new BufferSink());
        sink.write(bytes, 0, 5);
        for (int i = 5; i < bytes.length; i++) {
            sink.write(bytes[i]);
        }
        ChecksummedSource source = new BufferSource(bytes).checksummed();
        source.readBytes(bytes.length);
        assertThat(sink.crc()).isEqualTo(Crc64.update(0, bytes, 0, bytes.length)).isEqualTo(source.finishCrc());
    }
}
