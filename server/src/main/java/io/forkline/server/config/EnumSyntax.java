package io.forkline.server.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One of an enum's constants by its configuration name: the constant's name in lower case with '-'
 * for '_' ({@code ALLKEYS_LRU} is "allkeys-lru"), matched in any case. Constants are declared in
 * Redis's table order, which is the order its error message lists them in.
 */
final class EnumSyntax<E extends Enum<E>> extends SingleArgumentSyntax<E> {

    private final Class<E> type;

    private EnumSyntax(Class<E> type) {
        this.type = type;
    }

    static <E extends Enum<E>> EnumSyntax<E> of(Class<E> type) {
        return new EnumSyntax<>(type);
    }

    static String configName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public Class<E> type() {
        return type;
    }

    @Override
    E parse(String argument) throws InvalidValueException {
        for (E constant : type.getEnumConstants()) {
            if (configName(constant).equalsIgnoreCase(argument)) {
                return constant;
            }
        }
        String names = Arrays.stream(type.getEnumConstants()).map(EnumSyntax::configName)
                .collect(Collectors.joining(", "));
        throw new InvalidValueException("must be one of " + names + ", got '" + argument + "'",
                "argument(s) must be one of the following: " + names);
    }

    @Override
    public String show(E value) {
        return configName(value);
    }
}
