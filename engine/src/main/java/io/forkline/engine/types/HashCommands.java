package io.forkline.engine.types;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Effects;
import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.command.Errors;
import io.forkline.engine.command.Notify;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.struct.Element;
import io.forkline.engine.struct.IntegerText;
import io.forkline.engine.struct.Listpack;
import io.forkline.pages.Memory;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.forkline.engine.command.Specs.command;

/**
 * The hash commands (HSET, HGET, HDEL, HINCRBY, HGETALL, HSCAN, HRANDFIELD, ...), with Redis 7.0's replies,
 * errors, encoding conversions and propagation.
 *
 * <p>A handler works on the key's entry: each write stores the hash's maybe-moved address and encoding
 * back into the entry at once, so the entry is the only holder of the hash between steps.
 */
public final class HashCommands {

    private static final byte[] HSET = "HSET".getBytes(StandardCharsets.US_ASCII);
    /** Redis's {@code LISTPACK_MAX_SAFETY_SIZE}: a listpack that would grow past it converts. */
    static final long LISTPACK_SAFETY_BYTES = 1L << 30;

    private static final CommandError HSET_ARITY = CommandError.of(Errors.wrongArity("hset"));
    private static final CommandError HMSET_ARITY = CommandError.of(Errors.wrongArity("hmset"));
    private static final CommandError HASH_VALUE_NOT_INTEGER = CommandError.of("ERR hash value is not an integer");
    private static final CommandError HASH_VALUE_NOT_FLOAT = CommandError.of("ERR hash value is not a float");
    private static final CommandError INCREMENT_NAN_OR_INFINITY = CommandError.of("ERR value is NaN or Infinity");
    private static final CommandError RESULT_NAN_OR_INFINITY =
            CommandError.of("ERR increment would produce NaN or Infinity");

    private HashCommands() {
    }

    public static List<CommandSpec> specs() {
        String g = "hash";
        return List.of(
                command(g, "hset", -4, "write denyoom fast", 1, 1, 1, "Set the string value of a hash field", (c, a) -> hset(c, a, HSET_ARITY, true)),
                command(g, "hmset", -4, "write denyoom fast", 1, 1, 1, "Set multiple hash fields to multiple values", (c, a) -> hset(c, a, HMSET_ARITY, false)),
                command(g, "hsetnx", 4, "write denyoom fast", 1, 1, 1, "Set the value of a hash field, only if the field does not exist", HashCommands::hsetnx),
                command(g, "hget", 3, "readonly fast", 1, 1, 1, "Get the value of a hash field", HashCommands::hget),
                command(g, "hmget", -3, "readonly fast", 1, 1, 1, "Get the values of all the given hash fields", HashCommands::hmget),
                command(g, "hdel", -3, "write fast", 1, 1, 1, "Delete one or more hash fields", HashCommands::hdel),
                command(g, "hlen", 2, "readonly fast", 1, 1, 1, "Get the number of fields in a hash", HashCommands::hlen),
                command(g, "hstrlen", 3, "readonly fast", 1, 1, 1, "Get the length of the value of a hash field", HashCommands::hstrlen),
                command(g, "hexists", 3, "readonly fast", 1, 1, 1, "Determine if a hash field exists", HashCommands::hexists),
                command(g, "hkeys", 2, "readonly", 1, 1, 1, "Get all the fields in a hash", (c, a) -> getAll(c, a, true, false)),
                command(g, "hvals", 2, "readonly", 1, 1, 1, "Get all the values in a hash", (c, a) -> getAll(c, a, false, true)),
                command(g, "hgetall", 2, "readonly", 1, 1, 1, "Get all the fields and values in a hash", (c, a) -> getAll(c, a, true, true)),
                command(g, "hincrby", 4, "write denyoom fast", 1, 1, 1, "Increment the integer value of a hash field by the given number", HashCommands::hincrby),
                command(g, "hincrbyfloat", 4, "write denyoom fast", 1, 1, 1, "Increment the float value of a hash field by the given amount", HashCommands::hincrbyfloat),
                command(g, "hscan", -3, "readonly", 1, 1, 1, "Incrementally iterate hash fields and associated values", HashScan::hscan),
                command(g, "hrandfield", -2, "readonly", 1, 1, 1, "Get one or multiple random fields from a hash", HashRandomFields::hrandfield));
    }

    // ---------------------------------------------------------------------------------------------
    // The key's hash

    /** The entry of the hash key in argument 1, 0 if absent; WRONGTYPE if it holds another type. */
    static long hashEntry(CommandContext context, Arguments args, boolean forWrite) {
        long entry = forWrite ? context.lookupWrite(args, 1) : context.lookupRead(args, 1);
        if (entry != 0 && KeyEntry.type(context.memory(), entry) != ValueType.HASH) {
            throw CommandError.WRONGTYPE;
        }
        return entry;
    }

    /** Adds the key in argument 1 holding an empty hash (a listpack); returns its entry. */
    private static long createEntry(CommandContext context, Arguments args) {
        long hash = HashValue.create(context.allocator());
        return context.keyspace().add(context.db(), args.buffer(), args.offset(1), args.length(1), ValueType.HASH,
                Encoding.LISTPACK, hash, context.now());
    }

    /** Fills {@code out} with the field's value in the entry's hash; false if absent. */
    private static boolean getField(Memory memory, long entry, Arguments args, int index, Element out) {
        return HashValue.get(memory, KeyEntry.value(memory, entry), KeyEntry.encoding(memory, entry), args.buffer(),
                args.offset(index), args.length(index), out);
    }

    private static long size(Memory memory, long entry) {
        return HashValue.size(memory, KeyEntry.value(memory, entry), KeyEntry.encoding(memory, entry));
    }

    /** Replies an element read from the hash: a listpack integer as its digits, a string straight from memory. */
    static void replyElement(Reply reply, Memory memory, Element element) {
        if (element.isInteger()) {
            reply.bulkLong(element.integer());
        } else {
            reply.bulk(memory, element.address(), element.length());
        }
    }

    /**
     * Sets a field of the entry's hash, converting a listpack to a hashtable first when the field or value is
     * too long for it, or afterwards when it holds too many fields (Redis 7.0's hashTypeSet). Returns whether
     * the field is new.
     */
    private static boolean setField(CommandContext context, long entry, byte[] field, int fieldOffset, int fieldLength,
                                    byte[] value, int valueOffset, int valueLength) {
        Memory memory = context.memory();
        EngineConfig config = context.config();
        if (KeyEntry.encoding(memory, entry) == Encoding.LISTPACK
                && !fitsListpack(config, memory, KeyEntry.value(memory, entry), fieldLength, valueLength)) {
            convert(context, entry);
        }
        long hash = KeyEntry.value(memory, entry);
        Encoding encoding = KeyEntry.encoding(memory, entry);
        long before = HashValue.size(memory, hash, encoding);
        long moved = HashValue.set(context.allocator(), hash, encoding, field, fieldOffset, fieldLength, value,
                valueOffset, valueLength);
        long after = HashValue.size(memory, moved, encoding);
        if (moved != hash) {
            context.keyspace().setValue(entry, ValueType.HASH, encoding, moved);
        }
        if (encoding == Encoding.LISTPACK && after > config.hashMaxListpackEntries) {
            convert(context, entry);
        }
        return after > before;
    }

    /** Whether a listpack hash may take a pair of these lengths (hash-max-listpack-value, and lpSafeToAdd). */
    private static boolean fitsListpack(EngineConfig config, Memory memory, long listpack, int fieldLength,
                                        int valueLength) {
        return fieldLength <= config.hashMaxListpackValue && valueLength <= config.hashMaxListpackValue
                && Listpack.totalBytes(memory, listpack) + fieldLength + valueLength <= LISTPACK_SAFETY_BYTES;
    }

    private static void convert(CommandContext context, long entry) {
        long dict = HashValue.toHashtable(context.allocator(), KeyEntry.value(context.memory(), entry));
        context.keyspace().setValue(entry, ValueType.HASH, Encoding.HASHTABLE, dict);
    }

    // ---------------------------------------------------------------------------------------------
    // Setting and deleting

    private static void hset(CommandContext context, Arguments args, CommandError arity, boolean replyCreated) {
        if (args.count() % 2 == 1) {
            throw arity;
        }
        long entry = hashEntry(context, args, true);
        if (entry == 0) {
            entry = createEntry(context, args);
        }
        long created = 0;
        byte[] buffer = args.buffer();
        for (int i = 2; i < args.count(); i += 2) {
            if (setField(context, entry, buffer, args.offset(i), args.length(i), buffer, args.offset(i + 1),
                    args.length(i + 1))) {
                created++;
            }
        }
        if (replyCreated) {
            context.reply().integer(created);
        } else {
            context.reply().ok();
        }
        context.modified(args, 1);
        context.keyspaceEvent(Notify.HASH, "hset", args, 1);
        context.dirty((args.count() - 2) / 2);
    }

    private static void hsetnx(CommandContext context, Arguments args) {
        long entry = hashEntry(context, args, true);
        if (entry != 0 && getField(context.memory(), entry, args, 2, new Element())) {
            context.reply().integer(0);
            return;
        }
        if (entry == 0) {
            entry = createEntry(context, args);
        }
        byte[] buffer = args.buffer();
        setField(context, entry, buffer, args.offset(2), args.length(2), buffer, args.offset(3), args.length(3));
        context.reply().integer(1);
        context.modified(args, 1);
        context.keyspaceEvent(Notify.HASH, "hset", args, 1);
        context.dirty(1);
    }

    private static void hdel(CommandContext context, Arguments args) {
        long entry = hashEntry(context, args, true);
        if (entry == 0) {
            context.reply().integer(0);
            return;
        }
        Memory memory = context.memory();
        long deleted = 0;
        boolean emptied = false;
        for (int i = 2; i < args.count(); i++) {
            long hash = KeyEntry.value(memory, entry);
            Encoding encoding = KeyEntry.encoding(memory, entry);
            long before = HashValue.size(memory, hash, encoding);
            long moved = HashValue.delete(context.allocator(), hash, encoding, args.buffer(), args.offset(i), args.length(i));
            if (moved != hash) {
                context.keyspace().setValue(entry, ValueType.HASH, encoding, moved);
            }
            long after = HashValue.size(memory, moved, encoding);
            if (after < before) {
                deleted++;
            }
            if (after == 0) {   // an empty hash is no hash: the key goes
                context.keyspace().delete(context.db(), args.buffer(), args.offset(1), args.length(1));
                emptied = true;
                break;
            }
        }
        if (deleted > 0) {
            context.modified(args, 1);
            context.keyspaceEvent(Notify.HASH, "hdel", args, 1);
            if (emptied) {
                context.keyspaceEvent(Notify.GENERIC, "del", args, 1);
            }
            context.dirty(deleted);
        }
        context.reply().integer(deleted);
    }

    // ---------------------------------------------------------------------------------------------
    // Reading

    private static void hget(CommandContext context, Arguments args) {
        long entry = hashEntry(context, args, false);
        Memory memory = context.memory();
        Element value = new Element();
        if (entry == 0 || !getField(memory, entry, args, 2, value)) {
            context.reply().nullBulk();
        } else {
            replyElement(context.reply(), memory, value);
        }
    }

    private static void hmget(CommandContext context, Arguments args) {
        long entry = hashEntry(context, args, false);
        Memory memory = context.memory();
        Reply reply = context.reply();
        Element value = new Element();
        reply.array(args.count() - 2);
        for (int i = 2; i < args.count(); i++) {
            if (entry == 0 || !getField(memory, entry, args, i, value)) {
                reply.nullBulk();
            } else {
                replyElement(reply, memory, value);
            }
        }
    }

    private static void hlen(CommandContext context, Arguments args) {
        long entry = hashEntry(context, args, false);
        context.reply().integer(entry == 0 ? 0 : size(context.memory(), entry));
    }

    private static void hstrlen(CommandContext context, Arguments args) {
        long entry = hashEntry(context, args, false);
        Element value = new Element();
        boolean found = entry != 0 && getField(context.memory(), entry, args, 2, value);
        context.reply().integer(found ? value.stringLength() : 0);
    }

    private static void hexists(CommandContext context, Arguments args) {
        long entry = hashEntry(context, args, false);
        boolean found = entry != 0 && getField(context.memory(), entry, args, 2, new Element());
        context.reply().integer(found ? 1 : 0);
    }

    /** HKEYS, HVALS and HGETALL: fields and values as a map, either alone as an array. */
    private static void getAll(CommandContext context, Arguments args, boolean fields, boolean values) {
        long entry = hashEntry(context, args, false);
        Reply reply = context.reply();
        boolean pairs = fields && values;
        Memory memory = context.memory();
        long size = entry == 0 ? 0 : size(memory, entry);
        if (pairs) {
            reply.map(size);
        } else {
            reply.array(size);
        }
        if (entry == 0) {
            return;
        }
        HashValue.forEach(memory, KeyEntry.value(memory, entry), KeyEntry.encoding(memory, entry), (field, value) -> {
            if (fields) {
                replyElement(reply, memory, field);
            }
            if (values) {
                replyElement(reply, memory, value);
            }
        });
    }

    // ---------------------------------------------------------------------------------------------
    // Arithmetic

    private static void hincrby(CommandContext context, Arguments args) {
        long increment = Parse.longArg(args, 3);
        long entry = hashEntry(context, args, true);
        Element current = new Element();
        long old = entry != 0 && getField(context.memory(), entry, args, 2, current) ? integerOf(context.memory(), current) : 0;
        if ((increment < 0 && old < 0 && increment < Long.MIN_VALUE - old)
                || (increment > 0 && old > 0 && increment > Long.MAX_VALUE - old)) {
            throw CommandError.OVERFLOW;
        }
        long result = old + increment;
        byte[] digits = IntegerText.formatLong(result);
        storeResult(context, args, entry, digits, "hincrby");
        context.reply().integer(result);
    }

    /** A field's value as a 64-bit integer, as Redis's string2ll reads it, else "hash value is not an integer". */
    private static long integerOf(Memory memory, Element value) {
        if (value.isInteger()) {
            return value.integer();
        }
        if (value.length() > IntegerText.MAX_LENGTH || !IntegerText.isCanonicalLong(memory, value.address(), value.length())) {
            throw HASH_VALUE_NOT_INTEGER;
        }
        return IntegerText.parseCanonicalLong(memory, value.address(), value.length());
    }

    /**
     * HINCRBYFLOAT in Redis's long double arithmetic ({@link LongDouble}), propagated as HSET of the result so
     * that replicas and the AOF never redo the arithmetic.
     */
    private static void hincrbyfloat(CommandContext context, Arguments args) {
        BigDecimal increment = LongDouble.parse(args.buffer(), args.offset(3), args.length(3));
        if (increment == null) {
            throw INCREMENT_NAN_OR_INFINITY;
        }
        long entry = hashEntry(context, args, true);
        Element current = new Element();
        BigDecimal old = entry != 0 && getField(context.memory(), entry, args, 2, current)
                ? longDoubleOf(context.memory(), current) : BigDecimal.ZERO;
        BigDecimal sum = old == null ? null : LongDouble.add(old, increment);
        if (sum == null) {
            throw RESULT_NAN_OR_INFINITY;
        }
        byte[] text = LongDouble.format(sum);
        storeResult(context, args, entry, text, "hincrbyfloat");
        context.reply().bulk(text);
        Effects effects = context.propagate();
        effects.begin(context.db(), 4);
        effects.argument(HSET);
        effects.argument(args.buffer(), args.offset(1), args.length(1));
        effects.argument(args.buffer(), args.offset(2), args.length(2));
        effects.argument(text);
    }

    /** A field's value as a long double, null for an infinity, else "hash value is not a float". */
    private static BigDecimal longDoubleOf(Memory memory, Element value) {
        if (value.isInteger()) {
            return BigDecimal.valueOf(value.integer());   // every 64-bit integer is exact in extended precision
        }
        byte[] text = value.toBytes(memory);
        try {
            return LongDouble.parse(text, 0, text.length);
        } catch (CommandError notAFloat) {
            throw HASH_VALUE_NOT_FLOAT;
        }
    }

    /** Stores an increment's result in the field of argument 2, creating the key if absent. */
    private static void storeResult(CommandContext context, Arguments args, long entry, byte[] result, String event) {
        if (entry == 0) {
            entry = createEntry(context, args);
        }
        setField(context, entry, args.buffer(), args.offset(2), args.length(2), result, 0, result.length);
        context.modified(args, 1);
        context.keyspaceEvent(Notify.HASH, event, args, 1);
        context.dirty(1);
    }
}
