package io.forkline.server.persistence;

import io.forkline.engine.Engine;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandSpec;
import io.forkline.server.config.ServerConfig;
import io.forkline.server.exec.ServerRuntime;
import io.forkline.server.info.Info;
import io.forkline.snapshot.commands.DebugDigestCommands;
import io.forkline.snapshot.commands.DumpCommands;
import io.forkline.snapshot.storage.Storage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The server's persistence wired into its runtime: RDB saving and loading ({@link RdbPersistence}), the
 * one background job slot ({@link BackgroundJobs}), the snapshot thread ({@link SnapshotAgent}), the
 * MISCONF gate, the cron hook, the save after FLUSHALL, the final save before stopping, and INFO
 * persistence. The server builds it before it serves anything; the AOF joins here later.
 */
public final class Persistence {

    private final Engine engine;
    private final BackgroundJobs jobs = new BackgroundJobs();
    private final RdbPersistence rdb;
    private final PersistenceCommands commands;
    private ServerConfig config;

    private Persistence(ServerRuntime runtime, Storage storage, ServerConfig config, Consumer<Runnable> writer) {
        this.engine = runtime.engine();
        this.config = config;
        this.rdb = new RdbPersistence(engine, runtime, storage, config, jobs, new SnapshotAgent(writer));
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
        runtime.commandGate(new DiskErrorGate(rdb, runtime.engine()::dispatcher));
        runtime.onTick(event -> rdb.tick());
        runtime.onShutdown(rdb::prepareShutdown);
        runtime.onCommandExecuted((client, spec, args, db, micros) -> {
            if (spec != null && spec.name().equals("flushall") && flushAllSucceeded(args)) {
                rdb.flushedAll();
            }
        });
        info.register("persistence", rdb::appendInfo);
        info.register("persistence", new AofOffInfo());
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
        StartupLoader.load(config, rdb);
    }

    /** SAVE, BGSAVE, DUMP and RESTORE. */
    public List<CommandSpec> commands() {
        List<CommandSpec> all = new ArrayList<>(commands.specs());
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
    }

    /** The one background job slot, shared by BGSAVE and the AOF rewrite. */
    public BackgroundJobs jobs() {
        return jobs;
    }

    public RdbPersistence rdb() {
        return rdb;
    }

    /** The server is closing, its writer stopped: cancels a running save and waits for the snapshot thread. */
    public void stop() {
        rdb.stop();
    }

    /** A crash (crash tests only): the writer halted, cancels a running save and writes nothing more. */
    public void halt() {
        rdb.stop();
    }
}
