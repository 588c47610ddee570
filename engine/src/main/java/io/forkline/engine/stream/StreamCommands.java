package io.forkline.engine.stream;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Effects;
import io.forkline.engine.command.Errors;
import io.forkline.engine.command.Notify;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.engine.command.SubcommandHelp;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.struct.Element;
import io.forkline.pages.Memory;

import java.util.List;

import static io.forkline.engine.command.Specs.command;
import static io.forkline.engine.command.Specs.container;

/**
 * The stream commands without consumer groups: XADD, XRANGE, XREVRANGE, XLEN, XDEL, XTRIM, XSETID and XINFO,
 * with Redis 7.0's replies, errors, notifications and propagation (XADD's generated ID and approximate trim
 * are propagated as their results, so a replay is exact). Groups are {@link StreamGroupCommands}; XREAD and
 * XREADGROUP, which may block, are {@link StreamReads}, registered by the server.
 */
public final class StreamCommands {

    private static final CommandError ZERO_ID = CommandError.of("ERR The ID specified in XADD must be greater than 0-0");
    private static final CommandError EXHAUSTED =
            CommandError.of("ERR The stream has exhausted the last possible ID, unable to add more items");
    private static final CommandError NOT_GREATER =
            CommandError.of("ERR The ID specified in XADD is equal or smaller than the target stream top item");
    private static final CommandError TOO_LARGE = CommandError.of("ERR Elements are too large to be stored");
    private static final CommandError BOTH_STRATEGIES =
            CommandError.of("ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
    private static final CommandError NEGATIVE_MAXLEN = CommandError.of("ERR The MAXLEN argument must be >= 0.");
    private static final CommandError NEGATIVE_LIMIT = CommandError.of("ERR The LIMIT argument must be >= 0.");
    private static final CommandError LIMIT_WITHOUT_STRATEGY =
            CommandError.of("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
    private static final CommandError XTRIM_WITHOUT_STRATEGY =
            CommandError.of("ERR syntax error, XTRIM must be called with a trimming strategy");
    private static final CommandError LIMIT_WITHOUT_APPROX =
            CommandError.of("ERR syntax error, LIMIT cannot be used without the special ~ option");
    static final CommandError INVALID_START = CommandError.of("ERR invalid start ID for the interval");
    static final CommandError INVALID_END = CommandError.of("ERR invalid end ID for the interval");
    private static final CommandError ENTRIES_ADDED_NEGATIVE = CommandError.of("ERR entries_added must be positive");
    private static final CommandError SETID_BELOW_MAX_DELETED =
            CommandError.of("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
    private static final CommandError SETID_BELOW_TOP =
            CommandError.of("ERR The ID specified in XSETID is smaller than the target stream top item");
    private static final CommandError SETID_BELOW_LENGTH =
            CommandError.of("ERR The entries_added specified in XSETID is smaller than the target stream length");
    private static final CommandError XADD_ARITY = CommandError.of(Errors.wrongArity("xadd"));

    private StreamCommands() {
    }

    public static List<CommandSpec> specs() {
        String g = "stream";
        return List.of(
                command(g, "xadd", -5, "write denyoom fast", 1, 1, 1, "Appends a new entry to a stream", StreamCommands::xadd),
                command(g, "xrange", -4, "readonly", 1, 1, 1, "Return a range of elements in a stream, with IDs matching the specified IDs interval", (c, a) -> xrange(c, a, false)),
                command(g, "xrevrange", -4, "readonly", 1, 1, 1, "Return a range of elements in a stream, with IDs matching the specified IDs interval, in reverse order (from greater to smaller IDs) compared to XRANGE", (c, a) -> xrange(c, a, true)),
                command(g, "xlen", 2, "readonly fast", 1, 1, 1, "Return the number of entries in a stream", StreamCommands::xlen),
                command(g, "xdel", -3, "write fast", 1, 1, 1, "Removes the specified entries from the stream. Returns the number of items actually deleted, that may be different from the number of IDs passed in case certain IDs do not exist.", StreamCommands::xdel),
                command(g, "xtrim", -4, "write", 1, 1, 1, "Trims the stream to (approximately if '~' is passed) a certain size", StreamCommands::xtrim),
                command(g, "xsetid", -3, "write denyoom fast", 1, 1, 1, "An internal command for replicating stream values", StreamCommands::xsetid),
                container(g, "xinfo", "A container for stream introspection commands", List.of(
                        command(g, "xinfo|stream", -3, "readonly", 2, 2, 1, "Get information about a stream", StreamInfo::stream),
                        command(g, "xinfo|groups", 3, "readonly", 2, 2, 1, "List the consumer groups of a stream", StreamInfo::groups),
                        command(g, "xinfo|consumers", 4, "readonly", 2, 2, 1, "List the consumers in a consumer group", StreamInfo::consumers),
                        command(g, "xinfo|help", 2, "loading stale", 0, 0, 0, "Show helpful text about the different subcommands", StreamCommands::xinfoHelp))));
    }

    // ---------------------------------------------------------------------------------------------
    // The key's stream

    /** The stream entry of the key in argument {@code index}, 0 if absent; WRONGTYPE for another type. */
    static long streamEntry(CommandContext context, Arguments args, int index, boolean forWrite) {
        long entry = forWrite ? context.lookupWrite(args, index) : context.lookupRead(args, index);
        if (entry != 0 && KeyEntry.type(context.memory(), entry) != ValueType.STREAM) {
            throw CommandError.WRONGTYPE;
        }
        return entry;
    }

    static long stream(Memory memory, long entry) {
        return KeyEntry.value(memory, entry);
    }

    /** Adds the key in argument {@code index} holding an empty stream; returns the stream. */
    static long createStream(CommandContext context, Arguments args, int index) {
        long stream = Stream.create(context.allocator());
        context.keyspace().add(context.db(), args.buffer(), args.offset(index), args.length(index), ValueType.STREAM,
                Encoding.STREAM, stream, context.now());
        return stream;
    }

    static StreamId strictId(Arguments args, int index) {
        return StreamId.parse(args.buffer(), args.offset(index), args.length(index), 0, true);
    }

    static StreamId id(Arguments args, int index, long missingSeq) {
        return StreamId.parse(args.buffer(), args.offset(index), args.length(index), missingSeq, false);
    }

    /** The stream of the key in argument {@code index} for reading, 0 if absent; WRONGTYPE for another type. */
    static long streamOrZero(CommandContext context, Arguments args, int index) {
        long entry = streamEntry(context, args, index, false);
        return entry == 0 ? 0 : stream(context.memory(), entry);
    }

    /** The live entry {@code id} as XRANGE replies it; false, replying nothing, when there is none. */
    static boolean replyEntry(Reply reply, Memory memory, long stream, StreamId id, Element element) {
        StreamCursor cursor = new StreamCursor(memory, stream, id, id, false);
        if (!cursor.next()) {
            return false;
        }
        replyEntry(reply, memory, cursor, element);
        return true;
    }

    /** An entry as XRANGE replies it: [id, [field, value, ...]]. */
    static void replyEntry(Reply reply, Memory memory, StreamCursor cursor, Element element) {
        reply.array(2);
        reply.bulk(cursor.id().text());
        reply.array(2L * cursor.fieldCount());
        for (int i = 0; i < cursor.fieldCount(); i++) {
            cursor.field(i, element);
            replyElement(reply, memory, element);
            cursor.value(i, element);
            replyElement(reply, memory, element);
        }
    }

    static void replyElement(Reply reply, Memory memory, Element element) {
        if (element.isInteger()) {
            reply.bulkLong(element.integer());
        } else {
            reply.bulk(memory, element.address(), element.length());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // XADD and XTRIM

    /** XADD's and XTRIM's options (streamAddTrimArgs). */
    private static final class AddTrimArguments {
        boolean byLength;
        boolean byId;
        long maxLength;
        StreamId minId;
        boolean approximate;
        long limit;
        boolean limitGiven;
        /** The index of the MAXLEN/MINID threshold, 0 when there is none. */
        int thresholdIndex;
        int limitIndex;
        boolean noMkStream;
        /** XADD's ID argument. */
        int idIndex;
        StreamId.ForAdd explicitId;

        boolean trims() {
            return byLength || byId;
        }

        Stream.Trim trim() {
            return new Stream.Trim(byLength, maxLength, minId, approximate, limit);
        }
    }

    private static AddTrimArguments parseAddTrim(CommandContext context, Arguments args, boolean xadd) {
        AddTrimArguments parsed = new AddTrimArguments();
        int i = 2;
        for (; i < args.count(); i++) {
            int more = args.count() - 1 - i;
            if (xadd && args.length(i) == 1 && args.buffer()[args.offset(i)] == '*') {
                break;
            } else if ((args.is(i, "maxlen") || args.is(i, "minid")) && more > 0) {
                boolean byLength = args.is(i, "maxlen");
                if (parsed.trims()) {
                    throw BOTH_STRATEGIES;
                }
                parsed.approximate = false;
                if (more >= 2 && args.length(i + 1) == 1) {
                    byte sign = args.buffer()[args.offset(i + 1)];
                    if (sign == '~') {
                        parsed.approximate = true;
                        i++;
                    } else if (sign == '=') {
                        i++;
                    }
                }
                i++;
                if (byLength) {
                    parsed.maxLength = Parse.longArg(args, i);
                    if (parsed.maxLength < 0) {
                        throw NEGATIVE_MAXLEN;
                    }
                    parsed.byLength = true;
                } else {
                    parsed.minId = strictId(args, i);
                    parsed.byId = true;
                }
                parsed.thresholdIndex = i;
            } else if (args.is(i, "limit") && more > 0) {
                parsed.limit = Parse.longArg(args, i + 1);
                if (parsed.limit < 0) {
                    throw NEGATIVE_LIMIT;
                }
                parsed.limitGiven = true;
                parsed.limitIndex = i;
                i++;
            } else if (xadd && args.is(i, "nomkstream")) {
                parsed.noMkStream = true;
            } else if (xadd) {
                parsed.explicitId = StreamId.parseForAdd(args.buffer(), args.offset(i), args.length(i));
                break;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        parsed.idIndex = i;
        if (parsed.limit != 0 && !parsed.trims()) {
            throw LIMIT_WITHOUT_STRATEGY;
        }
        if (!xadd && !parsed.trims()) {
            throw XTRIM_WITHOUT_STRATEGY;
        }
        if (context.obeying()) {
            parsed.limit = 0;   // a logged command trims as it did: Redis logs "MAXLEN = n" but keeps its LIMIT
        } else if (parsed.limitGiven) {
            if (!parsed.approximate) {
                throw LIMIT_WITHOUT_APPROX;
            }
        } else if (parsed.approximate) {
            // Redis caps the work of an approximate trim at 100 nodes' worth of entries.
            long limit = 100 * context.config().streamNodeMaxEntries;
            parsed.limit = limit <= 0 ? 10_000 : Math.min(limit, 1_000_000);
        }
        return parsed;
    }

    /** XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value [field value ...] */
    private static void xadd(CommandContext context, Arguments args) {
        AddTrimArguments parsed = parseAddTrim(context, args, true);
        int fieldsAt = parsed.idIndex + 1;
        int fieldArgs = args.count() - fieldsAt;
        if (fieldArgs < 2 || fieldArgs % 2 == 1) {
            throw XADD_ARITY;
        }
        StreamId.ForAdd explicit = parsed.explicitId;
        if (explicit != null && explicit.seqGiven() && explicit.id().isZero()) {
            throw ZERO_ID;
        }
        long entry = streamEntry(context, args, 1, true);
        if (entry == 0 && parsed.noMkStream) {
            context.reply().nullBulk();
            return;
        }
        Memory memory = context.memory();
        long stream = entry == 0 ? 0 : stream(memory, entry);
        StreamId last = stream == 0 ? StreamId.MIN : Stream.lastId(memory, stream);
        if (last.isMax()) {
            throw EXHAUSTED;
        }
        StreamId id = newId(last, explicit, context.now());
        long bytes = 0;
        for (int i = fieldsAt; i < args.count(); i++) {
            bytes += args.length(i);
        }
        if (bytes > Stream.LISTPACK_MAX_SIZE) {
            throw TOO_LARGE;
        }
        if (stream == 0) {
            stream = createStream(context, args, 1);
        }
        Stream.append(context.allocator(), stream, id, args, fieldsAt, fieldArgs / 2,
                context.config().streamNodeMaxBytes, context.config().streamNodeMaxEntries, context.random());
        byte[] idText = id.text();
        context.reply().bulk(idText);
        context.modified(args, 1);
        context.keyspaceEvent(Notify.STREAM, "xadd", args, 1);
        context.dirty(1);
        if (parsed.trims() && Stream.trim(context.allocator(), stream, parsed.trim()) > 0) {
            context.keyspaceEvent(Notify.STREAM, "xtrim", args, 1);
        }
        propagateAddTrim(context, args, parsed, stream, explicit != null && explicit.seqGiven() ? -1 : parsed.idIndex,
                idText);
        context.ready(args, 1);
    }

    /** The ID XADD adds: the explicit one (its sequence completed), or the next after {@code last} at {@code now}. */
    private static StreamId newId(StreamId last, StreamId.ForAdd explicit, long now) {
        StreamId id;
        if (explicit != null && explicit.seqGiven()) {
            id = explicit.id();
        } else if (explicit != null) {
            if (last.ms() == explicit.id().ms()) {
                if (last.seq() == -1L) {
                    throw NOT_GREATER;
                }
                id = new StreamId(last.ms(), last.seq() + 1);
            } else {
                id = explicit.id();
            }
        } else if (Long.compareUnsigned(now, last.ms()) > 0) {
            id = new StreamId(now, 0);
        } else {
            id = last.next();
        }
        if (id.compareTo(last) <= 0) {
            throw NOT_GREATER;
        }
        return id;
    }

    /**
     * Propagates XADD or XTRIM with what it did: the generated ID in place of {@code *} or {@code <ms>-*} (at
     * {@code idIndex}, -1 for none), and an approximate trim as an exact one to the length (or first ID) it
     * left, without its LIMIT, as Redis's streamRewriteApproxSpecifier and streamRewriteTrimArgument.
     */
    private static void propagateAddTrim(CommandContext context, Arguments args, AddTrimArguments parsed, long stream,
                                         int idIndex, byte[] idText) {
        boolean rewriteTrim = parsed.trims() && parsed.approximate;
        if (idIndex < 0 && !rewriteTrim) {
            return;   // the command as given is exact
        }
        Memory memory = context.memory();
        int skipped = rewriteTrim && parsed.limitGiven ? 2 : 0;
        Effects effects = context.propagate();
        if (!effects.recording()) {
            return;   // the AOF is off: no need to find the first ID a MINID trim left
        }
        effects.begin(context.db(), args.count() - skipped);
        for (int i = 0; i < args.count(); i++) {
            if (rewriteTrim && parsed.limitGiven && (i == parsed.limitIndex || i == parsed.limitIndex + 1)) {
                continue;
            }
            if (i == idIndex) {
                effects.argument(idText);
            } else if (rewriteTrim && i == parsed.thresholdIndex - 1) {
                effects.argument("=");
            } else if (rewriteTrim && i == parsed.thresholdIndex) {
                if (parsed.byLength) {
                    effects.argument(Stream.length(memory, stream));
                } else {
                    effects.argument(Stream.edgeId(memory, stream, false).text());
                }
            } else {
                effects.argument(args.buffer(), args.offset(i), args.length(i));
            }
        }
    }

    /** XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count] */
    private static void xtrim(CommandContext context, Arguments args) {
        AddTrimArguments parsed = parseAddTrim(context, args, false);
        long entry = streamEntry(context, args, 1, true);
        if (entry == 0) {
            context.reply().integer(0);
            return;
        }
        long stream = stream(context.memory(), entry);
        long removed = Stream.trim(context.allocator(), stream, parsed.trim());
        if (removed > 0) {
            context.keyspaceEvent(Notify.STREAM, "xtrim", args, 1);
            propagateAddTrim(context, args, parsed, stream, -1, null);
            context.modified(args, 1);
            context.dirty(removed);
        }
        context.reply().integer(removed);
    }

    // ---------------------------------------------------------------------------------------------
    // Reading

    /** XRANGE key start end [COUNT count], XREVRANGE key end start [COUNT count] */
    private static void xrange(CommandContext context, Arguments args, boolean reverse) {
        int startAt = reverse ? 3 : 2;
        int endAt = reverse ? 2 : 3;
        StreamId start = intervalId(args, startAt, 0);
        if (isExclusive(args, startAt)) {
            start = start.next();
            if (start == null) {
                throw INVALID_START;
            }
        }
        StreamId end = intervalId(args, endAt, -1L);
        if (isExclusive(args, endAt)) {
            end = end.previous();
            if (end == null) {
                throw INVALID_END;
            }
        }
        long count = -1;
        for (int i = 4; i < args.count(); i++) {
            if (args.is(i, "count") && i + 1 < args.count()) {
                count = Math.max(0, Parse.longArg(args, ++i));
            } else {
                throw CommandError.SYNTAX;
            }
        }
        long entry = streamEntry(context, args, 1, false);
        if (entry == 0) {
            context.reply().array(0);
            return;
        }
        if (count == 0) {
            context.reply().nullArray();
            return;
        }
        replyRange(context, stream(context.memory(), entry), start, end, count < 0 ? 0 : count, reverse);
    }

    /** Replies the entries from {@code start} to {@code end}, at most {@code count} (0 = all); returns how many. */
    static long replyRange(CommandContext context, long stream, StreamId start, StreamId end, long count, boolean reverse) {
        Memory memory = context.memory();
        Reply reply = context.reply();
        int mark = reply.deferLength();
        StreamCursor cursor = new StreamCursor(memory, stream, start, end, reverse);
        Element element = new Element();
        long replied = 0;
        while ((count == 0 || replied < count) && cursor.next()) {
            replyEntry(reply, memory, cursor, element);
            replied++;
        }
        reply.setDeferredArray(mark, replied);
        return replied;
    }

    private static boolean isExclusive(Arguments args, int index) {
        return args.length(index) > 1 && args.buffer()[args.offset(index)] == '(';
    }

    /** An interval end: {@code (id} exclusive (strict), otherwise as {@link #id}. */
    static StreamId intervalId(Arguments args, int index, long missingSeq) {
        if (isExclusive(args, index)) {
            return StreamId.parse(args.buffer(), args.offset(index) + 1, args.length(index) - 1, missingSeq, true);
        }
        return id(args, index, missingSeq);
    }

    private static void xlen(CommandContext context, Arguments args) {
        long entry = streamEntry(context, args, 1, false);
        context.reply().integer(entry == 0 ? 0 : Stream.length(context.memory(), stream(context.memory(), entry)));
    }

    // ---------------------------------------------------------------------------------------------
    // Deleting, and setting the IDs

    /** XDEL key id [id ...] */
    private static void xdel(CommandContext context, Arguments args) {
        StreamId[] ids = new StreamId[args.count() - 2];
        for (int i = 2; i < args.count(); i++) {
            ids[i - 2] = strictId(args, i);
        }
        long entry = streamEntry(context, args, 1, true);
        if (entry == 0) {
            context.reply().integer(0);
            return;
        }
        Memory memory = context.memory();
        long stream = stream(memory, entry);
        long deleted = 0;
        boolean firstDeleted = false;
        for (StreamId id : ids) {
            if (Stream.delete(context.allocator(), stream, id)) {
                firstDeleted |= id.equals(Stream.firstId(memory, stream));
                if (id.compareTo(Stream.maxDeletedId(memory, stream)) > 0) {
                    Stream.maxDeletedId(memory, stream, id);
                }
                deleted++;
            }
        }
        if (deleted > 0) {
            if (Stream.length(memory, stream) == 0) {
                Stream.firstId(memory, stream, StreamId.MIN);
            } else if (firstDeleted) {
                Stream.firstId(memory, stream, Stream.edgeId(memory, stream, false));
            }
            context.modified(args, 1);
            context.keyspaceEvent(Notify.STREAM, "xdel", args, 1);
            context.dirty(deleted);
        }
        context.reply().integer(deleted);
    }

    /** XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id] */
    private static void xsetid(CommandContext context, Arguments args) {
        StreamId id = strictId(args, 2);
        long entriesAdded = -1;
        StreamId maxDeleted = null;
        for (int i = 3; i < args.count(); i++) {
            boolean more = i + 1 < args.count();
            if (args.is(i, "entriesadded") && more) {
                entriesAdded = Parse.longArg(args, ++i);
                if (entriesAdded < 0) {
                    throw ENTRIES_ADDED_NEGATIVE;
                }
            } else if (args.is(i, "maxdeletedid") && more) {
                maxDeleted = strictId(args, ++i);
                if (id.compareTo(maxDeleted) < 0) {
                    throw SETID_BELOW_MAX_DELETED;
                }
            } else {
                throw CommandError.SYNTAX;
            }
        }
        long entry = streamEntry(context, args, 1, true);
        if (entry == 0) {
            throw CommandError.NO_SUCH_KEY;
        }
        Memory memory = context.memory();
        long stream = stream(memory, entry);
        // Against the last live entry, not the last ID ever added: an ID below a deleted entry's is fine, as in Redis.
        if (Stream.length(memory, stream) > 0 && id.compareTo(Stream.edgeId(memory, stream, true)) < 0) {
            throw SETID_BELOW_TOP;
        }
        if (entriesAdded != -1 && Stream.length(memory, stream) > entriesAdded) {
            throw SETID_BELOW_LENGTH;
        }
        Stream.lastId(memory, stream, id);
        if (entriesAdded != -1) {
            Stream.entriesAdded(memory, stream, entriesAdded);
        }
        if (maxDeleted != null) {
            Stream.maxDeletedId(memory, stream, maxDeleted);
        }
        context.modified(args, 1);
        context.keyspaceEvent(Notify.STREAM, "xsetid", args, 1);
        context.dirty(1);
        context.reply().ok();
    }

    private static void xinfoHelp(CommandContext context, Arguments args) {
        SubcommandHelp.reply(context.reply(), args,
                "CONSUMERS <key> <groupname>",
                "    Show consumers of <groupname>.",
                "GROUPS <key>",
                "    Show the stream consumer groups.",
                "STREAM <key> [FULL [COUNT <count>]",
                "    Show information about the stream.");
    }
}
