package io.forkline.server.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration a running server holds, and what CONFIG GET, SET and REWRITE do to it (CONFIG
 * RESETSTAT resets the server's statistics, not this). CONFIG SET is all or nothing: it builds the
 * next {@link ServerConfig} beside the current one, lets the {@link ConfigListener}s apply it, and
 * publishes it only when every listener accepted it.
 *
 * <p>Threads: CONFIG SET and {@link #addListener} run on one thread (the writer); any thread may call
 * {@link #current()} and gets an immutable snapshot.
 */
public final class RuntimeConfig {

    private final ConfigTable table = ConfigTable.standard();
    private final Path configFile;
    private final List<Registration> listeners = new ArrayList<>();
    private volatile ServerConfig current;

    /** A server started without a config file: CONFIG REWRITE fails, as in Redis. */
    public RuntimeConfig(ServerConfig initial) {
        this(initial, null);
    }

    /** A server started from {@code configFile}, the file CONFIG REWRITE rewrites. */
    public RuntimeConfig(ServerConfig initial, Path configFile) {
        this.current = initial;
        this.configFile = configFile;
    }

    public ServerConfig current() {
        return current;
    }

    public Optional<Path> configFile() {
        return Optional.ofNullable(configFile);
    }

    /** Calls {@code listener} after each CONFIG SET that changes any of {@code watched}, in the order added. */
    public void addListener(ConfigListener listener, ConfigDirective<?>... watched) {
        if (watched.length == 0) {
            throw new IllegalArgumentException("a listener watches at least one directive");
        }
        listeners.add(new Registration(listener, Set.of(watched)));
    }

    /**
     * CONFIG GET: the name and value of every directive a pattern names, in the order first matched.
     * A pattern without * ? [ is a name or alias, in any case; a glob pattern also matches aliases,
     * as in Redis 7.0. Names are replied in lower case.
     */
    public Map<String, String> get(List<String> patterns) {
        ServerConfig config = current;
        Map<String, String> reply = new LinkedHashMap<>();
        for (String pattern : patterns) {
            if (isGlob(pattern)) {
                table.matching(pattern).forEach((name, directive) -> reply.putIfAbsent(name, directive.show(config)));
            } else {
                table.get(pattern).ifPresent(directive ->
                        reply.putIfAbsent(pattern.toLowerCase(Locale.ROOT), directive.show(config)));
            }
        }
        return reply;
    }

    private static boolean isGlob(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
    }

    /**
     * CONFIG SET with name / value pairs: all of them take effect, or none does. A value for save,
     * bind or client-output-buffer-limit is split at each space.
     *
     * @throws ConfigSetException with Redis 7.0's error reply: an unknown name, an immutable or
     *         protected directive, one named twice, a value it cannot take, or a listener's refusal
     */
    public void set(List<String> namesAndValues) throws ConfigSetException {
        if (namesAndValues.size() % 2 != 0) {
            throw new ConfigSetException("ERR syntax error");
        }
        List<Change> changes = lookUp(namesAndValues);
        ServerConfig previous = current;
        ServerConfig next = previous;
        for (Change change : changes) {
            next = change.applyTo(next);
        }
        applyListeners(changes, previous, next);
        current = next;
    }

    /** The directives named, checked as Redis checks them before setting anything; the first problem wins. */
    private List<Change> lookUp(List<String> namesAndValues) throws ConfigSetException {
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < namesAndValues.size(); i += 2) {
            String name = namesAndValues.get(i);
            ConfigDirective<?> directive = table.get(name).orElseThrow(() -> new ConfigSetException(
                    "ERR Unknown option or number of arguments for CONFIG SET - '" + name + "'"));
            switch (directive.mutability()) {
                case IMMUTABLE -> throw ConfigSetException.failed(name, "can't set immutable config");
                case PROTECTED -> throw ConfigSetException.failed(name, "can't set protected config");
                case MUTABLE -> { }
            }
            if (changes.stream().anyMatch(change -> change.directive() == directive)) {
                throw ConfigSetException.failed(name, "duplicate parameter");
            }
            changes.add(new Change(directive, name.toLowerCase(Locale.ROOT), namesAndValues.get(i + 1)));
        }
        return changes;
    }

    private void applyListeners(List<Change> changes, ServerConfig previous, ServerConfig next)
            throws ConfigSetException {
        List<Registration> applied = new ArrayList<>();
        for (Registration registration : listeners) {
            Optional<Change> cause = changes.stream()
                    .filter(change -> registration.watched().contains(change.directive()))
                    .filter(change -> !previous.sameValue(change.directive(), next))
                    .findFirst();
            if (cause.isEmpty()) {
                continue;
            }
            try {
                registration.listener().configChanged(previous, next);
                applied.add(registration);
            } catch (ConfigApplyException refusal) {
                undo(applied, previous, next, refusal);
                throw ConfigSetException.failed(cause.get().name(), refusal.getMessage(), refusal);
            }
        }
    }

    /** Calls the listeners that applied {@code next} again, newest first, to go back to {@code previous}. */
    private static void undo(List<Registration> applied, ServerConfig previous, ServerConfig next,
                             ConfigApplyException refusal) {
        for (Registration registration : applied.reversed()) {
            try {
                registration.listener().configChanged(next, previous);
            } catch (ConfigApplyException failedUndo) {
                refusal.addSuppressed(failedUndo);
            }
        }
    }

    /**
     * CONFIG REWRITE: rewrites the config file the server started from to hold the current values.
     * Blocking file IO.
     *
     * @throws ConfigRewriteException with Redis's error reply: no config file, or the file IO failed
     */
    public void rewrite() throws ConfigRewriteException {
        if (configFile == null) {
            throw new ConfigRewriteException("ERR The server is running without a config file", null);
        }
        try {
            ConfigRewriter.rewrite(configFile, current);
        } catch (IOException e) {
            throw new ConfigRewriteException("ERR Rewriting config file: " + IoErrors.describe(e), e);
        }
    }

    private record Registration(ConfigListener listener, Set<ConfigDirective<?>> watched) {
    }

    /** One name / value pair of a CONFIG SET, its directive found. */
    private record Change(ConfigDirective<?> directive, String name, String value) {

        ServerConfig applyTo(ServerConfig config) throws ConfigSetException {
            return applyTyped(directive, config);
        }

        private <T> ServerConfig applyTyped(ConfigDirective<T> typed, ServerConfig config) throws ConfigSetException {
            List<String> arguments = typed.takesSeveralArguments() ? splitAtSpaces(value) : List.of(value);
            try {
                return config.with(typed, typed.parse(arguments, config.get(typed)));
            } catch (InvalidValueException e) {
                throw ConfigSetException.failed(name, e.replyReason());
            }
        }

        /** Redis's sdssplitlen(value, " "): every space separates, so "" gives no argument and "a  b" three. */
        private static List<String> splitAtSpaces(String value) {
            return value.isEmpty() ? List.of() : List.of(value.split(" ", -1));
        }
    }
}
