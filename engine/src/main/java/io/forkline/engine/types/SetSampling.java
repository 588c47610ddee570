package io.forkline.engine.types;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.Effects;
import io.forkline.engine.command.Notify;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.struct.Element;
import io.forkline.pages.Memory;
import io.forkline.pages.alloc.Allocator;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * SPOP and SRANDMEMBER, drawing with the engine's seeded {@link CommandContext#random()}. SPOP is
 * propagated as Redis 7.0 propagates it: one {@code SREM key member} per popped member, or {@code DEL key}
 * when a count takes the whole set, so that a replica or the AOF replays exactly what was popped.
 */
final class SetSampling {

    private static final byte[] SREM = "SREM".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);
    /** Redis's SPOP_MOVE_STRATEGY_MUL: pop one by one while what stays is more than a fifth of what goes. */
    private static final int POP_ONE_BY_ONE_RATIO = 5;
    /** Redis's SRANDMEMBER_SUB_STRATEGY_MUL: draw at random while the set is at least three times the count. */
    private static final int DRAW_AT_RANDOM_RATIO = 3;
    private static final CommandError RANDOM_COUNT_RANGE = CommandError.of(
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");

    private SetSampling() {
    }

    // ---------------------------------------------------------------------------------------------
    // SPOP

    static void spop(CommandContext context, Arguments args) {
        if (args.count() == 3) {
            spopCount(context, args);
            return;
        }
        if (args.count() > 3) {
            throw CommandError.SYNTAX;
        }
        long entry = SetCommands.setEntry(context, args, 1, true);
        if (entry == 0) {
            context.reply().nullBulk();
            return;
        }
        SetRef set = SetRef.of(context.memory(), entry);
        SetMember member = new SetMember();
        SetValue.popRandom(context.allocator(), set, context.random(), member);
        context.keyspaceEvent(Notify.SET, "spop", args, 1);
        if (SetCommands.storeOrDelete(context, args, 1, entry, set)) {
            context.keyspaceEvent(Notify.GENERIC, "del", args, 1);
        }
        context.reply().bulk(member.bytes(), 0, member.length());
        propagateSrem(context.propagate(), context.db(), args, member);
        context.modified(args, 1);
        context.dirty(1);
    }

    private static void spopCount(CommandContext context, Arguments args) {
        long count = Parse.longArg(args, 2, 0, Long.MAX_VALUE, CommandError.MUST_BE_POSITIVE);
        long entry = SetCommands.setEntry(context, args, 1, true);
        Reply reply = context.reply();
        if (entry == 0 || count == 0) {
            reply.set(0);
            return;
        }
        Memory memory = context.memory();
        SetRef set = SetRef.of(memory, entry);
        long size = SetValue.size(memory, set.value(), set.encoding());
        context.modified(args, 1);
        context.keyspaceEvent(Notify.SET, "spop", args, 1);
        if (count >= size) {
            reply.set(size);
            SetValue.forEach(memory, set.value(), set.encoding(), member -> SetCommands.replyMember(reply, memory, member));
            context.keyspace().delete(context.db(), args.buffer(), args.offset(1), args.length(1));
            context.keyspaceEvent(Notify.GENERIC, "del", args, 1);
            context.propagate().add(context.db(), DEL, args.bytes(1));
            context.dirty(size);
            return;
        }
        reply.set(count);
        context.dirty(count);
        long remaining = size - count;
        if (remaining * POP_ONE_BY_ONE_RATIO > count) {
            popOneByOne(context, args, set, count);
            context.keyspace().setValue(entry, ValueType.SET, set.encoding(), set.value());
        } else {
            SetRef kept = keepRandom(context, set, remaining);
            Effects effects = context.propagate();
            SetValue.forEach(memory, set.value(), set.encoding(), member -> {
                SetCommands.replyMember(reply, memory, member);
                propagateSrem(effects, context.db(), args, memory, member);
            });
            SetValue.release(context.allocator(), set);
            context.keyspace().setValue(entry, ValueType.SET, kept.encoding(), kept.value());
        }
    }

    /** SPOP's case of a few members out of many: pop, reply and propagate them one at a time. */
    private static void popOneByOne(CommandContext context, Arguments args, SetRef set, long count) {
        Effects effects = context.propagate();
        SetMember member = new SetMember();
        for (long i = 0; i < count; i++) {
            SetValue.popRandom(context.allocator(), set, context.random(), member);
            context.reply().bulk(member.bytes(), 0, member.length());
            propagateSrem(effects, context.db(), args, member);
        }
    }

    /**
     * SPOP's case of most of the set: moves {@code remaining} random members into a new set, which the
     * key keeps, so that what is left in the old one is the reply. The new set starts as Redis 7.2 starts
     * it (an intset from an intset, else a listpack) and grows by the usual conversions.
     */
    private static SetRef keepRandom(CommandContext context, SetRef set, long remaining) {
        Allocator allocator = context.allocator();
        SetRef kept = SetValue.create(allocator, set.encoding() == Encoding.INTSET ? Encoding.INTSET : Encoding.LISTPACK);
        SetMember member = new SetMember();
        for (long i = 0; i < remaining; i++) {
            SetValue.popRandom(allocator, set, context.random(), member);
            SetValue.add(allocator, context.config(), kept, member);
        }
        return kept;
    }

    private static void propagateSrem(Effects effects, int db, Arguments args, SetMember member) {
        effects.begin(db, 3);
        effects.argument(SREM);
        effects.argument(args.buffer(), args.offset(1), args.length(1));
        effects.argument(member.bytes(), 0, member.length());
    }

    private static void propagateSrem(Effects effects, int db, Arguments args, Memory memory, Element member) {
        effects.begin(db, 3);
        effects.argument(SREM);
        effects.argument(args.buffer(), args.offset(1), args.length(1));
        if (member.isInteger()) {
            effects.argument(member.integer());
        } else {
            effects.argument(memory, member.address(), member.length());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // SRANDMEMBER

    static void srandmember(CommandContext context, Arguments args) {
        if (args.count() == 3) {
            srandmemberCount(context, args);
            return;
        }
        if (args.count() > 3) {
            throw CommandError.SYNTAX;
        }
        long entry = SetCommands.setEntry(context, args, 1, false);
        if (entry == 0) {
            context.reply().nullBulk();
            return;
        }
        Memory memory = context.memory();
        SetRef set = SetRef.of(memory, entry);
        Element member = new Element();
        SetValue.randomMember(memory, set.value(), set.encoding(), context.random(), member);
        SetCommands.replyMember(context.reply(), memory, member);
    }

    /**
     * SRANDMEMBER key count: a negative count draws that many members with repeats, in random order; a
     * positive one that many distinct members (the whole set when it has no more).
     */
    private static void srandmemberCount(CommandContext context, Arguments args) {
        long requested = Parse.longArg(args, 2);
        if (requested == Long.MIN_VALUE) {
            throw RANDOM_COUNT_RANGE;
        }
        long entry = SetCommands.setEntry(context, args, 1, false);
        Reply reply = context.reply();
        if (entry == 0 || requested == 0) {
            reply.array(0);
            return;
        }
        Memory memory = context.memory();
        SetRef set = SetRef.of(memory, entry);
        long size = SetValue.size(memory, set.value(), set.encoding());
        long count = Math.abs(requested);
        if (requested < 0 || count == 1) {
            reply.array(count);
            Element member = new Element();
            for (long i = 0; i < count; i++) {
                SetValue.randomMember(memory, set.value(), set.encoding(), context.random(), member);
                SetCommands.replyMember(reply, memory, member);
            }
        } else if (count >= size) {
            reply.array(size);
            SetValue.forEach(memory, set.value(), set.encoding(), member -> SetCommands.replyMember(reply, memory, member));
        } else if (set.encoding() == Encoding.HASHTABLE && count * DRAW_AT_RANDOM_RATIO <= size) {
            drawDistinct(reply, memory, set, count, context.random());
        } else {
            selectInOrder(reply, memory, set, count, size, context.random());
        }
    }

    /** Distinct members of a large hashtable by random draws until {@code count} differ (Redis's case 4). */
    private static void drawDistinct(Reply reply, Memory memory, SetRef set, long count, RandomGenerator random) {
        Map<Long, Integer> drawn = new LinkedHashMap<>();   // a hashtable member's key address, and its length
        Element member = new Element();
        while (drawn.size() < count) {
            SetValue.randomMember(memory, set.value(), set.encoding(), random, member);
            drawn.putIfAbsent(member.address(), member.length());
        }
        reply.array(count);
        drawn.forEach((address, length) -> reply.bulk(memory, address, length));
    }

    /**
     * {@code count} distinct members chosen uniformly in one walk of the set (Knuth's selection sampling:
     * each member is taken with probability needed / left), replied in the set's order.
     */
    private static void selectInOrder(Reply reply, Memory memory, SetRef set, long count, long size, RandomGenerator random) {
        reply.array(count);
        long[] neededAndLeft = {count, size};
        SetValue.forEachWhile(memory, set.value(), set.encoding(), member -> {
            if (random.nextLong(neededAndLeft[1]) < neededAndLeft[0]) {
                SetCommands.replyMember(reply, memory, member);
                neededAndLeft[0]--;
            }
            neededAndLeft[1]--;
            return neededAndLeft[0] > 0;
        });
    }
}
