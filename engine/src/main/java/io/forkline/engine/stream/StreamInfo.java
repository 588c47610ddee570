package io.forkline.engine.stream;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.engine.command.SubcommandHelp;
import io.forkline.engine.struct.Element;
import io.forkline.pages.Memory;

import java.util.List;

/** XINFO STREAM [FULL [COUNT n]], XINFO GROUPS and XINFO CONSUMERS, with Redis 7.0's fields. */
final class StreamInfo {

    private StreamInfo() {
    }

    private static long streamOf(CommandContext context, Arguments args) {
        long entry = StreamCommands.streamEntry(context, args, 2, false);
        if (entry == 0) {
            throw CommandError.NO_SUCH_KEY;
        }
        return StreamCommands.stream(context.memory(), entry);
    }

    static void stream(CommandContext context, Arguments args) {
        int options = args.count() - 3;
        boolean full = options > 0;
        long count = 10;
        if (full) {
            if ((options != 1 && options != 3) || !args.is(3, "full")) {
                throw SubcommandHelp.syntaxError(args);
            }
            if (options == 3) {
                if (!args.is(4, "count")) {
                    throw SubcommandHelp.syntaxError(args);
                }
                count = Parse.longArg(args, 5);
                if (count < 0) {
                    count = 10;
                }
            }
        }
        long stream = streamOf(context, args);
        Memory memory = context.memory();
        Reply reply = context.reply();
        reply.map(full ? 9 : 10);
        reply.bulk("length");
        reply.integer(Stream.length(memory, stream));
        reply.bulk("radix-tree-keys");
        reply.integer(Stream.nodeCount(memory, stream));
        // Redis counts its rax's inner nodes here; forkline's index has one node per key.
        reply.bulk("radix-tree-nodes");
        reply.integer(Stream.nodeCount(memory, stream));
        reply.bulk("last-generated-id");
        reply.bulk(Stream.lastId(memory, stream).text());
        reply.bulk("max-deleted-entry-id");
        reply.bulk(Stream.maxDeletedId(memory, stream).text());
        reply.bulk("entries-added");
        reply.integer(Stream.entriesAdded(memory, stream));
        reply.bulk("recorded-first-entry-id");
        reply.bulk(Stream.firstId(memory, stream).text());
        if (!full) {
            reply.bulk("groups");
            reply.integer(ConsumerGroups.count(memory, stream));
            reply.bulk("first-entry");
            edgeEntry(reply, memory, stream, false);
            reply.bulk("last-entry");
            edgeEntry(reply, memory, stream, true);
            return;
        }
        reply.bulk("entries");
        StreamCommands.replyRange(context, stream, StreamId.MIN, StreamId.MAX, count, false);
        reply.bulk("groups");
        List<Long> groups = ConsumerGroups.groups(memory, stream);
        reply.array(groups.size());
        for (long group : groups) {
            reply.map(7);
            reply.bulk("name");
            reply.bulk(ConsumerGroups.name(memory, group));
            reply.bulk("last-delivered-id");
            reply.bulk(ConsumerGroups.lastId(memory, group).text());
            reply.bulk("entries-read");
            entriesRead(reply, memory, group);
            reply.bulk("lag");
            lag(reply, memory, stream, group);
            reply.bulk("pel-count");
            reply.integer(ConsumerGroups.pendingCount(memory, group));
            reply.bulk("pending");
            int mark = reply.deferLength();
            long listed = 0;
            for (long nack = ConsumerGroups.firstPending(memory, group); nack != 0 && (count == 0 || listed < count);
                 nack = ConsumerGroups.nextPending(memory, nack)) {
                reply.array(4);
                reply.bulk(ConsumerGroups.pendingId(memory, nack).text());
                reply.bulk(ConsumerGroups.name(memory, ConsumerGroups.owner(memory, nack)));
                reply.integer(ConsumerGroups.deliveryTime(memory, nack));
                reply.integer(ConsumerGroups.deliveryCount(memory, nack));
                listed++;
            }
            reply.setDeferredArray(mark, listed);
            reply.bulk("consumers");
            List<Long> consumers = ConsumerGroups.consumerList(memory, group);
            reply.array(consumers.size());
            for (long consumer : consumers) {
                reply.map(4);
                reply.bulk("name");
                reply.bulk(ConsumerGroups.name(memory, consumer));
                reply.bulk("seen-time");
                reply.integer(ConsumerGroups.seenTime(memory, consumer));
                reply.bulk("pel-count");
                reply.integer(ConsumerGroups.consumerPendingCount(memory, consumer));
                reply.bulk("pending");
                List<StreamId> ids = ConsumerGroups.consumerPending(memory, consumer, StreamId.MIN, count);
                reply.array(ids.size());
                for (StreamId id : ids) {
                    long nack = ConsumerGroups.pending(memory, group, id);
                    reply.array(3);
                    reply.bulk(id.text());
                    reply.integer(ConsumerGroups.deliveryTime(memory, nack));
                    reply.integer(ConsumerGroups.deliveryCount(memory, nack));
                }
            }
        }
    }

    private static void edgeEntry(Reply reply, Memory memory, long stream, boolean last) {
        StreamCursor cursor = new StreamCursor(memory, stream, StreamId.MIN, StreamId.MAX, last);
        if (cursor.next()) {
            StreamCommands.replyEntry(reply, memory, cursor, new Element());
        } else {
            reply.nullBulk();
        }
    }

    private static void entriesRead(Reply reply, Memory memory, long group) {
        long read = ConsumerGroups.entriesRead(memory, group);
        if (read == ConsumerGroups.UNKNOWN_ENTRIES_READ) {
            reply.nullBulk();
        } else {
            reply.integer(read);
        }
    }

    private static void lag(Reply reply, Memory memory, long stream, long group) {
        Long lag = Stream.lag(memory, stream, group);
        if (lag == null) {
            reply.nullBulk();
        } else {
            reply.integer(lag);
        }
    }

    static void groups(CommandContext context, Arguments args) {
        long stream = streamOf(context, args);
        Memory memory = context.memory();
        Reply reply = context.reply();
        List<Long> groups = ConsumerGroups.groups(memory, stream);
        reply.array(groups.size());
        for (long group : groups) {
            reply.map(6);
            reply.bulk("name");
            reply.bulk(ConsumerGroups.name(memory, group));
            reply.bulk("consumers");
            reply.integer(ConsumerGroups.consumerCount(memory, group));
            reply.bulk("pending");
            reply.integer(ConsumerGroups.pendingCount(memory, group));
            reply.bulk("last-delivered-id");
            reply.bulk(ConsumerGroups.lastId(memory, group).text());
            reply.bulk("entries-read");
            entriesRead(reply, memory, group);
            reply.bulk("lag");
            lag(reply, memory, stream, group);
        }
    }

    static void consumers(CommandContext context, Arguments args) {
        long stream = streamOf(context, args);
        Memory memory = context.memory();
        long group = ConsumerGroups.group(memory, stream, args.bytes(3));
        if (group == 0) {
            throw CommandError.of("NOGROUP No such consumer group '" + StreamGroupCommands.text(args, 3)
                    + "' for key name '" + StreamGroupCommands.text(args, 2) + "'");
        }
        Reply reply = context.reply();
        List<Long> consumers = ConsumerGroups.consumerList(memory, group);
        reply.array(consumers.size());
        long now = context.now();
        for (long consumer : consumers) {
            reply.map(3);
            reply.bulk("name");
            reply.bulk(ConsumerGroups.name(memory, consumer));
            reply.bulk("pending");
            reply.integer(ConsumerGroups.consumerPendingCount(memory, consumer));
            reply.bulk("idle");
            reply.integer(Math.max(0, now - ConsumerGroups.seenTime(memory, consumer)));
        }
    }
}
