package io.forkline.engine.types;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Effects;
import io.forkline.engine.command.Errors;
import io.forkline.engine.command.Notify;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.struct.Element;
import io.forkline.engine.struct.Quicklist;
import io.forkline.engine.struct.QuicklistCursor;
import io.forkline.pages.Memory;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.forkline.engine.command.Specs.command;

/**
 * The list commands (LPUSH, LPOP, LRANGE, LINSERT, LMOVE, LMPOP, ...), with Redis 7.0's replies,
 * errors and propagation. A list that empties loses its key. Pushes signal the key as ready, for
 * clients blocked on it; the static {@code serveBlocked*} helpers are what the server's blocking
 * commands (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP) call, both when the list already has elements
 * and when a push makes a key they wait on ready.
 */
public final class ListCommands {

    private static final byte[] LPOP = bytes("LPOP");
    private static final byte[] RPOP = bytes("RPOP");
    private static final byte[] LMOVE = bytes("LMOVE");
    private static final byte[] RPOPLPUSH = bytes("RPOPLPUSH");
    private static final CommandError RANK_ZERO = CommandError.of("ERR RANK can't be zero: use 1 to start from the first "
            + "match, 2 from the second ... or use negative to start from the end of the list");
    private static final CommandError COUNT_NEGATIVE = CommandError.of("ERR COUNT can't be negative");
    private static final CommandError MAXLEN_NEGATIVE = CommandError.of("ERR MAXLEN can't be negative");

    private ListCommands() {
    }

    public static List<CommandSpec> specs() {
        String g = "list";
        return List.of(
                command(g, "lpush", -3, "write denyoom fast", 1, 1, 1, "Prepend one or multiple elements to a list", (c, a) -> push(c, a, true, false)),
                command(g, "rpush", -3, "write denyoom fast", 1, 1, 1, "Append one or multiple elements to a list", (c, a) -> push(c, a, false, false)),
                command(g, "lpushx", -3, "write denyoom fast", 1, 1, 1, "Prepend an element to a list, only if the list exists", (c, a) -> push(c, a, true, true)),
                command(g, "rpushx", -3, "write denyoom fast", 1, 1, 1, "Append an element to a list, only if the list exists", (c, a) -> push(c, a, false, true)),
                command(g, "lpop", -2, "write fast", 1, 1, 1, "Remove and get the first elements in a list", (c, a) -> pop(c, a, ListEnd.LEFT)),
                command(g, "rpop", -2, "write fast", 1, 1, 1, "Remove and get the last elements in a list", (c, a) -> pop(c, a, ListEnd.RIGHT)),
                command(g, "llen", 2, "readonly fast", 1, 1, 1, "Get the length of a list", ListCommands::llen),
                command(g, "lrange", 4, "readonly", 1, 1, 1, "Get a range of elements from a list", ListCommands::lrange),
                command(g, "lindex", 3, "readonly", 1, 1, 1, "Get an element from a list by its index", ListCommands::lindex),
                command(g, "lset", 4, "write denyoom", 1, 1, 1, "Set the value of an element in a list by its index", ListCommands::lset),
                command(g, "linsert", 5, "write denyoom", 1, 1, 1, "Insert an element before or after another element in a list", ListCommands::linsert),
                command(g, "lrem", 4, "write", 1, 1, 1, "Remove elements from a list", ListCommands::lrem),
                command(g, "ltrim", 4, "write", 1, 1, 1, "Trim a list to the specified range", ListCommands::ltrim),
                command(g, "lpos", -3, "readonly", 1, 1, 1, "Return the index of matching elements on a list", ListCommands::lpos),
                command(g, "rpoplpush", 3, "write denyoom", 1, 2, 1, "Remove the last element in a list, prepend it to another list and return it", (c, a) -> move(c, a, ListEnd.RIGHT, ListEnd.LEFT)),
                command(g, "lmove", 5, "write denyoom", 1, 2, 1, "Pop an element from a list, push it to another list and return it", (c, a) -> move(c, a, ListEnd.parse(a, 3), ListEnd.parse(a, 4))),
                command(g, "lmpop", -4, "write movablekeys", 0, 0, 0, "Pop elements from a list", ListCommands::lmpop));
    }

    // ---------------------------------------------------------------------------------------------
    // Finding lists

    /**
     * Whether the key in argument {@code index} holds a list (looked up for writing, so an expired key
     * is deleted); false when it is absent; WRONGTYPE when it holds another type. A blocking pop
     * checks its keys with this before serving one or blocking.
     */
    public static boolean hasList(CommandContext context, Arguments args, int index) {
        return listEntry(context, args, index, true) != 0;
    }

    /** The entry of a list key, 0 if absent; WRONGTYPE if it holds another type. */
    private static long listEntry(CommandContext context, Arguments args, int index, boolean forWrite) {
        long entry = forWrite ? context.lookupWrite(args, index) : context.lookupRead(args, index);
        if (entry != 0 && KeyEntry.type(context.memory(), entry) != ValueType.LIST) {
            throw CommandError.WRONGTYPE;
        }
        return entry;
    }

    /** The list of a key, made (and the key added) when absent. */
    private static long listForPush(CommandContext context, Arguments args, int index, long entry) {
        if (entry != 0) {
            return KeyEntry.value(context.memory(), entry);
        }
        long quicklist = ListValue.create(context.allocator(), context.config());
        context.keyspace().add(context.db(), args.buffer(), args.offset(index), args.length(index), ValueType.LIST,
                Encoding.QUICKLIST, quicklist, context.now());
        return quicklist;
    }

    private static long quicklist(CommandContext context, long entry) {
        return KeyEntry.value(context.memory(), entry);
    }

    /**
     * After elements were popped or removed: deletes the key if its list emptied, signals the change
     * and counts {@code removed} changes (Redis's listElementsRemoved).
     */
    private static void removed(CommandContext context, Arguments args, int index, long quicklist, long removed,
                                String event) {
        context.keyspaceEvent(Notify.LIST, event, args, index);
        deleteIfEmpty(context, args, index, quicklist);
        context.modified(args, index);
        context.dirty(removed);
    }

    private static void deleteIfEmpty(CommandContext context, Arguments args, int index, long quicklist) {
        if (Quicklist.size(context.memory(), quicklist) == 0) {
            context.keyspace().delete(context.db(), args.buffer(), args.offset(index), args.length(index));
            context.keyspaceEvent(Notify.GENERIC, "del", args, index);
        }
    }

    /** Replies one element: a string read straight from the store, an integer as its digits. */
    private static void replyElement(Reply reply, Memory memory, Element element) {
        if (element.isInteger()) {
            reply.bulkLong(element.integer());
        } else {
            reply.bulk(memory, element.address(), element.length());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Pushing

    private static void push(CommandContext context, Arguments args, boolean atHead, boolean onlyIfExists) {
        long entry = listEntry(context, args, 1, true);
        if (entry == 0 && onlyIfExists) {
            context.reply().integer(0);
            return;
        }
        long quicklist = listForPush(context, args, 1, entry);
        for (int i = 2; i < args.count(); i++) {
            Quicklist.push(context.allocator(), quicklist, atHead, args.buffer(), args.offset(i), args.length(i));
        }
        context.dirty(args.count() - 2L);
        context.modified(args, 1);
        context.ready(args, 1);
        context.keyspaceEvent(Notify.LIST, atHead ? "lpush" : "rpush", args, 1);
        context.reply().integer(Quicklist.size(context.memory(), quicklist));
    }

    // ---------------------------------------------------------------------------------------------
    // Popping

    private static void pop(CommandContext context, Arguments args, ListEnd end) {
        if (args.count() > 3) {
            throw CommandError.of(Errors.wrongArity(end.isHead() ? "lpop" : "rpop"));
        }
        boolean hasCount = args.count() == 3;
        long count = hasCount ? positive(args, 2, CommandError.MUST_BE_POSITIVE) : 1;
        long entry = listEntry(context, args, 1, true);
        if (entry == 0) {
            if (hasCount) {
                context.reply().nullArray();
            } else {
                context.reply().nullBulk();
            }
            return;
        }
        if (count == 0) {
            context.reply().array(0);
            return;
        }
        long quicklist = quicklist(context, entry);
        long popped = hasCount ? popRange(context, quicklist, end, count) : popOne(context, quicklist, end);
        removed(context, args, 1, quicklist, popped, end.isHead() ? "lpop" : "rpop");
    }

    /** Replies the end element as a bulk string and removes it. */
    private static long popOne(CommandContext context, long quicklist, ListEnd end) {
        Memory memory = context.memory();
        Element element = new Element();
        if (end.isHead()) {
            Quicklist.first(memory, quicklist, element);
        } else {
            Quicklist.last(memory, quicklist, element);
        }
        replyElement(context.reply(), memory, element);
        if (end.isHead()) {
            Quicklist.removeHead(context.allocator(), quicklist);
        } else {
            Quicklist.removeTail(context.allocator(), quicklist);
        }
        return 1;
    }

    /** Replies up to {@code count} elements from the end inwards as an array and removes them; returns how many. */
    private static long popRange(CommandContext context, long quicklist, ListEnd end, long count) {
        Memory memory = context.memory();
        long popped = Math.min(count, Quicklist.size(memory, quicklist));
        Reply reply = context.reply();
        reply.array(popped);
        QuicklistCursor cursor = new QuicklistCursor().seek(memory, quicklist, end.isHead() ? 0 : -1, end.isHead());
        Element element = new Element();
        for (long i = 0; i < popped && cursor.next(element); i++) {
            replyElement(reply, memory, element);
        }
        Quicklist.deleteRange(context.allocator(), quicklist, end.isHead() ? 0 : -popped, popped);
        return popped;
    }

    private static void lmpop(CommandContext context, Arguments args) {
        MultiPopArguments parsed = MultiPopArguments.parse(args, 1);
        if (!popFirstNonEmpty(context, args, parsed)) {
            context.reply().nullArray();
        }
    }

    /**
     * LMPOP's work, for BLMPOP too: pops up to {@code count} elements from the first of the keys that
     * holds a list, replies {@code [key, [elements]]} and propagates it as {@code LPOP/RPOP key n}.
     * Returns false, having replied nothing, when no key holds a list; WRONGTYPE for a key of another
     * type met before one that does.
     */
    public static boolean popFirstNonEmpty(CommandContext context, Arguments args, MultiPopArguments parsed) {
        for (int i = parsed.firstKey(); i < parsed.firstKey() + parsed.keys(); i++) {
            long entry = listEntry(context, args, i, true);
            if (entry != 0) {
                popRangeWithKey(context, args, i, quicklist(context, entry), parsed.end(), parsed.count());
                return true;
            }
        }
        return false;
    }

    /** Replies {@code [key, [elements]]}, pops them, and propagates {@code LPOP/RPOP key n}, as Redis 7.0 rewrites LMPOP. */
    private static void popRangeWithKey(CommandContext context, Arguments args, int index, long quicklist, ListEnd end,
                                        long count) {
        context.reply().array(2);
        context.reply().bulk(args.buffer(), args.offset(index), args.length(index));
        long popped = popRange(context, quicklist, end, count);
        removed(context, args, index, quicklist, popped, end.isHead() ? "lpop" : "rpop");
        Effects effects = context.propagate();
        effects.begin(context.db(), 3);
        effects.argument(end.isHead() ? LPOP : RPOP);
        effects.argument(args.buffer(), args.offset(index), args.length(index));
        effects.argument(popped);
    }

    /**
     * The arguments of LMPOP and BLMPOP from {@code numkeys} on: {@code numkeys key [key ...] LEFT|RIGHT
     * [COUNT count]}, checked with Redis 7.0's errors.
     *
     * @param firstKey the index of the first key
     * @param keys     how many keys
     * @param end      where to pop
     * @param count    how many elements at most (1 without COUNT)
     */
    public record MultiPopArguments(int firstKey, int keys, ListEnd end, long count) {

        private static final CommandError NUMKEYS = CommandError.of("ERR numkeys should be greater than 0");
        private static final CommandError COUNT = CommandError.of("ERR count should be greater than 0");

        /** Parses {@code args} whose argument {@code numkeysIndex} is numkeys (1 for LMPOP, 2 for BLMPOP). */
        public static MultiPopArguments parse(Arguments args, int numkeysIndex) {
            long keys = Parse.longArg(args, numkeysIndex, 1, Long.MAX_VALUE, NUMKEYS);
            if (keys >= args.count() - numkeysIndex - 1) {
                throw CommandError.SYNTAX;   // no room left for LEFT|RIGHT after the keys
            }
            int endIndex = numkeysIndex + (int) keys + 1;
            ListEnd end = ListEnd.parse(args, endIndex);
            long count = -1;
            for (int i = endIndex + 1; i < args.count(); i++) {
                if (count == -1 && args.is(i, "count") && i + 1 < args.count()) {
                    count = Parse.longArg(args, ++i, 1, Long.MAX_VALUE, COUNT);
                } else {
                    throw CommandError.SYNTAX;
                }
            }
            return new MultiPopArguments(numkeysIndex + 1, (int) keys, end, count == -1 ? 1 : count);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Moving between lists

    private static void move(CommandContext context, Arguments args, ListEnd from, ListEnd to) {
        long source = listEntry(context, args, 1, true);
        if (source == 0) {
            context.reply().nullBulk();
            return;
        }
        moveElement(context, args, 1, 2, source, from, to);
    }

    /**
     * Pops from the source list, pushes onto the destination (made if absent; the same list when the
     * keys are equal) and replies the element; the source key goes when its list empties, after the
     * push, so that rotating a one-element list keeps it. WRONGTYPE, changing nothing, when the
     * destination holds another type.
     */
    private static void moveElement(CommandContext context, Arguments args, int sourceIndex, int destinationIndex,
                                    long sourceEntry, ListEnd from, ListEnd to) {
        long destinationEntry = listEntry(context, args, destinationIndex, true);
        long source = quicklist(context, sourceEntry);
        byte[] value = Quicklist.pop(context.allocator(), source, from.isHead());
        long destination = listForPush(context, args, destinationIndex, destinationEntry);
        Quicklist.push(context.allocator(), destination, to.isHead(), value, 0, value.length);
        context.modified(args, destinationIndex);
        context.ready(args, destinationIndex);
        context.keyspaceEvent(Notify.LIST, to.isHead() ? "lpush" : "rpush", args, destinationIndex);
        context.reply().bulk(value);
        context.keyspaceEvent(Notify.LIST, from.isHead() ? "lpop" : "rpop", args, sourceIndex);
        deleteIfEmpty(context, args, sourceIndex, source);
        context.modified(args, sourceIndex);
        context.dirty(1);
    }

    // ---------------------------------------------------------------------------------------------
    // Reading

    private static void llen(CommandContext context, Arguments args) {
        long entry = listEntry(context, args, 1, false);
        context.reply().integer(entry == 0 ? 0 : Quicklist.size(context.memory(), quicklist(context, entry)));
    }

    private static void lrange(CommandContext context, Arguments args) {
        long start = Parse.longArg(args, 2);
        long end = Parse.longArg(args, 3);
        long entry = listEntry(context, args, 1, false);
        Reply reply = context.reply();
        if (entry == 0) {
            reply.array(0);
            return;
        }
        Memory memory = context.memory();
        long quicklist = quicklist(context, entry);
        long length = Quicklist.size(memory, quicklist);
        start = start < 0 ? Math.max(0, length + start) : start;
        end = end < 0 ? length + end : end;
        if (start > end || start >= length) {
            reply.array(0);
            return;
        }
        end = Math.min(end, length - 1);
        long count = end - start + 1;
        reply.array(count);
        QuicklistCursor cursor = new QuicklistCursor().seek(memory, quicklist, start, true);
        Element element = new Element();
        for (long i = 0; i < count && cursor.next(element); i++) {
            replyElement(reply, memory, element);
        }
    }

    private static void lindex(CommandContext context, Arguments args) {
        long entry = listEntry(context, args, 1, false);
        if (entry == 0) {
            context.reply().nullBulk();
            return;
        }
        long index = Parse.longArg(args, 2);
        Element element = new Element();
        if (Quicklist.get(context.memory(), quicklist(context, entry), index, element)) {
            replyElement(context.reply(), context.memory(), element);
        } else {
            context.reply().nullBulk();
        }
    }

    private static void lpos(CommandContext context, Arguments args) {
        long rank = 1;
        long count = -1;   // -1: no COUNT, a single index is replied
        long maxlen = 0;
        for (int i = 3; i < args.count(); i++) {
            boolean more = i + 1 < args.count();
            if (args.is(i, "rank") && more) {
                rank = Parse.longArg(args, ++i);
                if (rank == 0) {
                    throw RANK_ZERO;
                }
            } else if (args.is(i, "count") && more) {
                count = positive(args, ++i, COUNT_NEGATIVE);
            } else if (args.is(i, "maxlen") && more) {
                maxlen = positive(args, ++i, MAXLEN_NEGATIVE);
            } else {
                throw CommandError.SYNTAX;
            }
        }
        long entry = listEntry(context, args, 1, false);
        if (entry == 0) {
            if (count != -1) {
                context.reply().array(0);
            } else {
                context.reply().nullBulk();
            }
            return;
        }
        findPositions(context, args, quicklist(context, entry), rank, count, maxlen);
    }

    /** LPOS's walk, as Redis writes it (the arithmetic on rank included, so that RANK LONG_MIN behaves alike). */
    private static void findPositions(CommandContext context, Arguments args, long quicklist, long rank, long count, long maxlen) {
        boolean forward = rank > 0;
        if (rank < 0) {
            rank = -rank;
        }
        Memory memory = context.memory();
        Reply reply = context.reply();
        int mark = count != -1 ? reply.deferLength() : -1;
        long length = Quicklist.size(memory, quicklist);
        QuicklistCursor cursor = new QuicklistCursor().start(memory, quicklist, forward);
        Element element = new Element();
        long index = 0;
        long matches = 0;
        long matchIndex = -1;
        long replied = 0;
        while (cursor.next(element) && (maxlen == 0 || index < maxlen)) {
            if (cursor.matches(args.buffer(), args.offset(2), args.length(2))) {
                matches++;
                matchIndex = forward ? index : length - index - 1;
                if (matches >= rank) {
                    if (mark == -1) {
                        break;
                    }
                    replied++;
                    reply.integer(matchIndex);
                    if (count != 0 && matches - rank + 1 >= count) {
                        break;
                    }
                }
            }
            index++;
            matchIndex = -1;
        }
        if (mark != -1) {
            reply.setDeferredArray(mark, replied);
        } else if (matchIndex != -1) {
            reply.integer(matchIndex);
        } else {
            reply.nullBulk();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Changing in the middle

    private static void lset(CommandContext context, Arguments args) {
        long entry = listEntry(context, args, 1, true);
        if (entry == 0) {
            throw CommandError.NO_SUCH_KEY;
        }
        long index = Parse.longArg(args, 2);
        if (!Quicklist.set(context.allocator(), quicklist(context, entry), index, args.buffer(), args.offset(3), args.length(3))) {
            throw CommandError.INDEX_OUT_OF_RANGE;
        }
        context.modified(args, 1);
        context.keyspaceEvent(Notify.LIST, "lset", args, 1);
        context.dirty(1);
        context.reply().ok();
    }

    private static void linsert(CommandContext context, Arguments args) {
        boolean after;
        if (args.is(2, "after")) {
            after = true;
        } else if (args.is(2, "before")) {
            after = false;
        } else {
            throw CommandError.SYNTAX;
        }
        long entry = listEntry(context, args, 1, true);
        if (entry == 0) {
            context.reply().integer(0);
            return;
        }
        long quicklist = quicklist(context, entry);
        QuicklistCursor cursor = new QuicklistCursor().start(context.memory(), quicklist, true);
        Element element = new Element();
        while (cursor.next(element)) {
            if (cursor.matches(args.buffer(), args.offset(3), args.length(3))) {
                Quicklist.insert(context.allocator(), cursor, after, args.buffer(), args.offset(4), args.length(4));
                context.modified(args, 1);
                context.keyspaceEvent(Notify.LIST, "linsert", args, 1);
                context.dirty(1);
                context.reply().integer(Quicklist.size(context.memory(), quicklist));
                return;
            }
        }
        context.reply().integer(-1);
    }

    private static void lrem(CommandContext context, Arguments args) {
        long toRemove = Parse.longArg(args, 2);
        long entry = listEntry(context, args, 1, true);
        if (entry == 0) {
            context.reply().integer(0);
            return;
        }
        long quicklist = quicklist(context, entry);
        QuicklistCursor cursor = new QuicklistCursor().start(context.memory(), quicklist, toRemove >= 0);
        long limit = toRemove == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(toRemove);
        Element element = new Element();
        long removed = 0;
        while (cursor.next(element)) {
            if (cursor.matches(args.buffer(), args.offset(3), args.length(3))) {
                Quicklist.delete(context.allocator(), cursor);
                removed++;
                if (removed == limit) {
                    break;
                }
            }
        }
        if (removed > 0) {
            context.modified(args, 1);
            context.keyspaceEvent(Notify.LIST, "lrem", args, 1);
        }
        deleteIfEmpty(context, args, 1, quicklist);
        context.dirty(removed);
        context.reply().integer(removed);
    }

    private static void ltrim(CommandContext context, Arguments args) {
        long start = Parse.longArg(args, 2);
        long end = Parse.longArg(args, 3);
        long entry = listEntry(context, args, 1, true);
        if (entry == 0) {
            context.reply().ok();
            return;
        }
        long quicklist = quicklist(context, entry);
        long length = Quicklist.size(context.memory(), quicklist);
        start = start < 0 ? Math.max(0, length + start) : start;
        end = end < 0 ? length + end : end;
        long fromHead;
        long fromTail;
        if (start > end || start >= length) {
            fromHead = length;
            fromTail = 0;
        } else {
            end = Math.min(end, length - 1);
            fromHead = start;
            fromTail = length - end - 1;
        }
        Quicklist.deleteRange(context.allocator(), quicklist, 0, fromHead);
        Quicklist.deleteRange(context.allocator(), quicklist, -fromTail, fromTail);
        removed(context, args, 1, quicklist, fromHead + fromTail, "ltrim");
        context.reply().ok();
    }

    // ---------------------------------------------------------------------------------------------
    // Serving blocked clients (BLPOP, BRPOP, BLMPOP, BLMOVE, BRPOPLPUSH)

    /**
     * BLPOP / BRPOP served from the list at {@code key}: pops one element from {@code end}, replies
     * {@code [key, element]}, deletes the key if the list emptied, and propagates {@code LPOP/RPOP key},
     * as Redis 7.0 does. Returns false, doing nothing, when the key holds no list (absent or another
     * type): the client stays blocked.
     */
    public static boolean serveBlockedPop(CommandContext context, byte[] key, ListEnd end) {
        Arguments keys = Arguments.ofBytes(key);
        long entry = context.lookupWrite(keys, 0);
        if (entry == 0 || KeyEntry.type(context.memory(), entry) != ValueType.LIST) {
            return false;
        }
        context.reply().array(2);
        context.reply().bulk(key);
        long quicklist = quicklist(context, entry);
        popOne(context, quicklist, end);
        removed(context, keys, 0, quicklist, 1, end.isHead() ? "lpop" : "rpop");
        context.propagate().add(context.db(), end.isHead() ? LPOP : RPOP, key);
        return true;
    }

    /**
     * BLMPOP served from the list at {@code key}: pops up to {@code count} elements from {@code end},
     * replies {@code [key, [elements]]} and propagates {@code LPOP/RPOP key n}. Returns false, doing
     * nothing, when the key holds no list.
     */
    public static boolean serveBlockedMultiPop(CommandContext context, byte[] key, ListEnd end, long count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive, got " + count);
        }
        Arguments keys = Arguments.ofBytes(key);
        long entry = context.lookupWrite(keys, 0);
        if (entry == 0 || KeyEntry.type(context.memory(), entry) != ValueType.LIST) {
            return false;
        }
        popRangeWithKey(context, keys, 0, quicklist(context, entry), end, count);
        return true;
    }

    /**
     * BLMOVE / BRPOPLPUSH served: moves one element from the list at {@code source} to
     * {@code destination} as LMOVE does, replies the element, and propagates {@code LMOVE source
     * destination from to} (or {@code RPOPLPUSH source destination} when {@code asRpoplpush}).
     * Returns false, doing nothing, when the source holds no list. When the destination holds another
     * type, replies WRONGTYPE, changes nothing and returns true: the client is answered, as in Redis.
     */
    public static boolean serveBlockedMove(CommandContext context, byte[] source, byte[] destination, ListEnd from, ListEnd to,
                                           boolean asRpoplpush) {
        Arguments keys = Arguments.ofBytes(source, destination);
        long entry = context.lookupWrite(keys, 0);
        if (entry == 0 || KeyEntry.type(context.memory(), entry) != ValueType.LIST) {
            return false;
        }
        try {
            moveElement(context, keys, 0, 1, entry, from, to);
        } catch (CommandError error) {
            context.reply().raw(error.encoded());
            return true;
        }
        Effects effects = context.propagate();
        if (asRpoplpush) {
            effects.add(context.db(), RPOPLPUSH, source, destination);
        } else {
            effects.add(context.db(), LMOVE, source, destination, from.argument(), to.argument());
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------

    /** A non-negative integer argument; {@code error} when it is negative or not an integer (Redis's getPositiveLong). */
    private static long positive(Arguments args, int index, CommandError error) {
        return Parse.longArg(args, index, 0, Long.MAX_VALUE, error);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
