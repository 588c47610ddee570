package io.forkline.server.resp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.forkline.engine.command.Arguments;
import io.forkline.pages.Seeded;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random commands (binary, empty and big arguments; inline and multibulk mixed; empty requests between)
 * come back exactly as they were, however the stream is split into reads, and {@code pendingBytes}
 * always counts the bytes of the request in progress; whatever kind of buffer a read arrives in (a heap
 * slice, a pooled direct buffer, one read from a non-zero index, a composite of two pieces).
 */
class RespRequestParserPropertyTest {

    static LongStream seeds() {
        return Seeded.seeds(100);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everySplitOfAPipelinedStreamGivesBackTheCommands(long seed) {
        Seeded.run(seed, random -> {
            RandomRequests requests = new RandomRequests(random).add(20);
            byte[] stream = requests.stream();
            int[] ones = new int[stream.length];
            Arrays.fill(ones, 1);
            for (int[] chunks : List.of(new int[] {stream.length}, ones, RequestFeeder.randomChunks(stream.length, random, 16),
                    RequestFeeder.randomChunks(stream.length, random, 70_000))) {
                for (Kind kind : Kind.values()) {
                    assertThat(feedChecking(requests, chunks, kind)).as(kind.name()).isEqualTo(requests.commands());
                }
            }
        });
    }

    /** What a read's bytes arrive in. */
    private enum Kind {
        HEAP_SLICE, DIRECT, DIRECT_AFTER_PADDING, COMPOSITE
    }

    private static ByteBuf buffer(Kind kind, byte[] stream, int from, int length) {
        return switch (kind) {
            case HEAP_SLICE -> Unpooled.wrappedBuffer(stream, from, length);
            case DIRECT -> PooledByteBufAllocator.DEFAULT.directBuffer(length).writeBytes(stream, from, length);
            case DIRECT_AFTER_PADDING -> {
                ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(7 + length);
                direct.writeBytes(new byte[] {'*', '9', '\r', '\n', '$', '1', '\r'}).writeBytes(stream, from, length);
                yield direct.skipBytes(7);
            }
            case COMPOSITE -> {
                int half = length / 2;
                yield Unpooled.wrappedBuffer(Unpooled.copiedBuffer(stream, from, half),
                        Unpooled.directBuffer(length - half).writeBytes(stream, from + half, length - half));
            }
        };
    }

    private static List<List<String>> feedChecking(RandomRequests requests, int[] chunks, Kind kind) throws ProtocolException {
        byte[] stream = requests.stream();
        RespRequestParser parser = new RespRequestParser(Limits.DEFAULTS);
        Arguments arguments = new Arguments();
        List<List<String>> commands = new ArrayList<>();
        int from = 0;
        for (int chunk : chunks) {
            ByteBuf in = buffer(kind, stream, from, chunk);
            try {
                while (parser.parse(in, arguments)) {
                    commands.add(RequestFeeder.strings(arguments));
                    if (parser.pendingBytes() != 0) {
                        fail("pending bytes after a whole command: %d", parser.pendingBytes());
                    }
                }
            } finally {
                in.release();
            }
            from += chunk;
            long expected = requests.bytesBeforeInItsRequest(from);
            if (parser.pendingBytes() != expected) {
                fail("pending bytes at offset %d: expected %d, was %d", from, expected, parser.pendingBytes());
            }
        }
        return commands;
    }
}
