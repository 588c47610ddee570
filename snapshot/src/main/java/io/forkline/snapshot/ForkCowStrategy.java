package io.forkline.snapshot;

import io.forkline.engine.Engine;
import io.forkline.engine.keyspace.Keyspace;
import io.forkline.pages.MemoryView;
import io.forkline.snapshot.rdb.KeyspaceImage;

/**
 * "fork-cow": Redis's BGSAVE. {@link #begin} forks the paged memory ({@code PagedMemory.fork()}, a copy
 * of the page directory) and captures the keyspace's root, database count, key count and used memory
 * by value; the snapshot's image reads the fork's {@link MemoryView}, which copy-on-write keeps as it was
 * while the writer goes on. Closing the snapshot closes the view, returning the frames only it held.
 */
public final class ForkCowStrategy implements SnapshotStrategy {

    public static final String NAME = "fork-cow";
    public static final ForkCowStrategy INSTANCE = new ForkCowStrategy();

    private ForkCowStrategy() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @throws IllegalStateException if another fork's view is still open (one child at a time, as in Redis) */
    @Override
    public Snapshot begin(Engine engine) {
        Keyspace keyspace = engine.keyspace();
        long start = System.nanoTime();
        MemoryView view = engine.memory().fork();
        long forkNanos = System.nanoTime() - start;
        long keys = 0;
        for (int db = 0; db < keyspace.databases(); db++) {
            keys += keyspace.size(db);
        }
        KeyspaceImage image = new KeyspaceImage(view, keyspace.root(), keyspace.databases(), engine.allocator().usedBytes());
        return new ForkSnapshot(view, image, forkNanos, keys);
    }

    @Override
    public boolean background() {
        return true;
    }

    @Override
    public String toString() {
        return NAME;
    }

    /** A fork's snapshot: the view and what was captured with it. */
    private record ForkSnapshot(MemoryView view, KeyspaceImage image, long forkNanos, long keysTotal) implements Snapshot {

        @Override
        public void close() {
            view.close();
        }
    }
}
