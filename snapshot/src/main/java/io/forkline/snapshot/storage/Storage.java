package io.forkline.snapshot.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Where forkline keeps its files: the real file system ({@link FileStorage}) or a simulated disk
 * that keeps written-but-unsynced bytes volatile, so that a test can lose them as a power cut would.
 *
 * <p>Durability follows POSIX as ext4 gives it: bytes written to a file survive a power loss only
 * after {@link StorageFile#sync()}; a created, renamed or deleted name survives only after
 * {@link #syncDirectory} of its directory. A process kill loses nothing written.
 *
 * <p>Assumptions and guarantees: calls may come from any thread, but one file is written by one
 * thread at a time. None of these calls belongs on the writer thread or an IO thread.
 */
public interface Storage {

    /** Creates {@code file} empty (truncating what was there) and opens it for writing. */
    StorageFile create(Path file) throws IOException;

    /** Opens {@code file} for appending, creating it empty when missing. */
    StorageFile openAppend(Path file) throws IOException;

    /** Reads {@code file} from its start. */
    InputStream openRead(Path file) throws IOException;

    boolean exists(Path path);

    /** The file's length in bytes, as this process sees it (unsynced bytes included). */
    long size(Path file) throws IOException;

    /** The names in {@code directory}, sorted; empty when the directory is missing. */
    List<Path> list(Path directory) throws IOException;

    void createDirectories(Path directory) throws IOException;

    /** Renames {@code from} to {@code to} atomically, replacing {@code to} if it exists. */
    void rename(Path from, Path to) throws IOException;

    /** Deletes {@code path} if it exists. */
    void delete(Path path) throws IOException;

    /** Cuts {@code file} to {@code length} bytes. */
    void truncate(Path file, long length) throws IOException;

    /** Makes the directory's entries (creations, renames, deletions) durable. */
    void syncDirectory(Path directory) throws IOException;
}
