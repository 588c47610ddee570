package io.forkline.server.config;

/** Where a configuration line came from: a file and line number, or the command line (line 0). */
record Location(String source, int line) {

    static final Location COMMAND_LINE = new Location(ConfigException.COMMAND_LINE, 0);

    ConfigException error(String problem) {
        return new ConfigException(source, line, problem);
    }
}
