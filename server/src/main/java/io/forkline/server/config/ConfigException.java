package io.forkline.server.config;

/**
 * A configuration the server cannot start with. The message says where (the file and line, or
 * "command line"), which directive, and what was wrong, with Redis 7.0's own wording in parentheses
 * where it has one, e.g. {@code redis.conf:3: 'port' must be an integer from 0 to 65535, got 'abc'
 * (argument couldn't be parsed into an integer)}.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The {@link #source()} of errors in {@code --directive} options. */
    public static final String COMMAND_LINE = "command line";

    private final String source;
    private final int line;

    ConfigException(String source, int line, String problem) {
        super((line > 0 ? source + ":" + line : source) + ": " + problem);
        this.source = source;
        this.line = line;
    }

    /** The file as it was named (on the command line or in an include), or {@link #COMMAND_LINE}. */
    public String source() {
        return source;
    }

    /** The line number in {@link #source()}, from 1; 0 when the error is not about one line. */
    public int line() {
        return line;
    }
}
