package io.forkline.server.config;

import java.util.List;

/**
 * One configuration directive: its name and older aliases, the type and Redis 7 default of its value,
 * whether CONFIG SET may change it, and how its value is read, shown by CONFIG GET and written by
 * CONFIG REWRITE. Immutable; all of them live in {@link ConfigTable}.
 *
 * @param <T> the value's type, as {@link ServerConfig#get} returns it
 */
public final class ConfigDirective<T> {

    private final int index;
    private final String name;
    private final List<String> aliases;
    private final Mutability mutability;
    private final T defaultValue;
    private final ValueSyntax<T> syntax;

    ConfigDirective(int index, String name, List<String> aliases, Mutability mutability, T defaultValue,
                    ValueSyntax<T> syntax) {
        this.index = index;
        this.name = name;
        this.aliases = List.copyOf(aliases);
        this.mutability = mutability;
        this.defaultValue = syntax.type().cast(defaultValue);
        this.syntax = syntax;
    }

    /** The name in lower case, e.g. "hash-max-listpack-entries". */
    public String name() {
        return name;
    }

    /** Older names that mean the same directive, e.g. "hash-max-ziplist-entries". */
    public List<String> aliases() {
        return aliases;
    }

    public Mutability mutability() {
        return mutability;
    }

    /** Whether CONFIG SET may change it. */
    public boolean isMutable() {
        return mutability == Mutability.MUTABLE;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public Class<T> type() {
        return syntax.type();
    }

    /** Whether its value spans several arguments (save, bind, client-output-buffer-limit). */
    public boolean takesSeveralArguments() {
        return syntax.takesSeveralArguments();
    }

    /** The value as CONFIG GET replies it, e.g. "536870912" for 512mb, "yes", "3600 1 300 100". */
    public String show(T value) {
        return syntax.show(value);
    }

    /** This directive's value in {@code config} as CONFIG GET replies it. */
    public String show(ServerConfig config) {
        return syntax.show(config.get(this));
    }

    int index() {
        return index;
    }

    T cast(Object value) {
        return syntax.type().cast(value);
    }

    T parse(List<String> arguments, T current) throws InvalidValueException {
        return syntax.parse(arguments, current);
    }

    T parseRepeated(List<String> arguments, T soFar) throws InvalidValueException {
        return syntax.parseRepeated(arguments, soFar);
    }

    List<RewriteLine> rewriteLines(T value) {
        return syntax.rewrite(name, value, defaultValue);
    }

    @Override
    public String toString() {
        return name;
    }
}
