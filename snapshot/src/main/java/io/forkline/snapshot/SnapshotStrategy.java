package io.forkline.snapshot;

import io.forkline.engine.Engine;

/**
 * How a snapshot freezes the keyspace (forkline's {@code snapshot-strategy} directive): fork the page
 * table and write the frozen view on a snapshot thread ({@link ForkCowStrategy}), or have the writer
 * write the live keyspace while commands wait ({@link StopTheWorldStrategy}).
 */
public interface SnapshotStrategy {

    /** The name the configuration uses, e.g. "fork-cow". */
    String name();

    /** Freezes the engine's keyspace. Writer thread only, between commands. */
    Snapshot begin(Engine engine);

    /** Whether the snapshot is written on another thread while the writer goes on; false: the writer writes it. */
    boolean background();

    /**
     * The strategy a configuration names.
     *
     * @throws IllegalArgumentException for any other name
     */
    static SnapshotStrategy named(String name) {
        return switch (name) {
            case ForkCowStrategy.NAME -> ForkCowStrategy.INSTANCE;
            case StopTheWorldStrategy.NAME -> StopTheWorldStrategy.INSTANCE;
            case null -> throw new IllegalArgumentException("a snapshot strategy needs a name: "
                    + ForkCowStrategy.NAME + " or " + StopTheWorldStrategy.NAME);
            default -> throw new IllegalArgumentException("unknown snapshot strategy '" + name + "': expected "
                    + ForkCowStrategy.NAME + " or " + StopTheWorldStrategy.NAME);
        };
    }
}
