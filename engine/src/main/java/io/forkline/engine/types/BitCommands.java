package io.forkline.engine.types;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Notify;
import io.forkline.engine.command.Parse;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.pages.Memory;

import java.util.List;

import static io.forkline.engine.command.Specs.command;

/**
 * The bit commands over string values (SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP): bit 0 is the most
 * significant bit of the first byte, as in Redis; strings grow with zero bytes when a bit past their
 * end is set.
 */
public final class BitCommands {

    /** Redis's limit: a bit offset addresses at most 512 MB. */
    private static final long MAX_BIT_OFFSET = 4L * 1024 * 1024 * 1024 - 1;
    private static final CommandError BIT_OFFSET = CommandError.of("ERR bit offset is not an integer or out of range");
    private static final CommandError BIT_VALUE = CommandError.of("ERR bit is not an integer or out of range");
    private static final int CHUNK = 64 * 1024;

    private BitCommands() {
    }

    public static List<CommandSpec> specs() {
        String g = "bitmap";
        return List.of(
                command(g, "setbit", 4, "write denyoom", 1, 1, 1, "Sets or clears the bit at offset in the string value stored at key", BitCommands::setbit),
                command(g, "getbit", 3, "readonly fast", 1, 1, 1, "Returns the bit value at offset in the string value stored at key", BitCommands::getbit),
                command(g, "bitcount", -2, "readonly", 1, 1, 1, "Count set bits in a string", BitCommands::bitcount),
                command(g, "bitpos", -3, "readonly", 1, 1, 1, "Find first bit set or clear in a string", BitCommands::bitpos),
                command(g, "bitop", -4, "write denyoom", 2, -1, 1, "Perform bitwise operations between strings", BitCommands::bitop),
                command(g, "bitfield", -2, "write denyoom", 1, 1, 1, "Perform arbitrary bitfield integer operations on strings",
                        (c, a) -> Bitfield.run(c, a, false)),
                command(g, "bitfield_ro", -2, "readonly fast", 1, 1, 1, "Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD",
                        (c, a) -> Bitfield.run(c, a, true)));
    }

    /** A string's bytes, readable by index: from memory for an allocated string, from digits for an INT one. */
    record Bytes(Memory memory, long address, byte[] digits, long length) {

        static Bytes of(Memory memory, long entry) {
            if (entry == 0) {
                return new Bytes(memory, 0, new byte[0], 0);
            }
            long value = KeyEntry.value(memory, entry);
            if (KeyEntry.encoding(memory, entry) == Encoding.INT) {
                byte[] digits = StringValue.bytes(memory, value, Encoding.INT);
                return new Bytes(memory, 0, digits, digits.length);
            }
            return new Bytes(memory, StringValue.bytesAddress(value), null, memory.getInt(value));
        }

        int get(long index) {
            return (digits != null ? digits[(int) index] : memory.getByte(address + index)) & 0xFF;
        }

        /** Copies {@code [from, from + count)} into {@code into}. */
        void copy(long from, byte[] into, int count) {
            if (digits != null) {
                System.arraycopy(digits, (int) from, into, 0, count);
            } else {
                memory.getBytes(address + from, into, 0, count);
            }
        }
    }

    private static void setbit(CommandContext context, Arguments args) {
        long offset = Parse.longArg(args, 2, 0, MAX_BIT_OFFSET, BIT_OFFSET);
        long bit = Parse.longArg(args, 3, 0, 1, BIT_VALUE);
        long byteIndex = offset >>> 3;
        Writable target = Writable.of(context, args, byteIndex + 1);
        Memory memory = context.memory();
        long at = StringValue.bytesAddress(target.value()) + byteIndex;
        int current = memory.getByte(at) & 0xFF;
        int mask = 1 << (7 - (int) (offset & 7));
        boolean was = (current & mask) != 0;
        if (target.grew() || was != (bit == 1)) {   // as Redis 7.0: no change, no dirty, event nor propagation
            memory.putByte(at, (byte) (bit == 1 ? current | mask : current & ~mask));
            context.dirty(1);
            context.modified(args, 1);
            context.keyspaceEvent(Notify.STRING, "setbit", args, 1);
        }
        context.reply().integer(was ? 1 : 0);
    }

    /**
     * The raw string value of the key at argument 1, created empty if missing and grown with zero bytes to at least
     * {@code bytes}, as Redis's lookupStringForBitCommand; {@code grew} tells whether it was created or grown.
     */
    record Writable(long entry, long value, boolean grew) {

        static Writable of(CommandContext context, Arguments args, long bytes) {
            long entry = StringCommands.stringEntry(context, args, 1, true);
            boolean grew = false;
            if (entry == 0) {
                long value = StringValue.create(context.allocator(), new byte[0], 0, 0, Encoding.RAW);
                entry = context.keyspace().add(context.db(), args.buffer(), args.offset(1), args.length(1), ValueType.STRING,
                        Encoding.RAW, value, context.now());
                grew = true;
            }
            long value = StringCommands.rawValue(context, entry);
            if (bytes > context.memory().getInt(value)) {
                value = StringValue.resize(context.allocator(), value, (int) bytes);
                grew = true;
            }
            context.keyspace().setValue(entry, ValueType.STRING, Encoding.RAW, value);
            return new Writable(entry, value, grew);
        }
    }

    /** Bytes readable by index from the key at argument 1 (none when missing), for readers of bits. */
    static Bytes readable(CommandContext context, Arguments args) {
        return Bytes.of(context.memory(), StringCommands.stringEntry(context, args, 1, false));
    }

    private static void getbit(CommandContext context, Arguments args) {
        long offset = Parse.longArg(args, 2, 0, MAX_BIT_OFFSET, BIT_OFFSET);
        Bytes bytes = Bytes.of(context.memory(), StringCommands.stringEntry(context, args, 1, false));
        long byteIndex = offset >>> 3;
        context.reply().integer(byteIndex < bytes.length() && (bytes.get(byteIndex) & (1 << (7 - (int) (offset & 7)))) != 0 ? 1 : 0);
    }

    /** A [start, end] range of BITCOUNT/BITPOS, resolved against a length in bits or bytes. */
    private record Range(long start, long end, boolean bits) {
    }

    /** Parses "start end [BYTE|BIT]" at {@code from}; null when absent. */
    private static Range range(Arguments args, int from, boolean endOptional) {
        if (args.count() <= from) {
            return null;
        }
        long start = Parse.longArg(args, from);
        boolean hasEnd = args.count() > from + 1;
        if (!hasEnd && !endOptional) {
            throw CommandError.SYNTAX;
        }
        long end = hasEnd ? Parse.longArg(args, from + 1) : Long.MAX_VALUE;
        boolean bits = false;
        if (args.count() > from + 2) {
            if (args.count() > from + 3) {
                throw CommandError.SYNTAX;
            }
            if (args.is(from + 2, "bit")) {
                bits = true;
            } else if (!args.is(from + 2, "byte")) {
                throw CommandError.SYNTAX;
            }
        }
        return new Range(start, end, bits);
    }

    /** The range clamped to {@code [0, total)} as Redis does, or null when empty. */
    private static long[] clamp(long start, long end, long total) {
        if (start < 0) {
            start = total + start;
        }
        if (end < 0) {
            end = total + end;
        }
        start = Math.max(0, start);
        end = Math.max(0, end);
        end = Math.min(end, total - 1);
        return start > end || total == 0 ? null : new long[] {start, end};
    }

    private static void bitcount(CommandContext context, Arguments args) {
        Range range = range(args, 2, false);
        Bytes bytes = Bytes.of(context.memory(), StringCommands.stringEntry(context, args, 1, false));
        long total = range != null && range.bits() ? bytes.length() * 8 : bytes.length();
        // Redis 7.0 answers 0 for two negative indexes in the wrong order before converting them (-6 -7 on 4 bytes
        // would clamp to 0 0 and count the first byte)
        boolean backwards = range != null && range.start() < 0 && range.end() < 0 && range.start() > range.end();
        long[] span = range == null ? clamp(0, -1, total) : clamp(range.start(), range.end(), total);
        if (span == null || backwards) {
            context.reply().integer(0);
            return;
        }
        if (range == null || !range.bits()) {
            context.reply().integer(countBytes(bytes, span[0], span[1] + 1));
            return;
        }
        long count = 0;
        for (long bit = span[0]; bit <= span[1]; bit++) {
            if ((bytes.get(bit >>> 3) & (1 << (7 - (int) (bit & 7)))) != 0) {
                count++;
            }
        }
        context.reply().integer(count);
    }

    private static long countBytes(Bytes bytes, long from, long to) {
        byte[] chunk = new byte[(int) Math.min(CHUNK, to - from)];
        long count = 0;
        for (long at = from; at < to; at += chunk.length) {
            int n = (int) Math.min(chunk.length, to - at);
            bytes.copy(at, chunk, n);
            for (int i = 0; i < n; i++) {
                count += Integer.bitCount(chunk[i] & 0xFF);
            }
        }
        return count;
    }

    private static void bitpos(CommandContext context, Arguments args) {
        long wanted = Parse.longArg(args, 2, CommandError.of("ERR The bit argument must be 1 or 0."));
        if (wanted != 0 && wanted != 1) {
            throw CommandError.of("ERR The bit argument must be 1 or 0.");
        }
        Range range = range(args, 3, true);
        long entry = StringCommands.stringEntry(context, args, 1, false);
        if (entry == 0) {
            context.reply().integer(wanted == 1 ? -1 : 0);
            return;
        }
        Bytes bytes = Bytes.of(context.memory(), entry);
        boolean endGiven = range != null && range.end() != Long.MAX_VALUE;
        boolean inBits = range != null && range.bits();
        long total = inBits ? bytes.length() * 8 : bytes.length();
        long[] span = range == null ? clamp(0, -1, total) : clamp(range.start(), endGiven ? range.end() : -1, total);
        if (span == null) {
            context.reply().integer(-1);
            return;
        }
        long firstBit = inBits ? span[0] : span[0] * 8;
        long lastBit = inBits ? span[1] : span[1] * 8 + 7;
        for (long bit = firstBit; bit <= lastBit; bit++) {
            int value = (bytes.get(bit >>> 3) >>> (7 - (int) (bit & 7))) & 1;
            if (value == wanted) {
                context.reply().integer(bit);
                return;
            }
        }
        // Looking for a clear bit with no end given: the string is as if padded with zeros on the right.
        context.reply().integer(wanted == 0 && !endGiven ? lastBit + 1 : -1);
    }

    private static void bitop(CommandContext context, Arguments args) {
        String operation;
        if (args.is(1, "and") || args.is(1, "or") || args.is(1, "xor") || args.is(1, "not")) {
            operation = args.string(1).toLowerCase(java.util.Locale.ROOT);
        } else {
            throw CommandError.SYNTAX;
        }
        if (operation.equals("not") && args.count() != 4) {
            throw CommandError.of("ERR BITOP NOT must be called with a single source key.");
        }
        int sources = args.count() - 3;
        byte[][] values = new byte[sources][];
        int longest = 0;
        for (int i = 0; i < sources; i++) {
            long entry = StringCommands.stringEntry(context, args, 3 + i, false);
            Bytes bytes = Bytes.of(context.memory(), entry);
            values[i] = new byte[(int) bytes.length()];
            bytes.copy(0, values[i], values[i].length);
            longest = Math.max(longest, values[i].length);
        }
        byte[] result = new byte[longest];
        for (int at = 0; at < longest; at++) {
            int acc = at < values[0].length ? values[0][at] & 0xFF : 0;
            if (operation.equals("not")) {
                acc = ~acc & 0xFF;
            }
            for (int i = 1; i < sources; i++) {
                int b = at < values[i].length ? values[i][at] & 0xFF : 0;
                acc = switch (operation) {
                    case "and" -> acc & b;
                    case "or" -> acc | b;
                    default -> acc ^ b;
                };
            }
            result[at] = (byte) acc;
        }
        byte[] target = args.bytes(2);
        long existing = context.keyspace().lookup(context.db(), target, 0, target.length, context.now());
        if (longest == 0) {
            if (existing != 0) {
                context.keyspace().delete(context.db(), target, 0, target.length);
                context.dirty(1);
                context.modified(args, 2);
                context.keyspaceEvent(Notify.GENERIC, "del", args, 2);
            }
            context.reply().integer(0);
            return;
        }
        if (existing != 0) {
            context.keyspace().delete(context.db(), target, 0, target.length);
        }
        long value = StringValue.create(context.allocator(), result, 0, result.length, Encoding.RAW);
        context.keyspace().add(context.db(), target, 0, target.length, ValueType.STRING, Encoding.RAW, value, context.now());
        context.dirty(1);
        context.modified(args, 2);
        context.keyspaceEvent(Notify.STRING, "set", args, 2);
        context.reply().integer(longest);
    }
}
