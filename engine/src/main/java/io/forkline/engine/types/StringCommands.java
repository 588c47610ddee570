package io.forkline.engine.types;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Effects;
import io.forkline.engine.command.Errors;
import io.forkline.engine.command.Notify;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.Keyspace;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.struct.IntegerText;
import io.forkline.pages.Memory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.forkline.engine.command.Specs.command;

/** The string commands (GET, SET, INCR, APPEND, GETRANGE, ...), with Redis 7.0's replies and propagation. */
public final class StringCommands {

    private static final byte[] SET = bytes("SET");
    private static final byte[] DEL = bytes("DEL");
    private static final byte[] PXAT = bytes("PXAT");
    private static final byte[] KEEPTTL = bytes("KEEPTTL");
    private static final byte[] PEXPIREAT = bytes("PEXPIREAT");
    private static final byte[] PERSIST = bytes("PERSIST");

    private StringCommands() {
    }

    public static List<CommandSpec> specs() {
        String g = "string";
        return List.of(
                command(g, "get", 2, "readonly fast", 1, 1, 1, "Get the value of a key", StringCommands::get),
                command(g, "set", -3, "write denyoom", 1, 1, 1, "Set the string value of a key", StringCommands::set),
                command(g, "setnx", 3, "write denyoom fast", 1, 1, 1, "Set the value of a key, only if the key does not exist", StringCommands::setnx),
                command(g, "setex", 4, "write denyoom", 1, 1, 1, "Set the value and expiration of a key", (c, a) -> setex(c, a, 1000, "setex")),
                command(g, "psetex", 4, "write denyoom", 1, 1, 1, "Set the value and expiration in milliseconds of a key", (c, a) -> setex(c, a, 1, "psetex")),
                command(g, "mget", -2, "readonly fast", 1, -1, 1, "Get the values of all the given keys", StringCommands::mget),
                command(g, "mset", -3, "write denyoom", 1, -1, 2, "Set multiple keys to multiple values", StringCommands::mset),
                command(g, "msetnx", -3, "write denyoom", 1, -1, 2, "Set multiple keys to multiple values, only if none of the keys exist", StringCommands::msetnx),
                command(g, "getset", 3, "write denyoom fast", 1, 1, 1, "Set the string value of a key and return its old value", StringCommands::getset),
                command(g, "getdel", 2, "write fast", 1, 1, 1, "Get the value of a key and delete the key", StringCommands::getdel),
                command(g, "getex", -2, "write fast", 1, 1, 1, "Get the value of a key and optionally set its expiration", StringCommands::getex),
                command(g, "append", 3, "write denyoom fast", 1, 1, 1, "Append a value to a key", StringCommands::append),
                command(g, "strlen", 2, "readonly fast", 1, 1, 1, "Get the length of the value stored in a key", StringCommands::strlen),
                command(g, "incr", 2, "write denyoom fast", 1, 1, 1, "Increment the integer value of a key by one", (c, a) -> incrBy(c, a, 1)),
                command(g, "decr", 2, "write denyoom fast", 1, 1, 1, "Decrement the integer value of a key by one", (c, a) -> incrBy(c, a, -1)),
                command(g, "incrby", 3, "write denyoom fast", 1, 1, 1, "Increment the integer value of a key by the given amount", (c, a) -> incrBy(c, a, Parse.longArg(a, 2))),
                command(g, "decrby", 3, "write denyoom fast", 1, 1, 1, "Decrement the integer value of a key by the given number", StringCommands::decrby),
                command(g, "incrbyfloat", 3, "write denyoom fast", 1, 1, 1, "Increment the float value of a key by the given amount", StringCommands::incrbyfloat),
                command(g, "getrange", 4, "readonly", 1, 1, 1, "Get a substring of the string stored at a key", StringCommands::getrange),
                command(g, "setrange", 4, "write denyoom", 1, 1, 1, "Overwrite part of a string at key starting at the specified offset", StringCommands::setrange),
                LcsCommand.spec());
    }

    // ---------------------------------------------------------------------------------------------
    // Reading

    /** The entry of a string key, 0 if absent; WRONGTYPE if it holds another type. */
    static long stringEntry(CommandContext context, Arguments args, int index, boolean forWrite) {
        long entry = forWrite ? context.lookupWrite(args, index) : context.lookupRead(args, index);
        if (entry != 0 && KeyEntry.type(context.memory(), entry) != ValueType.STRING) {
            throw CommandError.WRONGTYPE;
        }
        return entry;
    }

    /** Replies the string an entry holds. */
    static void replyValue(Reply reply, Memory memory, long entry) {
        long value = KeyEntry.value(memory, entry);
        if (KeyEntry.encoding(memory, entry) == Encoding.INT) {
            reply.bulkLong(value);
        } else {
            reply.bulk(memory, StringValue.bytesAddress(value), memory.getInt(value));
        }
    }

    private static void get(CommandContext context, Arguments args) {
        long entry = stringEntry(context, args, 1, false);
        if (entry == 0) {
            context.reply().nullBulk();
        } else {
            replyValue(context.reply(), context.memory(), entry);
        }
    }

    private static void mget(CommandContext context, Arguments args) {
        Reply reply = context.reply();
        reply.array(args.count() - 1);
        for (int i = 1; i < args.count(); i++) {
            long entry = context.lookupRead(args, i);
            if (entry == 0 || KeyEntry.type(context.memory(), entry) != ValueType.STRING) {
                reply.nullBulk();
            } else {
                replyValue(reply, context.memory(), entry);
            }
        }
    }

    private static void strlen(CommandContext context, Arguments args) {
        long entry = stringEntry(context, args, 1, false);
        context.reply().integer(entry == 0 ? 0 : StringValue.length(context.memory(), KeyEntry.value(context.memory(), entry),
                KeyEntry.encoding(context.memory(), entry)));
    }

    private static void getrange(CommandContext context, Arguments args) {
        long start = Parse.longArg(args, 2);
        long end = Parse.longArg(args, 3);
        long entry = stringEntry(context, args, 1, false);
        Reply reply = context.reply();
        if (entry == 0) {
            reply.bulk(new byte[0]);
            return;
        }
        Memory memory = context.memory();
        byte[] whole = null;
        long length;
        long address = 0;
        if (KeyEntry.encoding(memory, entry) == Encoding.INT) {
            whole = IntegerText.formatLong(KeyEntry.value(memory, entry));
            length = whole.length;
        } else {
            long value = KeyEntry.value(memory, entry);
            length = memory.getInt(value);
            address = StringValue.bytesAddress(value);
        }
        if (start < 0 && end < 0 && start > end) {
            reply.bulk(new byte[0]);
            return;
        }
        if (start < 0) {
            start = Math.max(0, length + start);
        }
        if (end < 0) {
            end = Math.max(0, length + end);
        }
        end = Math.min(end, length - 1);
        if (start > end || length == 0) {
            reply.bulk(new byte[0]);
        } else if (whole != null) {
            reply.bulk(whole, (int) start, (int) (end - start + 1));
        } else {
            reply.bulk(memory, address + start, (int) (end - start + 1));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Setting

    /** The parsed options of SET / GETEX. */
    private static final class SetOptions {
        boolean nx;
        boolean xx;
        boolean get;
        boolean keepTtl;
        boolean persist;
        long expireAt = -1;     // absolute Unix ms, -1 when none
    }

    private static void set(CommandContext context, Arguments args) {
        SetOptions options = parseOptions(context, args, 3, true, "set");
        long entry = options.get ? stringEntry(context, args, 1, true) : context.lookupWrite(args, 1);
        if ((options.nx && entry != 0) || (options.xx && entry == 0)) {
            if (options.get && entry != 0) {
                replyValue(context.reply(), context.memory(), entry);
            } else {
                context.reply().nullBulk();
            }
            return;
        }
        if (options.get) {
            if (entry == 0) {
                context.reply().nullBulk();
            } else {
                replyValue(context.reply(), context.memory(), entry);
            }
        }
        long stored = store(context, args, 1, 2, entry, options.keepTtl);
        if (options.expireAt >= 0) {
            context.keyspace().setExpire(context.db(), stored, options.expireAt);
        }
        context.keyspaceEvent(Notify.STRING, "set", args, 1);
        if (options.expireAt >= 0) {
            context.keyspaceEvent(Notify.GENERIC, "expire", args, 1);
        }
        if (!options.get) {
            context.reply().ok();
        }
        propagateSet(context, args, options);
    }

    /** SET is propagated in its plainest form: the value, and an absolute expire or KEEPTTL. */
    private static void propagateSet(CommandContext context, Arguments args, SetOptions options) {
        Effects effects = context.propagate();
        boolean extra = options.expireAt >= 0 || options.keepTtl;
        effects.begin(context.db(), extra ? (options.expireAt >= 0 ? 5 : 4) : 3);
        effects.argument(SET);
        effects.argument(args.buffer(), args.offset(1), args.length(1));
        effects.argument(args.buffer(), args.offset(2), args.length(2));
        if (options.expireAt >= 0) {
            effects.argument(PXAT);
            effects.argument(options.expireAt);
        } else if (options.keepTtl) {
            effects.argument(KEEPTTL);
        }
    }

    /** The options of a command that gave none (plain SET and GETEX): shared, never changed. */
    private static final SetOptions NO_OPTIONS = new SetOptions();

    private static SetOptions parseOptions(CommandContext context, Arguments args, int from, boolean forSet, String name) {
        if (from >= args.count()) {
            return NO_OPTIONS;
        }
        SetOptions options = new SetOptions();
        boolean expireSeen = false;
        for (int i = from; i < args.count(); i++) {
            boolean hasNext = i + 1 < args.count();
            if (forSet && args.is(i, "nx") && !options.xx) {
                options.nx = true;
            } else if (forSet && args.is(i, "xx") && !options.nx) {
                options.xx = true;
            } else if (forSet && args.is(i, "get")) {
                options.get = true;
            } else if (forSet && args.is(i, "keepttl") && !expireSeen) {
                options.keepTtl = true;
                expireSeen = true;
            } else if (!forSet && args.is(i, "persist") && !expireSeen) {
                options.persist = true;
                expireSeen = true;
            } else if (hasNext && !expireSeen && (args.is(i, "ex") || args.is(i, "px") || args.is(i, "exat") || args.is(i, "pxat"))) {
                options.expireAt = expireTime(context, args, i, name);
                expireSeen = true;
                i++;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        return options;
    }

    /** The absolute expire in Unix ms of an EX/PX/EXAT/PXAT option at {@code i}, checked as Redis does. */
    private static long expireTime(CommandContext context, Arguments args, int i, String name) {
        long amount = Parse.longArg(args, i + 1);
        CommandError invalid = CommandError.of("ERR invalid expire time in '" + name + "' command");
        if (amount <= 0) {
            throw invalid;
        }
        boolean seconds = args.is(i, "ex") || args.is(i, "exat");
        boolean relative = args.is(i, "ex") || args.is(i, "px");
        if (seconds) {
            if (amount > Long.MAX_VALUE / 1000) {
                throw invalid;
            }
            amount *= 1000;
        }
        if (relative) {
            if (amount > Long.MAX_VALUE - context.now()) {
                throw invalid;
            }
            amount += context.now();
        }
        return amount;
    }

    /**
     * Stores argument {@code valueIndex} as the string of the key in {@code keyIndex} (entry 0: absent),
     * dropping its expire unless {@code keepTtl}; counts the change and signals the key. Returns the entry.
     */
    static long store(CommandContext context, Arguments args, int keyIndex, int valueIndex, long entry, boolean keepTtl) {
        Keyspace keyspace = context.keyspace();
        byte[] buffer = args.buffer();
        int offset = args.offset(valueIndex);
        int length = args.length(valueIndex);
        if (length > context.config().protoMaxBulkLen) {
            throw CommandError.STRING_TOO_LONG;
        }
        Encoding encoding = StringValue.encodingFor(buffer, offset, length);
        if (entry == 0) {
            long value = StringValue.create(context.allocator(), buffer, offset, length, encoding);
            entry = keyspace.add(context.db(), buffer, args.offset(keyIndex), args.length(keyIndex), ValueType.STRING, encoding,
                    value, context.now());
        } else {
            long value = overwrite(context, entry, buffer, offset, length, encoding);
            if (!keepTtl) {
                keyspace.removeExpire(context.db(), entry);
            }
            keyspace.setValue(entry, ValueType.STRING, encoding, value);
        }
        context.dirty(1);
        context.modified(args, keyIndex);
        return entry;
    }

    /** The new value field for an existing key: its string allocation reused when the bytes fit it snugly. */
    private static long overwrite(CommandContext context, long entry, byte[] bytes, int offset, int length, Encoding encoding) {
        Memory memory = context.memory();
        long old = KeyEntry.value(memory, entry);
        Encoding oldEncoding = KeyEntry.encoding(memory, entry);
        boolean allocated = KeyEntry.type(memory, entry) == ValueType.STRING && oldEncoding != Encoding.INT;
        if (allocated && encoding != Encoding.INT) {
            long capacity = context.allocator().usableSize(old) - StringValue.HEADER;
            if (capacity >= length && capacity <= 2L * length + 64) {
                memory.putInt(old, length);
                memory.putBytes(StringValue.bytesAddress(old), bytes, offset, length);
                return old;
            }
        }
        freeValue(context, entry);
        return StringValue.create(context.allocator(), bytes, offset, length, encoding);
    }

    private static void freeValue(CommandContext context, long entry) {
        Memory memory = context.memory();
        if (KeyEntry.type(memory, entry) == ValueType.STRING) {
            StringValue.HANDLER.free(context.allocator(), KeyEntry.value(memory, entry), KeyEntry.encoding(memory, entry));
        } else {
            // another type being replaced by a string: let the keyspace free it through its handler
            context.keyspace().replaceValue(entry, ValueType.STRING, Encoding.INT, 0);
        }
    }

    private static void setnx(CommandContext context, Arguments args) {
        long entry = context.lookupWrite(args, 1);
        if (entry != 0) {
            context.reply().integer(0);
            return;
        }
        store(context, args, 1, 2, 0, false);
        context.keyspaceEvent(Notify.STRING, "set", args, 1);
        context.reply().integer(1);
    }

    private static void setex(CommandContext context, Arguments args, long unitMillis, String name) {
        long amount = Parse.longArg(args, 2);
        CommandError invalid = CommandError.of("ERR invalid expire time in '" + name + "' command");
        if (amount <= 0 || amount > Long.MAX_VALUE / unitMillis || amount * unitMillis > Long.MAX_VALUE - context.now()) {
            throw invalid;
        }
        long expireAt = context.now() + amount * unitMillis;
        long entry = store(context, args, 1, 3, context.lookupWrite(args, 1), false);
        context.keyspace().setExpire(context.db(), entry, expireAt);
        context.keyspaceEvent(Notify.STRING, "set", args, 1);
        context.keyspaceEvent(Notify.GENERIC, "expire", args, 1);
        context.reply().ok();
        Effects effects = context.propagate();
        effects.begin(context.db(), 5);
        effects.argument(SET);
        effects.argument(args.buffer(), args.offset(1), args.length(1));
        effects.argument(args.buffer(), args.offset(3), args.length(3));
        effects.argument(PXAT);
        effects.argument(expireAt);
    }

    private static void mset(CommandContext context, Arguments args) {
        if (args.count() % 2 == 0) {
            throw CommandError.of(Errors.wrongArity("mset"));
        }
        for (int i = 1; i < args.count(); i += 2) {
            store(context, args, i, i + 1, context.lookupWrite(args, i), false);
            context.keyspaceEvent(Notify.STRING, "set", args, i);
        }
        context.reply().ok();
    }

    private static void msetnx(CommandContext context, Arguments args) {
        if (args.count() % 2 == 0) {
            throw CommandError.of(Errors.wrongArity("msetnx"));
        }
        for (int i = 1; i < args.count(); i += 2) {
            if (context.lookupWrite(args, i) != 0) {
                context.reply().integer(0);
                return;
            }
        }
        for (int i = 1; i < args.count(); i += 2) {
            store(context, args, i, i + 1, context.lookupWrite(args, i), false);
            context.keyspaceEvent(Notify.STRING, "set", args, i);
        }
        context.reply().integer(1);
    }

    private static void getset(CommandContext context, Arguments args) {
        long entry = stringEntry(context, args, 1, true);
        if (entry == 0) {
            context.reply().nullBulk();
        } else {
            replyValue(context.reply(), context.memory(), entry);
        }
        store(context, args, 1, 2, entry, false);
        context.keyspaceEvent(Notify.STRING, "set", args, 1);
        Effects effects = context.propagate();
        effects.begin(context.db(), 3);
        effects.argument(SET);
        effects.argument(args.buffer(), args.offset(1), args.length(1));
        effects.argument(args.buffer(), args.offset(2), args.length(2));
    }

    private static void getdel(CommandContext context, Arguments args) {
        long entry = stringEntry(context, args, 1, true);
        if (entry == 0) {
            context.keyMiss(args, 1);   // Redis reads the key first: a miss is a read miss
            context.reply().nullBulk();
            return;
        }
        replyValue(context.reply(), context.memory(), entry);
        context.keyspace().delete(context.db(), args.buffer(), args.offset(1), args.length(1));
        context.dirty(1);
        context.modified(args, 1);
        context.keyspaceEvent(Notify.GENERIC, "del", args, 1);
        context.propagate().add(context.db(), DEL, args.bytes(1));
    }

    private static void getex(CommandContext context, Arguments args) {
        SetOptions options = parseOptions(context, args, 2, false, "getex");
        long entry = stringEntry(context, args, 1, true);
        if (entry == 0) {
            context.keyMiss(args, 1);
            context.reply().nullBulk();
            return;
        }
        replyValue(context.reply(), context.memory(), entry);
        Keyspace keyspace = context.keyspace();
        if (options.expireAt >= 0 && options.expireAt <= context.now() && !keyspace.loading()) {
            keyspace.delete(context.db(), args.buffer(), args.offset(1), args.length(1));
            context.propagate().add(context.db(), DEL, args.bytes(1));
            context.keyspaceEvent(Notify.GENERIC, "del", args, 1);
        } else if (options.expireAt >= 0) {
            keyspace.setExpire(context.db(), entry, options.expireAt);
            context.keyspaceEvent(Notify.GENERIC, "expire", args, 1);
            Effects effects = context.propagate();
            effects.begin(context.db(), 3);
            effects.argument(PEXPIREAT);
            effects.argument(args.buffer(), args.offset(1), args.length(1));
            effects.argument(options.expireAt);
        } else if (options.persist && keyspace.removeExpire(context.db(), entry)) {
            context.propagate().add(context.db(), PERSIST, args.bytes(1));
            context.keyspaceEvent(Notify.GENERIC, "persist", args, 1);
        } else {
            return;   // a plain read: nothing changed, nothing to propagate
        }
        context.dirty(1);
        context.modified(args, 1);
    }

    // ---------------------------------------------------------------------------------------------
    // Changing in place

    private static void append(CommandContext context, Arguments args) {
        long entry = stringEntry(context, args, 1, true);
        if (entry == 0) {
            store(context, args, 1, 2, 0, false);
            context.keyspaceEvent(Notify.STRING, "append", args, 1);
            context.reply().integer(args.length(2));
            return;
        }
        Memory memory = context.memory();
        long value = rawValue(context, entry);
        int oldLength = memory.getInt(value);
        long newLength = (long) oldLength + args.length(2);
        if (newLength > maxLength(context)) {
            throw CommandError.STRING_TOO_LONG;
        }
        value = StringValue.resize(context.allocator(), value, (int) newLength);
        memory.putBytes(StringValue.bytesAddress(value) + oldLength, args.buffer(), args.offset(2), args.length(2));
        context.keyspace().setValue(entry, ValueType.STRING, Encoding.RAW, value);
        context.dirty(1);
        context.modified(args, 1);
        context.keyspaceEvent(Notify.STRING, "append", args, 1);
        context.reply().integer(newLength);
    }

    /** The entry's string as an allocation (an INT becomes RAW first), for in-place changes. */
    static long rawValue(CommandContext context, long entry) {
        Memory memory = context.memory();
        long value = KeyEntry.value(memory, entry);
        if (KeyEntry.encoding(memory, entry) == Encoding.INT) {
            byte[] digits = IntegerText.formatLong(value);
            value = StringValue.create(context.allocator(), digits, 0, digits.length, Encoding.RAW);
            context.keyspace().setValue(entry, ValueType.STRING, Encoding.RAW, value);
        }
        return value;
    }

    /** The longest string a command may make: proto-max-bulk-len, within {@link StringValue#MAX_LENGTH}. */
    private static long maxLength(CommandContext context) {
        return Math.min(context.config().protoMaxBulkLen, StringValue.MAX_LENGTH);
    }

    private static void setrange(CommandContext context, Arguments args) {
        long offset = Parse.longArg(args, 2);
        if (offset < 0) {
            throw CommandError.of("ERR offset is out of range");
        }
        long entry = stringEntry(context, args, 1, true);
        int length = args.length(3);
        if (length > 0 && offset > maxLength(context) - length) {   // no overflow for huge offsets
            throw CommandError.STRING_TOO_LONG;
        }
        Memory memory = context.memory();
        if (entry == 0) {
            if (length == 0) {
                context.reply().integer(0);
                return;
            }
            long value = StringValue.create(context.allocator(), new byte[0], 0, 0, Encoding.RAW);
            entry = context.keyspace().add(context.db(), args.buffer(), args.offset(1), args.length(1), ValueType.STRING,
                    Encoding.RAW, value, context.now());
        }
        long value = rawValue(context, entry);
        int current = memory.getInt(value);
        if (length == 0) {
            context.reply().integer(current);
            return;
        }
        if (offset + length > current) {
            value = StringValue.resize(context.allocator(), value, (int) (offset + length));
        }
        memory.putBytes(StringValue.bytesAddress(value) + offset, args.buffer(), args.offset(3), length);
        context.keyspace().setValue(entry, ValueType.STRING, Encoding.RAW, value);
        context.dirty(1);
        context.modified(args, 1);
        context.keyspaceEvent(Notify.STRING, "setrange", args, 1);
        context.reply().integer(memory.getInt(value));
    }

    private static void decrby(CommandContext context, Arguments args) {
        long amount = Parse.longArg(args, 2);
        if (amount == Long.MIN_VALUE) {
            throw CommandError.of("ERR decrement would overflow");
        }
        incrBy(context, args, -amount);
    }

    private static void incrBy(CommandContext context, Arguments args, long amount) {
        long entry = stringEntry(context, args, 1, true);
        long current = entry == 0 ? 0 : integerValue(context.memory(), entry);
        if ((amount < 0 && current < Long.MIN_VALUE - amount) || (amount > 0 && current > Long.MAX_VALUE - amount)) {
            throw CommandError.OVERFLOW;
        }
        long result = current + amount;
        if (entry == 0) {
            context.keyspace().add(context.db(), args.buffer(), args.offset(1), args.length(1), ValueType.STRING, Encoding.INT,
                    result, context.now());
        } else {
            freeValue(context, entry);
            context.keyspace().setValue(entry, ValueType.STRING, Encoding.INT, result);
        }
        context.dirty(1);
        context.modified(args, 1);
        context.keyspaceEvent(Notify.STRING, "incrby", args, 1);
        context.reply().integer(result);
    }

    /** The entry's string as a canonical integer, else "value is not an integer or out of range". */
    private static long integerValue(Memory memory, long entry) {
        long value = KeyEntry.value(memory, entry);
        if (KeyEntry.encoding(memory, entry) == Encoding.INT) {
            return value;
        }
        int length = memory.getInt(value);
        if (length > 20) {
            throw CommandError.NOT_AN_INTEGER;
        }
        try {
            return IntegerText.parseCanonicalLong(memory, StringValue.bytesAddress(value), length);
        } catch (NumberFormatException e) {
            throw CommandError.NOT_AN_INTEGER;
        }
    }

    private static void incrbyfloat(CommandContext context, Arguments args) {
        long entry = stringEntry(context, args, 1, true);
        byte[] current = entry == 0 ? new byte[] {'0'}
                : StringValue.bytes(context.memory(), KeyEntry.value(context.memory(), entry), KeyEntry.encoding(context.memory(), entry));
        double base;
        try {
            base = Parse.doubleOf(current, 0, current.length);
        } catch (CommandError e) {
            throw CommandError.NOT_A_FLOAT;
        }
        double increment = Parse.doubleArg(args, 2);
        if (Double.isInfinite(base) || Double.isInfinite(increment) || Double.isInfinite(base + increment)) {
            throw CommandError.of("ERR increment would produce NaN or Infinity");
        }
        byte[] result = formatHumanFriendly(new BigDecimal(new String(current, StandardCharsets.US_ASCII).trim())
                .add(new BigDecimal(args.string(2))));
        Arguments stored = Arguments.ofBytes(args.bytes(0), args.bytes(1), result);
        store(context, stored, 1, 2, entry, true);
        context.keyspaceEvent(Notify.STRING, "incrbyfloat", args, 1);
        context.reply().bulk(result);
        Effects effects = context.propagate();
        effects.begin(context.db(), 4);
        effects.argument(SET);
        effects.argument(args.buffer(), args.offset(1), args.length(1));
        effects.argument(result);
        effects.argument(KEEPTTL);
    }

    /**
     * A long double printed as Redis's ld2string in "human friendly" mode does: fixed point with 17
     * decimals, then trailing zeros and a trailing point removed.
     */
    static byte[] formatHumanFriendly(BigDecimal value) {
        String text = value.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        if (text.indexOf('.') >= 0) {
            text = text.replaceAll("0+$", "");
            if (text.endsWith(".")) {
                text = text.substring(0, text.length() - 1);
            }
        }
        if (text.equals("-0")) {
            text = "0";
        }
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
