package io.forkline.engine.command;

/**
 * The engine's settings, under Redis 7's directive names and with Redis 7's defaults. Read and
 * changed (CONFIG SET) on the writer thread only.
 */
public final class EngineConfig {

    public int databases = 16;
    public long protoMaxBulkLen = 512L * 1024 * 1024;

    public int hashMaxListpackEntries = 512;
    public int hashMaxListpackValue = 64;
    public int setMaxIntsetEntries = 512;
    public int setMaxListpackEntries = 128;
    public int setMaxListpackValue = 64;
    public int zsetMaxListpackEntries = 128;
    public int zsetMaxListpackValue = 64;
    /** The largest sparse HyperLogLog, in bytes; beyond it PFADD makes it dense. */
    public long hllSparseMaxBytes = 3000;
    /** stream-node-max-bytes and stream-node-max-entries: when a stream's last node is full (0 = no limit). */
    public long streamNodeMaxBytes = 4096;
    public long streamNodeMaxEntries = 100;
    /** Positive: entries per list node; -1 to -5: node size limit of 4, 8, 16, 32 or 64 KiB. */
    public int listMaxListpackSize = -2;
    public int listCompressDepth = 0;

    /** Server cron frequency: active expiry and incremental rehash run this many times a second. */
    public int hz = 10;
    public boolean activeRehashing = true;
    /** DEBUG SET-ACTIVE-EXPIRE: whether the cron deletes expired keys actively. */
    public boolean activeExpire = true;
}
