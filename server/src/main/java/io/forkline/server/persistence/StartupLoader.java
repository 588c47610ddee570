package io.forkline.server.persistence;

import io.forkline.server.config.ServerConfig;
import io.forkline.server.persistence.aof.AppendOnlyFile;

/**
 * What the server loads before it accepts clients, as Redis's loadDataFromDisk decides: the
 * append-only file when appendonly is yes (then the RDB file is not read at all), else the RDB file.
 */
public final class StartupLoader {

    /** Where a starting server's data comes from. */
    public enum Source {
        RDB,
        AOF
    }

    private StartupLoader() {
    }

    /** The source {@code config} calls for. */
    public static Source source(ServerConfig config) {
        return config.appendonly() ? Source.AOF : Source.RDB;
    }

    /**
     * Loads the data set {@code config} calls for into the empty store.
     *
     * @throws DatasetLoadException when the file cannot be trusted: the server must not start
     */
    public static void load(ServerConfig config, RdbPersistence rdb, AppendOnlyFile aof) {
        if (source(config) == Source.RDB) {
            rdb.loadAtStartup();
        }
        aof.loadAtStartup();   // loads and opens the log with appendonly yes; reads its manifest otherwise, as Redis
    }
}
