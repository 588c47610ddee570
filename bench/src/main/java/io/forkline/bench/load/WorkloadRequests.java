package io.forkline.bench.load;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/** A connection's requests under a workload: an operation from the mix on a key from the distribution, endlessly. */
public final class WorkloadRequests implements RequestSource {

    private final CommandFrames frames;
    private final CommandMix mix;
    private final KeyDistribution keys;
    private final SplittableRandom random;

    public WorkloadRequests(Workload workload, KeyDistribution keys, long seed) {
        this.frames = new CommandFrames(workload.valueSize(), seed);
        this.mix = workload.commands();
        this.keys = keys;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public Operation encodeNext(ByteBuffer out) {
        Operation op = mix.pick(random);
        long key = keys.next(random);
        frames.encode(op, key, (int) (key % 10), random.nextInt(), out);
        return op;
    }

    @Override
    public int maxFrame() {
        return frames.maxFrame();
    }
}
