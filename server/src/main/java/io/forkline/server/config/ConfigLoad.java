package io.forkline.server.config;

import io.forkline.engine.text.Glob;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One load of the configuration: the config file, what it includes and the command-line options,
 * applied line by line, in order, to the config built so far (Redis's loadServerConfigFromString).
 * Used once, by one thread.
 */
final class ConfigLoad {

    /** Directives Redis 7 still accepts and ignores. */
    private static final Set<String> IGNORED = Set.of("list-max-ziplist-entries", "list-max-ziplist-value",
            "lua-replicate-commands");
    private static final String BAD_DIRECTIVE = "Bad directive or wrong number of arguments";

    private final ConfigTable table = ConfigTable.standard();
    private final Set<ConfigDirective<?>> seen = new HashSet<>();
    private final Deque<Path> openFiles = new ArrayDeque<>();
    private final Deque<String> openNames = new ArrayDeque<>();
    private ServerConfig config;

    ConfigLoad(ServerConfig start) {
        this.config = start;
    }

    ServerConfig config() {
        return config;
    }

    /**
     * Applies every line of a file; {@code shownName} is how messages name it, {@code includedFrom}
     * the include line that named it, or null for the config file itself.
     */
    void loadFile(String shownName, Path path, Location includedFrom) throws ConfigException {
        Location whereNamed = includedFrom != null ? includedFrom : new Location(shownName, 0);
        Path file;
        String content;
        try {
            file = path.toRealPath();
            content = decode(Files.readAllBytes(file));
        } catch (IOException e) {
            throw whereNamed.error("can't open config file '" + shownName + "': " + IoErrors.describe(e));
        }
        if (openFiles.contains(file)) {
            throw whereNamed.error("include cycle: " + String.join(" -> ", openNames.reversed()) + " -> " + shownName);
        }
        openFiles.push(file);
        openNames.push(shownName);
        try {
            applyLines(shownName, content.split("\n", -1));
        } finally {
            openFiles.pop();
            openNames.pop();
        }
    }

    private void applyLines(String source, String[] lines) throws ConfigException {
        for (int i = 0; i < lines.length; i++) {
            String line = trim(lines[i]);
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            Location where = new Location(source, i + 1);
            List<String> tokens = split(line, where);
            if (!tokens.isEmpty()) {
                applyLine(tokens, where);
            }
        }
    }

    /** Applies one directive line: its name (any case) and its arguments. */
    void applyLine(List<String> tokens, Location where) throws ConfigException {
        String name = tokens.get(0).toLowerCase(Locale.ROOT);
        List<String> arguments = tokens.subList(1, tokens.size());
        Optional<ConfigDirective<?>> directive = table.get(name);
        if (directive.isPresent()) {
            apply(directive.get(), name, arguments, where);
        } else if (name.equals("include")) {
            include(arguments, where);
        } else if (IGNORED.contains(name) && arguments.size() == 1) {
            return;   // deprecated, accepted and ignored as in Redis 7
        } else {
            throw where.error("unknown directive '" + tokens.get(0) + "' (" + BAD_DIRECTIVE + ")");
        }
    }

    private <T> void apply(ConfigDirective<T> directive, String name, List<String> arguments, Location where)
            throws ConfigException {
        List<String> values = arguments;
        if (directive.takesSeveralArguments() && values.size() == 1 && !values.get(0).isEmpty()) {
            values = split(values.get(0), where);   // save "3600 1 300 100", --save "3600 1"
        }
        T current = config.get(directive);
        try {
            T next = seen.add(directive) ? directive.parse(values, current) : directive.parseRepeated(values, current);
            config = config.with(directive, next);
        } catch (InvalidValueException e) {
            throw where.error(e.describe(name));
        }
    }

    /**
     * include: a path relative to {@code dir} (Redis's working directory, which dir changes). Its file
     * name may be a pattern with * ? [ that matches nothing or several files, loaded in name order;
     * unlike Redis's glob(3), the directories above it may not.
     */
    private void include(List<String> arguments, Location where) throws ConfigException {
        if (arguments.size() != 1) {
            throw where.error("'include' takes one argument, got " + arguments.size() + " (" + BAD_DIRECTIVE + ")");
        }
        String named = arguments.get(0);
        Path path;
        try {
            path = config.dir().resolve(named);
        } catch (InvalidPathException e) {
            throw where.error("can't open config file '" + named + "': not a valid path");
        }
        Path fileName = path.getFileName();
        if (fileName == null || !isPattern(fileName.toString())) {
            loadFile(named, path, where);
            return;
        }
        for (Path match : matches(path.getParent(), fileName.toString(), where)) {
            Path parent = Path.of(named).getParent();
            String shown = parent == null ? match.getFileName().toString() : parent.resolve(match.getFileName()).toString();
            loadFile(shown, match, where);
        }
    }

    private static boolean isPattern(String name) {
        return name.indexOf('*') >= 0 || name.indexOf('?') >= 0 || name.indexOf('[') >= 0;
    }

    /** Files in {@code directory} whose names match, sorted; a leading dot must be matched explicitly, as in glob(3). */
    private static List<Path> matches(Path directory, String pattern, Location where) throws ConfigException {
        byte[] patternBytes = pattern.getBytes(StandardCharsets.UTF_8);
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                boolean hidden = name.startsWith(".") && !pattern.startsWith(".");
                if (!hidden && Glob.matches(patternBytes, name.getBytes(StandardCharsets.UTF_8), false)) {
                    found.add(entry);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        } catch (IOException e) {
            throw where.error("can't list directory '" + directory + "': " + IoErrors.describe(e));
        }
        return found.stream().sorted().toList();
    }

    static List<String> split(String line, Location where) throws ConfigException {
        try {
            return ArgumentSplitter.split(line);
        } catch (LineSplitException e) {
            throw where.error(e.describe());
        }
    }

    /** Strips spaces, tabs, CR and LF from both ends, as Redis's sdstrim(" \t\r\n") does. */
    static String trim(String line) {
        int start = 0;
        int end = line.length();
        while (start < end && " \t\r\n".indexOf(line.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && " \t\r\n".indexOf(line.charAt(end - 1)) >= 0) {
            end--;
        }
        return line.substring(start, end);
    }

    private static String decode(byte[] bytes) throws IOException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }
}
