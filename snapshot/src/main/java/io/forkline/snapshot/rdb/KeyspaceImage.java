package io.forkline.snapshot.rdb;

import io.forkline.pages.Memory;

import java.util.Objects;

/**
 * What a snapshot reads: a keyspace laid out in {@code memory}, found from {@code root}, with everything
 * else it needs captured by value when the snapshot began. {@code memory} is a fork's
 * {@link io.forkline.pages.MemoryView} (read on a snapshot thread) or the live
 * {@link io.forkline.pages.PagedMemory} under stop-the-world (read on the writer).
 *
 * @param memory     where the keyspace lives
 * @param root       {@code Keyspace.root()} when the snapshot began
 * @param databases  the number of databases under the root
 * @param usedMemory the allocator's used bytes when the snapshot began (the {@code used-mem} AUX field); 0 if unknown
 */
public record KeyspaceImage(Memory memory, long root, int databases, long usedMemory) {

    public KeyspaceImage {
        Objects.requireNonNull(memory, "memory");
        if (root == 0) {
            throw new IllegalArgumentException("a keyspace root is never 0");
        }
        if (databases < 1) {
            throw new IllegalArgumentException("databases must be at least 1, got " + databases);
        }
        if (usedMemory < 0) {
            throw new IllegalArgumentException("used memory cannot be negative: " + usedMemory);
        }
    }

    /** An image whose used memory is unknown (written as 0). */
    public KeyspaceImage(Memory memory, long root, int databases) {
        this(memory, root, databases, 0);
    }
}
