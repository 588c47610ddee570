package io.forkline.snapshot.storage;

import java.nio.file.Path;

/**
 * One call that changes a {@link SimulatedDisk} (or makes its changes durable), as a power-cut trigger sees it
 * before the call runs.
 *
 * @param index  how many changing calls the disk has seen before this one, from 0
 * @param kind   what the call does
 * @param path   the file or directory it acts on (for a rename, the source)
 * @param target a rename's destination; {@code null} for every other kind
 * @param offset for a write, the file's length before it; otherwise 0
 * @param length for a write, the bytes written; for a truncation, the new length; otherwise 0
 */
public record DiskOperation(long index, Kind kind, Path path, Path target, long offset, long length) {

    /** The calls of {@link Storage} and {@link StorageFile} that change something or make it durable. */
    public enum Kind {
        CREATE, OPEN_APPEND, WRITE, SYNC, CREATE_DIRECTORY, RENAME, DELETE, TRUNCATE, SYNC_DIRECTORY
    }

    @Override
    public String toString() {
        return "#" + index + " " + kind + " " + path + (target == null ? "" : " -> " + target)
                + (kind == Kind.WRITE ? " [" + offset + ", +" + length + ")" : kind == Kind.TRUNCATE ? " to " + length : "");
    }
}
