package io.forkline.engine.command;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/** Shorthand for the command tables of the families: flags as Redis writes them, space-separated. */
public final class Specs {

    private Specs() {
    }

    /** A plain command of {@code group}, e.g. {@code command("string", "get", 2, "readonly fast", 1, 1, 1, ...)}. */
    public static CommandSpec command(String group, String name, int arity, String flags, int firstKey, int lastKey,
                                      int keyStep, String summary, CommandHandler handler) {
        return new CommandSpec(name, arity, flags(flags), firstKey, lastKey, keyStep, group, summary, handler);
    }

    /** A container such as OBJECT whose subcommands are named {@code name|sub}. */
    public static CommandSpec container(String group, String name, String summary, List<CommandSpec> subcommands) {
        return new CommandSpec(name, -2, EnumSet.noneOf(CommandFlag.class), 0, 0, 0, group, summary,
                (context, args) -> {
                    throw new IllegalStateException(name + " dispatches to its subcommands");
                }, subcommands);
    }

    public static EnumSet<CommandFlag> flags(String flags) {
        EnumSet<CommandFlag> set = EnumSet.noneOf(CommandFlag.class);
        for (String flag : flags.trim().split("\\s+")) {
            if (!flag.isEmpty()) {
                set.add(CommandFlag.valueOf(flag.toUpperCase(Locale.ROOT)));
            }
        }
        return set;
    }
}
