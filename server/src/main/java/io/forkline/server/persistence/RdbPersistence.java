package io.forkline.server.persistence;

import io.forkline.engine.Engine;
import io.forkline.engine.command.CommandContext;
import io.forkline.pages.PageStats;
import io.forkline.server.config.SavePoint;
import io.forkline.server.config.ServerConfig;
import io.forkline.server.exec.ServerRuntime;
import io.forkline.server.exec.ShutdownRequest;
import io.forkline.snapshot.Snapshot;
import io.forkline.snapshot.SnapshotStrategy;
import io.forkline.snapshot.rdb.KeyspaceLoader;
import io.forkline.snapshot.rdb.RdbFileWriter;
import io.forkline.snapshot.rdb.RdbFiles;
import io.forkline.snapshot.rdb.RdbWriteOptions;
import io.forkline.snapshot.rdb.SaveProgress;
import io.forkline.snapshot.storage.Storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * RDB persistence on the server, as Redis 7.0's rdb.c and serverCron drive it: the load at start-up,
 * SAVE (the writer writes the live store while clients wait), BGSAVE through the configured
 * {@link SnapshotStrategy} (fork-cow: the snapshot thread writes a fork's view; stop-the-world: the
 * writer writes it inline), save points checked on each cron tick, the save before SHUTDOWN and after
 * FLUSHALL, DEBUG RELOAD, and the state INFO persistence, LASTSAVE and the MISCONF refusal read.
 * Writer thread only, except {@link #loadAtStartup} (before the writer starts) and {@link #stop}
 * (after it stopped).
 *
 * <h2>Redis's variables, and where they live here</h2>
 * {@code server.dirty} is the engine's dirty counter; {@code lastsave} is the runtime's (LASTSAVE reads
 * it); {@code lastbgsave_status}, {@code lastbgsave_try}, {@code dirty_before_bgsave},
 * {@code rdb_bgsave_scheduled}, {@code rdb_save_time_last}, {@code stat_rdb_saves} and
 * {@code stat_rdb_cow_bytes} are fields below; {@code child_type} is {@link BackgroundJobs}.
 *
 * <h2>Threads</h2>
 * A fork-cow BGSAVE begins its snapshot here, on the writer, hands it to the {@link SnapshotAgent},
 * and ends in {@link #backgroundSaveDone}, a task the agent publishes on the ring: the view is closed
 * on the writer, which keeps frame recycling single-threaded.
 */
public final class RdbPersistence {

    private static final System.Logger LOG = System.getLogger("forkline.persistence");

    /** Redis's shared.bgsaveerr, without its leading '-'. */
    public static final String MISCONF = "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist "
            + "to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors "
            + "during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for "
            + "details about the RDB error.";
    /** SHUTDOWN's reply when the final save failed (Redis's replyToClientsBlockedOnShutdown). */
    static final String SHUTDOWN_FAILED = "ERR Errors trying to SHUTDOWN. Check logs.";
    private static final SnapshotStrategy STOP_THE_WORLD = SnapshotStrategy.named("stop-the-world");

    private final Engine engine;
    private final ServerRuntime runtime;
    private final Storage storage;
    private final BackgroundJobs jobs;
    private final SnapshotAgent agent;
    private ServerConfig config;

    private boolean lastBgsaveOk = true;
    private long lastBgsaveTryMillis;
    private long dirtyBeforeBgsave;
    private boolean bgsaveScheduled;
    private long lastBgsaveSeconds = -1;
    private long saves;
    private long lastCowBytes;
    private long lastLoadKeysLoaded;
    private long lastLoadKeysExpired;
    private BackgroundSave running;

    /**
     * @param jobs  the server's one background job slot, shared with the AOF rewrite
     * @param agent the snapshot thread
     */
    public RdbPersistence(Engine engine, ServerRuntime runtime, Storage storage, ServerConfig config, BackgroundJobs jobs,
                          SnapshotAgent agent) {
        this.engine = engine;
        this.runtime = runtime;
        this.storage = storage;
        this.config = config;
        this.jobs = jobs;
        this.agent = agent;
    }

    /** The directives this reads (save, dir, dbfilename, rdbcompression, ...), after a CONFIG SET. */
    public void configure(ServerConfig changed) {
        this.config = changed;
    }

    /** {@code dir/dbfilename}. */
    public Path file() {
        return config.dir().resolve(config.dbfilename());
    }

    // ---------------------------------------------------------------------------------------------
    // Loading

    /**
     * Loads {@code dir/dbfilename} into the empty store when the file exists. Runs before the server
     * accepts clients, on the thread that builds it.
     *
     * @throws DatasetLoadException naming the file, the offset and what was expected, when it cannot be trusted
     */
    public void loadAtStartup() {
        Path file = file();
        if (!storage.exists(file)) {
            return;
        }
        long started = System.nanoTime();
        try {
            load(file, false);
        } catch (IOException e) {
            throw new DatasetLoadException(file, e);
        }
        LOG.log(System.Logger.Level.INFO, "Done loading RDB, keys loaded: " + lastLoadKeysLoaded + ", keys expired: "
                + lastLoadKeysExpired + ".");
        LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT, "DB loaded from disk: %.3f seconds",
                (System.nanoTime() - started) / 1e9));
    }

    /**
     * Reads an RDB file into the store, keys already expired dropped, as a primary does; with
     * {@code merge}, a key already in the store is replaced instead of refused as a duplicate.
     */
    private void load(Path file, boolean merge) throws IOException {
        // a merge deletes each key before its new value comes, so it needs the keys added one by one
        KeyspaceLoader loader = merge ? KeyspaceLoader.oneByOne(engine, runtime.clock().millis(), true)
                : new KeyspaceLoader(engine, runtime.clock().millis(), true);
        CommandContext context = engine.context();
        int notifications = context.notifications();
        context.notifications(0);   // a load creates keys without "new" events, as Redis's dbAddRDBLoad
        try {
            RdbFiles.load(storage, file, merge ? new MergingVisitor(loader, engine.keyspace()) : loader);
        } finally {
            context.notifications(notifications);
        }
        lastLoadKeysLoaded = loader.keysLoaded();
        lastLoadKeysExpired = loader.keysExpired();
    }

    // ---------------------------------------------------------------------------------------------
    // Saving

    /**
     * Redis's rdbSave: the writer writes the live store to {@code dir/dbfilename} while every client
     * waits. On success the dirty counter is cleared and LASTSAVE moves; a failure changes nothing but
     * is logged (a foreground save does not set the BGSAVE status, as in Redis 7.0).
     *
     * @return whether the file was written
     */
    public boolean saveInForeground() {
        try (Snapshot snapshot = STOP_THE_WORLD.begin(engine)) {
            RdbFileWriter.save(storage, config.dir(), config.dbfilename(), snapshot.image(), options(), new SaveProgress());
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Write error saving DB on disk: " + e.getMessage(), e);
            return false;
        }
        CommandContext context = engine.context();
        context.saved(context.dirty());
        runtime.lastSaveMillis(runtime.clock().millis());
        lastBgsaveOk = true;
        return true;
    }

    /** SAVE: a foreground save, refused while a BGSAVE runs; null on success, else the error to reply. */
    public String saveCommand() {
        if (jobs.running(BackgroundJobs.Kind.RDB)) {
            return BackgroundJobs.RDB_IN_PROGRESS;
        }
        saves++;
        return saveInForeground() ? null : "ERR";
    }

    /**
     * BGSAVE [SCHEDULE]: the status to reply ("Background saving started" or "scheduled"), else an error
     * starting with its code.
     */
    public BgsaveReply bgsaveCommand(boolean schedule) {
        if (jobs.running(BackgroundJobs.Kind.RDB)) {
            return BgsaveReply.error(BackgroundJobs.RDB_IN_PROGRESS);
        }
        if (jobs.busy() || runtime.executingTransaction()) {
            if (schedule || runtime.executingTransaction()) {
                bgsaveScheduled = true;
                return BgsaveReply.status("Background saving scheduled");
            }
            return BgsaveReply.error(BackgroundJobs.OTHER_JOB_BLOCKS_BGSAVE);
        }
        return startBackgroundSave() ? BgsaveReply.status("Background saving started") : BgsaveReply.error("ERR");
    }

    /** What BGSAVE replies: a status or an error. */
    public record BgsaveReply(String text, boolean isError) {

        static BgsaveReply status(String text) {
            return new BgsaveReply(text, false);
        }

        static BgsaveReply error(String text) {
            return new BgsaveReply(text, true);
        }
    }

    /**
     * Redis's rdbSaveBackground: begins a snapshot with the configured strategy and writes it, on the
     * snapshot thread (fork-cow) or here (stop-the-world). False when it could not start: a job runs, or
     * the snapshot could not begin (then the BGSAVE status is err, as a failed fork).
     */
    boolean startBackgroundSave() {
        if (jobs.busy()) {
            return false;
        }
        long now = runtime.clock().millis();
        saves++;
        dirtyBeforeBgsave = engine.context().dirty();
        lastBgsaveTryMillis = now;
        SnapshotStrategy strategy = SnapshotStrategy.named(config.snapshotStrategy().configName());
        Snapshot snapshot;
        try {
            snapshot = strategy.begin(engine);
        } catch (RuntimeException e) {
            lastBgsaveOk = false;
            LOG.log(System.Logger.Level.WARNING, "Can't save in background: " + e.getMessage(), e);
            return false;
        }
        BackgroundSave save = new BackgroundSave(snapshot, strategy.background(), storage, config.dir(), config.dbfilename(), options(),
                now);
        jobs.started(save, now);
        running = save;
        if (strategy.background()) {
            agent.run(save::write, () -> backgroundSaveDone(save));
        } else {
            save.write();
            backgroundSaveDone(save);
        }
        return true;
    }

    /** Redis's backgroundSaveDoneHandlerDisk, on the writer: closes the view and records the outcome. */
    void backgroundSaveDone(BackgroundSave save) {
        save.snapshot().close();
        jobs.finished(save);
        running = null;
        long now = runtime.clock().millis();
        if (save.succeeded()) {
            CommandContext context = engine.context();
            context.saved(Math.min(dirtyBeforeBgsave, context.dirty()));
            runtime.lastSaveMillis(now);
            lastBgsaveOk = true;
            lastCowBytes = save.forked() ? engine.memory().stats().lastCowBytes() : 0;   // the peak of the view just closed
        } else if (!save.wasCancelled()) {
            lastBgsaveOk = false;
            LOG.log(System.Logger.Level.WARNING, "Background saving error: " + save.failure().getMessage(), save.failure());
        }
        lastBgsaveSeconds = now / 1000 - save.startedMillis() / 1000;
    }

    private RdbWriteOptions options() {
        return new RdbWriteOptions(config.rdbcompression(), config.rdbchecksum(), RdbWriteOptions.VERSION, Map.of(), false);
    }

    // ---------------------------------------------------------------------------------------------
    // The cron, FLUSHALL, SHUTDOWN

    /** Each cron tick: a save point reached, or a scheduled BGSAVE, starts a BGSAVE when no job runs. */
    public void tick() {
        if (jobs.busy()) {
            return;
        }
        long nowSeconds = runtime.clock().millis() / 1000;
        long lastTrySeconds = lastBgsaveTryMillis / 1000;
        SavePoint due = SaveTrigger.due(config.save(), engine.context().dirty(), nowSeconds, runtime.lastSaveSeconds(),
                lastBgsaveOk, lastTrySeconds);
        if (due != null) {
            LOG.log(System.Logger.Level.INFO, due.changes() + " changes in " + due.seconds() + " seconds. Saving...");
            startBackgroundSave();
        } else if (bgsaveScheduled && SaveTrigger.mayTry(nowSeconds, lastBgsaveOk, lastTrySeconds) && startBackgroundSave()) {
            bgsaveScheduled = false;
        }
    }

    /** After FLUSHALL, as Redis 7.0's flushAllDataAndResetRDB: a running BGSAVE is cancelled; with save points, a foreground save. */
    public void flushedAll() {
        jobs.cancel(BackgroundJobs.Kind.RDB);
        if (!config.save().isDisabled()) {
            saveInForeground();
        }
    }

    /**
     * Before the server stops (SHUTDOWN, SIGTERM): a running BGSAVE is cancelled, then the final save
     * runs when save points exist (unless NOSAVE) or SAVE asks for it. Null to go on stopping; else the
     * error SHUTDOWN replies, and the server keeps running (unless FORCE).
     */
    public String prepareShutdown(ShutdownRequest request) {
        jobs.cancel(BackgroundJobs.Kind.RDB);
        if ((!config.save().isDisabled() && !request.nosave()) || request.save()) {
            LOG.log(System.Logger.Level.INFO, "Saving the final RDB snapshot before exiting.");
            if (!saveInForeground() && !request.force()) {
                LOG.log(System.Logger.Level.WARNING, "Error trying to save the DB, can't exit.");
                return SHUTDOWN_FAILED;
            }
        }
        return null;
    }

    /**
     * DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: saves (unless NOSAVE), empties the store (unless
     * NOFLUSH) and loads the file back (with MERGE, its keys replace those of the same name). Null on
     * success, else the error to reply; a load that fails part way leaves what it loaded.
     */
    public String debugReload(boolean save, boolean flush, boolean merge) {
        if (save && !saveInForeground()) {
            return "ERR";
        }
        if (flush) {
            CommandContext context = engine.context();
            for (int db = 0; db < engine.keyspace().databases(); db++) {
                context.databaseChanged(db);
            }
            engine.keyspace().flushAll();
        }
        try {
            load(file(), merge);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "DEBUG RELOAD: " + e.getMessage(), e);
            return "ERR Error trying to load the RDB dump";
        }
        return null;
    }

    /** CONFIG RESETSTAT: rdb_saves starts again. */
    public void resetStatistics() {
        saves = 0;
    }

    /**
     * The server is closing (after the writer stopped): a running BGSAVE is cancelled and the snapshot
     * thread waited for; the store's close then releases the view.
     */
    public void stop() {
        if (running != null) {
            running.cancel();
        }
        agent.close();
    }

    // ---------------------------------------------------------------------------------------------
    // What INFO, LASTSAVE and the MISCONF gate read

    /** Whether writes (and PING) get -MISCONF: stop-writes-on-bgsave-error, save points, and the last BGSAVE failed. */
    public boolean refusesWrites() {
        return !lastBgsaveOk && config.stopWritesOnBgsaveError() && !config.save().isDisabled();   // asked of every command
    }

    /** INFO persistence's RDB fields, in Redis 7.0.15's order. */
    void appendInfo(StringBuilder out) {
        PageStats pages = engine.memory().stats();
        boolean forked = running != null && pages.viewOpen();
        SaveProgress progress = running == null ? null : running.progress();
        long processed = progress == null ? 0 : progress.keysProcessed();
        long total = running == null ? 0 : running.snapshot().keysTotal();
        long nowSeconds = runtime.clock().millis() / 1000;
        field(out, "loading", 0);
        field(out, "async_loading", 0);
        field(out, "current_cow_peak", forked ? pages.peakCowBytes() : 0);
        field(out, "current_cow_size", forked ? pages.cowBytes() : 0);
        field(out, "current_cow_size_age", 0);
        field(out, "current_fork_perc", String.format(Locale.ROOT, "%.2f", total == 0 ? 0.0 : 100.0 * processed / total));
        field(out, "current_save_keys_processed", processed);
        field(out, "current_save_keys_total", total);
        field(out, "rdb_changes_since_last_save", engine.context().dirty());
        field(out, "rdb_bgsave_in_progress", running != null ? 1 : 0);
        field(out, "rdb_last_save_time", runtime.lastSaveSeconds());
        field(out, "rdb_last_bgsave_status", lastBgsaveOk ? "ok" : "err");
        field(out, "rdb_last_bgsave_time_sec", lastBgsaveSeconds);
        field(out, "rdb_current_bgsave_time_sec", running == null ? -1 : nowSeconds - running.startedMillis() / 1000);
        field(out, "rdb_saves", saves);
        field(out, "rdb_last_cow_size", lastCowBytes);
        field(out, "rdb_last_load_keys_expired", lastLoadKeysExpired);
        field(out, "rdb_last_load_keys_loaded", lastLoadKeysLoaded);
    }

    private static void field(StringBuilder out, String name, Object value) {
        out.append(name).append(':').append(value).append("\r\n");
    }

    public boolean lastBgsaveOk() {
        return lastBgsaveOk;
    }

    public boolean bgsaveInProgress() {
        return running != null;
    }

    public boolean bgsaveScheduled() {
        return bgsaveScheduled;
    }
}
