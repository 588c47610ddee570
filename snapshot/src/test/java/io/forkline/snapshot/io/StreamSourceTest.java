package io.forkline.snapshot.io;

import io.forkline.pages.Seeded;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamSourceTest {

    @Test
    void checksumCoversExactlyTheBytesReadBetweenItsStartAndFinish() {
        Seeded.seeds(200).forEach(seed -> Seeded.run(seed, random -> {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            int from = random.nextInt(bytes.length + 1);
            int to = from + random.nextInt(bytes.length - from + 1);
            StreamSource source = new StreamSource(new Trickle(bytes, random), 1 + random.nextInt(16));
            read(source, from, random);
            ChecksummedSource checksummed = source.checksummed();
            read(checksummed, to - from, random);
            if (to == bytes.length) {
                assertThat(checksummed.atEnd()).isTrue();   // a refill that finds the end counts nothing twice
            }
            assertThat(checksummed.finishCrc()).isEqualTo(Crc64.update(0, bytes, from, to - from));
            read(source, bytes.length - to, random);
            assertThat(source.position()).isEqualTo(bytes.length);
            assertThat(source.atEnd()).isTrue();
        }));
    }

    @Test
    void aSecondChecksumStartsFromZero() throws IOException {
        byte[] bytes = "REDIS0011 twice over, REDIS0011".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        StreamSource source = new StreamSource(new ByteArrayInputStream(bytes), 4);
        source.checksummed().readBytes(10);
        assertThat(source.finishCrc()).isEqualTo(Crc64.update(0, bytes, 0, 10));
        source.checksummed().readBytes(bytes.length - 10);
        assertThat(source.finishCrc()).isEqualTo(Crc64.update(0, bytes, 10, bytes.length - 10));
    }

    @Test
    void finishingWithoutStartingIsAMistake() {
        StreamSource source = new StreamSource(new ByteArrayInputStream(new byte[3]));
        assertThatThrownBy(source::finishCrc).isInstanceOf(IllegalStateException.class);
    }

    /** Reads {@code count} bytes in a random mix of single bytes and runs. */
    private static void read(ByteSource source, int count, Random random) throws IOException {
        while (count > 0) {
            if (random.nextBoolean()) {
                source.readByte();
                count--;
            } else {
                int n = 1 + random.nextInt(count);
                source.readFully(new byte[n + 2], 1, n);
                count -= n;
            }
        }
    }

    /** An input stream that hands out a random number of bytes per read, as a socket or a pipe may. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final Random random;
        private int next;

        Trickle(byte[] bytes, Random random) {
            this.bytes = bytes;
            this.random = random;
        }

        @Override
        public int read() {
            return next < bytes.length ? bytes[next++] & 0xff : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (next == bytes.length) {
                return -1;
            }
            int n = Math.min(1 + random.nextInt(length), bytes.length - next);
            System.arraycopy(bytes, next, into, offset, n);
            next += n;
            return n;
        }
    }
}
