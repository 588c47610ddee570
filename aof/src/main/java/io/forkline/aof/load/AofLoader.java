package io.forkline.aof.load;

import io.forkline.aof.load.LoadReport.BaseKind;
import io.forkline.aof.load.LoadReport.Format;
import io.forkline.aof.load.LoadReport.LoadedFile;
import io.forkline.aof.load.LoadReport.Status;
import io.forkline.aof.manifest.AofFileEntry;
import io.forkline.aof.manifest.AofFileType;
import io.forkline.aof.manifest.AofLayout;
import io.forkline.aof.manifest.AofManifest;
import io.forkline.aof.manifest.AofManifestException;
import io.forkline.aof.manifest.AofManifestStore;
import io.forkline.engine.Engine;
import io.forkline.engine.command.Arguments;
import io.forkline.snapshot.io.ByteSource;
import io.forkline.snapshot.io.TruncatedInputException;
import io.forkline.snapshot.rdb.KeyspaceLoader;
import io.forkline.snapshot.rdb.RdbFormatException;
import io.forkline.snapshot.rdb.RdbReader;
import io.forkline.snapshot.storage.Storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the append-only log into an engine at start-up, as Redis 7.0's loadAppendOnlyFiles: the
 * manifest's base, then every incr in order. A base (or a Redis 6 single file) that starts with
 * {@code REDIS} is an RDB preamble, whatever its name says, and RESP may follow it; everything else is
 * RESP, replayed command by command ({@link CommandReplay}: MULTI/EXEC blocks whole, SELECT,
 * {@code #} annotations skipped). Nothing expires during the replay ({@code Keyspace.loading}).
 *
 * <p>What may be repaired, and what may not (Redis's rules, with the differences noted):
 * <ul>
 * <li>The last file ends inside a command, or inside a MULTI block: with aof-load-truncated yes the
 *     file is truncated (through {@link Storage#truncate}) at the end of the last whole command outside
 *     a block, a warning is reported and the load succeeds; with no, the load is refused.</li>
 * <li>A file that is not the last ends that way: refused. (Redis truncates it on disk first, then
 *     refuses; this loader leaves it as it is.)</li>
 * <li>Anything else, anywhere: bytes that are not RESP, a wrong {@code \r\n} after an argument (Redis
 *     does not look at it), an unknown command, a command that answers an error (Redis ignores the
 *     reply), a listed file that is missing, an unreadable manifest or RDB preamble: refused, with an
 *     {@link AofLoadException} naming the file, the offset and what was expected.</li>
 * </ul>
 * A torn command after an RDB preamble is cut back to the end of the RDB (Redis would cut the file
 * to offset 0, losing the preamble too).
 *
 * <p>A Redis 6 single file ({@code appendfilename} in {@code dir}) is first moved into the directory
 * under a new manifest {@code file appendonly.aof seq 1 type b}, as Redis 7 upgrades it: the manifest
 * is persisted (temp file, sync, rename, directory sync) before the file is moved, so a crash between
 * the two leaves a state the next load finishes upgrading.
 *
 * <p>Runs at start-up, before the pipeline starts and anyone is served, on the thread that owns the
 * engine then (it mutates the engine, truncates and renames files); nothing else runs beside it.
 */
public final class AofLoader {

    private final Storage storage;
    private final AofLayout layout;
    private final boolean loadTruncated;

    public AofLoader(Storage storage, AofLayout layout, boolean loadTruncated) {
        this.storage = storage;
        this.layout = layout;
        this.loadTruncated = loadTruncated;
    }

    /** With the configuration's names: {@code dir}, {@code appenddirname}, {@code appendfilename}, {@code aof-load-truncated}. */
    public AofLoader(Storage storage, Path dir, String appendDirName, String appendFileName, boolean loadTruncated) {
        this(storage, new AofLayout(dir, appendDirName, appendFileName), loadTruncated);
    }

    public AofLayout layout() {
        return layout;
    }

    /**
     * Loads the log into {@code engine} (normally empty). {@code nowMillis} is the load's time, for the
     * access clock of keys read from an RDB preamble (their expires are kept even when past, as Redis
     * keeps them in an AOF base).
     *
     * @throws AofLoadException the files cannot be trusted; the engine then holds a partial state
     * @throws IOException      the storage failed
     */
    public LoadReport load(Engine engine, long nowMillis) throws IOException {
        AofManifest manifest = readManifest();
        boolean upgraded = false;
        if (legacyNeedsUpgrade(manifest)) {
            manifest = upgrade(manifest);
            upgraded = true;
        }
        List<String> warnings = new ArrayList<>();
        if (upgraded) {
            warnings.add("Successfully migrated an old-style AOF file (" + layout.legacyFile() + ") into the AOF directory ("
                    + layout.directory() + ").");
        }
        if (manifest == null || manifest.isEmpty()) {
            return new LoadReport(Status.NOT_FOUND, manifest == null ? AofManifest.empty() : manifest, upgraded, List.of(), 0,
                    keys(engine), 0, BaseKind.NONE, 0, 0, 0, warnings);
        }
        List<AofFileEntry> order = manifest.loadOrder();
        long total = 0;
        for (AofFileEntry entry : order) {
            Path file = layout.file(entry.name());
            if (!storage.exists(file)) {
                throw new AofLoadException(AofLoadException.Reason.MISSING_FILE, file, -1, "The AOF file " + file
                        + " listed in the manifest " + layout.manifest() + " does not exist", null);
            }
            total += storage.size(file);
        }
        List<LoadedFile> files = new ArrayList<>();
        if (total == 0) {
            for (AofFileEntry entry : order) {
                files.add(new LoadedFile(entry.name(), entry.type(), Format.EMPTY, 0, 0, 0, 0));
            }
            return report(Status.EMPTY, manifest, upgraded, files, 0, engine, warnings);
        }
        CommandReplay replay = new CommandReplay(engine);
        engine.context().client((Object) null);   // the replay has no client, as Redis's AOF client
        engine.keyspace().loading(true);
        try {
            for (int i = 0; i < order.size(); i++) {
                files.add(loadFile(engine, replay, order.get(i), i == order.size() - 1, nowMillis, warnings));
            }
        } finally {
            engine.keyspace().loading(false);
        }
        boolean truncated = files.stream().anyMatch(file -> file.truncatedBytes() > 0);
        return report(truncated ? Status.TRUNCATED : Status.LOADED, manifest, upgraded, files, replay.records(), engine, warnings);
    }

    private LoadReport report(Status status, AofManifest manifest, boolean upgraded, List<LoadedFile> files, long commands,
                              Engine engine, List<String> warnings) {
        long truncated = 0;
        long current = 0;
        for (LoadedFile file : files) {
            truncated += file.truncatedBytes();
            current += file.size();
        }
        BaseKind kind = BaseKind.NONE;
        long baseSize = 0;
        if (manifest.base() != null) {
            LoadedFile base = files.getFirst();
            baseSize = base.size();
            kind = switch (base.format()) {
                case EMPTY -> BaseKind.EMPTY;
                case RESP -> BaseKind.RESP;
                case RDB, RDB_WITH_RESP_TAIL -> BaseKind.RDB;
            };
        }
        long lastIncr = manifest.incrs().isEmpty() ? 0 : files.getLast().size();
        return new LoadReport(status, manifest, upgraded, files, commands, keys(engine), truncated, kind, baseSize, current,
                lastIncr, warnings);
    }

    private static long keys(Engine engine) {
        long keys = 0;
        for (int db = 0; db < engine.keyspace().databases(); db++) {
            keys += engine.keyspace().size(db);
        }
        return keys;
    }

    // ---------------------------------------------------------------------------------------------
    // The manifest, and the upgrade of a Redis 6 single file

    private AofManifest readManifest() throws IOException {
        try {
            return AofManifestStore.read(storage, layout);
        } catch (AofManifestException e) {
            throw new AofLoadException(AofLoadException.Reason.MANIFEST, layout.manifest(), -1, e.getMessage(), e);
        }
    }

    /**
     * Redis's three cases: a single file in {@code dir}, and no directory; or a manifest that lists
     * nothing; or a manifest that lists that file as its only base, not yet moved in.
     */
    private boolean legacyNeedsUpgrade(AofManifest manifest) {
        if (!storage.exists(layout.legacyFile())) {
            return false;
        }
        if (!storage.exists(layout.directory()) || manifest == null || manifest.isEmpty()) {
            return true;
        }
        return manifest.base() != null && manifest.incrs().isEmpty() && manifest.base().name().equals(layout.fileName())
                && !storage.exists(layout.file(layout.fileName()));
    }

    private AofManifest upgrade(AofManifest manifest) throws IOException {
        storage.createDirectories(layout.directory());
        AofManifest upgraded = new AofManifest(new AofFileEntry(layout.fileName(), 1, AofFileType.BASE),
                manifest == null ? List.of() : manifest.history(), List.of());
        AofManifestStore.persist(storage, layout, upgraded);
        storage.rename(layout.legacyFile(), layout.file(layout.fileName()));
        storage.syncDirectory(layout.directory());
        storage.syncDirectory(layout.dir());
        return upgraded;
    }

    // ---------------------------------------------------------------------------------------------
    // One file

    /** Where a file's last whole command ends, when the file ends inside one (or inside a MULTI block). */
    private record Torn(long validUpTo, long offset, String what) {
    }

    private LoadedFile loadFile(Engine engine, CommandReplay replay, AofFileEntry entry, boolean last, long now,
                                List<String> warnings) throws IOException {
        Path file = layout.file(entry.name());
        long size = storage.size(file);
        if (size == 0) {
            return new LoadedFile(entry.name(), entry.type(), Format.EMPTY, 0, 0, 0, 0);
        }
        replay.startFile();
        long recordsBefore = replay.records();
        long rdbKeys = 0;
        long rdbEnd = 0;
        Torn torn;
        try (AofInput input = AofInput.open(storage, file)) {
            if (input.rdbPreamble()) {
                long keysBefore = keys(engine);
                loadRdb(engine, input.source(), file, size, now);
                rdbKeys = keys(engine) - keysBefore;
                rdbEnd = input.source().position();
            }
            torn = replayCommands(replay, input.source(), file, size, rdbEnd);
        }
        Format format = rdbEnd == 0 ? Format.RESP : rdbEnd == size ? Format.RDB : Format.RDB_WITH_RESP_TAIL;
        long cut = 0;
        if (torn != null) {
            cut = repair(file, last, size, torn, warnings);
        }
        return new LoadedFile(entry.name(), entry.type(), format, size - cut, rdbKeys, replay.records() - recordsBefore, cut);
    }

    /** Replays the RESP commands from the source's position on; returns where the file is torn, or null. */
    private static Torn replayCommands(CommandReplay replay, ByteSource source, Path file, long size, long start)
            throws AofLoadException, IOException {
        AofRecordReader reader = new AofRecordReader(source, size);
        Arguments args = new Arguments();
        long validUpTo = start;
        try {
            while (reader.next(args)) {
                replay.accept(args, reader.recordStart());
                if (!replay.inTransaction()) {
                    validUpTo = reader.position();
                }
            }
        } catch (AofTruncatedException e) {
            String within = replay.inTransaction() ? " inside the MULTI at offset " + replay.multiOffset() : "";
            return new Torn(validUpTo, e.offset(), "the command at offset " + e.recordStart() + within + " is cut short: expected "
                    + e.expected());
        } catch (AofFormatException e) {
            throw new AofLoadException(AofLoadException.Reason.CORRUPT, file, e.offset(), "Bad file format reading the append only file "
                    + file + " " + e.getMessage(), e);
        } catch (CommandReplay.Failure e) {
            throw new AofLoadException(e.format ? AofLoadException.Reason.CORRUPT : AofLoadException.Reason.COMMAND, file, e.offset,
                    "Bad command in the append only file " + file + " at offset " + e.offset + ": expected " + e.getMessage(), e);
        }
        if (replay.inTransaction()) {
            return new Torn(validUpTo, replay.multiOffset(), "the MULTI at offset " + replay.multiOffset()
                    + " has no EXEC before the end of the file (an incomplete MULTI/EXEC transaction)");
        }
        return null;
    }

    /** Cuts a torn last file back to its last whole command; returns the bytes cut. */
    private long repair(Path file, boolean last, long size, Torn torn, List<String> warnings) throws IOException {
        if (!last) {
            throw new AofLoadException(AofLoadException.Reason.TRUNCATED, file, torn.offset(), "The append only file " + file
                    + " ends unexpectedly at offset " + torn.offset() + " (" + torn.what() + "), but it is not the last file of "
                    + layout.manifest() + ": only the last file may be repaired", null);
        }
        if (!loadTruncated) {
            throw new AofLoadException(AofLoadException.Reason.TRUNCATED, file, torn.offset(), "Unexpected end of file reading the append"
                    + " only file " + file + " at offset " + torn.offset() + " (" + torn.what() + "). You can: 1) make a backup of it,"
                    + " then run 'forkline aof check --fix " + layout.manifest() + "'; 2) or set aof-load-truncated yes and restart,"
                    + " which cuts it at offset " + torn.validUpTo(), null);
        }
        storage.truncate(file, torn.validUpTo());
        warnings.add("!!! Warning: short read while loading the AOF file " + file + " (" + torn.what() + ") !!! Truncated the AOF at"
                + " offset " + torn.validUpTo() + ", " + (size - torn.validUpTo()) + " bytes cut, and loaded it anyway because"
                + " aof-load-truncated is enabled");
        return size - torn.validUpTo();
    }

    /**
     * Loads the RDB at the source's start into the engine, expired keys kept (the log after it was
     * written against them); the source is left just past its checksum. An RDB that cannot be read,
     * cut short included, is never repaired: Redis exits on it too.
     */
    private static void loadRdb(Engine engine, ByteSource source, Path file, long size, long now) throws IOException {
        try {
            new RdbReader(source, size).read(new KeyspaceLoader(engine, now, false));
        } catch (RdbFormatException e) {
            throw new AofLoadException(AofLoadException.Reason.RDB, file, e.offset(), "Bad RDB preamble in the append only file "
                    + file + " at offset " + e.offset() + ": " + e.detail(), e);
        } catch (TruncatedInputException e) {
            throw new AofLoadException(AofLoadException.Reason.RDB, file, e.offset(), "The RDB preamble of the append only file "
                    + file + " ends early, at offset " + e.offset() + ": expected " + e.wanted() + " more bytes", e);
        }
    }
}
