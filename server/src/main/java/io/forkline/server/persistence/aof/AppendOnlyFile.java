package io.forkline.server.persistence.aof;

import io.forkline.aof.fsync.FsyncAgent;
import io.forkline.aof.fsync.FsyncPolicy;
import io.forkline.aof.journal.AofJournal;
import io.forkline.aof.load.AofLoader;
import io.forkline.aof.load.LoadReport;
import io.forkline.aof.manifest.AofLayout;
import io.forkline.aof.manifest.AofManifestException;
import io.forkline.aof.rewrite.AofBaseWriter;
import io.forkline.aof.rewrite.AofRewrite;
import io.forkline.aof.segment.AofDirectory;
import io.forkline.aof.segment.AofSegment;
import io.forkline.engine.Engine;
import io.forkline.engine.command.Effects;
import io.forkline.engine.pipeline.CommandJournal;
import io.forkline.server.config.ConfigApplyException;
import io.forkline.server.config.ServerConfig;
import io.forkline.server.exec.ServerRuntime;
import io.forkline.server.exec.ShutdownRequest;
import io.forkline.server.persistence.BackgroundJobs;
import io.forkline.server.persistence.DatasetLoadException;
import io.forkline.server.persistence.SnapshotAgent;
import io.forkline.snapshot.Snapshot;
import io.forkline.snapshot.SnapshotStrategy;
import io.forkline.snapshot.rdb.KeyspaceImage;
import io.forkline.snapshot.rdb.RdbWriteOptions;
import io.forkline.snapshot.storage.Storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The append-only file on the server, as Redis 7.0's aof.c and serverCron drive it: the load at
 * start-up and the opening of the log, the journal stage ({@link AofJournal}) the pipeline runs, BGREWRITEAOF
 * and the rewrite by growth through the job slot BGSAVE shares, {@code CONFIG SET appendonly} and the
 * fsync directives at run time, the {@code -MISCONF} refusal after a failed write, INFO persistence's
 * {@code aof_*} fields, and the flush and sync when the server stops.
 *
 * <h2>States, as Redis's aof_state</h2>
 * OFF: nothing is logged. ON: every effect is journaled into the last incr. WAIT_REWRITE: the log was
 * switched on at run time; from the first rewrite's fork on, effects go to the temporary incr, which that
 * rewrite's success names into the log (then ON); if it fails, the journal stops and a new rewrite is
 * scheduled.
 *
 * <h2>A rewrite</h2>
 * On the writer, between two commands: the snapshot strategy freezes the keyspace (fork-cow forks the
 * page table) and, at that same point of the ring, the journal is told to continue in a new incr
 * ({@link AofJournal#switchTo}); the journal thread makes the incr and persists the manifest that lists
 * it. The snapshot thread writes the base from the frozen view, waits for the journal's switch, then
 * installs the base and switches the manifest ({@link AofRewrite}). The end comes back to the writer as
 * a task on the ring, which closes the view and records the outcome. Under stop-the-world the writer
 * writes the base itself and the snapshot thread only installs it.
 *
 * <p>Writer thread only, except {@link #loadAtStartup} (before the writer starts) and {@link #close}
 * (after it stopped).
 */
public final class AppendOnlyFile {

    private static final System.Logger LOG = System.getLogger("forkline.aof");

    static final String REWRITE_STARTED = "Background append only file rewriting started";
    static final String REWRITE_SCHEDULED = "Background append only file rewriting scheduled";
    static final String CANNOT_REWRITE = "ERR Can't execute an AOF background rewriting. Please check the server logs for more "
            + "information.";
    static final String CANNOT_ENABLE = "Unable to turn on AOF. Check server logs.";
    static final String SHUTDOWN_FAILED = "ERR Errors trying to SHUTDOWN. Check logs.";
    private static final byte[] MULTI = "*1\r\n$5\r\nMULTI\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXEC = "*1\r\n$4\r\nEXEC\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Redis's aof_state. */
    enum State { OFF, ON, WAIT_REWRITE }

    private final Engine engine;
    private final ServerRuntime runtime;
    private final Storage storage;
    private final BackgroundJobs jobs;
    private final SnapshotAgent snapshots;
    private final FsyncAgent fsync;
    private final AofJournal journal;
    private final AofDirectory directory;
    private final RewriteLimit limit = new RewriteLimit();
    private volatile ServerConfig config;

    private State state = State.OFF;
    private AofRewriteJob running;
    private boolean scheduled;
    private long rewrites;
    private long consecutiveFailures;
    private boolean lastRewriteOk = true;
    private long lastRewriteSeconds = -1;
    private long lastCowBytes;
    private long baseSize;
    private long rewriteIds;
    /** Whether a background job runs, for the journal's and the agent's threads (no-appendfsync-on-rewrite). */
    private volatile boolean childActive;

    /**
     * @param jobs      the server's one background job slot, shared with BGSAVE
     * @param snapshots the snapshot thread, shared with BGSAVE
     */
    public AppendOnlyFile(Engine engine, ServerRuntime runtime, ServerConfig config, Storage storage, BackgroundJobs jobs,
                          SnapshotAgent snapshots) {
        this.engine = engine;
        this.runtime = runtime;
        this.config = config;
        this.storage = storage;
        this.jobs = jobs;
        this.snapshots = snapshots;
        this.directory = new AofDirectory(storage, new AofLayout(config.dir(), config.appenddirname(), config.appendfilename()));
        this.fsync = new FsyncAgent(System::nanoTime);
        this.journal = new AofJournal(fsync, System::nanoTime, () -> runtime.clock().millis());
        journal.policy(policy(config));
        journal.timestamps(config.aofTimestampEnabled());
        journal.holdSyncsWhile(() -> childActive && this.config.noAppendfsyncOnRewrite());
        fsync.start();
    }

    private static FsyncPolicy policy(ServerConfig config) {
        return FsyncPolicy.named(config.appendfsync().configName());
    }

    /** The pipeline's journal stage: logs nothing while the AOF is off. */
    public CommandJournal journal() {
        return journal;
    }

    // ---------------------------------------------------------------------------------------------
    // Start-up

    /**
     * Before the server serves anyone (Redis's aofLoadManifestFromDisk, loadAppendOnlyFiles,
     * aofOpenIfNeededOnServerStart, aofDelHistoryFiles). With appendonly yes: loads the log (it wins over
     * the RDB file), then opens its last incr for appending; a log that does not exist yet is created from
     * the current, empty data set, as a base and a first incr. With appendonly no, the manifest is only read.
     *
     * @throws DatasetLoadException when the log cannot be trusted, or cannot be opened: the server must not start
     */
    public void loadAtStartup() {
        try {
            if (!config.appendonly()) {
                directory.readManifest();
                return;
            }
            long started = System.nanoTime();
            LoadReport report = new AofLoader(storage, directory.layout(), config.aofLoadTruncated()).load(engine, runtime.clock().millis());
            report.warnings().forEach(warning -> LOG.log(System.Logger.Level.WARNING, warning));
            LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT, "DB loaded from append only file: %.3f seconds",
                    (System.nanoTime() - started) / 1e9));
            directory.loaded(report.manifest());
            open(report);
            directory.deleteHistory();
        } catch (IOException e) {
            throw new DatasetLoadException(directory.layout().manifest(), e);
        } catch (AofManifestException e) {
            throw new DatasetLoadException(directory.layout().manifest(), new IOException(e.getMessage(), e));
        }
        state(State.ON);
    }

    private void open(LoadReport report) throws IOException {
        long earlier;
        if (report.manifest().isEmpty()) {
            AofRewrite first = new AofRewrite(directory, baseWriter(), liveImage(), null, false, nextRewriteId());
            first.writeBase();
            first.install();
            LOG.log(System.Logger.Level.INFO, "Creating AOF base file " + directory.manifest().base().name() + " on server start");
            earlier = first.baseSize();
        } else {
            earlier = report.currentSize() - report.lastIncrSize();
        }
        AofSegment incr = directory.openLastIncr();
        journal.start(incr, earlier);
        baseSize = journal.currentSize();
    }

    /** Every change of aof_state: commands record their effects while the log takes them. */
    private void state(State next) {
        state = next;
        runtime.recordEffects(next != State.OFF);
    }

    private KeyspaceImage liveImage() {
        return new KeyspaceImage(engine.memory(), engine.keyspace().root(), engine.keyspace().databases(),
                engine.allocator().usedBytes());
    }

    private AofBaseWriter baseWriter() {
        if (config.aofUseRdbPreamble()) {
            return AofBaseWriter.rdbPreamble(new RdbWriteOptions(config.rdbcompression(), config.rdbchecksum(), RdbWriteOptions.VERSION,
                    Map.of(), true));
        }
        return AofBaseWriter.resp(config.aofTimestampEnabled(), () -> runtime.clock().millis());
    }

    private long nextRewriteId() {
        return ProcessHandle.current().pid() * 1000 + (++rewriteIds % 1000);
    }

    // ---------------------------------------------------------------------------------------------
    // BGREWRITEAOF and the cron

    /** BGREWRITEAOF: the status to reply, or an error starting with its code (Redis's bgrewriteaofCommand). */
    String bgrewriteaof() {
        if (jobs.running(BackgroundJobs.Kind.AOF_REWRITE)) {
            return BackgroundJobs.AOF_REWRITE_IN_PROGRESS;
        }
        if (jobs.busy() || runtime.executingTransaction()) {
            scheduled = true;
            consecutiveFailures = 0;   // asked for by hand: not held back by earlier failures
            return REWRITE_SCHEDULED;
        }
        return startRewrite() ? REWRITE_STARTED : CANNOT_REWRITE;
    }

    /**
     * Redis's rewriteAppendOnlyFileBackground: freezes the keyspace and, at that same point, switches the
     * journal to a new incr; the base is written off the writer. False when it could not start.
     */
    boolean startRewrite() {
        if (jobs.busy()) {
            return false;
        }
        SnapshotStrategy strategy = SnapshotStrategy.named(config.snapshotStrategy().configName());
        Snapshot snapshot;
        try {
            snapshot = strategy.begin(engine);
        } catch (RuntimeException e) {
            lastRewriteOk = false;
            LOG.log(System.Logger.Level.WARNING, "Can't rewrite append only file in background: " + e.getMessage());
            return false;
        }
        Effects here = runtime.currentEvent().effects();
        CompletableFuture<AofSegment> switched = switch (state) {
            case ON -> journal.switchTo(here, here.count(), directory::createIncr);
            case WAIT_REWRITE -> journal.switchTo(here, here.count(), directory::createTempIncr);
            case OFF -> null;
        };
        if (switched != null) {   // and the incr it leaves is synced and closed by the fsync thread (Redis's close job)
            switched = switched.thenCompose(incr -> fsync.retiredClosed().thenApply(closed -> incr));
        }
        long now = runtime.clock().millis();
        AofRewrite rewrite = new AofRewrite(directory, baseWriter(), snapshot.image(), switched, config.aofRewriteIncrementalFsync(),
                nextRewriteId());
        AofRewriteJob job = new AofRewriteJob(rewrite, snapshot, strategy.background(), now);
        jobs.started(job, now);
        running = job;
        childActive = true;
        rewrites++;
        scheduled = false;
        LOG.log(System.Logger.Level.INFO, "Background append only file rewriting started");
        if (strategy.background()) {
            snapshots.run(job::run, () -> rewriteDone(job));
        } else {
            job.writeBase();   // stop-the-world: the writer writes the live keyspace while clients wait
            snapshots.run(job::install, () -> rewriteDone(job));
        }
        return true;
    }

    /** Redis's backgroundRewriteDoneHandler, on the writer: closes the view and records the outcome. */
    void rewriteDone(AofRewriteJob job) {
        job.snapshot().close();
        jobs.finished(job);
        running = null;
        childActive = jobs.busy();
        long now = runtime.clock().millis();
        lastRewriteSeconds = now / 1000 - job.startedMillis() / 1000;
        if (job.succeeded()) {
            if (state != State.OFF) {
                journal.rebase(job.baseSize());
                baseSize = journal.currentSize();
            }
            if (state == State.WAIT_REWRITE) {
                state(State.ON);
            }
            lastRewriteOk = true;
            consecutiveFailures = 0;
            lastCowBytes = job.forked() ? engine.memory().stats().lastCowBytes() : 0;
            LOG.log(System.Logger.Level.INFO, "Background AOF rewrite finished successfully");
        } else if (job.wasCancelled()) {
            LOG.log(System.Logger.Level.WARNING, "Background AOF rewrite cancelled");
        } else {
            lastRewriteOk = false;
            consecutiveFailures++;
            LOG.log(System.Logger.Level.WARNING, "Background AOF rewrite terminated with error: " + job.failure().getMessage());
            if (state == State.WAIT_REWRITE) {
                stopJournal();   // the temporary incr is dropped; the next rewrite starts it again
                scheduled = true;
            }
        }
    }

    /** Each cron tick (Redis's serverCron): a scheduled rewrite, or one by growth, when no job runs. */
    public void tick() {
        childActive = jobs.busy();
        if (jobs.busy()) {
            return;
        }
        long nowSeconds = runtime.clock().millis() / 1000;
        if (scheduled && !limit.limited(nowSeconds, consecutiveFailures)) {
            startRewrite();
            return;
        }
        int percentage = config.autoAofRewritePercentage();
        long current = journal.currentSize();
        if (state == State.ON && percentage > 0 && current > config.autoAofRewriteMinSize()) {
            long base = baseSize == 0 ? 1 : baseSize;
            long growth = current * 100 / base - 100;
            if (growth >= percentage && !limit.limited(nowSeconds, consecutiveFailures)) {
                LOG.log(System.Logger.Level.INFO, "Starting automatic rewriting of AOF on " + growth + "% growth");
                startRewrite();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // CONFIG SET

    /** After a CONFIG SET of any AOF directive; {@code appendonly} switches the log on or off as Redis's updateAppendonly. */
    public void configure(ServerConfig previous, ServerConfig next) throws ConfigApplyException {
        this.config = next;
        journal.policy(policy(next));
        journal.timestamps(next.aofTimestampEnabled());
        if (next.appendonly() && state == State.OFF) {
            startAppendOnly();
        } else if (!next.appendonly() && state != State.OFF) {
            stopAppendOnly();
        }
    }

    /** Redis's startAppendOnly: WAIT_REWRITE, and a rewrite now or as soon as the job slot is free. */
    private void startAppendOnly() throws ConfigApplyException {
        state(State.WAIT_REWRITE);
        if (jobs.busy() && !jobs.running(BackgroundJobs.Kind.AOF_REWRITE)) {
            scheduled = true;
            LOG.log(System.Logger.Level.WARNING, "AOF was enabled but there is already another background operation. An AOF background "
                    + "was scheduled to start when possible.");
        } else if (runtime.executingTransaction()) {
            scheduled = true;
            LOG.log(System.Logger.Level.WARNING, "AOF was enabled during a transaction. An AOF background was scheduled to start when "
                    + "possible.");
        } else if (jobs.running(BackgroundJobs.Kind.AOF_REWRITE)) {
            LOG.log(System.Logger.Level.WARNING, "AOF was enabled but there is already an AOF rewriting in background. Stopping "
                    + "background AOF and starting a rewrite now.");
            running.cancel();
            scheduled = true;   // it starts once the cancelled one has ended
        } else if (!startRewrite()) {
            state(State.OFF);
            LOG.log(System.Logger.Level.WARNING, "Redis needs to enable the AOF but can't trigger a background AOF rewrite operation.");
            throw new ConfigApplyException(CANNOT_ENABLE);
        }
    }

    /** Redis's stopAppendOnly: the journal writes what came before this point, syncs and closes; a running rewrite is cancelled. */
    private void stopAppendOnly() {
        stopJournal();
        state(State.OFF);
        scheduled = false;
        if (running != null) {
            running.cancel();
        }
    }

    /**
     * Stops the journal at the current point, or before the MULTI of a transaction being executed (so no
     * half of it is logged). A log that never got its first base leaves a temporary incr, removed once the
     * journal has closed it (on the journal thread), as Redis's aofDelTempIncrAofFile.
     */
    private void stopJournal() {
        Effects here = runtime.currentEvent().effects();
        boolean temporary = state == State.WAIT_REWRITE;
        journal.stop(here, openTransactionStart(here)).thenRun(() -> {
            if (temporary) {
                try {
                    storage.delete(directory.tempIncr());
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "Can't remove the temp incr AOF file: " + e.getMessage());
                }
            }
        });
    }

    /** The index of the MULTI of a transaction whose EXEC is not among {@code effects} yet, else their count. */
    static int openTransactionStart(Effects effects) {
        int open = -1;
        for (int i = 0; i < effects.count(); i++) {
            if (is(effects, i, MULTI)) {
                open = i;
            } else if (is(effects, i, EXEC)) {
                open = -1;
            }
        }
        return open >= 0 ? open : effects.count();
    }

    private static boolean is(Effects effects, int i, byte[] command) {
        int start = effects.start(i);
        return effects.end(i) - start == command.length
                && Arrays.equals(effects.buffer(), start, start + command.length, command, 0, command.length);
    }

    // ---------------------------------------------------------------------------------------------
    // Refusals, INFO, SHUTDOWN, statistics

    /** Redis's writeCommandsDeniedByDiskError for the AOF: the MISCONF error while the last write or fsync failed, else null. */
    public String refusal() {
        if (state == State.OFF) {
            return null;
        }
        IOException failure = journal.writeFailure();
        if (failure == null) {
            failure = fsync.lastFailure();
        }
        return failure == null ? null : AofJournal.misconf(failure);
    }

    /** INFO persistence's AOF fields, in Redis 7.0.15's order. */
    public void appendInfo(StringBuilder out) {
        long nowSeconds = runtime.clock().millis() / 1000;
        boolean writeOk = journal.writeFailure() == null && fsync.lastFailure() == null;
        field(out, "aof_enabled", state != State.OFF ? 1 : 0);
        field(out, "aof_rewrite_in_progress", running != null ? 1 : 0);
        field(out, "aof_rewrite_scheduled", scheduled ? 1 : 0);
        field(out, "aof_last_rewrite_time_sec", lastRewriteSeconds);
        field(out, "aof_current_rewrite_time_sec", running == null ? -1 : nowSeconds - running.startedMillis() / 1000);
        field(out, "aof_last_bgrewrite_status", lastRewriteOk ? "ok" : "err");
        field(out, "aof_rewrites", rewrites);
        field(out, "aof_rewrites_consecutive_failures", consecutiveFailures);
        field(out, "aof_last_write_status", writeOk ? "ok" : "err");
        field(out, "aof_last_cow_size", lastCowBytes);
        field(out, "module_fork_in_progress", 0);
        field(out, "module_fork_last_cow_size", 0);
        if (config.appendonly()) {
            field(out, "aof_current_size", journal.currentSize());
            field(out, "aof_base_size", baseSize);
            field(out, "aof_pending_rewrite", scheduled ? 1 : 0);
            field(out, "aof_buffer_length", journal.bufferLength());
            field(out, "aof_pending_bio_fsync", fsync.pendingFsyncs());
            field(out, "aof_delayed_fsync", journal.delayedFsyncs());
        }
    }

    private static void field(StringBuilder out, String name, Object value) {
        out.append(name).append(':').append(value).append("\r\n");
    }

    /**
     * Before the server stops (Redis's prepareForShutdown): a running rewrite is cancelled, unless it is
     * the first one of a log being switched on and SHUTDOWN has no FORCE (then the server keeps running).
     * The journal's flush and sync come in {@link #close}.
     */
    public String prepareShutdown(ShutdownRequest request) {
        if (running == null) {
            return null;
        }
        if (state == State.WAIT_REWRITE) {
            if (!request.force()) {
                LOG.log(System.Logger.Level.WARNING, "Writing initial AOF, can't exit.");
                return SHUTDOWN_FAILED;
            }
            LOG.log(System.Logger.Level.WARNING, "Writing initial AOF. Exit anyway.");
        }
        LOG.log(System.Logger.Level.WARNING, "There is a child rewriting the AOF. Killing it!");
        running.cancel();
        return null;
    }

    /** CONFIG RESETSTAT. */
    public void resetStatistics() {
        rewrites = 0;
        consecutiveFailures = 0;
        journal.resetStatistics();
    }

    /** The server is stopping, its writer stopped: a running rewrite is asked to stop (the snapshot thread is waited for by its owner). */
    public void cancelRewrite() {
        AofRewriteJob job = running;
        if (job != null) {
            job.cancel();
        }
    }

    /** A crash (crash tests only): stops the fsync agent; what the journal holds is neither written nor synced. */
    public void halt() {
        fsync.halt();
    }

    /** After the writer and the snapshot thread stopped: writes and syncs what the journal holds, then stops the fsync agent. */
    public void close() {
        try {
            journal.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Fail to write or fsync the AOF file at shutdown: " + e.getMessage());
        } finally {
            fsync.close();
        }
    }
}
