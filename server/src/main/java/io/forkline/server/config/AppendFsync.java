package io.forkline.server.config;

/**
 * When the append-only file is fsynced (appendfsync): once a second, after every write batch before
 * its replies go out, or when the OS decides. Declared in Redis's table order.
 */
public enum AppendFsync {

    EVERYSEC, ALWAYS, NO;

    /** The name redis.conf and CONFIG use, e.g. "everysec". */
    public String configName() {
        return EnumSyntax.configName(this);
    }
}
