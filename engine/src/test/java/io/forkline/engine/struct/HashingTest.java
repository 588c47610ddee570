package io.forkline.engine.struct;

import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HashingTest {

    @Test
    void heapAndMemoryFormsAgreeForEveryLengthAndOffset() {
        Random random = new Random(42);
        try (PagedMemory memory = PagedMemory.create(PageSize.KIB_4)) {
            long base = memory.firstAddress();
            memory.map(base, 4 * 4096L);
            byte[] bytes = new byte[4 * 4096];
            random.nextBytes(bytes);
            memory.putBytes(base, bytes, 0, bytes.length);
            long pageBoundary = base + 4096;
            for (int length = 0; length <= 300; length++) {
                for (int start : new int[] {0, 1, 3, 7, 8, 4090, 4096 - length / 2, 4096 - length, 4096 + 5}) {
                    int from = Math.max(0, start);
                    assertThat(Hashing.hash(memory, base + from, length))
                            .as("length %d at offset %d", length, from)
                            .isEqualTo(Hashing.hash(bytes, from, length));
                }
                for (int before = 0; before <= Math.min(length, 16); before++) {
                    long address = pageBoundary - before;
                    int from = (int) (address - base);
                    assertThat(Hashing.hash(memory, address, length))
                            .as("length %d straddling a page boundary %d bytes in", length, before)
                            .isEqualTo(Hashing.hash(bytes, from, length));
                }
            }
        }
    }

    @Test
    void theHashDependsOnlyOnTheBytesNotOnWhereTheyAre() {
        byte[] text = "hello, dict".getBytes(StandardCharsets.US_ASCII);
        byte[] padded = new byte[text.length + 9];
        System.arraycopy(text, 0, padded, 5, text.length);
        assertThat(Hashing.hash(padded, 5, text.length)).isEqualTo(Hashing.hash(text, 0, text.length));
    }

    @Test
    void lengthIsFoldedIn() {
        byte[] zeros = new byte[64];
        Set<Long> hashes = new HashSet<>();
        for (int length = 0; length <= 64; length++) {
            hashes.add(Hashing.hash(zeros, 0, length));
        }
        assertThat(hashes).hasSize(65);
    }

    @Test
    void flippingOneInputBitFlipsAboutHalfTheOutputBits() {
        Random random = new Random(7);
        int[] lengths = {1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 24, 31, 32, 33, 63, 100};
        int samples = 200;
        for (int length : lengths) {
            long[] flipsPerOutputBit = new long[64];
            long trials = 0;
            for (int sample = 0; sample < samples; sample++) {
                byte[] input = new byte[length];
                random.nextBytes(input);
                long original = Hashing.hash(input, 0, length);
                for (int bit = 0; bit < length * 8; bit++) {
                    input[bit >>> 3] ^= (byte) (1 << (bit & 7));
                    long changed = original ^ Hashing.hash(input, 0, length);
                    input[bit >>> 3] ^= (byte) (1 << (bit & 7));
                    for (int out = 0; out < 64; out++) {
                        flipsPerOutputBit[out] += changed >>> out & 1;
                    }
                    trials++;
                }
            }
            long totalFlips = 0;
            double tolerance = 5 * 0.5 / Math.sqrt(trials);   // five standard deviations of a fair coin's share
            for (int out = 0; out < 64; out++) {
                totalFlips += flipsPerOutputBit[out];
                assertThat((double) flipsPerOutputBit[out] / trials)
                        .as("chance that output bit %d flips, length %d", out, length)
                        .isBetween(0.5 - tolerance, 0.5 + tolerance);
            }
            assertThat((double) totalFlips / trials).as("average output bits flipped, length %d", length)
                    .isBetween(31.0, 33.0);
        }
    }

    @Test
    void everyInputBitMatters() {
        Random random = new Random(11);
        for (int length = 1; length <= 80; length++) {
            byte[] input = new byte[length];
            random.nextBytes(input);
            long original = Hashing.hash(input, 0, length);
            for (int bit = 0; bit < length * 8; bit++) {
                input[bit >>> 3] ^= (byte) (1 << (bit & 7));
                long changed = original ^ Hashing.hash(input, 0, length);
                input[bit >>> 3] ^= (byte) (1 << (bit & 7));
                assertThat(Long.bitCount(changed)).as("bits flipped by input bit %d of %d bytes", bit, length)
                        .isGreaterThan(8);
            }
        }
    }

    @Test
    void similarKeysSpreadEvenlyOverBuckets() {
        int keys = 200_000;
        int buckets = 1024;
        int[] counts = new int[buckets];
        Set<Long> hashes = new HashSet<>();
        for (int i = 0; i < keys; i++) {
            byte[] key = ("user:" + i).getBytes(StandardCharsets.US_ASCII);
            long hash = Hashing.hash(key, 0, key.length);
            hashes.add(hash);
            counts[(int) (hash & (buckets - 1))]++;
        }
        assertThat(hashes).as("distinct hashes").hasSize(keys);
        double expected = (double) keys / buckets;
        double chiSquare = 0;
        for (int count : counts) {
            chiSquare += (count - expected) * (count - expected) / expected;
        }
        // 1023 degrees of freedom: mean 1023, standard deviation about 45
        assertThat(chiSquare).isLessThan(1023 + 6 * 45);
    }

    @Test
    void rangesOutsideTheArrayAreRejected() {
        assertThatThrownBy(() -> Hashing.hash(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        try (PagedMemory memory = PagedMemory.create(PageSize.KIB_4)) {
            assertThatThrownBy(() -> Hashing.hash(memory, memory.firstAddress(), -1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
