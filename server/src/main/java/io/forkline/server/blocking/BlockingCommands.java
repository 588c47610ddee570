package io.forkline.server.blocking;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Parse;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.stream.StreamReads;
import io.forkline.engine.types.ListCommands;
import io.forkline.engine.types.ListEnd;
import io.forkline.engine.types.SortedSetMultiPopArguments;
import io.forkline.engine.types.SortedSetPopCommands;
import io.forkline.server.net.ClientSession;

import java.util.List;

import static io.forkline.engine.command.Specs.command;

/**
 * The blocking commands: BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP (lists) and BZPOPMIN, BZPOPMAX, BZMPOP
 * (sorted sets), with Redis 7.0's arity, flags, key positions, errors and replies. Each first looks at its
 * keys in order: a key of another type gives WRONGTYPE; the first that holds elements serves the command at
 * once, as its non-blocking form would, replying in the blocking shape and propagating the non-blocking
 * command. Otherwise the client blocks ({@link BlockedClients}), or, inside EXEC, answers as on timeout.
 */
public final class BlockingCommands {

    private static final CommandError COUNT = CommandError.of("ERR count should be greater than 0");

    private final BlockedClients blocked;

    public BlockingCommands(BlockedClients blocked) {
        this.blocked = blocked;
    }

    public List<CommandSpec> specs() {
        String l = "list";
        String z = "sorted-set";
        return List.of(
                command(l, "blpop", -3, "write noscript blocking", 1, -2, 1, "Remove and get the first element in a list, or block until one is available", (c, a) -> pop(c, a, ListEnd.LEFT)),
                command(l, "brpop", -3, "write noscript blocking", 1, -2, 1, "Remove and get the last element in a list, or block until one is available", (c, a) -> pop(c, a, ListEnd.RIGHT)),
                command(l, "brpoplpush", 4, "write denyoom noscript blocking", 1, 2, 1, "Pop an element from a list, push it to another list and return it; or block until one is available", this::brpoplpush),
                command(l, "blmove", 6, "write denyoom noscript blocking", 1, 2, 1, "Pop an element from a list, push it to another list and return it; or block until one is available", this::blmove),
                command(l, "blmpop", -5, "write blocking movablekeys", 0, 0, 0, "Pop elements from a list, or block until one is available", this::blmpop),
                command(z, "bzpopmin", -3, "write noscript fast blocking", 1, -2, 1, "Remove and return the member with the lowest score from one or more sorted sets, or block until one is available", (c, a) -> zpop(c, a, false)),
                command(z, "bzpopmax", -3, "write noscript fast blocking", 1, -2, 1, "Remove and return the member with the highest score from one or more sorted sets, or block until one is available", (c, a) -> zpop(c, a, true)),
                command(z, "bzmpop", -5, "write blocking movablekeys", 0, 0, 0, "Remove and return members with scores in a sorted set or block until one is available", this::bzmpop),
                command("stream", "xread", -4, "readonly blocking movablekeys", 0, 0, 0, "Return never seen elements in multiple streams, with IDs greater than the ones reported by the caller for each stream. Can block.", (c, a) -> xread(c, a, false)),
                command("stream", "xreadgroup", -7, "write blocking movablekeys", 0, 0, 0, "Return new entries from a stream using a consumer group, or access the history of the pending entries for a given consumer. Can block.", (c, a) -> xread(c, a, true)));
    }

    // ---------------------------------------------------------------------------------------------
    // Lists

    /** BLPOP / BRPOP key [key ...] timeout. */
    private void pop(CommandContext context, Arguments args, ListEnd end) {
        long deadline = BlockingTimeout.deadline(args, args.count() - 1, context.now());
        Wait wait = new Wait(context, args, 1, args.count() - 2, ValueType.LIST, false);
        wait.serveOrBlock(deadline, (served, key) -> ListCommands.serveBlockedPop(served, key, end));
    }

    /** BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout. */
    private void blmove(CommandContext context, Arguments args) {
        ListEnd from = ListEnd.parse(args, 3);
        ListEnd to = ListEnd.parse(args, 4);
        move(context, args, from, to, BlockingTimeout.deadline(args, 5, context.now()), false);
    }

    /** BRPOPLPUSH source destination timeout: BLMOVE source destination RIGHT LEFT, propagated as RPOPLPUSH. */
    private void brpoplpush(CommandContext context, Arguments args) {
        move(context, args, ListEnd.RIGHT, ListEnd.LEFT, BlockingTimeout.deadline(args, 3, context.now()), true);
    }

    /** Waits on the source only; inside EXEC an empty source answers with the null bulk string, as in Redis. */
    private void move(CommandContext context, Arguments args, ListEnd from, ListEnd to, long deadline, boolean asRpoplpush) {
        byte[] destination = args.bytes(2);
        Wait wait = new Wait(context, args, 1, 1, ValueType.LIST, true);
        wait.serveOrBlock(deadline, (served, key) -> ListCommands.serveBlockedMove(served, key, destination, from, to, asRpoplpush));
    }

    /** BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]: the options are checked before the timeout. */
    private void blmpop(CommandContext context, Arguments args) {
        ListCommands.MultiPopArguments parsed = ListCommands.MultiPopArguments.parse(args, 2);
        long deadline = BlockingTimeout.deadline(args, 1, context.now());
        Wait wait = new Wait(context, args, parsed.firstKey(), parsed.keys(), ValueType.LIST, false);
        wait.serveOrBlock(deadline, (served, key) -> ListCommands.serveBlockedMultiPop(served, key, parsed.end(), parsed.count()));
    }

    // ---------------------------------------------------------------------------------------------
    // Sorted sets

    /** BZPOPMIN / BZPOPMAX key [key ...] timeout: replies [key, member, score]. */
    private void zpop(CommandContext context, Arguments args, boolean max) {
        long deadline = BlockingTimeout.deadline(args, args.count() - 1, context.now());
        Wait wait = new Wait(context, args, 1, args.count() - 2, ValueType.ZSET, false);
        wait.serveOrBlock(deadline, (served, key) -> SortedSetPopCommands.serveBlockedPop(served, key, max, -1, false));
    }

    /** BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]: replies [key, [[member, score], ...]]. */
    private void bzmpop(CommandContext context, Arguments args) {
        SortedSetMultiPopArguments parsed = SortedSetMultiPopArguments.parse(args, 2);
        long deadline = BlockingTimeout.deadline(args, 1, context.now());
        Wait wait = new Wait(context, args, parsed.firstKey(), parsed.keys(), ValueType.ZSET, false);
        wait.serveOrBlock(deadline, (served, key) -> SortedSetPopCommands.serveBlockedPop(served, key, parsed.max(), parsed.count(), true));
    }

    // ---------------------------------------------------------------------------------------------
    // Streams

    /**
     * XREAD / XREADGROUP ... [BLOCK ms] ... STREAMS key [key ...] id [id ...]: replies what can be read now;
     * otherwise, with BLOCK outside a transaction, waits on every key until one holds entries after its ID (or,
     * for a group, after the group's last delivered ID). XREADGROUP is never propagated itself: what it does
     * to the group is, as XCLAIM and XGROUP SETID.
     */
    private void xread(CommandContext context, Arguments args, boolean group) {
        if (group) {
            context.preventPropagation();
        }
        StreamReads.Read read = StreamReads.parse(context, args, group);
        if (StreamReads.readNow(context, read)) {
            return;
        }
        if (!read.blocks() || !blocked.mayBlock()) {
            StreamReads.replyNothing(context);
            return;
        }
        blocked.block(context.client(ClientSession.class), context.db(), args, read.firstKey(), read.keyCount(),
                read.deadline(context.now()), (served, key) -> StreamReads.serveBlocked(served, read, key));
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * One blocking command's keys: {@code keyCount} arguments from {@code firstKey}, which must hold
     * {@code type}; {@code nullBulkInTransaction} for the commands that answer a single element (BLMOVE).
     */
    private final class Wait {
        private final CommandContext context;
        private final Arguments args;
        private final int firstKey;
        private final int keyCount;
        private final ValueType type;
        private final boolean nullBulkInTransaction;

        Wait(CommandContext context, Arguments args, int firstKey, int keyCount, ValueType type, boolean nullBulkInTransaction) {
            this.context = context;
            this.args = args;
            this.firstKey = firstKey;
            this.keyCount = keyCount;
            this.type = type;
            this.nullBulkInTransaction = nullBulkInTransaction;
        }

        /** Serves from the first key that holds elements, or blocks, or inside EXEC answers as on timeout. */
        void serveOrBlock(long deadline, BlockedOperation operation) {
            for (int i = firstKey; i < firstKey + keyCount; i++) {
                if (holdsElements(i)) {
                    operation.serve(context, args.bytes(i));
                    return;
                }
            }
            if (!blocked.mayBlock()) {
                if (nullBulkInTransaction) {
                    context.reply().nullBulk();
                } else {
                    context.reply().nullArray();
                }
                return;
            }
            blocked.block(context.client(ClientSession.class), context.db(), args, firstKey, keyCount, deadline, operation);
        }

        /** Whether the key holds elements (an empty value is never stored); WRONGTYPE for another type. */
        private boolean holdsElements(int index) {
            long entry = context.lookupWrite(args, index);
            if (entry != 0 && KeyEntry.type(context.memory(), entry) != type) {
                throw CommandError.WRONGTYPE;
            }
            return entry != 0;
        }
    }
}
