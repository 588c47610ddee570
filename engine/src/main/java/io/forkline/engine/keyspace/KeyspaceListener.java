package io.forkline.engine.keyspace;

/** Told when the keyspace deletes a key by itself because it expired, before the key is freed. */
@FunctionalInterface
public interface KeyspaceListener {

    /** {@code key} is the expired key's name; the listener propagates its deletion (DEL) and wakes watchers. */
    void expired(int db, byte[] key);

    KeyspaceListener NONE = (db, key) -> { };
}
