package io.forkline.server.config;

import java.util.List;

/** A value written as exactly one argument: everything but save, bind and client-output-buffer-limit. */
abstract class SingleArgumentSyntax<T> implements ValueSyntax<T> {

    @Override
    public final boolean takesSeveralArguments() {
        return false;
    }

    @Override
    public final T parse(List<String> arguments, T current) throws InvalidValueException {
        return parse(onlyArgument(arguments));
    }

    abstract T parse(String argument) throws InvalidValueException;

    /** The one argument, else Redis's "wrong number of arguments". */
    static String onlyArgument(List<String> arguments) throws InvalidValueException {
        if (arguments.size() != 1) {
            throw new InvalidValueException("takes one argument, got "
                    + (arguments.isEmpty() ? "none" : Integer.toString(arguments.size())), "wrong number of arguments");
        }
        return arguments.get(0);
    }
}
