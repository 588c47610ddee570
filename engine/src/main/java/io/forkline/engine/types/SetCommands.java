package io.forkline.engine.types;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Notify;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.struct.Element;
import io.forkline.engine.text.Glob;
import io.forkline.pages.Memory;
import io.forkline.pages.alloc.Allocator;

import java.util.ArrayList;
import java.util.List;

import static io.forkline.engine.command.Specs.command;

/**
 * The set commands, with Redis 7.0's replies, errors and propagation, over sets encoded as Redis 7.2
 * encodes them ({@link SetValue}). The multi-key algebra (SINTER, SUNION, SDIFF and their STORE forms)
 * is {@link SetAlgebra}'s; SPOP and SRANDMEMBER are {@link SetSampling}'s.
 */
public final class SetCommands {

    private SetCommands() {
    }

    public static List<CommandSpec> specs() {
        String g = "set";
        return List.of(
                command(g, "sadd", -3, "write denyoom fast", 1, 1, 1, "Add one or more members to a set", SetCommands::sadd),
                command(g, "srem", -3, "write fast", 1, 1, 1, "Remove one or more members from a set", SetCommands::srem),
                command(g, "smove", 4, "write fast", 1, 2, 1, "Move a member from one set to another", SetCommands::smove),
                command(g, "sismember", 3, "readonly fast", 1, 1, 1, "Determine if a given value is a member of a set", SetCommands::sismember),
                command(g, "smismember", -3, "readonly fast", 1, 1, 1, "Returns the membership associated with the given elements for a set", SetCommands::smismember),
                command(g, "scard", 2, "readonly fast", 1, 1, 1, "Get the number of members in a set", SetCommands::scard),
                command(g, "smembers", 2, "readonly", 1, 1, 1, "Get all the members in a set", SetAlgebra::smembers),
                command(g, "spop", -2, "write fast", 1, 1, 1, "Remove and return one or multiple random members from a set", SetSampling::spop),
                command(g, "srandmember", -2, "readonly", 1, 1, 1, "Get one or multiple random members from a set", SetSampling::srandmember),
                command(g, "sinter", -2, "readonly", 1, -1, 1, "Intersect multiple sets", SetAlgebra::sinter),
                command(g, "sintercard", -3, "readonly movablekeys", 0, 0, 0, "Intersect multiple sets and return the cardinality of the result", SetAlgebra::sintercard),
                command(g, "sinterstore", -3, "write denyoom", 1, -1, 1, "Intersect multiple sets and store the resulting set in a key", SetAlgebra::sinterstore),
                command(g, "sunion", -2, "readonly", 1, -1, 1, "Add multiple sets", SetAlgebra::sunion),
                command(g, "sunionstore", -3, "write denyoom", 1, -1, 1, "Add multiple sets and store the resulting set in a key", SetAlgebra::sunionstore),
                command(g, "sdiff", -2, "readonly", 1, -1, 1, "Subtract multiple sets", SetAlgebra::sdiff),
                command(g, "sdiffstore", -3, "write denyoom", 1, -1, 1, "Subtract multiple sets and store the resulting set in a key", SetAlgebra::sdiffstore),
                command(g, "sscan", -3, "readonly", 1, 1, 1, "Incrementally iterate Set elements", SetCommands::sscan));
    }

    // ---------------------------------------------------------------------------------------------
    // Shared by the set families' handlers

    /** The entry of a set key, 0 if absent; WRONGTYPE if it holds another type. */
    static long setEntry(CommandContext context, Arguments args, int index, boolean forWrite) {
        long entry = forWrite ? context.lookupWrite(args, index) : context.lookupRead(args, index);
        if (entry != 0 && KeyEntry.type(context.memory(), entry) != ValueType.SET) {
            throw CommandError.WRONGTYPE;
        }
        return entry;
    }

    /**
     * Stores a changed set back into its key entry, or deletes the key when the set is empty (an empty
     * set is never kept); returns whether it deleted the key.
     */
    static boolean storeOrDelete(CommandContext context, Arguments args, int keyIndex, long entry, SetRef set) {
        context.keyspace().setValue(entry, ValueType.SET, set.encoding(), set.value());
        if (SetValue.size(context.memory(), set.value(), set.encoding()) > 0) {
            return false;
        }
        context.keyspace().delete(context.db(), args.buffer(), args.offset(keyIndex), args.length(keyIndex));
        return true;
    }

    /** Replies one member as a bulk string: an integer in decimal, a string straight from the store. */
    static void replyMember(Reply reply, Memory memory, Element member) {
        if (member.isInteger()) {
            reply.bulkLong(member.integer());
        } else {
            reply.bulk(memory, member.address(), member.length());
        }
    }

    static SetMember argument(SetMember member, Arguments args, int index) {
        return member.load(args.buffer(), args.offset(index), args.length(index));
    }

    // ---------------------------------------------------------------------------------------------
    // Adding, removing, moving

    /** The member holder SADD reuses from one call to the next on a thread, so that it allocates nothing. */
    private static final ThreadLocal<SetMember> SADD_MEMBER = ThreadLocal.withInitial(SetMember::new);

    private static void sadd(CommandContext context, Arguments args) {
        long entry = setEntry(context, args, 1, true);
        Allocator allocator = context.allocator();
        SetMember member = SADD_MEMBER.get();
        long sizeHint = args.count() - 2L;
        SetRef set;
        if (entry == 0) {
            Encoding encoding = SetValue.encodingForNew(context.config(), argument(member, args, 2), sizeHint);
            set = SetValue.create(allocator, encoding);
            entry = context.keyspace().add(context.db(), args.buffer(), args.offset(1), args.length(1), ValueType.SET,
                    encoding, set.value(), context.now());
        } else {
            set = SetRef.of(context.memory(), entry);
            SetValue.prepareFor(allocator, context.config(), set, sizeHint);
        }
        long added = 0;
        for (int i = 2; i < args.count(); i++) {
            if (SetValue.add(allocator, context.config(), set, argument(member, args, i))) {
                added++;
            }
        }
        context.keyspace().setValue(entry, ValueType.SET, set.encoding(), set.value());
        if (added > 0) {
            context.modified(args, 1);
            context.keyspaceEvent(Notify.SET, "sadd", args, 1);
            context.dirty(added);
        }
        context.reply().integer(added);
    }

    private static void srem(CommandContext context, Arguments args) {
        long entry = setEntry(context, args, 1, true);
        if (entry == 0) {
            context.reply().integer(0);
            return;
        }
        SetRef set = SetRef.of(context.memory(), entry);
        SetMember member = new SetMember();
        long removed = 0;
        for (int i = 2; i < args.count(); i++) {
            if (SetValue.remove(context.allocator(), set, argument(member, args, i))) {
                removed++;
                if (SetValue.size(context.memory(), set.value(), set.encoding()) == 0) {
                    break;
                }
            }
        }
        boolean deleted = storeOrDelete(context, args, 1, entry, set);
        if (removed > 0) {
            context.modified(args, 1);
            context.keyspaceEvent(Notify.SET, "srem", args, 1);
            if (deleted) {
                context.keyspaceEvent(Notify.GENERIC, "del", args, 1);
            }
            context.dirty(removed);
        }
        context.reply().integer(removed);
    }

    private static void smove(CommandContext context, Arguments args) {
        long source = context.lookupWrite(args, 1);
        long destination = context.lookupWrite(args, 2);
        if (source == 0) {
            context.reply().integer(0);   // as Redis: a missing source answers 0 before any type check
            return;
        }
        Memory memory = context.memory();
        if (KeyEntry.type(memory, source) != ValueType.SET
                || (destination != 0 && KeyEntry.type(memory, destination) != ValueType.SET)) {
            throw CommandError.WRONGTYPE;
        }
        SetMember member = argument(new SetMember(), args, 3);
        if (source == destination) {
            context.reply().integer(SetValue.contains(memory, KeyEntry.value(memory, source), KeyEntry.encoding(memory, source),
                    member) ? 1 : 0);
            return;
        }
        SetRef from = SetRef.of(memory, source);
        if (!SetValue.remove(context.allocator(), from, member)) {
            context.reply().integer(0);
            return;
        }
        context.keyspaceEvent(Notify.SET, "srem", args, 1);
        if (storeOrDelete(context, args, 1, source, from)) {
            context.keyspaceEvent(Notify.GENERIC, "del", args, 1);
        }
        SetRef to;
        if (destination == 0) {
            to = SetValue.create(context.allocator(), SetValue.encodingForNew(context.config(), member, 1));
            destination = context.keyspace().add(context.db(), args.buffer(), args.offset(2), args.length(2), ValueType.SET,
                    to.encoding(), to.value(), context.now());
        } else {
            to = SetRef.of(memory, destination);
        }
        context.modified(args, 1);
        context.dirty(1);
        if (SetValue.add(context.allocator(), context.config(), to, member)) {
            context.dirty(1);
            context.modified(args, 2);   // as Redis: the destination is signalled only when it really gained the member
            context.keyspaceEvent(Notify.SET, "sadd", args, 2);
        }
        context.keyspace().setValue(destination, ValueType.SET, to.encoding(), to.value());
        context.reply().integer(1);
    }

    // ---------------------------------------------------------------------------------------------
    // Reading

    private static void sismember(CommandContext context, Arguments args) {
        long entry = setEntry(context, args, 1, false);
        Memory memory = context.memory();
        boolean found = entry != 0 && SetValue.contains(memory, KeyEntry.value(memory, entry), KeyEntry.encoding(memory, entry),
                argument(new SetMember(), args, 2));
        context.reply().integer(found ? 1 : 0);
    }

    private static void smismember(CommandContext context, Arguments args) {
        long entry = setEntry(context, args, 1, false);
        Memory memory = context.memory();
        Reply reply = context.reply();
        SetMember member = new SetMember();
        reply.array(args.count() - 2L);
        for (int i = 2; i < args.count(); i++) {
            boolean found = entry != 0 && SetValue.contains(memory, KeyEntry.value(memory, entry),
                    KeyEntry.encoding(memory, entry), argument(member, args, i));
            reply.integer(found ? 1 : 0);
        }
    }

    private static void scard(CommandContext context, Arguments args) {
        long entry = setEntry(context, args, 1, false);
        Memory memory = context.memory();
        context.reply().integer(entry == 0 ? 0 : SetValue.size(memory, KeyEntry.value(memory, entry), KeyEntry.encoding(memory, entry)));
    }

    /**
     * SSCAN key cursor [MATCH pattern] [COUNT count]. As Redis 7.0: the cursor is checked first, a missing
     * key answers an empty page before the options are read, a compact set comes back whole with cursor
     * 0, and a hashtable is scanned bucket by bucket until COUNT members or 10 x COUNT buckets.
     */
    private static void sscan(CommandContext context, Arguments args) {
        long cursor = KeyCommands.cursorArg(args, 2);
        long entry = setEntry(context, args, 1, false);
        Reply reply = context.reply();
        if (entry == 0) {
            reply.array(2);
            reply.bulk("0");
            reply.array(0);
            return;
        }
        byte[] pattern = null;
        long count = 10;
        for (int i = 3; i < args.count(); i += 2) {
            if (i + 1 >= args.count()) {
                throw CommandError.SYNTAX;
            } else if (args.is(i, "count")) {
                count = Parse.longArg(args, i + 1);
                if (count < 1) {
                    throw CommandError.SYNTAX;
                }
            } else if (args.is(i, "match")) {
                pattern = args.bytes(i + 1);
                pattern = pattern.length == 1 && pattern[0] == '*' ? null : pattern;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        Memory memory = context.memory();
        SetRef set = SetRef.of(memory, entry);
        List<byte[]> found = new ArrayList<>();
        long iterations = count > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : count * 10;
        do {
            cursor = SetValue.scan(memory, set.value(), set.encoding(), cursor, member -> found.add(member.toBytes(memory)));
        } while (cursor != 0 && iterations-- > 0 && found.size() < count);
        reply.array(2);
        reply.bulk(Long.toUnsignedString(cursor));
        int mark = reply.deferLength();
        long emitted = 0;
        for (byte[] member : found) {
            if (pattern == null || Glob.matches(pattern, member, false)) {
                reply.bulk(member);
                emitted++;
            }
        }
        reply.setDeferredArray(mark, emitted);
    }
}
