package io.forkline.server.persistence;

import io.forkline.server.config.ServerConfig;

/**
 * What the server loads before it accepts clients, as Redis's loadDataFromDisk decides: the
 * append-only file when appendonly is yes (then the RDB file is not read at all), else the RDB file.
 */
public final class StartupLoader {

    private static final System.Logger LOG = System.getLogger("forkline.persistence");

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
    public static void load(ServerConfig config, RdbPersistence rdb) {
        switch (source(config)) {
            case RDB -> rdb.loadAtStartup();
            // The AOF loader (multi-part manifest, RDB preamble) belongs here; until it is wired the store starts empty.
            case AOF -> LOG.log(System.Logger.Level.WARNING, "appendonly yes: the append-only file is not loaded yet; starting empty");
        }
    }
}
