package io.forkline.server.config;

import io.forkline.engine.struct.IntegerText;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;

/**
 * An integer within bounds (Redis's numeric configs): either plain canonical decimal (string2ll: no
 * '+', no spaces, no leading zeros) or a memory size with units. Optionally clamped after the bounds
 * check (hz) or held to an extra rule (page-size: a power of two).
 */
final class NumberSyntax<T extends Number> extends SingleArgumentSyntax<T> {

    private final Class<T> type;
    private final LongFunction<T> box;
    private final long min;
    private final long max;
    private final boolean memory;
    private final long lowestKept;
    private final long highestKept;
    private final LongPredicate rule;
    private final String ruleDescription;

    private NumberSyntax(Class<T> type, LongFunction<T> box, long min, long max, boolean memory, long lowestKept,
                         long highestKept, LongPredicate rule, String ruleDescription) {
        this.type = type;
        this.box = box;
        this.min = min;
        this.max = max;
        this.memory = memory;
        this.lowestKept = lowestKept;
        this.highestKept = highestKept;
        this.rule = rule;
        this.ruleDescription = ruleDescription;
    }

    static NumberSyntax<Integer> ofInt(int min, int max) {
        return new NumberSyntax<>(Integer.class, value -> (int) value, min, max, false, min, max, value -> true, null);
    }

    static NumberSyntax<Long> ofLong(long min, long max) {
        return new NumberSyntax<>(Long.class, Long::valueOf, min, max, false, min, max, value -> true, null);
    }

    /** A size in bytes, written with or without units; CONFIG GET shows bytes, CONFIG REWRITE units. */
    static NumberSyntax<Long> ofMemory(long min, long max) {
        return new NumberSyntax<>(Long.class, Long::valueOf, min, max, true, min, max, value -> true, null);
    }

    /** Accepts the whole range but keeps the value within {@code [low, high]}, as Redis does with hz. */
    NumberSyntax<T> clampedTo(long low, long high) {
        return new NumberSyntax<>(type, box, min, max, memory, low, high, rule, ruleDescription);
    }

    /** Also requires {@code extraRule}; {@code description} is what an error says was expected. */
    NumberSyntax<T> requiring(LongPredicate extraRule, String description) {
        return new NumberSyntax<>(type, box, min, max, memory, lowestKept, highestKept, extraRule, description);
    }

    @Override
    public Class<T> type() {
        return type;
    }

    @Override
    T parse(String argument) throws InvalidValueException {
        long value = memory ? readMemory(argument) : readInteger(argument);
        if (value < min || value > max) {
            throw new InvalidValueException(expectation(argument),
                    "argument must be between " + min + " and " + max + " inclusive");
        }
        if (!rule.test(value)) {
            throw new InvalidValueException(ruleDescription + ", got '" + argument + "'", null);
        }
        return box.apply(Math.clamp(value, lowestKept, highestKept));
    }

    private long readInteger(String argument) throws InvalidValueException {
        byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
        if (!IntegerText.isCanonicalLong(bytes, 0, bytes.length)) {
            throw new InvalidValueException(expectation(argument), "argument couldn't be parsed into an integer");
        }
        return IntegerText.parseCanonicalLong(bytes, 0, bytes.length);
    }

    private long readMemory(String argument) throws InvalidValueException {
        OptionalLong bytes = MemoryUnits.parse(argument);
        if (bytes.isEmpty()) {
            throw new InvalidValueException(expectation(argument), "argument must be a memory value");
        }
        return bytes.getAsLong();
    }

    private String expectation(String argument) {
        if (memory) {
            return "must be a size from " + MemoryUnits.format(min) + " to " + MemoryUnits.format(max)
                    + " bytes (units k, kb, m, mb, g, gb allowed), got '" + argument + "'";
        }
        return "must be an integer from " + min + " to " + max + ", got '" + argument + "'";
    }

    @Override
    public String show(T value) {
        return value.toString();
    }

    @Override
    public String fileForm(T value) {
        return memory ? MemoryUnits.format(value.longValue()) : value.toString();
    }
}
