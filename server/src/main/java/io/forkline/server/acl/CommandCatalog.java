package io.forkline.server.acl;

import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.CommandTable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The commands ACL rules name, as Redis's command table for ACLs: every command and every subcommand by
 * its full name ({@code client|kill}), with its categories. Read from the engine's table each time, so
 * commands added after start-up are included.
 */
final class CommandCatalog {

    private final CommandTable table;

    CommandCatalog(CommandTable table) {
        this.table = table;
    }

    /** The top-level commands, by name (the order single-command rules are described in). */
    List<CommandSpec> commands() {
        List<CommandSpec> commands = new ArrayList<>(table.all());
        commands.sort(Comparator.comparing(CommandSpec::name));
        return commands;
    }

    /** Every command and subcommand. */
    List<CommandSpec> everything() {
        List<CommandSpec> all = new ArrayList<>();
        for (CommandSpec command : commands()) {
            all.add(command);
            all.addAll(command.subcommands());
        }
        return all;
    }

    /** A command ({@code get}) or subcommand ({@code client|kill}) by full name, any case; null if there is none. */
    CommandSpec find(String fullName) {
        String lower = fullName.toLowerCase(Locale.ROOT);
        int bar = lower.indexOf('|');
        CommandSpec command = table.get(bar < 0 ? lower : lower.substring(0, bar));
        if (command == null || bar < 0) {
            return command;
        }
        for (CommandSpec sub : command.subcommands()) {
            if (sub.name().equals(lower)) {
                return sub;
            }
        }
        return null;
    }

    /** The name and, for a container, its subcommands' names: what allowing or denying it changes. */
    static Collection<String> namesOf(CommandSpec command) {
        List<String> names = new ArrayList<>(1 + command.subcommands().size());
        names.add(command.name());
        for (CommandSpec sub : command.subcommands()) {
            names.add(sub.name());
        }
        return names;
    }

    static boolean inCategory(CommandSpec command, String category) {
        return AclCategories.of(command).contains(category);
    }
}
