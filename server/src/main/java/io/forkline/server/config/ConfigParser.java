package io.forkline.server.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a configuration as {@code redis-server [redis.conf] [--directive value ...]} does: the file
 * (with what it includes) line by line, then the {@code --} options as if they were lines appended to
 * it, each applied to the config built so far, so later lines win and {@code save} lines accumulate.
 * Relative paths (the file, {@code dir}, and through {@code dir} every include) start from the
 * working directory it was given. Reading the file from standard input ({@code -}) is not supported.
 * An include's file name may be a pattern ({@code include conf.d/*.conf}), its directories not.
 */
public final class ConfigParser {

    private final Path workingDirectory;

    /** A parser for the process's working directory. */
    public ConfigParser() {
        this(Path.of(""));
    }

    public ConfigParser(Path workingDirectory) {
        this.workingDirectory = ConfigTable.realOrAbsolute(workingDirectory);
    }

    /**
     * The configuration {@code file} (or none, when null) and the command-line {@code options} after
     * it ({@code --port 7000 --save ""}) give, on top of Redis 7's defaults.
     */
    public ServerConfig parse(Path file, List<String> options) throws ConfigException {
        List<List<String>> optionLines = optionLines(options);
        ConfigLoad load = new ConfigLoad(ServerConfig.defaults().with(ConfigTable.DIR, workingDirectory));
        if (file != null) {
            load.loadFile(file.toString(), workingDirectory.resolve(file), null);
        }
        for (List<String> line : optionLines) {
            load.applyLine(line, Location.COMMAND_LINE);
        }
        return load.config();
    }

    /** The configuration a whole redis-server command line gives: {@code [file] [--directive args...]}. */
    public ServerConfig parseCommandLine(List<String> arguments) throws ConfigException {
        if (!firstIsFile(arguments)) {
            return parse(null, arguments);
        }
        String named = arguments.get(0);
        Path file;
        try {
            file = Path.of(named);
        } catch (InvalidPathException e) {
            throw new Location(named, 0).error("can't open config file '" + named + "': not a valid path");
        }
        return parse(file, arguments.subList(1, arguments.size()));
    }

    /** The configuration file a command line names (its first argument, unless that is an option), absolute. */
    public Optional<Path> configFile(List<String> arguments) {
        return firstIsFile(arguments) ? Optional.of(workingDirectory.resolve(arguments.get(0))) : Optional.empty();
    }

    private static boolean firstIsFile(List<String> arguments) {
        return !arguments.isEmpty() && !arguments.get(0).startsWith("-");
    }

    /**
     * The options as directive lines, by redis-server's rules: {@code --name} starts a line (a
     * {@code "--port 7000"} argument carries its value with it); what follows, up to the next
     * {@code --} argument, are its arguments. A name's first argument is taken as is, even when it
     * starts with "--" ({@code --requirepass --secret}), except after {@code --save}, where the next
     * option or the end means {@code save ""}.
     */
    static List<List<String>> optionLines(List<String> options) throws ConfigException {
        List<List<String>> lines = new ArrayList<>();
        List<String> line = null;
        boolean awaitingValue = false;
        for (int i = 0; i < options.size(); i++) {
            String option = options.get(i);
            if (option.equals("-") && (i == 0 || i == options.size() - 1)) {
                throw Location.COMMAND_LINE.error("reading the configuration from standard input ('-') is not supported");
            }
            if (!awaitingValue && option.startsWith("--")) {
                line = new ArrayList<>(ConfigLoad.split(option.substring(2), Location.COMMAND_LINE));
                if (line.isEmpty()) {
                    throw Location.COMMAND_LINE.error("'" + option + "' names no directive");
                }
                lines.add(line);
                awaitingValue = line.size() == 1;
                if (awaitingValue && line.get(0).equalsIgnoreCase("save") && nextIsOptionOrEnd(options, i)) {
                    line.add("");
                    awaitingValue = false;
                }
            } else if (line == null) {
                throw Location.COMMAND_LINE.error("'" + option + "' comes before any --directive");
            } else {
                line.add(option);
                awaitingValue = false;
            }
        }
        return lines;
    }

    private static boolean nextIsOptionOrEnd(List<String> options, int index) {
        return index == options.size() - 1 || options.get(index + 1).startsWith("--");
    }
}
