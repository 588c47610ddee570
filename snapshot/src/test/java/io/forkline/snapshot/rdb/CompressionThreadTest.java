package io.forkline.snapshot.rdb;

import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import io.forkline.snapshot.io.BufferSink;
import io.forkline.snapshot.io.ByteSink;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * An encoder that compresses aside writes, byte for byte, what a plain encoder writes, whatever the mix of
 * strings (integers, short, compressible, incompressible, longer than a chunk, from arrays and from paged
 * memory); a failing sink fails the save with its exception; a save given up leaves no thread behind.
 */
class CompressionThreadTest {

    private static final long SEED = 0x5EEDL;

    /** Encodes a seeded mix of everything an RDB writer asks of an encoder. */
    private static void encodeMix(RdbEncoder out, PagedMemory memory, long address, Random random) throws IOException {
        out.raw("REDIS0010".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 20_000; i++) {
            out.type(random.nextInt(16));
            out.length(random.nextLong(1L << (1 + random.nextInt(40))));
            switch (random.nextInt(7)) {
                case 0 -> out.string(Long.toString(random.nextInt()).getBytes(StandardCharsets.US_ASCII));
                case 1 -> out.string(("value:" + i).getBytes(StandardCharsets.US_ASCII));
                case 2 -> out.string(("compressible:" + "a".repeat(random.nextInt(200)) + i).getBytes(StandardCharsets.US_ASCII));
                case 3 -> out.string(randomBytes(random, 21 + random.nextInt(300)));
                case 4 -> out.string(memory, address + random.nextInt(1 << 16), 1 + random.nextInt(5000));
                case 5 -> out.millis(random.nextLong());
                default -> out.binaryDouble(random.nextDouble());
            }
            if (i % 5000 == 0) {   // longer than a chunk: compressible, incompressible, from memory
                out.string(("x".repeat(10) + i).repeat(20_000).getBytes(StandardCharsets.US_ASCII));
                out.string(randomBytes(random, 3 * CompressionThread.CHUNK_BYTES + 17));
                out.string(memory, address, 2 * CompressionThread.CHUNK_BYTES + 5);
                out.raw(randomBytes(random, CompressionThread.CHUNK_BYTES + 1));
            }
        }
        out.type(RdbOpcode.EOF);
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** 4 chunks' worth of memory: random bytes, with compressible runs. */
    private static long fillMemory(PagedMemory memory) {
        long address = 0x10000;
        Random random = new Random(SEED);
        byte[] bytes = randomBytes(random, 1 << 18);
        for (int at = 0; at < bytes.length; at += 1024) {
            java.util.Arrays.fill(bytes, at, at + 512, (byte) 'r');
        }
        memory.map(address, bytes.length);
        memory.putBytes(address, bytes, 0, bytes.length);
        return address;
    }

    @Test
    void writesWhatAPlainEncoderWrites() throws IOException {
        try (PagedMemory memory = PagedMemory.create(PageSize.KIB_4)) {
            long address = fillMemory(memory);
            BufferSink plainSink = new BufferSink();
            RdbEncoder plain = new RdbEncoder(plainSink, true);
            encodeMix(plain, memory, address, new Random(SEED));
            plain.flush();

            BufferSink asideSink = new BufferSink();
            try (RdbEncoder aside = RdbEncoder.compressingAside(asideSink)) {
                encodeMix(aside, memory, address, new Random(SEED));
                aside.finish();
                assertThat(aside.position()).isEqualTo(asideSink.position());
            }

            assertThat(asideSink.toByteArray()).as("seed %d", SEED).isEqualTo(plainSink.toByteArray());
        }
        assertNoCompressionThreadLeft();
    }

    @Test
    void aFailingSinkFailsTheSaveWithItsException() throws IOException {
        IOException full = new IOException("No space left on device");
        ByteSink failing = new ByteSink() {
            private long position;

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                if (position + length > 100_000) {
                    throw full;
                }
                position += length;
            }

            @Override
            public void write(int value) throws IOException {
                write(new byte[] {(byte) value}, 0, 1);
            }

            @Override
            public long position() {
                return position;
            }
        };
        try (PagedMemory memory = PagedMemory.create(PageSize.KIB_4)) {
            long address = fillMemory(memory);
            Throwable thrown;
            try (RdbEncoder aside = RdbEncoder.compressingAside(failing)) {
                thrown = catchThrowable(() -> {
                    encodeMix(aside, memory, address, new Random(SEED));
                    aside.finish();
                });
            }
            assertThat(thrown).isSameAs(full);
        }
        assertNoCompressionThreadLeft();
    }

    @Test
    void closingBeforeTheEndStopsTheThread() throws IOException {
        try (RdbEncoder aside = RdbEncoder.compressingAside(new BufferSink())) {
            aside.string(("given up " + "z".repeat(100)).getBytes(StandardCharsets.US_ASCII));
            aside.flush();
        }
        assertNoCompressionThreadLeft();
    }

    /** Compression threads alive before the test (another test's save), which are not this test's to judge. */
    private final java.util.Set<Thread> before = compressionThreads();

    private static java.util.Set<Thread> compressionThreads() {
        java.util.Set<Thread> threads = new java.util.HashSet<>(Thread.getAllStackTraces().keySet());
        threads.removeIf(thread -> !thread.getName().equals("forkline-rdb-compress"));
        return threads;
    }

    private void assertNoCompressionThreadLeft() {
        assertThat(compressionThreads()).isSubsetOf(before);
    }
}
