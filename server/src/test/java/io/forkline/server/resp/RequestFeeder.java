package io.forkline.server.resp;

import io.forkline.engine.command.Arguments;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Feeds a byte stream to a parser in chunks, as a connection's reads would arrive, and collects the
 * commands: each as a list of strings with one char per byte (ISO-8859-1), so binary arguments compare
 * exactly and print readably.
 */
final class RequestFeeder {

    private RequestFeeder() {
    }

    static List<List<String>> feedWhole(byte[] stream) throws ProtocolException {
        return feed(stream, new int[] {stream.length});
    }

    static List<List<String>> feedByteByByte(byte[] stream) throws ProtocolException {
        int[] chunks = new int[stream.length];
        Arrays.fill(chunks, 1);
        return feed(stream, chunks);
    }

    static List<List<String>> feedRandomly(byte[] stream, Random random, int maximumChunk) throws ProtocolException {
        return feed(stream, randomChunks(stream.length, random, maximumChunk));
    }

    /** Chunk sizes that add up to {@code total}, each between 1 and {@code maximumChunk}. */
    static int[] randomChunks(int total, Random random, int maximumChunk) {
        List<Integer> sizes = new ArrayList<>();
        for (int left = total; left > 0; ) {
            int size = Math.min(left, 1 + random.nextInt(maximumChunk));
            sizes.add(size);
            left -= size;
        }
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    static List<List<String>> feed(byte[] stream, int[] chunks) throws ProtocolException {
        RespRequestParser parser = new RespRequestParser(Limits.DEFAULTS);
        Arguments arguments = new Arguments();
        List<List<String>> commands = new ArrayList<>();
        int from = 0;
        for (int chunk : chunks) {
            ByteBuf in = Unpooled.wrappedBuffer(stream, from, chunk);
            while (parser.parse(in, arguments)) {
                commands.add(strings(arguments));
            }
            from += chunk;
        }
        return commands;
    }

    static List<String> strings(Arguments arguments) {
        List<String> strings = new ArrayList<>(arguments.count());
        for (int i = 0; i < arguments.count(); i++) {
            strings.add(new String(arguments.buffer(), arguments.offset(i), arguments.length(i), StandardCharsets.ISO_8859_1));
        }
        return strings;
    }

    static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }
}
