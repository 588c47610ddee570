package io.forkline.aof.segment;

import io.forkline.aof.manifest.AofFileEntry;
import io.forkline.aof.manifest.AofFileType;
import io.forkline.aof.manifest.AofLayout;
import io.forkline.aof.manifest.AofManifest;
import io.forkline.aof.manifest.AofManifestException;
import io.forkline.aof.manifest.AofManifestStore;
import io.forkline.snapshot.storage.Storage;
import io.forkline.snapshot.storage.StorageFile;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The append-only log's directory ({@code dir/appenddirname}) and its manifest, as the running server
 * changes them: every change to the set of files goes through here, and takes effect only once the new
 * manifest is durable ({@link AofManifestStore#persist}: temp file, sync, rename over the manifest,
 * directory sync), as Redis's persistAofManifest.
 *
 * <p>Threads: file work, so never the writer or an IO thread; methods that change the log are
 * synchronized, so the journal thread (opening a new incr) and a rewrite (installing a base) take turns.
 * {@link #manifest()} may be read by any thread.
 */
public final class AofDirectory {

    private final Storage storage;
    private final AofLayout layout;
    private volatile AofManifest manifest = AofManifest.empty();

    public AofDirectory(Storage storage, AofLayout layout) {
        this.storage = storage;
        this.layout = layout;
    }

    public Storage storage() {
        return storage;
    }

    public AofLayout layout() {
        return layout;
    }

    /** {@code dir/appenddirname}. */
    public Path path() {
        return layout.directory();
    }

    /** The manifest as last made durable (or as read at start-up). */
    public AofManifest manifest() {
        return manifest;
    }

    public Path resolve(AofFileEntry entry) {
        return layout.file(entry.name());
    }

    /** Reads the manifest on disk into {@link #manifest()}; empty when the directory or the manifest is missing. */
    public synchronized AofManifest readManifest() throws IOException, AofManifestException {
        AofManifest read = AofManifestStore.read(storage, layout);
        manifest = read == null ? AofManifest.empty() : read;
        return manifest;
    }

    /** Takes {@code loaded} (what the loader read, perhaps upgraded from a Redis 6 file) as the manifest on disk. */
    public synchronized void loaded(AofManifest loaded) {
        manifest = loaded;
    }

    /** Makes {@code next} the manifest on disk: temp file, sync, rename over the manifest, sync the directory. */
    public synchronized void persist(AofManifest next) throws IOException {
        ensureDirectory();
        AofManifestStore.persist(storage, layout, next);
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
        AofFileEntry entry = new AofFileEntry(layout.incrName(manifest.nextIncrSeq()), manifest.nextIncrSeq(), AofFileType.INCR);
        ensureDirectory();
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
        ensureDirectory();
        Path file = tempIncr();
        return new AofSegment(storage.create(file), file, null, 0);
    }

    /** {@code temp-<appendfilename>.incr}: the incr of a log being switched on (Redis's getTempIncrAofName). */
    public Path tempIncr() {
        return layout.file("temp-" + layout.fileName() + ".incr");
    }

    /**
     * Where a rewrite writes its base before {@link #installBase} moves it into the log: in {@code dir},
     * as Redis's child writes {@code temp-rewriteaof-bg-<pid>.aof}.
     */
    public Path rewriteTemp(long id) {
        return layout.dir().resolve("temp-rewriteaof-bg-" + id + ".aof");
    }

    /**
     * A rewrite succeeded (Redis's backgroundRewriteDoneHandler): renames the synced base {@code written}
     * into the directory as the next base, names the temporary incr if {@code kept} is one, and persists a
     * manifest of the new base and {@code kept}, every older file becoming history. Until that manifest is
     * durable the old one stands; on failure the new names are removed and the manifest is unchanged.
     *
     * @param kept the incr opened at the rewrite's fork, which the journal is writing; null when the log
     *             is off (BGREWRITEAOF with appendonly no): every incr becomes history
     * @return the manifest now on disk
     */
    public synchronized AofManifest installBase(Path written, boolean rdbPreamble, AofSegment kept) throws IOException {
        AofManifest before = manifest;
        long baseSeq = before.nextBaseSeq();
        AofFileEntry base = new AofFileEntry(layout.baseName(baseSeq, rdbPreamble), baseSeq, AofFileType.BASE);
        Path basePath = resolve(base);
        ensureDirectory();
        storage.rename(written, basePath);
        Path tempIncr = null;
        try {
            storage.syncDirectory(layout.directory());
            AofManifest listing = before;
            if (kept == null) {
                persist(everythingHistory(before, base));
                return manifest;
            }
            if (kept.entry() == null) {
                AofFileEntry incr = new AofFileEntry(layout.incrName(before.nextIncrSeq()), before.nextIncrSeq(), AofFileType.INCR);
                tempIncr = kept.path();
                storage.rename(tempIncr, resolve(incr));
                kept.renamed(resolve(incr), incr);
                listing = before.withIncr(incr);
            }
            persist(listing.rewritten(base, kept.entry()));
            return manifest;
        } catch (IOException | RuntimeException e) {
            if (tempIncr != null && kept != null && kept.entry() != null) {
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

    /** {@code newBase} alone, every earlier file history: a rewrite while the log is off keeps no incr. */
    private static AofManifest everythingHistory(AofManifest manifest, AofFileEntry newBase) {
        java.util.List<AofFileEntry> history = new java.util.ArrayList<>(manifest.history());
        if (manifest.base() != null) {
            history.add(manifest.base().asHistory());
        }
        manifest.incrs().forEach(incr -> history.add(incr.asHistory()));
        return new AofManifest(newBase, history, java.util.List.of());
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

    /**
     * Creates {@code appenddirname} if it is missing and makes its name durable in {@code dir}: without that sync
     * a power loss may take the whole directory away, manifest and synced incr files included (a crash-test finding).
     */
    private void ensureDirectory() throws IOException {
        if (!storage.exists(layout.directory())) {
            storage.createDirectories(layout.directory());
            storage.syncDirectory(layout.dir());
        }
    }
}
