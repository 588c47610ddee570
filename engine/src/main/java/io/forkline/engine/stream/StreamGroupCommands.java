package io.forkline.engine.stream;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Effects;
import io.forkline.engine.command.Notify;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.engine.command.SubcommandHelp;
import io.forkline.engine.struct.Element;
import io.forkline.pages.Memory;
import io.forkline.pages.alloc.Allocator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.forkline.engine.command.Specs.command;
import static io.forkline.engine.command.Specs.container;

/**
 * The consumer-group commands: XGROUP (CREATE, SETID, DESTROY, CREATECONSUMER, DELCONSUMER), XACK, XPENDING,
 * XCLAIM and XAUTOCLAIM, with Redis 7.0's replies, errors and notifications. Claims propagate as Redis
 * propagates them: one idempotent {@code XCLAIM ... TIME t RETRYCOUNT n FORCE JUSTID LASTID id} per entry
 * claimed (or dropped for being deleted), and {@code XGROUP SETID ... ENTRIESREAD n} when only the group's
 * last ID moved.
 */
public final class StreamGroupCommands {

    private static final CommandError REQUIRES_KEY = CommandError.of("ERR The XGROUP subcommand requires the key to "
            + "exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream "
            + "automatically.");
    private static final CommandError BUSYGROUP = CommandError.of("BUSYGROUP Consumer Group name already exists");
    private static final CommandError ENTRIES_READ =
            CommandError.of("ERR value for ENTRIESREAD must be positive or -1");
    private static final CommandError MIN_IDLE_XCLAIM = CommandError.of("ERR Invalid min-idle-time argument for XCLAIM");
    private static final CommandError MIN_IDLE_XAUTOCLAIM =
            CommandError.of("ERR Invalid min-idle-time argument for XAUTOCLAIM");
    private static final CommandError COUNT_POSITIVE = CommandError.of("ERR COUNT must be > 0");

    private StreamGroupCommands() {
    }

    public static List<CommandSpec> specs() {
        String g = "stream";
        return List.of(
                container(g, "xgroup", "A container for consumer groups commands", List.of(
                        command(g, "xgroup|create", -5, "write denyoom", 2, 2, 1, "Create a consumer group.", StreamGroupCommands::xgroup),
                        command(g, "xgroup|setid", -5, "write", 2, 2, 1, "Set a consumer group to an arbitrary last delivered ID value.", StreamGroupCommands::xgroup),
                        command(g, "xgroup|destroy", 4, "write", 2, 2, 1, "Destroy a consumer group.", StreamGroupCommands::xgroup),
                        command(g, "xgroup|createconsumer", 5, "write denyoom", 2, 2, 1, "Create a consumer in a consumer group.", StreamGroupCommands::xgroup),
                        command(g, "xgroup|delconsumer", 5, "write", 2, 2, 1, "Delete a consumer from a consumer group.", StreamGroupCommands::xgroup),
                        command(g, "xgroup|help", 2, "loading stale", 0, 0, 0, "Show helpful text about the different subcommands", StreamGroupCommands::xgroupHelp))),
                command(g, "xack", -4, "write fast", 1, 1, 1, "Marks a pending message as correctly processed, effectively removing it from the pending entries list of the consumer group. Return value of the command is the number of messages successfully acknowledged, that is, the IDs we were actually able to resolve in the PEL.", StreamGroupCommands::xack),
                command(g, "xpending", -3, "readonly", 1, 1, 1, "Return information and entries from a stream consumer group pending entries list, that are messages fetched but never acknowledged.", StreamGroupCommands::xpending),
                command(g, "xclaim", -6, "write fast", 1, 1, 1, "Changes (or acquires) ownership of a message in a consumer group, as if the message was delivered to the specified consumer.", StreamGroupCommands::xclaim),
                command(g, "xautoclaim", -6, "write fast", 1, 1, 1, "Changes (or acquires) ownership of messages in a consumer group, as if the messages were delivered to the specified consumer.", StreamGroupCommands::xautoclaim));
    }

    static String text(Arguments args, int index) {
        return new String(args.buffer(), args.offset(index), args.length(index), StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------------------------------------
    // XGROUP

    /** Every XGROUP subcommand, checked in the order of Redis's xgroupCommand. */
    private static void xgroup(CommandContext context, Arguments args) {
        boolean create = args.is(1, "create");
        boolean setid = args.is(1, "setid");
        boolean mkstream = false;
        long entriesRead = ConsumerGroups.UNKNOWN_ENTRIES_READ;
        for (int i = 5; i < args.count(); ) {
            if (create && args.is(i, "mkstream")) {
                mkstream = true;
                i++;
            } else if ((create || setid) && args.is(i, "entriesread") && i + 1 < args.count()) {
                entriesRead = Parse.longArg(args, i + 1);
                if (entriesRead < 0 && entriesRead != ConsumerGroups.UNKNOWN_ENTRIES_READ) {
                    throw ENTRIES_READ;
                }
                i += 2;
            } else {
                throw SubcommandHelp.syntaxError(args);
            }
        }
        long entry = StreamCommands.streamEntry(context, args, 2, true);
        Memory memory = context.memory();
        long stream = entry == 0 ? 0 : StreamCommands.stream(memory, entry);
        byte[] name = args.bytes(3);
        long group = 0;
        if (!mkstream) {
            if (stream == 0) {
                throw REQUIRES_KEY;
            }
            group = ConsumerGroups.group(memory, stream, name);
            if (group == 0 && (setid || args.is(1, "createconsumer") || args.is(1, "delconsumer"))) {
                throw CommandError.of("NOGROUP No such consumer group '" + text(args, 3) + "' for key name '"
                        + text(args, 2) + "'");
            }
        }
        Reply reply = context.reply();
        if (create && args.count() <= 8) {
            StreamId id;
            if (args.is(4, "$")) {
                id = stream == 0 ? StreamId.MIN : Stream.lastId(memory, stream);
            } else {
                id = StreamCommands.strictId(args, 4);
            }
            if (stream == 0) {
                stream = StreamCommands.createStream(context, args, 2);
                context.modified(args, 2);
            }
            if (ConsumerGroups.create(context.allocator(), stream, name, id, entriesRead) == 0) {
                reply.error("BUSYGROUP Consumer Group name already exists");
                return;
            }
            reply.ok();
            context.dirty(1);
            context.keyspaceEvent(Notify.STREAM, "xgroup-create", args, 2);
        } else if (setid && (args.count() == 5 || args.count() == 7)) {
            StreamId id = args.is(4, "$") ? Stream.lastId(memory, stream) : StreamCommands.id(args, 4, 0);
            ConsumerGroups.lastId(memory, group, id);
            ConsumerGroups.entriesRead(memory, group, entriesRead);
            reply.ok();
            context.dirty(1);
            context.keyspaceEvent(Notify.STREAM, "xgroup-setid", args, 2);
        } else if (args.is(1, "destroy") && args.count() == 4) {
            if (group == 0) {
                reply.integer(0);
                return;
            }
            ConsumerGroups.destroy(context.allocator(), stream, name);
            reply.integer(1);
            context.dirty(1);
            context.keyspaceEvent(Notify.STREAM, "xgroup-destroy", args, 2);
            context.ready(args, 2);   // clients blocked in XREADGROUP on it get NOGROUP
        } else if (args.is(1, "createconsumer") && args.count() == 5) {
            long created = ConsumerGroups.createConsumer(context.allocator(), group, args.bytes(4), context.now());
            if (created != 0) {
                context.dirty(1);
                context.keyspaceEvent(Notify.STREAM, "xgroup-createconsumer", args, 2);
            }
            reply.integer(created != 0 ? 1 : 0);
        } else if (args.is(1, "delconsumer") && args.count() == 5) {
            long consumer = ConsumerGroups.consumer(memory, group, args.bytes(4));
            long pending = 0;
            if (consumer != 0) {
                pending = ConsumerGroups.deleteConsumer(context.allocator(), group, consumer);
                context.dirty(1);
                context.keyspaceEvent(Notify.STREAM, "xgroup-delconsumer", args, 2);
            }
            reply.integer(pending);
        } else {
            throw SubcommandHelp.syntaxError(args);
        }
    }

    private static void xgroupHelp(CommandContext context, Arguments args) {
        SubcommandHelp.reply(context.reply(), args,
                "CREATE <key> <groupname> <id|$> [option]",
                "    Create a new consumer group. Options are:",
                "    * MKSTREAM",
                "      Create the empty stream if it does not exist.",
                "    * ENTRIESREAD entries_read",
                "      Set the group's entries_read counter (internal use).",
                "CREATECONSUMER <key> <groupname> <consumer>",
                "    Create a new consumer in the specified group.",
                "DELCONSUMER <key> <groupname> <consumer>",
                "    Remove the specified consumer.",
                "DESTROY <key> <groupname>",
                "    Remove the specified group.",
                "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
                "    Set the current group ID and entries_read counter.");
    }

    // ---------------------------------------------------------------------------------------------
    // XACK and XPENDING

    /** XACK key group id [id ...] */
    private static void xack(CommandContext context, Arguments args) {
        Memory memory = context.memory();
        long stream = StreamCommands.streamOrZero(context, args, 1);
        long group = stream == 0 ? 0 : ConsumerGroups.group(memory, stream, args.bytes(2));
        if (group == 0) {
            context.reply().integer(0);
            return;
        }
        StreamId[] ids = new StreamId[args.count() - 3];
        for (int i = 3; i < args.count(); i++) {
            ids[i - 3] = StreamCommands.strictId(args, i);
        }
        long acknowledged = 0;
        for (StreamId id : ids) {
            long nack = ConsumerGroups.pending(memory, group, id);
            if (nack != 0) {
                ConsumerGroups.removePending(context.allocator(), group, nack);
                acknowledged++;
            }
        }
        context.dirty(acknowledged);
        context.reply().integer(acknowledged);
    }

    /** XPENDING key group [[IDLE min-idle-time] start end count [consumer]] */
    private static void xpending(CommandContext context, Arguments args) {
        int argc = args.count();
        if (argc != 3 && (argc < 6 || argc > 9)) {
            throw CommandError.SYNTAX;
        }
        StreamId start = null;
        StreamId end = null;
        long count = 0;
        long minIdle = 0;
        byte[] consumerName = null;
        if (argc >= 6) {
            int startAt = 3;
            if (args.is(3, "idle")) {
                minIdle = Parse.longArg(args, 4);
                if (argc < 8) {
                    throw CommandError.SYNTAX;
                }
                startAt += 2;
            }
            count = Math.max(0, Parse.longArg(args, startAt + 2));
            start = StreamCommands.intervalId(args, startAt, 0);
            if (isExclusive(args, startAt)) {
                start = start.next();
                if (start == null) {
                    throw StreamCommands.INVALID_START;
                }
            }
            end = StreamCommands.intervalId(args, startAt + 1, -1L);
            if (isExclusive(args, startAt + 1)) {
                end = end.previous();
                if (end == null) {
                    throw StreamCommands.INVALID_END;
                }
            }
            if (startAt + 3 < argc) {
                consumerName = args.bytes(startAt + 3);
            }
        }
        Memory memory = context.memory();
        long group = requireGroup(memory, StreamCommands.streamOrZero(context, args, 1), args);
        Reply reply = context.reply();
        if (argc == 3) {
            long pending = ConsumerGroups.pendingCount(memory, group);
            reply.array(4);
            reply.integer(pending);
            if (pending == 0) {
                reply.nullBulk();
                reply.nullBulk();
                reply.nullArray();
                return;
            }
            reply.bulk(ConsumerGroups.pendingId(memory, ConsumerGroups.firstPending(memory, group)).text());
            reply.bulk(ConsumerGroups.pendingId(memory, ConsumerGroups.lastPending(memory, group)).text());
            int mark = reply.deferLength();
            long owners = 0;
            for (long consumer : ConsumerGroups.consumerList(memory, group)) {
                long own = ConsumerGroups.consumerPendingCount(memory, consumer);
                if (own > 0) {
                    reply.array(2);
                    reply.bulk(ConsumerGroups.name(memory, consumer));
                    reply.bulkLong(own);
                    owners++;
                }
            }
            reply.setDeferredArray(mark, owners);
            return;
        }
        long now = context.now();
        List<Long> nacks = new ArrayList<>();
        if (consumerName != null) {
            long consumer = ConsumerGroups.consumer(memory, group, consumerName);
            if (consumer == 0) {
                reply.array(0);
                return;
            }
            for (StreamId id : ConsumerGroups.consumerPending(memory, consumer, start, 0)) {
                if (id.compareTo(end) > 0) {
                    break;
                }
                nacks.add(ConsumerGroups.pending(memory, group, id));
            }
        } else {
            for (long nack = ConsumerGroups.pendingFrom(memory, group, start);
                 nack != 0 && ConsumerGroups.pendingId(memory, nack).compareTo(end) <= 0;
                 nack = ConsumerGroups.nextPending(memory, nack)) {
                nacks.add(nack);
            }
        }
        int mark = reply.deferLength();
        long replied = 0;
        for (long nack : nacks) {
            if (count == 0) {
                break;
            }
            long idle = now - ConsumerGroups.deliveryTime(memory, nack);
            if (minIdle != 0 && idle < minIdle) {
                continue;
            }
            replied++;
            count--;
            reply.array(4);
            reply.bulk(ConsumerGroups.pendingId(memory, nack).text());
            reply.bulk(ConsumerGroups.name(memory, ConsumerGroups.owner(memory, nack)));
            reply.integer(Math.max(0, idle));
            reply.integer(ConsumerGroups.deliveryCount(memory, nack));
        }
        reply.setDeferredArray(mark, replied);
    }

    private static boolean isExclusive(Arguments args, int index) {
        return args.length(index) > 1 && args.buffer()[args.offset(index)] == '(';
    }

    /** The group named by argument 2 of the stream (0 if there is none): NOGROUP when either is missing. */
    private static long requireGroup(Memory memory, long stream, Arguments args) {
        long group = stream == 0 ? 0 : ConsumerGroups.group(memory, stream, args.bytes(2));
        if (group == 0) {
            throw CommandError.of("NOGROUP No such key '" + text(args, 1) + "' or consumer group '" + text(args, 2) + "'");
        }
        return group;
    }

    // ---------------------------------------------------------------------------------------------
    // XCLAIM and XAUTOCLAIM

    /** XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME ms] [RETRYCOUNT n] [FORCE] [JUSTID] [LASTID id] */
    private static void xclaim(CommandContext context, Arguments args) {
        Memory memory = context.memory();
        long stream = StreamCommands.streamOrZero(context, args, 1);
        long group = requireGroup(memory, stream, args);
        long minIdle = Math.max(0, Parse.longArg(args, 4, MIN_IDLE_XCLAIM));
        List<StreamId> ids = new ArrayList<>();
        int j = 5;
        for (; j < args.count(); j++) {
            try {
                ids.add(StreamCommands.strictId(args, j));
            } catch (CommandError notAnId) {
                break;
            }
        }
        long now = context.now();
        long retryCount = -1;
        long deliveryTime = -1;
        boolean force = false;
        boolean justId = false;
        StreamId lastId = StreamId.MIN;
        for (; j < args.count(); j++) {
            boolean more = j + 1 < args.count();
            if (args.is(j, "force")) {
                force = true;
            } else if (args.is(j, "justid")) {
                justId = true;
            } else if (args.is(j, "idle") && more) {
                deliveryTime = now - Parse.longArg(args, ++j, CommandError.of("ERR Invalid IDLE option argument for XCLAIM"));
            } else if (args.is(j, "time") && more) {
                deliveryTime = Parse.longArg(args, ++j, CommandError.of("ERR Invalid TIME option argument for XCLAIM"));
            } else if (args.is(j, "retrycount") && more) {
                retryCount = Parse.longArg(args, ++j, CommandError.of("ERR Invalid RETRYCOUNT option argument for XCLAIM"));
            } else if (args.is(j, "lastid") && more) {
                lastId = StreamCommands.strictId(args, ++j);
            } else {
                throw CommandError.of("ERR Unrecognized XCLAIM option '" + text(args, j) + "'");
            }
        }
        context.preventPropagation();
        byte[] key = args.bytes(1);
        byte[] groupName = args.bytes(2);
        boolean propagateLastId = false;
        if (lastId.compareTo(ConsumerGroups.lastId(memory, group)) > 0) {
            ConsumerGroups.lastId(memory, group, lastId);
            propagateLastId = true;
        }
        if (deliveryTime == -1 || deliveryTime < 0 || deliveryTime > now) {
            deliveryTime = now;
        }
        Allocator allocator = context.allocator();
        Reply reply = context.reply();
        Element element = new Element();
        byte[] consumerName = args.bytes(3);
        long consumer = 0;
        int mark = reply.deferLength();
        long replied = 0;
        for (StreamId id : ids) {
            long nack = ConsumerGroups.pending(memory, group, id);
            if (!Stream.exists(memory, stream, id)) {
                if (nack != 0) {
                    propagateClaim(context, key, groupName, group, id, nack);
                    propagateLastId = false;
                    context.dirty(1);
                    ConsumerGroups.removePending(allocator, group, nack);
                }
                continue;
            }
            boolean created = false;
            if (force && nack == 0) {
                if (consumer == 0) {
                    consumer = lookupOrCreateConsumer(context, key, group, consumerName, null);
                }
                nack = ConsumerGroups.addPending(allocator, group, consumer, id, now, 1, context.random());
                created = true;
            }
            if (nack == 0) {
                continue;
            }
            if (!created && minIdle != 0 && now - ConsumerGroups.deliveryTime(memory, nack) < minIdle) {
                continue;
            }
            if (consumer == 0) {
                consumer = lookupOrCreateConsumer(context, key, group, consumerName, null);
            }
            ConsumerGroups.changeOwner(allocator, nack, consumer, context.random());
            long deliveries = ConsumerGroups.deliveryCount(memory, nack);
            if (retryCount >= 0) {
                deliveries = retryCount;
            } else if (!justId) {
                deliveries++;
            }
            ConsumerGroups.delivered(memory, nack, deliveryTime, deliveries);
            if (justId) {
                reply.bulk(id.text());
            } else {
                StreamCommands.replyEntry(reply, memory, stream, id, element);
            }
            replied++;
            propagateClaim(context, key, groupName, group, id, nack);
            propagateLastId = false;
            context.dirty(1);
        }
        if (propagateLastId) {
            propagateGroupId(context, key, groupName, group);
            context.dirty(1);
        }
        reply.setDeferredArray(mark, replied);
    }

    /** XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID] */
    private static void xautoclaim(CommandContext context, Arguments args) {
        long minIdle = Math.max(0, Parse.longArg(args, 4, MIN_IDLE_XAUTOCLAIM));
        StreamId start = StreamCommands.intervalId(args, 5, 0);
        if (isExclusive(args, 5)) {
            start = start.next();
            if (start == null) {
                throw StreamCommands.INVALID_START;
            }
        }
        long count = 100;
        boolean justId = false;
        for (int j = 6; j < args.count(); j++) {
            if (args.is(j, "count") && j + 1 < args.count()) {
                count = Parse.longArg(args, ++j, 1, Long.MAX_VALUE / 16, COUNT_POSITIVE);
            } else if (args.is(j, "justid")) {
                justId = true;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        Memory memory = context.memory();
        long stream = StreamCommands.streamOrZero(context, args, 1);
        long group = requireGroup(memory, stream, args);
        context.preventPropagation();
        byte[] key = args.bytes(1);
        byte[] groupName = args.bytes(2);
        Allocator allocator = context.allocator();
        long now = context.now();
        long attempts = count * 10;
        long consumer = 0;
        List<StreamId> claimed = new ArrayList<>();
        List<StreamId> deleted = new ArrayList<>();
        long nack = ConsumerGroups.pendingFrom(memory, group, start);
        while (attempts-- > 0 && count > 0 && nack != 0) {
            long next = ConsumerGroups.nextPending(memory, nack);
            StreamId id = ConsumerGroups.pendingId(memory, nack);
            if (!Stream.exists(memory, stream, id)) {
                propagateClaim(context, key, groupName, group, id, nack);
                context.dirty(1);
                ConsumerGroups.removePending(allocator, group, nack);
                deleted.add(id);
                count--;
            } else if (minIdle == 0 || now - ConsumerGroups.deliveryTime(memory, nack) >= minIdle) {
                if (consumer == 0) {
                    consumer = lookupOrCreateConsumer(context, key, group, args.bytes(3), null);
                }
                ConsumerGroups.changeOwner(allocator, nack, consumer, context.random());
                ConsumerGroups.delivered(memory, nack, now, ConsumerGroups.deliveryCount(memory, nack) + (justId ? 0 : 1));
                claimed.add(id);
                count--;
                propagateClaim(context, key, groupName, group, id, nack);
                context.dirty(1);
            }
            nack = next;
        }
        // The next start: the entry after the last one looked at, 0-0 when the PEL was walked to its end.
        StreamId cursor = nack == 0 ? StreamId.MIN : ConsumerGroups.pendingId(memory, nack);
        Reply reply = context.reply();
        reply.array(3);
        reply.bulk(cursor.text());
        replyClaimed(context, stream, claimed, justId);
        reply.array(deleted.size());
        for (StreamId id : deleted) {
            reply.bulk(id.text());
        }
    }

    /** The claimed entries, as IDs (JUSTID) or whole entries. */
    private static void replyClaimed(CommandContext context, long stream, List<StreamId> ids, boolean justId) {
        Memory memory = context.memory();
        Reply reply = context.reply();
        Element element = new Element();
        reply.array(ids.size());
        for (StreamId id : ids) {
            if (justId) {
                reply.bulk(id.text());
            } else {
                StreamCommands.replyEntry(reply, memory, stream, id, element);
            }
        }
    }

    /**
     * The consumer, created (with its notification) when absent; its seen-time refreshed either way. A creation is
     * propagated as {@code XGROUP CREATECONSUMER} when {@code groupName} is given (XREADGROUP NOACK, whose reads
     * propagate no XCLAIM to create it on replay), as Redis's streamPropagateConsumerCreation.
     */
    static long lookupOrCreateConsumer(CommandContext context, byte[] key, long group, byte[] name, byte[] groupName) {
        Memory memory = context.memory();
        long consumer = ConsumerGroups.consumer(memory, group, name);
        if (consumer != 0) {
            ConsumerGroups.seenTime(memory, consumer, context.now());
            return consumer;
        }
        consumer = ConsumerGroups.createConsumer(context.allocator(), group, name, context.now());
        context.dirty(1);
        context.keyspaceEvent(Notify.STREAM, "xgroup-createconsumer", key, 0, key.length);
        if (groupName != null) {
            Effects effects = context.propagate();
            effects.begin(context.db(), 5);
            effects.argument("XGROUP");
            effects.argument("CREATECONSUMER");
            effects.argument(key);
            effects.argument(groupName);
            effects.argument(name);
        }
        return consumer;
    }

    /** {@code XCLAIM key group consumer 0 id TIME t RETRYCOUNT n FORCE JUSTID LASTID last} (streamPropagateXCLAIM). */
    static void propagateClaim(CommandContext context, byte[] key, byte[] groupName, long group, StreamId id, long nack) {
        Memory memory = context.memory();
        Effects effects = context.propagate();
        if (!effects.recording()) {
            return;   // the AOF is off: no need to read the names and IDs the effect would carry
        }
        effects.begin(context.db(), 14);
        effects.argument("XCLAIM");
        effects.argument(key);
        effects.argument(groupName);
        effects.argument(ConsumerGroups.name(memory, ConsumerGroups.owner(memory, nack)));
        effects.argument("0");
        effects.argument(id.text());
        effects.argument("TIME");
        effects.argument(ConsumerGroups.deliveryTime(memory, nack));
        effects.argument("RETRYCOUNT");
        effects.argument(ConsumerGroups.deliveryCount(memory, nack));
        effects.argument("FORCE");
        effects.argument("JUSTID");
        effects.argument("LASTID");
        effects.argument(ConsumerGroups.lastId(memory, group).text());
    }

    /** {@code XGROUP SETID key group last ENTRIESREAD n} (streamPropagateGroupID). */
    static void propagateGroupId(CommandContext context, byte[] key, byte[] groupName, long group) {
        Memory memory = context.memory();
        Effects effects = context.propagate();
        if (!effects.recording()) {
            return;
        }
        effects.begin(context.db(), 7);
        effects.argument("XGROUP");
        effects.argument("SETID");
        effects.argument(key);
        effects.argument(groupName);
        effects.argument(ConsumerGroups.lastId(memory, group).text());
        effects.argument("ENTRIESREAD");
        effects.argument(ConsumerGroups.entriesRead(memory, group));
    }
}
