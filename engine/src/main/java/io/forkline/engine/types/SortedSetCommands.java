package io.forkline.engine.types;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.command.Notify;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.Keyspace;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.struct.DoubleText;
import io.forkline.engine.struct.Element;
import io.forkline.engine.struct.InvalidRangeException;
import io.forkline.engine.struct.LexRange;
import io.forkline.engine.struct.ScoreRange;
import io.forkline.pages.Memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static io.forkline.engine.command.Specs.command;

/**
 * The sorted-set commands, with Redis 7.0's replies, errors, encodings and propagation. This class holds the
 * single-key commands (ZADD, ZINCRBY, ZREM, ZSCORE, ZRANK, ZCOUNT, ZREMRANGEBY*, ZRANDMEMBER, ZSCAN) and what
 * the family shares; the range reads are in {@link SortedSetRangeCommands}, the pops in
 * {@link SortedSetPopCommands}, the multi-key algebra in {@link SortedSetAlgebraCommands}.
 */
public final class SortedSetCommands {

    static final String GROUP = "sorted-set";

    private static final CommandError XX_AND_NX = CommandError.of("ERR XX and NX options at the same time are not compatible");
    private static final CommandError GT_LT_NX = CommandError.of("ERR GT, LT, and/or NX options at the same time are not compatible");
    private static final CommandError INCR_PAIR = CommandError.of("ERR INCR option supports a single increment-element pair");
    private static final CommandError NAN_RESULT = CommandError.of("ERR resulting score is not a number (NaN)");
    static final CommandError NOT_A_FLOAT_RANGE = CommandError.of("ERR " + InvalidRangeException.NOT_A_FLOAT);
    static final CommandError NOT_A_LEX_RANGE = CommandError.of("ERR " + InvalidRangeException.NOT_A_STRING_RANGE_ITEM);
    private static final CommandError RANDMEMBER_RANGE = CommandError.of(
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    private static final CommandError OUT_OF_RANGE = CommandError.of("ERR value is out of range");
    /** ZRANDMEMBER's CASE 3 threshold (Redis's ZRANDMEMBER_SUB_STRATEGY_MUL). */
    private static final int SUBTRACT_STRATEGY_FACTOR = 3;

    private SortedSetCommands() {
    }

    /** The family's commands, reading set sources of ZUNION, ZINTER and ZDIFF through {@code sets}. */
    public static List<CommandSpec> specs(SetMembers sets) {
        String g = GROUP;
        List<CommandSpec> specs = new ArrayList<>(List.of(
                command(g, "zadd", -4, "write denyoom fast", 1, 1, 1, "Add one or more members to a sorted set, or update its score if it already exists", (c, a) -> zadd(c, a, false)),
                command(g, "zincrby", 4, "write denyoom fast", 1, 1, 1, "Increment the score of a member in a sorted set", (c, a) -> zadd(c, a, true)),
                command(g, "zrem", -3, "write fast", 1, 1, 1, "Remove one or more members from a sorted set", SortedSetCommands::zrem),
                command(g, "zcard", 2, "readonly fast", 1, 1, 1, "Get the number of members in a sorted set", SortedSetCommands::zcard),
                command(g, "zscore", 3, "readonly fast", 1, 1, 1, "Get the score associated with the given member in a sorted set", SortedSetCommands::zscore),
                command(g, "zmscore", -3, "readonly fast", 1, 1, 1, "Get the score associated with the given members in a sorted set", SortedSetCommands::zmscore),
                command(g, "zrank", 3, "readonly fast", 1, 1, 1, "Determine the index of a member in a sorted set", (c, a) -> zrank(c, a, false)),
                command(g, "zrevrank", 3, "readonly fast", 1, 1, 1, "Determine the index of a member in a sorted set, with scores ordered from high to low", (c, a) -> zrank(c, a, true)),
                command(g, "zcount", 4, "readonly fast", 1, 1, 1, "Count the members in a sorted set with scores within the given values", (c, a) -> zcount(c, a, scoreRange(a, 2, 3))),
                command(g, "zlexcount", 4, "readonly fast", 1, 1, 1, "Count the number of members in a sorted set between a given lexicographical range", (c, a) -> zcount(c, a, lexRange(a, 2, 3))),
                command(g, "zremrangebyrank", 4, "write", 1, 1, 1, "Remove all members in a sorted set within the given indexes", SortedSetCommands::zremrangebyrank),
                command(g, "zremrangebyscore", 4, "write", 1, 1, 1, "Remove all members in a sorted set within the given scores", (c, a) -> zremrange(c, a, scoreRange(a, 2, 3))),
                command(g, "zremrangebylex", 4, "write", 1, 1, 1, "Remove all members in a sorted set between the given lexicographical range", (c, a) -> zremrange(c, a, lexRange(a, 2, 3))),
                command(g, "zrandmember", -2, "readonly", 1, 1, 1, "Get one or multiple random elements from a sorted set", SortedSetCommands::zrandmember),
                command(g, "zscan", -3, "readonly", 1, 1, 1, "Incrementally iterate sorted sets elements and associated scores", SortedSetCommands::zscan)));
        specs.addAll(SortedSetRangeCommands.specs());
        specs.addAll(SortedSetPopCommands.specs());
        specs.addAll(SortedSetAlgebraCommands.specs(sets));
        return List.copyOf(specs);
    }

    // ---------------------------------------------------------------------------------------------
    // Shared by the family

    /** The entry of a sorted-set key, 0 if absent; WRONGTYPE if it holds another type. */
    static long zsetEntry(CommandContext context, Arguments args, int index, boolean forWrite) {
        long entry = forWrite ? context.lookupWrite(args, index) : context.lookupRead(args, index);
        if (entry != 0 && KeyEntry.type(context.memory(), entry) != ValueType.ZSET) {
            throw CommandError.WRONGTYPE;
        }
        return entry;
    }

    /** Replies a member read from the store: an integer entry as its digits, a string straight from memory. */
    static void replyMember(Reply reply, Memory memory, Element member) {
        if (member.isInteger()) {
            reply.bulkLong(member.integer());
        } else {
            reply.bulk(memory, member.address(), member.length());
        }
    }

    /** Replies a score as Redis 7.0's addReplyDouble: %.17g, a bulk string in RESP2 and a double in RESP3. */
    static void replyScore(Reply reply, double score) {
        reply.doubleText(DoubleText.format(score));
    }

    /** A score or weight argument, read as Redis's string2d (getDoubleFromObject) reads it. */
    static double doubleArg(Arguments args, int index, CommandError error) {
        try {
            return DoubleText.parse(args.buffer(), args.offset(index), args.length(index));
        } catch (NumberFormatException notANumber) {
            throw error;
        }
    }

    static SortedSetRange scoreRange(Arguments args, int minIndex, int maxIndex) {
        try {
            return SortedSetRange.of(ScoreRange.parse(args.buffer(), args.offset(minIndex), args.length(minIndex),
                    args.buffer(), args.offset(maxIndex), args.length(maxIndex)));
        } catch (InvalidRangeException invalid) {
            throw NOT_A_FLOAT_RANGE;
        }
    }

    static SortedSetRange lexRange(Arguments args, int minIndex, int maxIndex) {
        try {
            return SortedSetRange.of(LexRange.parse(args.buffer(), args.offset(minIndex), args.length(minIndex),
                    args.buffer(), args.offset(maxIndex), args.length(maxIndex)));
        } catch (InvalidRangeException invalid) {
            throw NOT_A_LEX_RANGE;
        }
    }

    /** The encoding Redis gives a new sorted set whose first member has {@code firstMemberLength} bytes. */
    static Encoding encodingForNew(EngineConfig config, long firstMemberLength) {
        return config.zsetMaxListpackEntries == 0 || firstMemberLength > config.zsetMaxListpackValue
                ? Encoding.SKIPLIST : Encoding.LISTPACK;
    }

    /** Points the key's entry at the sorted set's (maybe moved, maybe converted) value. */
    static void setValue(CommandContext context, long entry, Encoding encoding, long value) {
        context.keyspace().setValue(entry, ValueType.ZSET, encoding, value);
    }

    /** Records the value in the key's entry, then deletes the key if the set is empty; returns whether it did. */
    static boolean storeOrDeleteIfEmpty(CommandContext context, byte[] key, int offset, int length, long entry,
                                        Encoding encoding, long value) {
        setValue(context, entry, encoding, value);
        if (SortedSetValue.size(context.memory(), value, encoding) == 0) {
            context.keyspace().delete(context.db(), key, offset, length);
            return true;
        }
        return false;
    }

    /**
     * Stores a computed result at the key in {@code destinationIndex} as Redis's setKey does (replacing any value of
     * any type and its expire; the key is signalled modified and ready), or deletes the key when the result is empty;
     * replies the result's size.
     */
    static void storeResult(CommandContext context, Arguments args, int destinationIndex, ScoredMembers result) {
        Keyspace keyspace = context.keyspace();
        long entry = context.lookupWrite(args, destinationIndex);
        if (result.size() == 0) {
            context.reply().integer(0);
            if (entry != 0) {
                keyspace.delete(context.db(), args.buffer(), args.offset(destinationIndex), args.length(destinationIndex));
                context.modified(args, destinationIndex);
                context.keyspaceEvent(Notify.GENERIC, "del", args, destinationIndex);
                context.dirty(1);
            }
            return;
        }
        EngineConfig config = context.config();
        Encoding encoding = result.size() <= config.zsetMaxListpackEntries && result.longestMember() <= config.zsetMaxListpackValue
                ? Encoding.LISTPACK : Encoding.SKIPLIST;
        long value = SortedSetValue.build(context.allocator(), encoding, result, context.random());
        if (entry == 0) {
            keyspace.add(context.db(), args.buffer(), args.offset(destinationIndex), args.length(destinationIndex),
                    ValueType.ZSET, encoding, value, context.now());
        } else {
            keyspace.replaceValue(entry, ValueType.ZSET, encoding, value);
            keyspace.removeExpire(context.db(), entry);
        }
        context.modified(args, destinationIndex);
        context.ready(args, destinationIndex);
        context.keyspaceEvent(Notify.ZSET, args.string(0).toLowerCase(java.util.Locale.ROOT), args, destinationIndex);
        context.dirty(1);
        context.reply().integer(result.size());
    }

    // ---------------------------------------------------------------------------------------------
    // ZADD and ZINCRBY

    /** ZADD's options, parsed (Redis's ZADD_IN_* flags and CH). */
    private record AddOptions(boolean nx, boolean xx, boolean gt, boolean lt, boolean incr, boolean ch, int scoreIndex) {

        /** A ZADD without options: shared, as records never change. */
        private static final AddOptions NONE = new AddOptions(false, false, false, false, false, false, 2);

        static AddOptions parse(Arguments args, boolean incrCommand) {
            boolean nx = false;
            boolean xx = false;
            boolean gt = false;
            boolean lt = false;
            boolean incr = incrCommand;
            boolean ch = false;
            int index = 2;
            for (; index < args.count(); index++) {
                if (args.is(index, "nx")) {
                    nx = true;
                } else if (args.is(index, "xx")) {
                    xx = true;
                } else if (args.is(index, "ch")) {
                    ch = true;
                } else if (args.is(index, "incr")) {
                    incr = true;
                } else if (args.is(index, "gt")) {
                    gt = true;
                } else if (args.is(index, "lt")) {
                    lt = true;
                } else {
                    break;
                }
            }
            return index == 2 && !incr ? NONE : new AddOptions(nx, xx, gt, lt, incr, ch, index);
        }

        /** Whether an element already there keeps its score (NOP) given its current and its candidate score. */
        boolean keeps(double current, double candidate) {
            return nx || (lt && candidate >= current) || (gt && candidate <= current);
        }
    }

    private static void zadd(CommandContext context, Arguments args, boolean incrCommand) {
        AddOptions options = AddOptions.parse(args, incrCommand);
        int elements = args.count() - options.scoreIndex();
        if (elements % 2 != 0 || elements == 0) {
            throw CommandError.SYNTAX;
        }
        elements /= 2;
        if (options.nx() && options.xx()) {
            throw XX_AND_NX;
        }
        if ((options.gt() && options.nx()) || (options.lt() && options.nx()) || (options.gt() && options.lt())) {
            throw GT_LT_NX;
        }
        if (options.incr() && elements > 1) {
            throw INCR_PAIR;
        }
        double[] scores = new double[elements];
        for (int j = 0; j < elements; j++) {
            scores[j] = doubleArg(args, options.scoreIndex() + 2 * j, CommandError.NOT_A_FLOAT);
        }
        long entry = zsetEntry(context, args, 1, true);
        if (entry != 0 && options.incr() && !options.nx()) {
            rejectNaN(context, entry, args, options.scoreIndex() + 1, scores[0]);
        }
        if (entry == 0 && options.xx()) {
            replyAdd(context, options, 0, 0, 0, 0);
            return;
        }
        if (entry == 0) {
            Encoding encoding = encodingForNew(context.config(), args.length(options.scoreIndex() + 1));
            entry = context.keyspace().add(context.db(), args.buffer(), args.offset(1), args.length(1), ValueType.ZSET,
                    encoding, SortedSetValue.create(context.allocator(), encoding), context.now());
        }
        addAll(context, args, entry, options, scores);
    }

    /** An increment that would make a NaN score is refused before anything changes. */
    private static void rejectNaN(CommandContext context, long entry, Arguments args, int memberIndex, double increment) {
        Memory memory = context.memory();
        double current = SortedSetValue.score(memory, KeyEntry.value(memory, entry), KeyEntry.encoding(memory, entry),
                args.buffer(), args.offset(memberIndex), args.length(memberIndex));
        if (!Double.isNaN(current) && Double.isNaN(current + increment)) {
            throw NAN_RESULT;
        }
    }

    /** Applies every (score, member) pair to the set of {@code entry} as Redis's zsetAdd, then replies. */
    private static void addAll(CommandContext context, Arguments args, long entry, AddOptions options, double[] scores) {
        Memory memory = context.memory();
        long value = KeyEntry.value(memory, entry);
        Encoding encoding = KeyEntry.encoding(memory, entry);
        int added = 0;
        int updated = 0;
        int processed = 0;
        double last = 0;
        for (int j = 0; j < scores.length; j++) {
            int member = options.scoreIndex() + 2 * j + 1;
            double current = SortedSetValue.score(memory, value, encoding, args.buffer(), args.offset(member), args.length(member));
            double score = options.incr() && !Double.isNaN(current) ? current + scores[j] : scores[j];
            if (!Double.isNaN(current)) {
                if (options.keeps(current, score)) {
                    continue;
                }
                if (score != current) {
                    value = SortedSetValue.updateScore(context.allocator(), value, encoding, args.buffer(), args.offset(member),
                            args.length(member), score, context.random());
                    updated++;
                }
            } else if (options.xx()) {
                continue;
            } else {
                if (SortedSetValue.isListpack(encoding) && outgrowsListpack(context, memory, value, args.length(member))) {
                    value = SortedSetValue.toSkiplist(context.allocator(), value, context.random());
                    encoding = Encoding.SKIPLIST;
                }
                value = SortedSetValue.insert(context.allocator(), value, encoding, score, args.buffer(), args.offset(member),
                        args.length(member), context.random());
                added++;
            }
            processed++;
            last = score;
        }
        setValue(context, entry, encoding, value);
        if (added + updated > 0) {
            context.dirty(added + updated);
            context.modified(args, 1);
            context.keyspaceEvent(Notify.ZSET, options.incr() ? "zincr" : "zadd", args, 1);
        }
        if (added > 0) {
            context.ready(args, 1);
        }
        replyAdd(context, options, added, updated, processed, last);
    }

    /** Whether one more member of {@code memberLength} bytes would take the listpack past Redis's thresholds. */
    private static boolean outgrowsListpack(CommandContext context, Memory memory, long listpack, int memberLength) {
        EngineConfig config = context.config();
        return SortedSetListpack.size(memory, listpack) + 1 > config.zsetMaxListpackEntries
                || memberLength > config.zsetMaxListpackValue;
    }

    private static void replyAdd(CommandContext context, AddOptions options, int added, int updated, int processed, double last) {
        if (!options.incr()) {
            context.reply().integer(options.ch() ? added + updated : added);
        } else if (processed > 0) {
            replyScore(context.reply(), last);
        } else {
            context.reply().nullBulk();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Removing

    private static void zrem(CommandContext context, Arguments args) {
        long entry = zsetEntry(context, args, 1, true);
        if (entry == 0) {
            context.reply().integer(0);
            return;
        }
        Memory memory = context.memory();
        long value = KeyEntry.value(memory, entry);
        Encoding encoding = KeyEntry.encoding(memory, entry);
        long deleted = 0;
        for (int j = 2; j < args.count(); j++) {
            long changed = SortedSetValue.remove(context.allocator(), value, encoding, args.buffer(), args.offset(j), args.length(j));
            if (changed != 0) {
                value = changed;
                deleted++;
            }
            if (SortedSetValue.size(memory, value, encoding) == 0) {
                break;
            }
        }
        boolean emptied = storeOrDeleteIfEmpty(context, args.buffer(), args.offset(1), args.length(1), entry, encoding, value);
        if (deleted > 0) {
            context.modified(args, 1);
            context.keyspaceEvent(Notify.ZSET, "zrem", args, 1);
            if (emptied) {
                context.keyspaceEvent(Notify.GENERIC, "del", args, 1);
            }
            context.dirty(deleted);
        }
        context.reply().integer(deleted);
    }

    private static void zremrangebyrank(CommandContext context, Arguments args) {
        long start = Parse.longArg(args, 2);
        long end = Parse.longArg(args, 3);
        long entry = zsetEntry(context, args, 1, true);
        if (entry == 0) {
            context.reply().integer(0);
            return;
        }
        Memory memory = context.memory();
        long value = KeyEntry.value(memory, entry);
        Encoding encoding = KeyEntry.encoding(memory, entry);
        long length = SortedSetValue.size(memory, value, encoding);
        start = start < 0 ? Math.max(0, length + start) : start;
        end = end < 0 ? length + end : end;
        if (start > end || start >= length) {
            context.reply().integer(0);
            return;
        }
        end = Math.min(end, length - 1);
        long deleted = end - start + 1;
        value = SortedSetValue.removeByRank(context.allocator(), value, encoding, start, deleted);
        finishRemoval(context, args, entry, encoding, value, deleted);
    }

    private static void zremrange(CommandContext context, Arguments args, SortedSetRange range) {
        long entry = zsetEntry(context, args, 1, true);
        if (entry == 0) {
            context.reply().integer(0);
            return;
        }
        Memory memory = context.memory();
        Encoding encoding = KeyEntry.encoding(memory, entry);
        SortedSetValue.Removal removal = SortedSetValue.removeRange(context.allocator(), KeyEntry.value(memory, entry),
                encoding, range);
        finishRemoval(context, args, entry, encoding, removal.value(), removal.removed());
    }

    private static void finishRemoval(CommandContext context, Arguments args, long entry, Encoding encoding, long value,
                                      long deleted) {
        boolean emptied = storeOrDeleteIfEmpty(context, args.buffer(), args.offset(1), args.length(1), entry, encoding, value);
        if (deleted > 0) {
            context.modified(args, 1);
            context.keyspaceEvent(Notify.ZSET, args.string(0).toLowerCase(java.util.Locale.ROOT), args, 1);
            if (emptied) {
                context.keyspaceEvent(Notify.GENERIC, "del", args, 1);
            }
            context.dirty(deleted);
        }
        context.reply().integer(deleted);
    }

    // ---------------------------------------------------------------------------------------------
    // Reading single elements and counts

    private static void zcard(CommandContext context, Arguments args) {
        long entry = zsetEntry(context, args, 1, false);
        Memory memory = context.memory();
        context.reply().integer(entry == 0 ? 0
                : SortedSetValue.size(memory, KeyEntry.value(memory, entry), KeyEntry.encoding(memory, entry)));
    }

    private static void zscore(CommandContext context, Arguments args) {
        long entry = zsetEntry(context, args, 1, false);
        replyScoreOf(context, entry, args, 2);
    }

    private static void zmscore(CommandContext context, Arguments args) {
        long entry = zsetEntry(context, args, 1, false);
        context.reply().array(args.count() - 2);
        for (int j = 2; j < args.count(); j++) {
            replyScoreOf(context, entry, args, j);
        }
    }

    /** The score of the member in argument {@code memberIndex}, or a null when the set (or the key) lacks it. */
    private static void replyScoreOf(CommandContext context, long entry, Arguments args, int memberIndex) {
        Memory memory = context.memory();
        double score = entry == 0 ? Double.NaN : SortedSetValue.score(memory, KeyEntry.value(memory, entry),
                KeyEntry.encoding(memory, entry), args.buffer(), args.offset(memberIndex), args.length(memberIndex));
        if (Double.isNaN(score)) {
            context.reply().nullBulk();
        } else {
            replyScore(context.reply(), score);
        }
    }

    private static void zrank(CommandContext context, Arguments args, boolean reverse) {
        long entry = zsetEntry(context, args, 1, false);
        if (entry == 0) {
            context.reply().nullBulk();
            return;
        }
        Memory memory = context.memory();
        long value = KeyEntry.value(memory, entry);
        Encoding encoding = KeyEntry.encoding(memory, entry);
        long rank = SortedSetValue.rank(memory, value, encoding, args.buffer(), args.offset(2), args.length(2));
        if (rank < 0) {
            context.reply().nullBulk();
        } else {
            context.reply().integer(reverse ? SortedSetValue.size(memory, value, encoding) - 1 - rank : rank);
        }
    }

    private static void zcount(CommandContext context, Arguments args, SortedSetRange range) {
        long entry = zsetEntry(context, args, 1, false);
        Memory memory = context.memory();
        context.reply().integer(entry == 0 ? 0
                : SortedSetValue.count(memory, KeyEntry.value(memory, entry), KeyEntry.encoding(memory, entry), range));
    }

    // ---------------------------------------------------------------------------------------------
    // ZRANDMEMBER

    private static void zrandmember(CommandContext context, Arguments args) {
        if (args.count() >= 3) {
            long count = Parse.longArg(args, 2);
            if (count == Long.MIN_VALUE) {
                throw RANDMEMBER_RANGE;
            }
            if (args.count() > 4 || (args.count() == 4 && !args.is(3, "withscores"))) {
                throw CommandError.SYNTAX;
            }
            boolean withScores = args.count() == 4;
            if (withScores && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
                throw OUT_OF_RANGE;
            }
            randomMembers(context, args, count, withScores);
            return;
        }
        long entry = zsetEntry(context, args, 1, false);
        if (entry == 0) {
            context.reply().nullBulk();
            return;
        }
        Memory memory = context.memory();
        long value = KeyEntry.value(memory, entry);
        Encoding encoding = KeyEntry.encoding(memory, entry);
        SortedSetCursor cursor = new SortedSetCursor(memory, value, encoding);
        cursor.seekRank(context.random().nextLong(SortedSetValue.size(memory, value, encoding)));
        replyMember(context.reply(), memory, cursor.member());
    }

    /** ZRANDMEMBER with a count: distinct members when it is positive, independent draws when negative. */
    private static void randomMembers(CommandContext context, Arguments args, long requested, boolean withScores) {
        long entry = zsetEntry(context, args, 1, false);
        Reply reply = context.reply();
        if (entry == 0 || requested == 0) {
            reply.array(0);
            return;
        }
        Memory memory = context.memory();
        long value = KeyEntry.value(memory, entry);
        Encoding encoding = KeyEntry.encoding(memory, entry);
        long size = SortedSetValue.size(memory, value, encoding);
        long count = Math.abs(requested);
        SortedSetCursor cursor = new SortedSetCursor(memory, value, encoding);
        boolean pairs = withScores && reply.protocol() == 2;
        if (requested < 0 || count == 1) {
            reply.array(pairs ? count * 2 : count);
            for (long i = 0; i < count; i++) {
                cursor.seekRank(context.random().nextLong(size));
                replyElement(reply, cursor, withScores);
            }
            return;
        }
        long replied = Math.min(count, size);
        reply.array(pairs ? replied * 2 : replied);
        if (count >= size) {
            for (cursor.seekFirst(); cursor.valid(); cursor.next()) {
                replyElement(reply, cursor, withScores);
            }
            return;
        }
        for (long rank : distinctRanks(context, size, (int) count)) {
            cursor.seekRank(rank);
            replyElement(reply, cursor, withScores);
        }
    }

    /**
     * {@code count} distinct ranks below {@code size} (count &lt; size): by striking random ranks from all of them
     * when the set is not much larger than the count (Redis's CASE 3), else by drawing until enough differ (CASE 4).
     */
    private static long[] distinctRanks(CommandContext context, long size, int count) {
        long[] ranks;
        if ((long) count * SUBTRACT_STRATEGY_FACTOR > size) {
            long[] all = new long[(int) size];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            for (int i = 0; i < count; i++) {   // a partial Fisher-Yates shuffle
                int pick = i + (int) context.random().nextLong(size - i);
                long swap = all[i];
                all[i] = all[pick];
                all[pick] = swap;
            }
            ranks = Arrays.copyOf(all, count);
        } else {
            Set<Long> drawn = new LinkedHashSet<>();
            while (drawn.size() < count) {
                drawn.add(context.random().nextLong(size));
            }
            ranks = drawn.stream().mapToLong(Long::longValue).toArray();
        }
        return ranks;
    }

    /** One element of a range-like reply: [member, score] nested in RESP3 with scores, flat in RESP2. */
    static void replyElement(Reply reply, SortedSetCursor cursor, boolean withScores) {
        if (withScores && reply.protocol() > 2) {
            reply.array(2);
        }
        replyMember(reply, cursor.memory(), cursor.member());
        if (withScores) {
            replyScore(reply, cursor.score());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // ZSCAN

    private static void zscan(CommandContext context, Arguments args) {
        long cursor = KeyCommands.cursorArg(args, 2);
        long entry = zsetEntry(context, args, 1, false);
        Reply reply = context.reply();
        if (entry == 0) {
            reply.array(2);
            reply.bulk("0");
            reply.array(0);
            return;
        }
        SortedSetScan.scan(context, args, entry, cursor);
    }
}
