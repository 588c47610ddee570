package io.forkline.engine.types;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.Notify;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.Keyspace;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.struct.Element;
import io.forkline.pages.Memory;
import io.forkline.pages.alloc.Allocator;

import java.util.Arrays;
import java.util.Comparator;

/**
 * SMEMBERS, SINTER, SINTERCARD, SUNION, SDIFF and the STORE forms, following Redis 7.0's
 * {@code sinterGenericCommand} and {@code sunionDiffGenericCommand}: every source key is type-checked
 * before anything happens; a missing key is an empty set; an intersection walks the smallest set and
 * probes the others; a difference picks whichever of Redis's two algorithms costs less. A result set
 * (the reply of SUNION and SDIFF, or what a STORE keeps) is built as Redis 7.2 builds it, so it gets the
 * encoding Redis would give it; a STORE whose result is empty deletes its destination.
 */
final class SetAlgebra {

    private static final CommandError NUMKEYS = CommandError.of("ERR numkeys should be greater than 0");
    private static final CommandError MORE_KEYS_THAN_ARGUMENTS =
            CommandError.of("ERR Number of keys can't be greater than number of args");
    private static final CommandError NEGATIVE_LIMIT = CommandError.of("ERR LIMIT can't be negative");

    /** What an intersection does with its members. */
    private enum Output { REPLY, CARDINALITY, STORE }

    private enum Operation { UNION, DIFF }

    /** The source sets of a command, looked up once: a missing key has entry 0 and set null. */
    private record Sources(long[] entries, SetRef[] sets) {

        int count() {
            return sets.length;
        }

        boolean anyMissing() {
            return Arrays.stream(sets).anyMatch(set -> set == null);
        }

        long size(Memory memory, int index) {
            SetRef set = sets[index];
            return set == null ? 0 : SetValue.size(memory, set.value(), set.encoding());
        }

        /** The same sources, in the order of {@code order}'s indexes. */
        Sources reordered(Integer[] order) {
            long[] entries = new long[order.length];
            SetRef[] sets = new SetRef[order.length];
            for (int i = 0; i < order.length; i++) {
                entries[i] = this.entries[order[i]];
                sets[i] = this.sets[order[i]];
            }
            return new Sources(entries, sets);
        }
    }

    private SetAlgebra() {
    }

    // ---------------------------------------------------------------------------------------------
    // Handlers

    static void smembers(CommandContext context, Arguments args) {
        intersect(context, args, 1, 1, Output.REPLY, -1, 0);
    }

    static void sinter(CommandContext context, Arguments args) {
        intersect(context, args, 1, args.count() - 1, Output.REPLY, -1, 0);
    }

    static void sinterstore(CommandContext context, Arguments args) {
        intersect(context, args, 2, args.count() - 2, Output.STORE, 1, 0);
    }

    /** SINTERCARD numkeys key [key ...] [LIMIT limit]. */
    static void sintercard(CommandContext context, Arguments args) {
        long keys = Parse.longArg(args, 1, 1, Long.MAX_VALUE, NUMKEYS);
        if (keys > args.count() - 2) {
            throw MORE_KEYS_THAN_ARGUMENTS;
        }
        long limit = 0;
        for (int i = 2 + (int) keys; i < args.count(); i++) {
            if (args.is(i, "limit") && i + 1 < args.count()) {
                limit = Parse.longArg(args, ++i, 0, Long.MAX_VALUE, NEGATIVE_LIMIT);
            } else {
                throw CommandError.SYNTAX;
            }
        }
        intersect(context, args, 2, (int) keys, Output.CARDINALITY, -1, limit);
    }

    static void sunion(CommandContext context, Arguments args) {
        unionOrDiff(context, args, 1, args.count() - 1, Operation.UNION, -1);
    }

    static void sunionstore(CommandContext context, Arguments args) {
        unionOrDiff(context, args, 2, args.count() - 2, Operation.UNION, 1);
    }

    static void sdiff(CommandContext context, Arguments args) {
        unionOrDiff(context, args, 1, args.count() - 1, Operation.DIFF, -1);
    }

    static void sdiffstore(CommandContext context, Arguments args) {
        unionOrDiff(context, args, 2, args.count() - 2, Operation.DIFF, 1);
    }

    // ---------------------------------------------------------------------------------------------
    // Looking the sources up

    /** The {@code count} sets from argument {@code from} on; WRONGTYPE if any holds another type. */
    private static Sources lookup(CommandContext context, Arguments args, int from, int count) {
        long[] entries = new long[count];
        SetRef[] sets = new SetRef[count];
        Memory memory = context.memory();
        for (int i = 0; i < count; i++) {
            long entry = context.lookupRead(args, from + i);
            if (entry != 0 && KeyEntry.type(memory, entry) != ValueType.SET) {
                throw CommandError.WRONGTYPE;
            }
            entries[i] = entry;
            sets[i] = entry == 0 ? null : SetRef.of(memory, entry);
        }
        return new Sources(entries, sets);
    }

    // ---------------------------------------------------------------------------------------------
    // Intersection

    private static void intersect(CommandContext context, Arguments args, int from, int count, Output output, int destination,
                                  long limit) {
        Sources sources = lookup(context, args, from, count);
        if (sources.anyMissing()) {
            emptyResult(context, args, output, destination);
            return;
        }
        Memory memory = context.memory();
        Integer[] bySize = new Integer[count];
        Arrays.setAll(bySize, i -> i);
        Arrays.sort(bySize, Comparator.comparingLong(i -> sources.size(memory, i)));
        Sources sorted = sources.reordered(bySize);
        switch (output) {
            case REPLY -> replyIntersection(context, sorted);
            case CARDINALITY -> context.reply().integer(intersectionCardinality(memory, sorted, limit));
            case STORE -> storeIntersection(context, args, sorted, destination);
        }
    }

    /**
     * Walks the first (smallest) set and passes each member that every other set holds to
     * {@code inAll}, until it returns false.
     */
    private static void forEachCommonMember(Memory memory, Sources sorted, MemberVisitor inAll) {
        SetRef smallest = sorted.sets()[0];
        SetMember member = new SetMember();
        SetValue.forEachWhile(memory, smallest.value(), smallest.encoding(), element -> {
            member.load(memory, element);
            for (int j = 1; j < sorted.count(); j++) {
                SetRef other = sorted.sets()[j];
                if (sorted.entries()[j] != sorted.entries()[0]
                        && !SetValue.contains(memory, other.value(), other.encoding(), member)) {
                    return true;
                }
            }
            return inAll.visit(element, member);
        });
    }

    @FunctionalInterface
    private interface MemberVisitor {
        /** A member, as read from the set and as loaded; false to stop. */
        boolean visit(Element element, SetMember member);
    }

    private static void replyIntersection(CommandContext context, Sources sorted) {
        Reply reply = context.reply();
        Memory memory = context.memory();
        int mark = reply.deferLength();
        long[] cardinality = {0};
        forEachCommonMember(memory, sorted, (element, member) -> {
            SetCommands.replyMember(reply, memory, element);
            cardinality[0]++;
            return true;
        });
        reply.setDeferredSet(mark, cardinality[0]);
    }

    private static long intersectionCardinality(Memory memory, Sources sorted, long limit) {
        long[] cardinality = {0};
        forEachCommonMember(memory, sorted, (element, member) -> {
            cardinality[0]++;
            return limit == 0 || cardinality[0] < limit;
        });
        return cardinality[0];
    }

    /**
     * SINTERSTORE: the result starts as an intset when the smallest source is one, else as a listpack,
     * grows by the usual conversions, and ends as an intset if every member is an integer and it fits.
     */
    private static void storeIntersection(CommandContext context, Arguments args, Sources sorted, int destination) {
        Allocator allocator = context.allocator();
        SetRef result = SetValue.create(allocator,
                sorted.sets()[0].encoding() == Encoding.INTSET ? Encoding.INTSET : Encoding.LISTPACK);
        boolean[] onlyIntegers = {true};
        forEachCommonMember(context.memory(), sorted, (element, member) -> {
            onlyIntegers[0] &= member.isInteger();
            SetValue.add(allocator, context.config(), result, member);
            return true;
        });
        if (onlyIntegers[0]) {
            SetValue.compactToIntset(allocator, context.config(), result);
        }
        storeResult(context, args, destination, result);
    }

    // ---------------------------------------------------------------------------------------------
    // Union and difference

    private static void unionOrDiff(CommandContext context, Arguments args, int from, int count, Operation operation,
                                    int destination) {
        Sources sources = lookup(context, args, from, count);
        Memory memory = context.memory();
        boolean allIntsets = Arrays.stream(sources.sets()).allMatch(set -> set == null || set.encoding() == Encoding.INTSET);
        // a reply's scratch set is a hashtable unless every source is an intset; a stored result starts as an intset
        SetRef result = SetValue.create(context.allocator(),
                destination < 0 && !allIntsets ? Encoding.HASHTABLE : Encoding.INTSET);
        if (operation == Operation.UNION) {
            for (SetRef set : sources.sets()) {
                if (set != null) {
                    addAll(context, set, result);
                }
            }
        } else if (sources.sets()[0] != null && !repeatsFirst(sources)) {
            difference(context, sources, result);
        }
        if (destination >= 0) {
            storeResult(context, args, destination, result);
            return;
        }
        Reply reply = context.reply();
        reply.set(SetValue.size(memory, result.value(), result.encoding()));
        SetValue.forEach(memory, result.value(), result.encoding(), member -> SetCommands.replyMember(reply, memory, member));
        SetValue.release(context.allocator(), result);
    }

    /** Whether a later source is the first one itself (the same key): then a difference is empty. */
    private static boolean repeatsFirst(Sources sources) {
        for (int j = 1; j < sources.count(); j++) {
            if (sources.entries()[j] != 0 && sources.entries()[j] == sources.entries()[0]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Redis's choice between its two difference algorithms: (1) walk the first set and probe the others,
     * largest first, costing about size(first) x sets / 2; (2) copy the first set and remove the members
     * of the others, costing about the sum of all sizes.
     */
    private static void difference(CommandContext context, Sources sources, SetRef result) {
        Memory memory = context.memory();
        long walkAndProbe = 0;
        long copyAndRemove = 0;
        for (int j = 0; j < sources.count(); j++) {
            if (sources.sets()[j] != null) {
                walkAndProbe += sources.size(memory, 0);
                copyAndRemove += sources.size(memory, j);
            }
        }
        if (walkAndProbe / 2 <= copyAndRemove) {
            Integer[] order = new Integer[sources.count()];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, 1, order.length, Comparator.comparingLong((Integer i) -> sources.size(memory, i)).reversed());
            differenceByProbing(context, sources.reordered(order), result);
        } else {
            differenceByRemoving(context, sources, result);
        }
    }

    private static void differenceByProbing(CommandContext context, Sources sources, SetRef result) {
        Memory memory = context.memory();
        SetRef first = sources.sets()[0];
        SetMember member = new SetMember();
        SetValue.forEach(memory, first.value(), first.encoding(), element -> {
            member.load(memory, element);
            for (int j = 1; j < sources.count(); j++) {
                SetRef other = sources.sets()[j];
                if (other != null && SetValue.contains(memory, other.value(), other.encoding(), member)) {
                    return;
                }
            }
            SetValue.add(context.allocator(), context.config(), result, member);
        });
    }

    private static void differenceByRemoving(CommandContext context, Sources sources, SetRef result) {
        Memory memory = context.memory();
        addAll(context, sources.sets()[0], result);
        SetMember member = new SetMember();
        for (int j = 1; j < sources.count() && SetValue.size(memory, result.value(), result.encoding()) > 0; j++) {
            SetRef other = sources.sets()[j];
            if (other == null) {
                continue;
            }
            SetValue.forEachWhile(memory, other.value(), other.encoding(), element -> {
                SetValue.remove(context.allocator(), result, member.load(memory, element));
                return SetValue.size(memory, result.value(), result.encoding()) > 0;
            });
        }
    }

    private static void addAll(CommandContext context, SetRef source, SetRef result) {
        Memory memory = context.memory();
        SetMember member = new SetMember();
        SetValue.forEach(memory, source.value(), source.encoding(),
                element -> SetValue.add(context.allocator(), context.config(), result, member.load(memory, element)));
    }

    // ---------------------------------------------------------------------------------------------
    // Results

    /**
     * A STORE's result: a non-empty set replaces whatever the destination held (its expire dropped, as
     * SET does); an empty one is freed and deletes the destination. Replies the result's size.
     */
    private static void storeResult(CommandContext context, Arguments args, int destination, SetRef result) {
        long size = SetValue.size(context.memory(), result.value(), result.encoding());
        if (size == 0) {
            SetValue.release(context.allocator(), result);
            emptyResult(context, args, Output.STORE, destination);
            return;
        }
        Keyspace keyspace = context.keyspace();
        long entry = context.lookupWrite(args, destination);
        if (entry == 0) {
            keyspace.add(context.db(), args.buffer(), args.offset(destination), args.length(destination), ValueType.SET,
                    result.encoding(), result.value(), context.now());
        } else {
            keyspace.replaceValue(entry, ValueType.SET, result.encoding(), result.value());
            keyspace.removeExpire(context.db(), entry);
        }
        context.modified(args, destination);
        context.keyspaceEvent(Notify.SET, args.string(0).toLowerCase(java.util.Locale.ROOT), args, destination);
        context.dirty(1);
        context.reply().integer(size);
    }

    /** The reply to an empty result; a STORE also deletes its destination. */
    private static void emptyResult(CommandContext context, Arguments args, Output output, int destination) {
        switch (output) {
            case REPLY -> context.reply().set(0);
            case CARDINALITY -> context.reply().integer(0);
            case STORE -> {
                if (context.lookupWrite(args, destination) != 0
                        && context.keyspace().delete(context.db(), args.buffer(), args.offset(destination), args.length(destination))) {
                    context.modified(args, destination);
                    context.keyspaceEvent(Notify.GENERIC, "del", args, destination);
                    context.dirty(1);
                }
                context.reply().integer(0);
            }
        }
    }
}
