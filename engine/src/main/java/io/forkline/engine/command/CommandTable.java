package io.forkline.engine.command;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every command forkline knows, found by name without allocating: an open-addressing table keyed by
 * the name's bytes, compared ignoring ASCII case as Redis does. Immutable once built.
 */
public final class CommandTable {

    private final Map<String, CommandSpec> byName;
    private final CommandSpec[] slots;
    /** The short name of {@code slots[i]} in lower-case ASCII, computed once: a lookup allocates nothing. */
    private final byte[][] names;
    private final int mask;

    private CommandTable(Collection<CommandSpec> specs) {
        Map<String, CommandSpec> map = new LinkedHashMap<>();
        for (CommandSpec spec : specs) {
            if (map.putIfAbsent(spec.name(), spec) != null) {
                throw new IllegalArgumentException("command " + spec.name() + " is defined twice");
            }
        }
        this.byName = Collections.unmodifiableMap(map);
        this.slots = buildSlots(specs);
        this.names = new byte[slots.length][];
        for (int i = 0; i < slots.length; i++) {
            names[i] = slots[i] == null ? null : slots[i].shortNameBytes();
        }
        this.mask = slots.length - 1;
    }

    public static CommandTable of(Collection<CommandSpec> specs) {
        return new CommandTable(specs);
    }

    /** Tables of several families together; a name defined twice is an error. */
    @SafeVarargs
    public static CommandTable of(List<CommandSpec>... families) {
        List<CommandSpec> all = new ArrayList<>();
        for (List<CommandSpec> family : families) {
            all.addAll(family);
        }
        return new CommandTable(all);
    }

    /** The command named by argument 0 (not its subcommand), or null. */
    public CommandSpec lookup(Arguments args) {
        return find(args.buffer(), args.offset(0), args.length(0));
    }

    /**
     * The subcommand of a container named by argument 1, or null when there is none by that name.
     * Call only with at least two arguments.
     */
    public static CommandSpec lookupSubcommand(CommandSpec container, Arguments args) {
        for (CommandSpec sub : container.subcommands()) {
            if (args.is(1, sub.shortName())) {
                return sub;
            }
        }
        return null;
    }

    public CommandSpec get(String name) {
        return byName.get(name);
    }

    public Collection<CommandSpec> all() {
        return byName.values();
    }

    public int size() {
        return byName.size();
    }

    private static CommandSpec[] buildSlots(Collection<CommandSpec> specs) {
        int capacity = Integer.highestOneBit(Math.max(16, specs.size() * 4) - 1) << 1;
        CommandSpec[] table = new CommandSpec[capacity];
        for (CommandSpec spec : specs) {
            byte[] name = spec.shortNameBytes();
            int i = hash(name, 0, name.length) & (capacity - 1);
            while (table[i] != null) {
                i = (i + 1) & (capacity - 1);
            }
            table[i] = spec;
        }
        return table;
    }

    private CommandSpec find(byte[] bytes, int offset, int length) {
        int i = hash(bytes, offset, length) & mask;
        for (CommandSpec spec = slots[i]; spec != null; spec = slots[i = (i + 1) & mask]) {
            if (equalsIgnoreCase(names[i], bytes, offset, length)) {
                return spec;
            }
        }
        return null;
    }

    private static int hash(byte[] bytes, int offset, int length) {
        int h = 0x811C9DC5;
        for (int i = 0; i < length; i++) {
            h = (h ^ lower(bytes[offset + i])) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    private static boolean equalsIgnoreCase(byte[] lowerName, byte[] bytes, int offset, int length) {
        if (lowerName.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (lowerName[i] != lower(bytes[offset + i])) {
                return false;
            }
        }
        return true;
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }
}
