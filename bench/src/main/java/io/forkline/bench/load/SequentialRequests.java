package io.forkline.bench.load;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The preload's requests: for each key number in {@code [from, to)}, one request per operation in
 * {@code kinds} (SET for strings, HSET for hashes), in key order, then nothing more.
 */
public final class SequentialRequests implements RequestSource {

    private final CommandFrames frames;
    private final List<Operation> kinds;
    private final SplittableRandom random;
    private final long to;
    private long next;
    private int kind;

    public SequentialRequests(int valueSize, List<Operation> kinds, long from, long to, long seed) {
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("nothing to preload");
        }
        this.frames = new CommandFrames(valueSize, seed);
        this.kinds = List.copyOf(kinds);
        this.random = new SplittableRandom(seed);
        this.next = from;
        this.to = to;
    }

    @Override
    public boolean hasNext() {
        return next < to;
    }

    @Override
    public Operation encodeNext(ByteBuffer out) {
        Operation op = kinds.get(kind);
        frames.encode(op, next, (int) (next % 10), random.nextInt(), out);
        if (++kind == kinds.size()) {
            kind = 0;
            next++;
        }
        return op;
    }

    @Override
    public int maxFrame() {
        return frames.maxFrame();
    }
}
