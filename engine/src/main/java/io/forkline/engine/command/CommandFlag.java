package io.forkline.engine.command;

import java.util.Locale;

/** Redis 7.0's command flags, as {@code COMMAND INFO} names them. */
public enum CommandFlag {
    WRITE, READONLY, DENYOOM, MODULE, ADMIN, PUBSUB, NOSCRIPT, BLOCKING, LOADING, STALE, SKIP_MONITOR,
    SKIP_SLOWLOG, ASKING, FAST, NO_AUTH, MAY_REPLICATE, SENTINEL, ONLY_SENTINEL, NO_MANDATORY_KEYS, PROTECTED,
    NO_ASYNC_LOADING, NO_MULTI, MOVABLEKEYS, ALLOW_BUSY;

    /** The name {@code COMMAND INFO} replies with. */
    public String redisName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
