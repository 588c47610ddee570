package io.forkline.snapshot;

import io.forkline.engine.Engine;
import io.forkline.engine.keyspace.Keyspace;
import io.forkline.snapshot.rdb.KeyspaceImage;

/**
 * "stop-the-world": Redis's SAVE. The image reads the live memory, so the writer must write it itself
 * before it runs another command ({@link #background()} is false); nothing is copied and nothing is
 * paused but the writer.
 */
public final class StopTheWorldStrategy implements SnapshotStrategy {

    public static final String NAME = "stop-the-world";
    public static final StopTheWorldStrategy INSTANCE = new StopTheWorldStrategy();

    private StopTheWorldStrategy() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Snapshot begin(Engine engine) {
        Keyspace keyspace = engine.keyspace();
        long keys = 0;
        for (int db = 0; db < keyspace.databases(); db++) {
            keys += keyspace.size(db);
        }
        return new LiveSnapshot(new KeyspaceImage(engine.memory(), keyspace.root(), keyspace.databases(),
                engine.allocator().usedBytes()), keys);
    }

    @Override
    public boolean background() {
        return false;
    }

    @Override
    public String toString() {
        return NAME;
    }

    /** The live keyspace: nothing to release. */
    private record LiveSnapshot(KeyspaceImage image, long keysTotal) implements Snapshot {

        @Override
        public long forkNanos() {
            return 0;
        }

        @Override
        public void close() {
        }
    }
}
