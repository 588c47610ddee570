package io.forkline.server.config;

/**
 * Which snapshot strategy BGSAVE uses (forkline's own snapshot-strategy directive): fork the page
 * table and let a snapshot thread write the frozen view, or have the writer write the snapshot while
 * commands wait.
 */
public enum SnapshotStrategyChoice {

    FORK_COW, STOP_THE_WORLD;

    /** The name redis.conf and CONFIG use, e.g. "fork-cow". */
    public String configName() {
        return EnumSyntax.configName(this);
    }
}
