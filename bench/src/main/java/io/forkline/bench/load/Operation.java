package io.forkline.bench.load;

import java.util.Locale;

/**
 * The commands a workload can mix, with the key family each works on and the reply type a success
 * has: strings {@code key:N} (SET, GET, DEL), counters {@code counter:N} (INCR), hashes {@code hash:N}
 * with ten fields {@code f0..f9} (HSET, HGET). Keys are N written as 12 digits, as the preload writes them.
 */
public enum Operation {
    SET("key:", true, '+'),
    GET("key:", false, '$'),
    DEL("key:", true, ':'),
    INCR("counter:", true, ':'),
    HSET("hash:", true, ':'),
    HGET("hash:", false, '$');

    private final String keyPrefix;
    private final boolean write;
    private final char successType;

    Operation(String keyPrefix, boolean write, char successType) {
        this.keyPrefix = keyPrefix;
        this.write = write;
        this.successType = successType;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    /** Whether the command changes the data set (what the AOF journals). */
    public boolean isWrite() {
        return write;
    }

    /** The RESP type byte of a successful reply ({@code '$'} includes the null bulk). */
    public char successType() {
        return successType;
    }

    /** The operation named (case-insensitively), or an IllegalArgumentException listing the known ones. */
    public static Operation named(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown command '" + name + "' in the command mix; known: SET, GET, DEL, INCR, HSET, HGET", e);
        }
    }
}
