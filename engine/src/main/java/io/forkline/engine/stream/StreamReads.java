package io.forkline.engine.stream;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.struct.Element;
import io.forkline.pages.Memory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * XREAD and XREADGROUP (Redis's xreadCommand): what they read at once, and what a client blocked in them
 * reads when a key it waits on is ready. The server registers the commands, since only it can block a client;
 * the reading, the group bookkeeping and the propagation are here.
 */
public final class StreamReads {

    /** XREAD_BLOCKED_DEFAULT_COUNT: what a blocked XREAD without COUNT reads at most. */
    private static final long BLOCKED_DEFAULT_COUNT = 1000;

    private static final CommandError UNBALANCED = CommandError.of("ERR Unbalanced XREAD list of streams: for each "
            + "stream key an ID or '$' must be specified.");
    private static final CommandError GROUP_ONLY =
            CommandError.of("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
    private static final CommandError NOACK_ONLY =
            CommandError.of("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
    private static final CommandError MISSING_GROUP = CommandError.of("ERR Missing GROUP option for XREADGROUP");
    private static final CommandError DOLLAR_IN_GROUP = CommandError.of("ERR The $ ID is meaningless in the context "
            + "of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > "
            + "ID to get new messages. The $ ID would just return an empty result set.");
    private static final CommandError GREATER_WITHOUT_GROUP = CommandError.of("ERR The > ID can be specified only "
            + "when calling XREADGROUP using the GROUP <group> <consumer> option.");
    private static final CommandError TIMEOUT_NOT_INTEGER =
            CommandError.of("ERR timeout is not an integer or out of range");
    private static final CommandError TIMEOUT_NEGATIVE = CommandError.of("ERR timeout is negative");
    private static final CommandError GROUP_GONE =
            CommandError.of("NOGROUP the consumer group this client was blocked on no longer exists");
    private static final CommandError KEY_GONE = CommandError.of("UNBLOCKED the stream key no longer exists");

    private StreamReads() {
    }

    /** A parsed XREAD or XREADGROUP, its IDs resolved ({@code $} to the last ID, {@code >} to the maximum ID). */
    public static final class Read {
        /** The command's arguments: valid while the command runs, not once its client is blocked. */
        private final Arguments args;
        /** The keys, copied: what a blocked client's read goes by. */
        private byte[][] keys;
        private final boolean group;
        private byte[] groupName;
        private byte[] consumerName;
        private boolean noAck;
        private long count;
        /** BLOCK's milliseconds, -1 without BLOCK. */
        private long blockMillis = -1;
        private int streamsAt;
        private int streams;
        private StreamId[] ids;

        private Read(Arguments args, boolean group) {
            this.args = args;
            this.group = group;
        }

        /** Whether the command asked to block (BLOCK). */
        public boolean blocks() {
            return blockMillis >= 0;
        }

        /** The Unix millisecond at which a block at {@code now} ends, 0 for never (BLOCK 0). */
        public long deadline(long now) {
            if (blockMillis == 0) {
                return 0;
            }
            return blockMillis > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + blockMillis;
        }

        public int firstKey() {
            return streamsAt;
        }

        public int keyCount() {
            return streams;
        }
    }

    /** Parses and checks XREAD or XREADGROUP against the keyspace, as Redis does before reading anything. */
    public static Read parse(CommandContext context, Arguments args, boolean xreadgroup) {
        Read read = new Read(args, xreadgroup);
        for (int i = 1; i < args.count(); i++) {
            int more = args.count() - i - 1;
            if (args.is(i, "block") && more > 0) {
                if (context.scripted()) {
                    throw CommandError.of("ERR " + args.string(0) + " command is not allowed with BLOCK option from scripts");
                }
                read.blockMillis = Parse.longArg(args, ++i, TIMEOUT_NOT_INTEGER);
                if (read.blockMillis < 0) {
                    throw TIMEOUT_NEGATIVE;
                }
            } else if (args.is(i, "count") && more > 0) {
                read.count = Math.max(0, Parse.longArg(args, ++i));
            } else if (args.is(i, "streams") && more > 0) {
                read.streamsAt = i + 1;
                int rest = args.count() - read.streamsAt;
                if (rest % 2 != 0) {
                    throw UNBALANCED;
                }
                read.streams = rest / 2;
                break;
            } else if (args.is(i, "group") && more >= 2) {
                if (!xreadgroup) {
                    throw GROUP_ONLY;
                }
                read.groupName = args.bytes(i + 1);
                read.consumerName = args.bytes(i + 2);
                i += 2;
            } else if (args.is(i, "noack")) {
                if (!xreadgroup) {
                    throw NOACK_ONLY;
                }
                read.noAck = true;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        if (read.streamsAt == 0) {
            throw CommandError.SYNTAX;
        }
        if (xreadgroup && read.groupName == null) {
            throw MISSING_GROUP;
        }
        Memory memory = context.memory();
        read.ids = new StreamId[read.streams];
        read.keys = new byte[read.streams][];
        for (int s = 0; s < read.streams; s++) {
            int keyAt = read.streamsAt + s;
            int idAt = keyAt + read.streams;
            read.keys[s] = args.bytes(keyAt);
            long stream = StreamCommands.streamOrZero(context, args, keyAt);
            if (xreadgroup && (stream == 0 || ConsumerGroups.group(memory, stream, read.groupName) == 0)) {
                throw CommandError.of("NOGROUP No such key '" + StreamGroupCommands.text(args, keyAt)
                        + "' or consumer group '" + new String(read.groupName, StandardCharsets.UTF_8)
                        + "' in XREADGROUP with GROUP option");
            }
            if (args.is(idAt, "$")) {
                if (xreadgroup) {
                    throw DOLLAR_IN_GROUP;
                }
                read.ids[s] = stream == 0 ? StreamId.MIN : Stream.lastId(memory, stream);
            } else if (args.is(idAt, ">")) {
                if (!xreadgroup) {
                    throw GREATER_WITHOUT_GROUP;
                }
                read.ids[s] = StreamId.MAX;
            } else {
                read.ids[s] = StreamCommands.strictId(args, idAt);
            }
        }
        return read;
    }

    /**
     * Replies with what can be read now, and returns true; or, when nothing can, replies nothing and returns
     * false (the caller blocks the client, or answers the null array).
     */
    public static boolean readNow(CommandContext context, Read read) {
        Memory memory = context.memory();
        Reply reply = context.reply();
        Arguments args = read.args;
        int mark = -1;
        long served = 0;
        for (int s = 0; s < read.streams; s++) {
            int keyAt = read.streamsAt + s;
            long entry = context.lookupRead(args, keyAt);
            if (entry == 0) {
                continue;
            }
            long stream = StreamCommands.stream(memory, entry);
            StreamId after = read.ids[s];
            boolean history = false;
            boolean now = false;
            long group = read.group ? ConsumerGroups.group(memory, stream, read.groupName) : 0;
            if (read.group && !after.isMax()) {
                now = true;
                history = true;
            } else if (Stream.length(memory, stream) > 0) {
                StreamId last = Stream.edgeId(memory, stream, true);
                now = last.compareTo(read.group ? ConsumerGroups.lastId(memory, group) : after) > 0;
            }
            if (!now) {
                continue;
            }
            if (served++ == 0) {
                mark = reply.deferLength();
            }
            if (reply.protocol() == 2) {
                reply.array(2);
            }
            byte[] key = args.bytes(keyAt);
            reply.bulk(key);
            if (read.group) {
                long consumer = consumer(context, read, key, group);
                if (history) {
                    replyHistory(context, stream, group, consumer, after.next() == null ? after : after.next(), read.count);
                } else {
                    replyNew(context, stream, key, read, group, consumer, StreamId.MAX, read.count);
                }
                context.dirty(1);
            } else {
                StreamCommands.replyRange(context, stream, after.next() == null ? after : after.next(), StreamId.MAX,
                        read.count, false);
            }
        }
        if (served == 0) {
            return false;
        }
        if (reply.protocol() == 2) {
            reply.setDeferredArray(mark, served);
        } else {
            reply.setDeferredMap(mark, served);
        }
        return true;
    }

    /** The reply when nothing was read and the client does not (or may not) block. */
    public static void replyNothing(CommandContext context) {
        context.reply().nullArray();
    }

    /**
     * Serves a client blocked in this read whose key {@code key} is ready: replies and returns true when there
     * is something for it (or an error: its group or its key is gone), else returns false having done nothing.
     */
    public static boolean serveBlocked(CommandContext context, Read read, byte[] key) {
        Memory memory = context.memory();
        long entry = context.keyspace().lookup(context.db(), key, 0, key.length, context.now());
        if (entry == 0 || KeyEntry.type(memory, entry) != ValueType.STREAM) {
            if (read.group) {
                context.reply().raw(KEY_GONE.encoded());
                return true;
            }
            return false;
        }
        long stream = StreamCommands.stream(memory, entry);
        int s = indexOf(read, key);
        StreamId after = read.ids[s];
        long group = 0;
        if (read.group) {
            group = ConsumerGroups.group(memory, stream, read.groupName);
            if (group == 0) {
                context.reply().raw(GROUP_GONE.encoded());
                return true;
            }
            after = ConsumerGroups.lastId(memory, group);
        }
        if (Stream.lastId(memory, stream).compareTo(after) <= 0) {
            return false;
        }
        StreamId start = after.next();
        long count = read.count > 0 ? read.count : BLOCKED_DEFAULT_COUNT;
        Reply reply = context.reply();
        long consumer = read.group ? consumer(context, read, key, group) : 0;
        if (reply.protocol() == 2) {
            reply.array(1);
            reply.array(2);
        } else {
            reply.map(1);
        }
        reply.bulk(key);
        if (read.group) {
            replyNew(context, stream, key, read, group, consumer, start, count);
            context.dirty(1);
        } else {
            StreamCommands.replyRange(context, stream, start, StreamId.MAX, count, false);
        }
        return true;
    }

    private static int indexOf(Read read, byte[] key) {
        for (int s = 0; s < read.streams; s++) {
            if (Arrays.equals(read.keys[s], key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("the read does not wait on that key");
    }

    /** The reading consumer, created when new; XREADGROUP NOACK propagates its creation, as Redis does. */
    private static long consumer(CommandContext context, Read read, byte[] key, long group) {
        return StreamGroupCommands.lookupOrCreateConsumer(context, key, group, read.consumerName,
                read.noAck ? read.groupName : null);
    }

    /**
     * Delivers entries after the group's last ID (from {@code start}, which is that or later) to the consumer
     * (streamReplyWithRange with a group): moves the group's last ID and read counter, and, without NOACK,
     * adds each entry to the PELs (taking it from another consumer if it was pending there), propagating each
     * delivery as an XCLAIM; with NOACK, propagates the group's new last ID.
     */
    private static void replyNew(CommandContext context, long stream, byte[] key, Read read, long group, long consumer,
                                 StreamId start, long count) {
        Memory memory = context.memory();
        Reply reply = context.reply();
        if (start.isMax()) {
            start = ConsumerGroups.lastId(memory, group).next();   // ">": after the group's last delivered ID
        }
        List<StreamId> delivered = new ArrayList<>();
        int mark = reply.deferLength();
        Element element = new Element();
        boolean propagateLastId = false;
        StreamCursor cursor = start == null ? null : new StreamCursor(memory, stream, start, StreamId.MAX, false);
        while (cursor != null && (count == 0 || delivered.size() < count) && cursor.next()) {
            StreamId id = cursor.id();
            if (id.compareTo(ConsumerGroups.lastId(memory, group)) > 0) {
                long entriesRead = ConsumerGroups.entriesRead(memory, group);
                if (entriesRead != ConsumerGroups.UNKNOWN_ENTRIES_READ
                        && !Stream.rangeHasTombstones(memory, stream, id, StreamId.MAX)) {
                    ConsumerGroups.entriesRead(memory, group, entriesRead + 1);
                } else if (Stream.entriesAdded(memory, stream) != 0) {
                    ConsumerGroups.entriesRead(memory, group, Stream.estimateEntriesRead(memory, stream, id));
                }
                ConsumerGroups.lastId(memory, group, id);
                propagateLastId |= read.noAck;
            }
            StreamCommands.replyEntry(reply, memory, cursor, element);
            delivered.add(id);
        }
        reply.setDeferredArray(mark, delivered.size());
        if (!read.noAck) {
            for (StreamId id : delivered) {
                long nack = ConsumerGroups.pending(memory, group, id);
                if (nack == 0) {
                    nack = ConsumerGroups.addPending(context.allocator(), group, consumer, id, context.now(), 1, context.random());
                } else {
                    ConsumerGroups.changeOwner(context.allocator(), nack, consumer, context.random());
                    ConsumerGroups.delivered(memory, nack, context.now(), 1);
                }
                StreamGroupCommands.propagateClaim(context, key, read.groupName, group, id, nack);
            }
        }
        if (propagateLastId) {
            StreamGroupCommands.propagateGroupId(context, key, read.groupName, group);
        }
    }

    /**
     * Replies the consumer's own pending entries from {@code start} (XREADGROUP with an ID): an entry deleted
     * since is [id, nil]; each one replied counts as delivered again (streamReplyWithRangeFromConsumerPEL).
     */
    private static void replyHistory(CommandContext context, long stream, long group, long consumer, StreamId start,
                                     long count) {
        Memory memory = context.memory();
        Reply reply = context.reply();
        Element element = new Element();
        List<StreamId> ids = ConsumerGroups.consumerPending(memory, consumer, start, count);
        reply.array(ids.size());
        for (StreamId id : ids) {
            if (StreamCommands.replyEntry(reply, memory, stream, id, element)) {
                long nack = ConsumerGroups.pending(memory, group, id);
                ConsumerGroups.delivered(memory, nack, context.now(), ConsumerGroups.deliveryCount(memory, nack) + 1);
            } else {
                reply.array(2);
                reply.bulk(id.text());
                reply.nullArray();
            }
        }
    }
}
