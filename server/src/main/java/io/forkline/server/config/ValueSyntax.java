package io.forkline.server.config;

import java.util.List;

/**
 * How one directive's value is read from its arguments, shown by CONFIG GET and written back by
 * CONFIG REWRITE: Redis's set / get / rewrite functions of a config type.
 */
interface ValueSyntax<T> {

    Class<T> type();

    /** True when the value spans several arguments (Redis's MULTI_ARG_CONFIG: save, bind, ...). */
    boolean takesSeveralArguments();

    /**
     * The value these arguments give. {@code current} is the value they replace: some syntaxes
     * update it (client-output-buffer-limit changes only the classes named) or read relative to it
     * (dir).
     */
    T parse(List<String> arguments, T current) throws InvalidValueException;

    /**
     * The value a second line for the same directive gives within one load (file, includes and
     * command line together). The same as {@link #parse} except for save, whose lines accumulate.
     */
    default T parseRepeated(List<String> arguments, T soFar) throws InvalidValueException {
        return parse(arguments, soFar);
    }

    /** The value as CONFIG GET replies it. */
    String show(T value);

    /** The value as CONFIG REWRITE writes it after the directive's name. */
    default String fileForm(T value) {
        return show(value);
    }

    /** The lines CONFIG REWRITE writes; none means "remove the directive's lines". */
    default List<RewriteLine> rewrite(String name, T value, T defaultValue) {
        return List.of(new RewriteLine(name + " " + fileForm(value), !value.equals(defaultValue)));
    }
}
