package io.forkline.engine.command;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * One command as data: name, arity, flags and key positions (what {@code COMMAND} reports), its
 * group and summary (what {@code COMMAND DOCS} reports), and the handler that runs it.
 *
 * @param name     lower-case name, e.g. {@code get}
 * @param arity    Redis's arity: positive = exactly that many arguments with the name, negative = at least -arity
 * @param flags    Redis's flags
 * @param firstKey position of the first key argument, 0 if none
 * @param lastKey  position of the last key, negative counts from the end (-1 = the last argument)
 * @param keyStep  distance between keys
 * @param group    Redis's command group: string, generic, list, hash, set, sorted-set, server, connection, ...
 * @param summary  one line for {@code COMMAND DOCS}
 * @param handler  what runs it; for a container (OBJECT, CONFIG, ...) the table dispatches to a subcommand instead
 * @param subcommands a container's subcommands, named {@code container|sub}; empty for a plain command
 */
public record CommandSpec(String name, int arity, Set<CommandFlag> flags, int firstKey, int lastKey, int keyStep,
                          String group, String summary, CommandHandler handler, java.util.List<CommandSpec> subcommands) {

    /** A plain command. */
    public CommandSpec(String name, int arity, Set<CommandFlag> flags, int firstKey, int lastKey, int keyStep,
                       String group, String summary, CommandHandler handler) {
        this(name, arity, flags, firstKey, lastKey, keyStep, group, summary, handler, java.util.List.of());
    }

    public CommandSpec {
        subcommands = java.util.List.copyOf(subcommands);
        if (!name.equals(name.toLowerCase(Locale.ROOT)) || name.isEmpty()) {
            throw new IllegalArgumentException("command names are lower case: " + name);
        }
        if (arity == 0) {
            throw new IllegalArgumentException(name + ": arity 0 is not an arity");
        }
        // an unmodifiable EnumSet: contains is a bit test (the dispatcher asks isWrite of every command),
        // and iteration follows CommandFlag's order
        flags = java.util.Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(CommandFlag.class) : EnumSet.copyOf(flags));
    }

    public boolean has(CommandFlag flag) {
        return flags.contains(flag);
    }

    public boolean isWrite() {
        return flags.contains(CommandFlag.WRITE);
    }

    /** Whether {@code count} arguments (the name included) suit the arity. */
    public boolean arityAllows(int count) {
        return arity > 0 ? count == arity : count >= -arity;
    }

    /** The name a client types: the part after {@code |} for a subcommand. */
    public String shortName() {
        return name.substring(name.indexOf('|') + 1);
    }

    public boolean isContainer() {
        return !subcommands.isEmpty();
    }

    byte[] shortNameBytes() {
        return shortName().getBytes(StandardCharsets.US_ASCII);
    }
}
