package io.forkline.server.config;

/** How much the server logs; Redis 7.0's levels, from the most to the least verbose. */
public enum LogLevel {

    DEBUG, VERBOSE, NOTICE, WARNING;

    /** The name redis.conf and CONFIG use, e.g. "debug". */
    public String configName() {
        return EnumSyntax.configName(this);
    }
}
