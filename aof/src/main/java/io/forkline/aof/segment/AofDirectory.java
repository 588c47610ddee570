package io.forkline.aof.segment;

import io.forkline.aof.manifest.AofFileEntry;
import io.forkline.aof.manifest.AofFileType;
import io.forkline.aof.manifest.AofManifest;
import io.forkline.aof.manifest.AofManifestException;
import io.forkline.snapshot.storage.Storage;
import io.forkline.snapshot.storage.StorageFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The append-only log's directory ({@code dir/appenddirname}) and its manifest: every change to the set
 * of files goes through here, and takes effect only once the new manifest is durable (written to a temp
 * file, synced, renamed over the manifest, the directory synced), as Redis's persistAofManifest.
 *
 * <p>Threads: file work, so never the writer or an IO thread; methods that change the log are
 * synchronized, so the journal thread (opening a new incr) and a rewrite (installing a base) take turns.
 * {@link #manifest()} may be read by any thread.
 */
public final class AofDirectory {

    private final Storage storage;
    private final Path dataDir;
    private final Path path;
    private final AofNames names;
    private volatile AofManifest manifest = AofManifest.empty();

    /**
     * @param dataDir the server's {@code dir}, where rewrites write their temporary bases
     * @param dirName {@code appenddirname}
     */
    public AofDirectory(Storage storage, Path dataDir, String dirName, AofNames names) {
        if (dirName.isEmpty() || dirName.indexOf('/') >= 0) {
            throw new IllegalArgumentException("appenddirname must be a plain name: '" + dirName + "'");
        }
        this.storage = storage;
        this.dataDir = dataDir;
        this.path = dataDir.resolve(dirName);
        this.names = names;
    }

    public Storage storage() {
        return storage;
    }

    /** {@code dir/appenddirname}. */
    public Path path() {
        return path;
    }

    /** The server's {@code dir}. */
    public Path dataDir() {
        return dataDir;
    }

    public AofNames names() {
        return names;
    }

    /** The manifest as last made durable (or as read at start-up). */
    public AofManifest manifest() {
        return manifest;
    }

    public Path resolve(AofFileEntry entry) {
        return path.resolve(entry.name());
    }

    /** Reads the manifest on disk into {@link #manifest()}; empty when the directory or the manifest is missing. */
    public synchronized AofManifest readManifest() throws IOException, AofManifestException {
        Path file = path.resolve(names.manifest());
        if (!storage.exists(file)) {
            manifest = AofManifest.empty();
            return manifest;
        }
        String text;
        try (InputStream in = storage.openRead(file)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        manifest = AofManifest.parse(text, file.toString());
        return manifest;
    }

    /** Makes {@code next} the manifest on disk: temp file, sync, rename over the manifest, sync the directory. */
    public synchronized void persist(AofManifest next) throws IOException {
        storage.createDirectories(path);
        Path temp = path.resolve(names.tempManifest());
        byte[] text = next.format().getBytes(StandardCharsets.UTF_8);
        try (StorageFile file = storage.create(temp)) {
            file.write(text, 0, text.length);
            file.sync();
        }
        storage.rename(temp, path.resolve(names.manifest()));
        storage.syncDirectory(path);
        manifest = next;
    }

    /**
     * Start-up with the AOF on: opens the manifest's last incr for appending, or creates the first one,
     * and persists the manifest (Redis's aofOpenIfNeededOnServerStart).
     */
    public synchronized AofSegment openLastIncr() throws IOException {
        AofFileEntry last = manifest.lastIncr();
        if (last == null) {
            return createIncr();
        }
        Path file = resolve(last);
        StorageFile open = storage.openAppend(file);
        try {
            persist(manifest);
            return new AofSegment(open, file, last, open.size());
        } catch (IOException | RuntimeException e) {
            closeQuietly(open, e);
            throw e;
        }
    }

    /**
     * A new incr after the manifest's last one, listed in the manifest before this returns (Redis's
     * openNewIncrAofForAppend): what is written into it is reachable from the manifest. On failure the
     * manifest is unchanged and the new file removed.
     */
    public synchronized AofSegment createIncr() throws IOException {
        AofFileEntry entry = new AofFileEntry(names.incr(manifest.nextIncrSeq()), manifest.nextIncrSeq(), AofFileType.INCR);
        storage.createDirectories(path);
        Path file = resolve(entry);
        StorageFile created = storage.create(file);
        try {
            persist(manifest.withIncr(entry));
        } catch (IOException | RuntimeException e) {
            closeQuietly(created, e);
            deleteQuietly(file, e);
            throw e;
        }
        return new AofSegment(created, file, entry, 0);
    }

    /** The incr of an AOF being switched on at run time: not in the manifest until its first base is installed. */
    public synchronized AofSegment createTempIncr() throws IOException {
        storage.createDirectories(path);
        Path file = path.resolve(names.tempIncr());
        return new AofSegment(storage.create(file), file, null, 0);
    }

    /** Where a rewrite writes its base before {@link #installBase} moves it into the log. */
    public Path rewriteTemp(long id) {
        return dataDir.resolve(AofNames.rewriteTemp(id));
    }

    /**
     * A rewrite succeeded (Redis's backgroundRewriteDoneHandler): renames the synced base {@code written}
     * into the directory as the next base, names the temporary incr if {@code kept} is one, and persists a
     * manifest of the new base and {@code kept}, every older file becoming history. Until that manifest is
     * durable the old one stands; on failure the new names are removed and the manifest is unchanged.
     *
     * @param kept the incr opened at the rewrite's fork, which the journal is writing
     * @return the manifest now on disk
     */
    public synchronized AofManifest installBase(Path written, boolean rdbPreamble, AofSegment kept) throws IOException {
        AofManifest before = manifest;
        long baseSeq = before.nextBaseSeq();
        AofFileEntry base = new AofFileEntry(names.base(baseSeq, rdbPreamble), baseSeq, AofFileType.BASE);
        Path basePath = resolve(base);
        storage.rename(written, basePath);
        Path tempIncr = null;
        try {
            storage.syncDirectory(path);
            AofManifest listing = before;
            if (kept.entry() == null) {
                AofFileEntry incr = new AofFileEntry(names.incr(before.nextIncrSeq()), before.nextIncrSeq(), AofFileType.INCR);
                tempIncr = kept.path();
                storage.rename(tempIncr, resolve(incr));
                kept.renamed(resolve(incr), incr);
                listing = before.withIncr(incr);
            }
            persist(listing.rewritten(base, kept.entry()));
            return manifest;
        } catch (IOException | RuntimeException e) {
            if (tempIncr != null && kept.entry() != null) {
                try {
                    storage.rename(kept.path(), tempIncr);
                    kept.renamed(tempIncr, null);
                } catch (IOException undo) {
                    e.addSuppressed(undo);
                }
            }
            deleteQuietly(basePath, e);
            throw e;
        }
    }

    /** Deletes the history files and persists the manifest without them (Redis's aofDelHistoryFiles). */
    public synchronized void deleteHistory() throws IOException {
        AofManifest current = manifest;
        if (current.history().isEmpty()) {
            return;
        }
        for (AofFileEntry old : current.history()) {
            storage.delete(resolve(old));
        }
        persist(current.withoutHistory());
    }

    /** Removes a file that is not (or no longer) part of the log, e.g. a failed rewrite's temp base. */
    public void deleteQuietly(Path file, Exception cause) {
        try {
            storage.delete(file);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private static void closeQuietly(StorageFile file, Exception cause) {
        try {
            file.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    /** The bytes of every file the manifest loads (base and incrs), as Redis's getBaseAndIncrAppendOnlyFilesSize. */
    public long loadedSize() throws IOException {
        long size = 0;
        for (AofFileEntry entry : manifest.loadOrder()) {
            size += storage.size(resolve(entry));
        }
        return size;
    }

    /** The base's size, or 0 without one. */
    public long baseSize() throws IOException {
        AofFileEntry base = manifest.base();
        return base == null ? 0 : storage.size(resolve(base));
    }
}
