package io.forkline.server.persistence;

import io.forkline.engine.Engine;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.pipeline.CommandJournal;
import io.forkline.server.config.ServerConfig;
import io.forkline.server.exec.ServerRuntime;
import io.forkline.server.info.Info;
import io.forkline.server.persistence.aof.AofCommands;
import io.forkline.server.persistence.aof.AppendOnlyFile;
import io.forkline.snapshot.commands.DebugDigestCommands;
import io.forkline.snapshot.commands.DumpCommands;
import io.forkline.snapshot.storage.Storage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The server's persistence wired into its runtime: RDB saving and loading ({@link RdbPersistence}), the
 * one background job slot ({@link BackgroundJobs}), the snapshot thread ({@link SnapshotAgent}), the
 * MISCONF gate, the cron hook, the save after FLUSHALL, the final save before stopping, INFO
 * persistence, and the append-only file ({@link AppendOnlyFile}), which shares the job slot and the
 * snapshot thread. The server builds it before it serves anything.
 */
public final class Persistence {

    private final Engine engine;
    private final BackgroundJobs jobs = new BackgroundJobs();
    private final RdbPersistence rdb;
    private final AppendOnlyFile aof;
    private final PersistenceCommands commands;
    private ServerConfig config;

    private Persistence(ServerRuntime runtime, Storage storage, ServerConfig config, Consumer<Runnable> writer) {
        this.engine = runtime.engine();
        this.config = config;
        SnapshotAgent snapshots = new SnapshotAgent(writer);
        this.rdb = new RdbPersistence(engine, runtime, storage, config, jobs, snapshots);
        this.aof = new AppendOnlyFile(engine, runtime, config, storage, jobs, snapshots);
        this.commands = new PersistenceCommands(rdb);
    }

    /**
     * Builds the persistence of a server and hooks it into the runtime. Call it before other command
     * gates are added: Redis refuses writes with MISCONF before it checks a client's Pub/Sub context.
     *
     * @param writer how a task reaches the writer thread (the pipeline's publishTask)
     */
    public static Persistence attach(ServerRuntime runtime, Info info, ServerConfig config, Storage storage,
                                     Consumer<Runnable> writer) {
        Persistence persistence = new Persistence(runtime, storage, config, writer);
        RdbPersistence rdb = persistence.rdb;
        AppendOnlyFile aof = persistence.aof;
        runtime.commandGate(new DiskErrorGate(rdb, aof, runtime.engine()::dispatcher));
        runtime.onTick(event -> rdb.tick());
        runtime.onTick(event -> aof.tick());
        runtime.onShutdown(aof::prepareShutdown);   // Redis kills the AOF child before the final save
        runtime.onShutdown(rdb::prepareShutdown);
        runtime.onCommandExecuted((client, spec, args, db, micros) -> {
            if (spec != null && spec.name().equals("flushall") && flushAllSucceeded(args)) {
                rdb.flushedAll();
            }
        });
        info.register("persistence", rdb::appendInfo);
        info.register("persistence", aof::appendInfo);
        return persistence;
    }

    /** FLUSHALL [ASYNC|SYNC] ran (any other form was refused with a syntax error). */
    private static boolean flushAllSucceeded(Arguments args) {
        return args.count() == 1 || (args.count() == 2 && (args.is(1, "sync") || args.is(1, "async")));
    }

    /**
     * Loads what the configuration calls for into the empty store, before clients connect.
     *
     * @throws DatasetLoadException when the file cannot be trusted: the server must not start
     */
    public void loadAtStartup() {
        StartupLoader.load(config, rdb, aof);
    }

    /** SAVE, BGSAVE, BGREWRITEAOF, DUMP and RESTORE. */
    public List<CommandSpec> commands() {
        List<CommandSpec> all = new ArrayList<>(commands.specs());
        all.addAll(new AofCommands(aof).specs());
        all.addAll(new DumpCommands(engine, () -> config.rdbcompression()).specs());
        return all;
    }

    /** DEBUG RELOAD, DIGEST and DIGEST-VALUE, for the server's DEBUG container. */
    public List<CommandSpec> debugSubcommands() {
        List<CommandSpec> debug = new ArrayList<>(commands.debugSubcommands());
        debug.addAll(new DebugDigestCommands().debugSubcommands());
        return debug;
    }

    /** After a CONFIG SET of save, dir, dbfilename, rdbcompression, stop-writes-on-bgsave-error or snapshot-strategy. */
    public void configure(ServerConfig changed) {
        this.config = changed;
        rdb.configure(changed);
    }

    /** CONFIG RESETSTAT. */
    public void resetStatistics() {
        rdb.resetStatistics();
        aof.resetStatistics();
    }

    /** The one background job slot, shared by BGSAVE and the AOF rewrite. */
    public BackgroundJobs jobs() {
        return jobs;
    }

    public RdbPersistence rdb() {
        return rdb;
    }

    public AppendOnlyFile aof() {
        return aof;
    }

    /** The pipeline's journal stage: the append-only file's (which logs nothing while appendonly is no). */
    public CommandJournal journal() {
        return aof.journal();
    }

    /**
     * The server is closing, its writer stopped: cancels a running save or rewrite, waits for the snapshot
     * thread, then writes and syncs what the journal holds.
     */
    public void stop() {
        aof.cancelRewrite();
        rdb.stop();
        aof.close();
    }

    /**
     * A crash (crash tests only), the writer halted: cancels a running save or rewrite and stops the fsync thread;
     * what the journal holds is neither written nor synced.
     */
    public void halt() {
        aof.cancelRewrite();
        rdb.stop();
        aof.halt();
    }
}
