package io.forkline.server.config;

/** Whether CONFIG SET may change a directive while the server runs, as Redis 7.0's config.c flags it. */
public enum Mutability {

    /** CONFIG SET may change it. */
    MUTABLE,

    /** Set only at start (Redis's IMMUTABLE_CONFIG): CONFIG SET replies "can't set immutable config". */
    IMMUTABLE,

    /**
     * Changing it at runtime is a security risk (Redis's PROTECTED_CONFIG: {@code dir},
     * {@code dbfilename}); CONFIG SET replies "can't set protected config", as Redis 7 does under its
     * default {@code enable-protected-configs no}, which forkline does not let you change.
     */
    PROTECTED
}
