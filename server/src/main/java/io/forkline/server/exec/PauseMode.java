package io.forkline.server.exec;

/**
 * What a CLIENT PAUSE holds, from least to most restrictive (Redis's pause types): nothing, the
 * commands that may change the data set or the replication stream, or every command.
 */
public enum PauseMode {
    OFF, WRITE, ALL;

    /** The more restrictive of the two: a second pause never weakens the first. */
    public PauseMode max(PauseMode other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
