package io.forkline.bench.load;

import java.nio.ByteBuffer;

/** Where a connection's next request comes from: the workload's endless mix, or the preload's finite key range. */
public interface RequestSource {

    /** Whether another request follows (always, for a workload). */
    boolean hasNext();

    /** Writes the next request into {@code out}, which has at least {@link #maxFrame()} bytes free, and says which it was. */
    Operation encodeNext(ByteBuffer out);

    /** The most bytes one request takes. */
    int maxFrame();
}
