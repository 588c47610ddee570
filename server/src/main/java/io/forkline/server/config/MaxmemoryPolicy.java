package io.forkline.server.config;

/**
 * What Redis does when memory reaches maxmemory. Accepted and reported for compatibility only:
 * forkline implements no eviction and does not enforce maxmemory, so no policy changes what the
 * server does yet. Declared in Redis's table order.
 */
public enum MaxmemoryPolicy {

    VOLATILE_LRU, VOLATILE_LFU, VOLATILE_RANDOM, VOLATILE_TTL, ALLKEYS_LRU, ALLKEYS_LFU, ALLKEYS_RANDOM, NOEVICTION;

    /** The name redis.conf and CONFIG use, e.g. "allkeys-lru". */
    public String configName() {
        return EnumSyntax.configName(this);
    }
}
