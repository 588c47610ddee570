package io.forkline.server.resp;

import static io.forkline.server.resp.RequestFeeder.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.forkline.engine.command.Arguments;
import io.forkline.pages.Seeded;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A 20 MB argument arriving in reads of random sizes is copied once, straight into the argument buffer,
 * which is sized once and never re-copied.
 */
class RespRequestParserBigArgumentTest {

    private static final int SIZE = 20 * 1024 * 1024;

    static LongStream seeds() {
        return Seeded.seeds(4);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aBigArgumentInRandomReadsArrivesWholeIntoOneBufferOfItsSize(long seed) {
        Seeded.run(seed, random -> {
            byte[] value = new byte[SIZE];
            random.nextBytes(value);
            byte[] header = bytes("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$" + SIZE + "\r\n");
            byte[] stream = concat(header, value, bytes("\r\n"));
            RespRequestParser parser = new RespRequestParser(Limits.DEFAULTS);
            Arguments arguments = new Arguments();

            feedAllButLastByte(parser, arguments, stream, random, header.length);
            assertThat(parser.parse(Unpooled.wrappedBuffer(stream, stream.length - 1, 1), arguments)).isTrue();

            assertThat(arguments.count()).isEqualTo(3);
            assertThat(arguments.string(0)).isEqualTo("SET");
            assertThat(arguments.string(1)).isEqualTo("key");
            assertThat(arguments.length(2)).isEqualTo(SIZE);
            assertThat(Arrays.equals(arguments.buffer(), arguments.offset(2), arguments.offset(2) + SIZE, value, 0, SIZE))
                    .as("every byte of the argument").isTrue();
            assertThat(arguments.buffer().length).isBetween(SIZE, SIZE + 64);
        });
    }

    /** Checks after each read that nothing is finished early, and that the buffer is never replaced. */
    private static void feedAllButLastByte(RespRequestParser parser, Arguments arguments, byte[] stream, Random random,
            int headerLength) throws ProtocolException {
        byte[] bufferOnceReserved = null;
        int fed = 0;
        for (int chunk : RequestFeeder.randomChunks(stream.length - 1, random, 128 * 1024)) {
            ByteBuf in = Unpooled.wrappedBuffer(stream, fed, chunk);
            assertThat(parser.parse(in, arguments)).isFalse();
            assertThat(in.isReadable()).isFalse();
            fed += chunk;
            assertThat(parser.pendingBytes()).isEqualTo(fed);
            if (fed >= headerLength) {
                bufferOnceReserved = bufferOnceReserved == null ? arguments.buffer() : bufferOnceReserved;
                assertThat(arguments.buffer()).isSameAs(bufferOnceReserved);
            }
        }
    }

    private static byte[] concat(byte[]... parts) {
        byte[] all = new byte[Arrays.stream(parts).mapToInt(part -> part.length).sum()];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
