package io.forkline.engine.types;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Effects;
import io.forkline.engine.command.Notify;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.pages.Memory;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.forkline.engine.command.Specs.command;

/**
 * ZPOPMIN, ZPOPMAX and ZMPOP, and the pop that serves clients blocked in BZPOPMIN, BZPOPMAX and BZMPOP, as Redis
 * 7.0's genericZpopCommand: the reply's shape depends on the command and the protocol, and what propagates is
 * always ZPOPMIN or ZPOPMAX of the key (with the count actually popped when a count was given).
 */
public final class SortedSetPopCommands {

    private static final byte[] ZPOPMIN = "ZPOPMIN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ZPOPMAX = "ZPOPMAX".getBytes(StandardCharsets.US_ASCII);

    private SortedSetPopCommands() {
    }

    static List<CommandSpec> specs() {
        String g = SortedSetCommands.GROUP;
        return List.of(
                command(g, "zpopmin", -2, "write fast", 1, 1, 1, "Remove and return members with the lowest scores in a sorted set", (c, a) -> zpop(c, a, false)),
                command(g, "zpopmax", -2, "write fast", 1, 1, 1, "Remove and return members with the highest scores in a sorted set", (c, a) -> zpop(c, a, true)),
                command(g, "zmpop", -4, "write movablekeys", 0, 0, 0, "Remove and return members with scores in a sorted set", SortedSetPopCommands::zmpop));
    }

    /**
     * Serves a client blocked on {@code key} in BZPOPMIN or BZPOPMAX ({@code count} -1, {@code multiPop} false) or
     * in BZMPOP ({@code count} at least 1, {@code multiPop} true), or runs those commands at once when a key they
     * name already holds elements. On a context armed for that client: pops from the lowest scores, or the highest
     * when {@code max}; replies as the blocking command does (the key, then the elements: flat for BZPOP*, nested
     * for BZMPOP); counts the change, signals the key, and propagates ZPOPMIN or ZPOPMAX of the key, with the count
     * popped when a count was given. Returns false, having replied and changed nothing, when the key holds no
     * sorted set (absent, or of another type: a blocked client then stays blocked, as in Redis).
     */
    public static boolean serveBlockedPop(CommandContext context, byte[] key, boolean max, long count, boolean multiPop) {
        long entry = context.keyspace().lookup(context.db(), key, 0, key.length, context.now());
        if (entry == 0 || KeyEntry.type(context.memory(), entry) != ValueType.ZSET) {
            return false;
        }
        long popped = pop(context, key, 0, key.length, entry, max, count == -1 ? 1 : count, true, multiPop);
        propagatePop(context, key, 0, key.length, max, count == -1 ? -1 : popped);
        return true;
    }

    private static void zpop(CommandContext context, Arguments args, boolean max) {
        if (args.count() > 3) {
            throw CommandError.SYNTAX;
        }
        long count = args.count() == 3 ? Parse.longArg(args, 2, 0, Long.MAX_VALUE, CommandError.MUST_BE_POSITIVE) : -1;
        boolean nested = count != -1 && context.reply().protocol() > 2;
        long entry = SortedSetCommands.zsetEntry(context, args, 1, true);
        if (entry == 0 || count == 0) {
            context.reply().array(0);
            return;
        }
        pop(context, args.buffer(), args.offset(1), args.length(1), entry, max, count == -1 ? 1 : count, false, nested);
    }

    private static void zmpop(CommandContext context, Arguments args) {
        SortedSetMultiPopArguments parsed = SortedSetMultiPopArguments.parse(args, 1);
        boolean max = parsed.max();
        long count = parsed.count();
        int where = parsed.firstKey() + parsed.keys();
        for (int k = 2; k < where; k++) {
            long entry = SortedSetCommands.zsetEntry(context, args, k, true);
            if (entry != 0) {
                long popped = pop(context, args.buffer(), args.offset(k), args.length(k), entry, max, count, true, true);
                propagatePop(context, args.buffer(), args.offset(k), args.length(k), max, popped);
                return;
            }
        }
        context.reply().nullArray();
    }

    /**
     * Pops up to {@code count} elements from the set of {@code entry} and replies them: after the key when
     * {@code withKey}; as [member, score] arrays when {@code nested}, else flat. Deletes the key if it empties.
     * Returns how many were popped.
     */
    private static long pop(CommandContext context, byte[] key, int offset, int length, long entry, boolean max, long count,
                            boolean withKey, boolean nested) {
        Memory memory = context.memory();
        long value = KeyEntry.value(memory, entry);
        Encoding encoding = KeyEntry.encoding(memory, entry);
        long size = SortedSetValue.size(memory, value, encoding);
        long popped = Math.min(count, size);
        Reply reply = context.reply();
        if (withKey && nested) {
            reply.array(2);
            reply.bulk(key, offset, length);
            reply.array(popped);
        } else if (withKey) {
            reply.array(popped * 2 + 1);
            reply.bulk(key, offset, length);
        } else {
            reply.array(nested ? popped : popped * 2);
        }
        SortedSetCursor cursor = new SortedSetCursor(memory, value, encoding);
        if (max) {
            cursor.seekLast();
        } else {
            cursor.seekFirst();
        }
        for (long i = 0; i < popped; i++) {
            if (nested) {
                reply.array(2);
            }
            SortedSetCommands.replyMember(reply, memory, cursor.member());
            SortedSetCommands.replyScore(reply, cursor.score());
            if (max) {
                cursor.previous();
            } else {
                cursor.next();
            }
        }
        value = SortedSetValue.removeByRank(context.allocator(), value, encoding, max ? size - popped : 0, popped);
        boolean emptied = SortedSetCommands.storeOrDeleteIfEmpty(context, key, offset, length, entry, encoding, value);
        context.dirty(popped);
        context.modified(key, offset, length);
        context.keyspaceEvent(Notify.ZSET, max ? "zpopmax" : "zpopmin", key, offset, length);
        if (emptied) {
            context.keyspaceEvent(Notify.GENERIC, "del", key, offset, length);
        }
        return popped;
    }

    /** Propagates ZPOPMIN/ZPOPMAX of the key, with {@code count} unless it is -1. */
    private static void propagatePop(CommandContext context, byte[] key, int offset, int length, boolean max, long count) {
        Effects effects = context.propagate();
        effects.begin(context.db(), count == -1 ? 2 : 3);
        effects.argument(max ? ZPOPMAX : ZPOPMIN);
        effects.argument(key, offset, length);
        if (count != -1) {
            effects.argument(count);
        }
    }
}
