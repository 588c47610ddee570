package io.forkline.engine.keyspace;

/** Counters INFO stats reports: keyspace_hits, keyspace_misses, expired_keys. Writer thread only. */
public final class KeyspaceStats {

    long hits;
    long misses;
    long expiredKeys;

    public long hits() {
        return hits;
    }

    public long misses() {
        return misses;
    }

    public long expiredKeys() {
        return expiredKeys;
    }

    /** CONFIG RESETSTAT. */
    public void reset() {
        hits = 0;
        misses = 0;
        expiredKeys = 0;
    }
}
