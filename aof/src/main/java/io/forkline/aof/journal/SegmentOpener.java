package io.forkline.aof.journal;

import io.forkline.aof.segment.AofSegment;

import java.io.IOException;

/** Makes the incr the journal continues in (a new incr listed in the manifest, or the temporary incr). File work: journal thread. */
@FunctionalInterface
public interface SegmentOpener {

    AofSegment open() throws IOException;
}
