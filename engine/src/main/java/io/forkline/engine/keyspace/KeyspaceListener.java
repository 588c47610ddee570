package io.forkline.engine.keyspace;

/** Told when the keyspace deletes a key by itself because it expired, and when a key is created. */
@FunctionalInterface
public interface KeyspaceListener {

    /**
     * {@code key} is the expired key's name, told before the key is freed; the listener propagates its
     * deletion (DEL) and wakes watchers.
     */
    void expired(int db, byte[] key);

    /** A key was created (Redis's dbAdd: the "new" keyspace notification). */
    default void added(int db, byte[] key, int offset, int length) {
    }

    KeyspaceListener NONE = (db, key) -> { };
}
