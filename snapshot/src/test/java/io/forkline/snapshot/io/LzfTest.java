package io.forkline.snapshot.io;

import io.forkline.pages.Seeded;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LzfTest {

    @Test
    void decodesRedisOutput() {
        // "a" x 100 as Redis 7.0.15 compresses it: literal "aa", a run of 96, literal "aa".
        byte[] compressed = {0x01, 0x61, 0x61, (byte) 0xe0, 0x57, 0x00, 0x01, 0x61, 0x61};
        byte[] out = new byte[100];
        assertThat(Lzf.decompress(compressed, 0, compressed.length, out, 0, 100)).isTrue();
        assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo("a".repeat(100));
    }

    @Test
    void rejectsAWrongLengthAReferenceBeforeTheStartAndATruncatedItem() {
        byte[] compressed = {0x01, 0x61, 0x61, (byte) 0xe0, 0x57, 0x00, 0x01, 0x61, 0x61};
        assertThat(Lzf.decompress(compressed, 0, compressed.length, new byte[99], 0, 99)).isFalse();
        assertThat(Lzf.decompress(compressed, 0, compressed.length, new byte[101], 0, 101)).isFalse();
        byte[] backwards = {0x20, 0x05};
        assertThat(Lzf.decompress(backwards, 0, 2, new byte[3], 0, 3)).isFalse();
        assertThat(Lzf.decompress(compressed, 0, 4, new byte[100], 0, 100)).isFalse();
    }

    @Test
    void compressesRepetitiveInputAndDeclinesWhatDoesNotFit() {
        byte[] runs = "a".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[runs.length];
        int length = Lzf.compress(runs, 0, runs.length, out, 0, runs.length - 4);
        assertThat(length).isBetween(1, 30);
        byte[] back = new byte[runs.length];
        assertThat(Lzf.decompress(out, 0, length, back, 0, back.length)).isTrue();
        assertThat(back).isEqualTo(runs);

        byte[] noise = new byte[64];
        new Random(7).nextBytes(noise);
        assertThat(Lzf.compress(noise, 0, noise.length, new byte[60], 0, 60)).isZero();
    }

    @Test
    void roundTripsRandomInputs() {
        Seeded.seeds(200).forEach(seed -> Seeded.run(seed, random -> {
            int length = 1 + random.nextInt(random.nextBoolean() ? 64 : 20_000);
            byte[] in = new byte[length];
            int alphabet = 1 + random.nextInt(random.nextBoolean() ? 4 : 256);
            for (int i = 0; i < length; i++) {
                in[i] = random.nextInt(8) == 0 && i > 10 ? in[i - 1 - random.nextInt(10)] : (byte) random.nextInt(alphabet);
            }
            int offset = random.nextInt(5);
            byte[] out = new byte[offset + length + length / 16 + 64];
            int compressed = Lzf.compress(in, 0, length, out, offset, out.length - offset);
            assertThat(compressed).isPositive();
            byte[] back = new byte[length];
            assertThat(Lzf.decompress(out, offset, compressed, back, 0, length)).isTrue();
            assertThat(back).isEqualTo(in);
        }));
    }

    @Test
    void overlappingBackReferencesRepeatTheirPeriodAsAByteByByteCopyDoes() {
        Seeded.seeds(50).forEach(seed -> Seeded.run(seed, random -> {
            java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
            int produced = 0;
            for (int item = 0; item < 40; item++) {
                if (produced == 0 || random.nextInt(3) == 0) {
                    int run = 1 + random.nextInt(32);
                    stream.write(run - 1);
                    for (int i = 0; i < run; i++) {
                        stream.write(random.nextInt(256));
                    }
                    produced += run;
                } else {
                    int distance = 1 + random.nextInt(Math.min(produced, random.nextBoolean() ? 12 : 8192));
                    int length = 3 + random.nextInt(random.nextBoolean() ? 6 : 262);   // 3..264
                    int back = distance - 1;
                    if (length - 2 < 7) {
                        stream.write((length - 2) << 5 | back >>> 8);
                    } else {
                        stream.write(7 << 5 | back >>> 8);
                        stream.write(length - 2 - 7);
                    }
                    stream.write(back & 0xff);
                    produced += length;
                }
            }
            byte[] compressed = stream.toByteArray();
            int offset = random.nextInt(4);
            byte[] expected = new byte[offset + produced];
            assertThat(byteByByte(compressed, expected, offset)).isTrue();
            byte[] actual = new byte[offset + produced];
            assertThat(Lzf.decompress(compressed, 0, compressed.length, actual, offset, produced)).isTrue();
            assertThat(actual).isEqualTo(expected);
        }));
    }

    /** LZF's decoder as the format describes it, one byte at a time. */
    private static boolean byteByByte(byte[] in, byte[] out, int outOffset) {
        int ip = 0;
        int op = outOffset;
        while (ip < in.length) {
            int control = in[ip++] & 0xff;
            if (control < 32) {
                for (int i = 0; i <= control; i++) {
                    out[op++] = in[ip++];
                }
                continue;
            }
            int length = control >>> 5;
            if (length == 7) {
                length += in[ip++] & 0xff;
            }
            int reference = op - ((control & 0x1f) << 8) - 1 - (in[ip++] & 0xff);
            for (int i = 0; i < length + 2; i++) {
                out[op++] = out[reference++];
            }
        }
        return op == out.length;
    }

    @Test
    void aTableLeftByEarlierInputsNeverProducesAWrongReference() {
        Seeded.seeds(50).forEach(seed -> Seeded.run(seed, random -> {
            for (int round = 0; round < 20; round++) {
                byte[] in = new byte[1 + random.nextInt(3000)];
                int alphabet = 1 + random.nextInt(3);
                for (int i = 0; i < in.length; i++) {
                    in[i] = (byte) random.nextInt(alphabet);
                }
                byte[] out = new byte[in.length + in.length / 16 + 64];
                int compressed = Lzf.compress(in, 0, in.length, out, 0, out.length);
                byte[] back = new byte[in.length];
                assertThat(Lzf.decompress(out, 0, compressed, back, 0, in.length)).isTrue();
                assertThat(back).isEqualTo(in);
            }
        }));
    }
}
