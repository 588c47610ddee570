package io.forkline.engine.types;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.pages.Memory;

import java.util.List;

import static io.forkline.engine.command.Specs.command;

/**
 * ZRANGE in all its forms (by rank, score or member; forward or reversed; with LIMIT and WITHSCORES), the
 * deprecated ZREVRANGE, Z[REV]RANGEBYSCORE and Z[REV]RANGEBYLEX, and ZRANGESTORE, as Redis 7.0's
 * zrangeGenericCommand parses and runs them: one parser, one walk, and a sink that either replies or collects
 * what ZRANGESTORE stores.
 */
final class SortedSetRangeCommands {

    private static final CommandError LIMIT_NEEDS_RANGE = CommandError.of(
            "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
    private static final CommandError WITHSCORES_BYLEX = CommandError.of(
            "ERR syntax error, WITHSCORES not supported in combination with BYLEX");

    /** What orders a range: unset until parsed (Redis's ZRANGE_AUTO), then rank, score or member. */
    private enum By { AUTO, RANK, SCORE, LEX }

    private SortedSetRangeCommands() {
    }

    static List<CommandSpec> specs() {
        String g = SortedSetCommands.GROUP;
        return List.of(
                command(g, "zrange", -4, "readonly", 1, 1, 1, "Return a range of members in a sorted set", (c, a) -> range(c, a, false, By.AUTO, null)),
                command(g, "zrangestore", -5, "write denyoom", 1, 2, 1, "Store a range of members from sorted set into another key", (c, a) -> range(c, a, true, By.AUTO, null)),
                command(g, "zrevrange", -4, "readonly", 1, 1, 1, "Return a range of members in a sorted set, by index, with scores ordered from high to low", (c, a) -> range(c, a, false, By.RANK, true)),
                command(g, "zrangebyscore", -4, "readonly", 1, 1, 1, "Return a range of members in a sorted set, by score", (c, a) -> range(c, a, false, By.SCORE, false)),
                command(g, "zrevrangebyscore", -4, "readonly", 1, 1, 1, "Return a range of members in a sorted set, by score, with scores ordered from high to low", (c, a) -> range(c, a, false, By.SCORE, true)),
                command(g, "zrangebylex", -4, "readonly", 1, 1, 1, "Return a range of members in a sorted set, by lexicographical range", (c, a) -> range(c, a, false, By.LEX, false)),
                command(g, "zrevrangebylex", -4, "readonly", 1, 1, 1, "Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.", (c, a) -> range(c, a, false, By.LEX, true)));
    }

    /** The parsed options of one range command. */
    private static final class Options {
        By by;
        Boolean reverse;           // null until REV is seen or the command fixes it
        boolean withScores;
        long offset;
        long limit = -1;
    }

    /**
     * Runs a range command whose source key is argument 1 (ZRANGESTORE: 2, its destination 1). {@code by} and
     * {@code reverse} are fixed by the deprecated forms, open ({@code AUTO}, null) for ZRANGE and ZRANGESTORE.
     */
    private static void range(CommandContext context, Arguments args, boolean store, By by, Boolean reverse) {
        int source = store ? 2 : 1;
        Options options = parseOptions(args, source, store, by, reverse);
        int minIndex = source + 1;
        int maxIndex = source + 2;
        if (options.reverse && options.by != By.RANK) {
            minIndex = source + 2;   // the range is given as max, min
            maxIndex = source + 1;
        }
        long start = 0;
        long end = 0;
        SortedSetRange range = null;
        switch (options.by) {
            case SCORE -> range = SortedSetCommands.scoreRange(args, minIndex, maxIndex);
            case LEX -> range = SortedSetCommands.lexRange(args, minIndex, maxIndex);
            default -> {
                start = Parse.longArg(args, minIndex);
                end = Parse.longArg(args, maxIndex);
            }
        }
        boolean withScores = options.withScores || store;
        Sink sink = store ? new StoreSink(context, args) : new ReplySink(context.reply(), withScores);
        long entry = SortedSetCommands.zsetEntry(context, args, source, false);
        if (entry == 0) {
            sink.begin(-1);
            sink.end(0);
            return;
        }
        Memory memory = context.memory();
        SortedSetCursor cursor = new SortedSetCursor(memory, KeyEntry.value(memory, entry), KeyEntry.encoding(memory, entry));
        long size = SortedSetValue.size(memory, KeyEntry.value(memory, entry), KeyEntry.encoding(memory, entry));
        if (range == null) {
            byRank(cursor, size, start, end, options.reverse, sink);
        } else {
            byRange(cursor, size, range, options, sink);
        }
    }

    private static Options parseOptions(Arguments args, int source, boolean store, By by, Boolean reverse) {
        Options options = new Options();
        options.by = by;
        options.reverse = reverse;
        for (int j = source + 3; j < args.count(); j++) {
            int left = args.count() - j - 1;
            if (!store && args.is(j, "withscores")) {
                options.withScores = true;
            } else if (args.is(j, "limit") && left >= 2) {
                options.offset = Parse.longArg(args, j + 1);
                options.limit = Parse.longArg(args, j + 2);
                j += 2;
            } else if (options.reverse == null && args.is(j, "rev")) {
                options.reverse = true;
            } else if (options.by == By.AUTO && args.is(j, "bylex")) {
                options.by = By.LEX;
            } else if (options.by == By.AUTO && args.is(j, "byscore")) {
                options.by = By.SCORE;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        if (options.reverse == null) {
            options.reverse = false;
        }
        if (options.by == By.AUTO) {
            options.by = By.RANK;
        }
        if (options.limit != -1 && options.by == By.RANK) {
            throw LIMIT_NEEDS_RANGE;
        }
        if (options.withScores && options.by == By.LEX) {
            throw WITHSCORES_BYLEX;
        }
        return options;
    }

    /** Elements of ranks start..end (negative from the end), as Redis's genericZrangebyrankCommand. */
    private static void byRank(SortedSetCursor cursor, long size, long start, long end, boolean reverse, Sink sink) {
        start = start < 0 ? Math.max(0, size + start) : start;
        end = end < 0 ? size + end : end;
        if (start > end || start >= size) {
            sink.begin(0);
            sink.end(0);
            return;
        }
        end = Math.min(end, size - 1);
        long length = end - start + 1;
        sink.begin(length);
        cursor.seekRank(reverse ? size - 1 - start : start);
        for (long i = 0; i < length; i++) {
            sink.emit(cursor);
            move(cursor, reverse);
        }
        sink.end(length);
    }

    /** Elements in a score or lex range, after {@code offset} of them and at most {@code limit} (negative: all). */
    private static void byRange(SortedSetCursor cursor, long size, SortedSetRange range, Options options, Sink sink) {
        sink.begin(-1);
        long offset = options.offset;
        if (offset > 0 && offset >= size) {
            sink.end(0);
            return;
        }
        boolean reverse = options.reverse;
        if (reverse) {
            cursor.seekLastIn(range);
        } else {
            cursor.seekFirstIn(range);
        }
        while (cursor.valid() && offset-- != 0) {   // a negative offset walks off the end, as in Redis
            move(cursor, reverse);
        }
        long emitted = 0;
        long limit = options.limit;
        while (cursor.valid() && limit-- != 0) {
            if (reverse ? !range.satisfiesMin(cursor) : !range.satisfiesMax(cursor)) {
                break;
            }
            sink.emit(cursor);
            emitted++;
            move(cursor, reverse);
        }
        sink.end(emitted);
    }

    private static void move(SortedSetCursor cursor, boolean reverse) {
        if (reverse) {
            cursor.previous();
        } else {
            cursor.next();
        }
    }

    /** Where a range goes: to the client, or into ZRANGESTORE's destination. */
    private interface Sink {

        /** The number of elements to come, or -1 when it is not known yet. */
        void begin(long length);

        void emit(SortedSetCursor cursor);

        void end(long emitted);
    }

    /** Replies the range: an array, flat pairs with WITHSCORES in RESP2, [member, score] arrays in RESP3. */
    private static final class ReplySink implements Sink {

        private final Reply reply;
        private final boolean withScores;
        private final boolean pairs;
        private int mark = -1;

        ReplySink(Reply reply, boolean withScores) {
            this.reply = reply;
            this.withScores = withScores;
            this.pairs = withScores && reply.protocol() == 2;
        }

        @Override
        public void begin(long length) {
            if (length > 0) {
                reply.array(pairs ? length * 2 : length);
            } else {
                mark = reply.deferLength();
            }
        }

        @Override
        public void emit(SortedSetCursor cursor) {
            SortedSetCommands.replyElement(reply, cursor, withScores);
        }

        @Override
        public void end(long emitted) {
            if (mark >= 0) {
                reply.setDeferredArray(mark, pairs ? emitted * 2 : emitted);
            }
        }
    }

    /** Collects the range and stores it at ZRANGESTORE's destination (argument 1), replying its size. */
    private static final class StoreSink implements Sink {

        private final CommandContext context;
        private final Arguments args;
        private final ScoredMembers elements = new ScoredMembers();

        StoreSink(CommandContext context, Arguments args) {
            this.context = context;
            this.args = args;
        }

        @Override
        public void begin(long length) {
        }

        @Override
        public void emit(SortedSetCursor cursor) {
            elements.add(cursor.memberBytes(), cursor.score());
        }

        @Override
        public void end(long emitted) {
            elements.sort();
            SortedSetCommands.storeResult(context, args, 1, elements);
        }
    }
}
