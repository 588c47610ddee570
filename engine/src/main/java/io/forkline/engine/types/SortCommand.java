package io.forkline.engine.types;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Notify;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.struct.Element;
import io.forkline.engine.struct.Quicklist;
import io.forkline.pages.Memory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static io.forkline.engine.command.Specs.command;

/**
 * SORT and SORT_RO over lists, sets and sorted sets, as Redis 7.0's sortCommandGeneric: BY weights
 * (a pattern with '*', optionally '-&gt;field' of a hash; a pattern without '*' means no sorting), LIMIT,
 * GET patterns ('#' is the element), ASC/DESC, ALPHA, STORE into a list.
 */
public final class SortCommand {

    private static final byte[] HASH_FIELD = "->".getBytes(StandardCharsets.US_ASCII);

    private SortCommand() {
    }

    public static List<CommandSpec> specs() {
        String g = "generic";
        return List.of(
                command(g, "sort", -2, "write denyoom movablekeys", 1, 1, 1, "Sort the elements in a list, set or sorted set", (c, a) -> sort(c, a, false)),
                command(g, "sort_ro", -2, "readonly movablekeys", 1, 1, 1, "Sort the elements in a list, set or sorted set. Read-only variant of SORT.", (c, a) -> sort(c, a, true)));
    }

    /** One element to sort, with its weight: a number, or the bytes ALPHA compares (null when missing). */
    private record Item(byte[] element, double score, byte[] compare) {
    }

    private static void sort(CommandContext context, Arguments args, boolean readOnly) {
        boolean desc = false;
        boolean alpha = false;
        long offset = -1;
        long count = -1;
        byte[] by = null;
        byte[] store = null;
        List<byte[]> gets = new ArrayList<>();
        for (int i = 2; i < args.count(); i++) {
            boolean more = i + 1 < args.count();
            if (args.is(i, "asc")) {
                desc = false;
            } else if (args.is(i, "desc")) {
                desc = true;
            } else if (args.is(i, "alpha")) {
                alpha = true;
            } else if (args.is(i, "limit") && i + 2 < args.count()) {
                offset = Parse.longArg(args, i + 1);
                count = Parse.longArg(args, i + 2);
                i += 2;
            } else if (args.is(i, "store") && more && !readOnly) {
                store = args.bytes(++i);
            } else if (args.is(i, "by") && more) {
                by = args.bytes(++i);
            } else if (args.is(i, "get") && more) {
                gets.add(args.bytes(++i));
            } else {
                throw CommandError.SYNTAX;
            }
        }
        Memory memory = context.memory();
        long entry = context.lookupRead(args, 1);
        ValueType type = entry == 0 ? ValueType.LIST : KeyEntry.type(memory, entry);
        if (type != ValueType.LIST && type != ValueType.SET && type != ValueType.ZSET) {
            throw CommandError.WRONGTYPE;
        }
        boolean dontSort = by != null && indexOf(by, (byte) '*') < 0;
        if (dontSort && type == ValueType.SET && (store != null || context.scripted())) {
            dontSort = false;   // as Redis: a set's result stored, or given to a script, is made deterministic by sorting
            alpha = true;
            by = null;
        }
        List<Item> items = elements(context, entry, type, by, alpha, dontSort);
        if (dontSort && desc && (type == ValueType.LIST || type == ValueType.ZSET)) {
            java.util.Collections.reverse(items);   // as Redis: a list or sorted set in its own order, backwards for DESC
        }
        if (!dontSort) {
            Comparator<Item> order = alpha ? alphaOrder(by != null) : numericOrder();
            items.sort(desc ? order.reversed() : order);
        }
        int start = (int) Math.max(0, Math.min(offset < 0 ? 0 : offset, items.size()));
        int end = count < 0 ? items.size() : (int) Math.min(items.size(), start + Math.min(count, Integer.MAX_VALUE));
        List<Item> chosen = items.subList(start, Math.max(start, end));
        if (store != null) {
            store(context, store, chosen, gets);
        } else {
            reply(context, chosen, gets);
        }
    }

    private static List<Item> elements(CommandContext context, long entry, ValueType type, byte[] by, boolean alpha,
                                       boolean dontSort) {
        Memory memory = context.memory();
        List<byte[]> raw = new ArrayList<>();
        if (entry != 0) {
            long value = KeyEntry.value(memory, entry);
            Encoding encoding = KeyEntry.encoding(memory, entry);
            switch (type) {
                case LIST -> ListValue.forEach(memory, value, encoding, e -> raw.add(e.toBytes(memory)));
                case SET -> SetValue.forEach(memory, value, encoding, e -> raw.add(e.toBytes(memory)));
                default -> SortedSetValue.forEach(memory, value, encoding, (member, score) -> raw.add(member.toBytes(memory)));
            }
        }
        List<Item> items = new ArrayList<>(raw.size());
        for (byte[] element : raw) {
            if (dontSort) {
                items.add(new Item(element, 0, null));
                continue;
            }
            byte[] weight = by == null ? element : lookup(context, by, element);
            if (alpha) {
                items.add(new Item(element, 0, weight));
            } else {
                items.add(new Item(element, weight == null ? 0 : score(weight), null));
            }
        }
        return items;
    }

    private static double score(byte[] weight) {
        try {
            return Parse.doubleOf(weight, 0, weight.length);
        } catch (CommandError e) {
            throw CommandError.of("ERR One or more scores can't be converted into double");
        }
    }

    private static Comparator<Item> numericOrder() {
        return (a, b) -> a.score() != b.score() ? Double.compare(a.score(), b.score()) : Arrays.compareUnsigned(a.element(), b.element());
    }

    private static Comparator<Item> alphaOrder(boolean byPattern) {
        return (a, b) -> {
            byte[] x = byPattern ? a.compare() : a.element();
            byte[] y = byPattern ? b.compare() : b.element();
            if (x == null || y == null) {
                return x == y ? 0 : x == null ? -1 : 1;
            }
            return Arrays.compareUnsigned(x, y);
        };
    }

    /**
     * The value a BY or GET pattern names for {@code element}: '#' is the element; else the first '*'
     * is replaced by it, and a '-&gt;field' after it reads that hash field. Null when missing.
     */
    static byte[] lookup(CommandContext context, byte[] pattern, byte[] element) {
        if (pattern.length == 1 && pattern[0] == '#') {
            return element;
        }
        int star = indexOf(pattern, (byte) '*');
        if (star < 0) {
            return null;
        }
        int arrow = indexOf(pattern, HASH_FIELD, star + 1);
        boolean field = arrow >= 0 && arrow + 2 < pattern.length;
        int keyEnd = field ? arrow : pattern.length;
        byte[] key = new byte[star + element.length + (keyEnd - star - 1)];
        System.arraycopy(pattern, 0, key, 0, star);
        System.arraycopy(element, 0, key, star, element.length);
        System.arraycopy(pattern, star + 1, key, star + element.length, keyEnd - star - 1);
        long entry = context.keyspace().lookup(context.db(), key, 0, key.length, context.now());
        if (entry == 0) {
            return null;
        }
        Memory memory = context.memory();
        ValueType type = KeyEntry.type(memory, entry);
        if (field) {
            if (type != ValueType.HASH) {
                return null;
            }
            Element out = new Element();
            byte[] name = Arrays.copyOfRange(pattern, arrow + 2, pattern.length);
            return HashValue.get(memory, KeyEntry.value(memory, entry), KeyEntry.encoding(memory, entry), name, 0, name.length, out)
                    ? out.toBytes(memory) : null;
        }
        return type == ValueType.STRING ? StringValue.bytes(memory, KeyEntry.value(memory, entry), KeyEntry.encoding(memory, entry)) : null;
    }

    private static void reply(CommandContext context, List<Item> items, List<byte[]> gets) {
        Reply reply = context.reply();
        reply.array((long) items.size() * Math.max(1, gets.size()));
        for (Item item : items) {
            if (gets.isEmpty()) {
                reply.bulk(item.element());
            }
            for (byte[] get : gets) {
                byte[] value = lookup(context, get, item.element());
                if (value == null) {
                    reply.nullBulk();
                } else {
                    reply.bulk(value);
                }
            }
        }
    }

    private static void store(CommandContext context, byte[] key, List<Item> items, List<byte[]> gets) {
        List<byte[]> values = new ArrayList<>();
        for (Item item : items) {
            if (gets.isEmpty()) {
                values.add(item.element());
            }
            for (byte[] get : gets) {
                byte[] value = lookup(context, get, item.element());
                values.add(value == null ? new byte[0] : value);
            }
        }
        boolean existed = context.keyspace().lookup(context.db(), key, 0, key.length, context.now()) != 0;
        if (existed) {
            context.keyspace().delete(context.db(), key, 0, key.length);
        }
        if (!values.isEmpty()) {
            long list = ListValue.create(context.allocator(), context.config());
            for (byte[] value : values) {
                Quicklist.pushTail(context.allocator(), list, value, 0, value.length);
            }
            context.keyspace().add(context.db(), key, 0, key.length, ValueType.LIST, Encoding.QUICKLIST, list, context.now());
            context.ready(Arguments.ofBytes(new byte[0], key), 1);
        }
        if (existed || !values.isEmpty()) {
            context.dirty(values.size() + 1);
            context.modified(key, 0, key.length);
            if (values.isEmpty()) {
                context.keyspaceEvent(Notify.GENERIC, "del", key, 0, key.length);
            } else {
                context.keyspaceEvent(Notify.LIST, "sortstore", key, 0, key.length);
            }
        }
        context.reply().integer(values.size());
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] bytes, byte[] part, int from) {
        for (int i = from; i + part.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        return -1;
    }
}
