package io.forkline.engine.types;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.Notify;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.pages.Memory;

import java.util.ArrayList;
import java.util.List;

/**
 * BITFIELD and BITFIELD_RO as Redis 7.0's bitfieldGeneric: GET, SET and INCRBY of signed (i1..i64) and unsigned
 * (u1..u63) integers at any bit offset (or {@code #n}, n times the width), with OVERFLOW WRAP, SAT or FAIL for
 * the operations after it. Every operation is parsed before any runs; the string grows once, to what the writes
 * need; the command counts as a change (dirty, keyspace event, propagation) only if a value changed.
 */
final class Bitfield {

    private static final CommandError BAD_TYPE = CommandError.of(
            "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.");
    private static final CommandError BIT_OFFSET = CommandError.of("ERR bit offset is not an integer or out of range");
    private static final CommandError RO_GET_ONLY = CommandError.of("ERR BITFIELD_RO only supports the GET subcommand");
    private static final CommandError BAD_OVERFLOW = CommandError.of("ERR Invalid OVERFLOW type specified");

    private enum Kind { GET, SET, INCRBY }

    private enum Overflow { WRAP, SAT, FAIL }

    private record Op(Kind kind, boolean signed, int bits, long offset, long argument, Overflow overflow) {
    }

    private Bitfield() {
    }

    static void run(CommandContext context, Arguments args, boolean readOnly) {
        List<Op> ops = new ArrayList<>();
        Overflow overflow = Overflow.WRAP;
        long writeEnd = 0;   // bytes the writes need
        for (int i = 2; i < args.count(); ) {
            int left = args.count() - i - 1;
            if (args.is(i, "get") && left >= 2) {
                ops.add(op(args, i, Kind.GET, overflow));
                i += 3;
            } else if ((args.is(i, "set") || args.is(i, "incrby")) && left >= 3) {
                if (readOnly) {
                    throw RO_GET_ONLY;
                }
                Kind kind = args.is(i, "set") ? Kind.SET : Kind.INCRBY;
                Op op = op(args, i, kind, overflow);
                ops.add(op);
                writeEnd = Math.max(writeEnd, ((op.offset() + op.bits() - 1) >>> 3) + 1);
                i += 4;
            } else if (args.is(i, "overflow") && left >= 1) {
                if (args.is(i + 1, "wrap")) {
                    overflow = Overflow.WRAP;
                } else if (args.is(i + 1, "sat")) {
                    overflow = Overflow.SAT;
                } else if (args.is(i + 1, "fail")) {
                    overflow = Overflow.FAIL;
                } else {
                    throw BAD_OVERFLOW;
                }
                i += 2;
            } else {
                throw readOnly && (args.is(i, "set") || args.is(i, "incrby")) ? RO_GET_ONLY : CommandError.SYNTAX;
            }
        }
        Reply reply = context.reply();
        if (writeEnd == 0) {   // reads only: a missing key reads as zeros, nothing is created
            BitCommands.Bytes bytes = BitCommands.readable(context, args);
            reply.array(ops.size());
            for (Op op : ops) {
                reply.integer(read(bytes, op));
            }
            return;
        }
        BitCommands.Writable target = BitCommands.Writable.of(context, args, writeEnd);
        Memory memory = context.memory();
        long address = StringValue.bytesAddress(target.value());
        long length = memory.getInt(target.value());
        BitCommands.Bytes bytes = new BitCommands.Bytes(memory, address, null, length);
        int changes = 0;
        reply.array(ops.size());
        for (Op op : ops) {
            long old = read(bytes, op);
            if (op.kind() == Kind.GET) {
                reply.integer(old);
                continue;
            }
            Long next = op.kind() == Kind.SET ? fit(op.argument(), op) : add(old, op.argument(), op);
            if (next == null) {
                reply.nullBulk();   // OVERFLOW FAIL: nothing written
                continue;
            }
            if (target.grew() || next != old) {   // Redis counts each write that changed a value, or any on a new key
                write(memory, address, op, next);
                changes++;
            }
            reply.integer(op.kind() == Kind.SET ? old : next);
        }
        if (changes > 0) {
            context.dirty(changes);
            context.modified(args, 1);
            context.keyspaceEvent(Notify.STRING, "setbit", args, 1);
        }
    }

    /** Parses an operation's type, offset and (SET, INCRBY) value, in Redis's order, so that errors come in its order. */
    private static Op op(Arguments args, int at, Kind kind, Overflow overflow) {
        String type = args.string(at + 1);
        boolean signed;
        if (type.startsWith("i") || type.startsWith("I")) {
            signed = true;
        } else if (type.startsWith("u") || type.startsWith("U")) {
            signed = false;
        } else {
            throw BAD_TYPE;
        }
        int bits;
        try {
            bits = Integer.parseInt(type.substring(1));
        } catch (NumberFormatException e) {
            throw BAD_TYPE;
        }
        if (bits < 1 || (signed && bits > 64) || (!signed && bits > 63) || !type.substring(1).equals(Integer.toString(bits))) {
            throw BAD_TYPE;
        }
        String offsetText = args.string(at + 2);
        boolean times = offsetText.startsWith("#");
        long offset;
        try {
            offset = Long.parseLong(times ? offsetText.substring(1) : offsetText);
        } catch (NumberFormatException e) {
            throw BIT_OFFSET;
        }
        if (times) {
            if (offset < 0 || offset > Long.MAX_VALUE / bits) {
                throw BIT_OFFSET;
            }
            offset *= bits;
        }
        if (offset < 0 || (offset >>> 3) >= 512L * 1024 * 1024 || ((offset + bits - 1) >>> 3) >= 512L * 1024 * 1024) {
            throw BIT_OFFSET;
        }
        long argument = kind == Kind.GET ? 0 : Parse.longArg(args, at + 3);
        return new Op(kind, signed, bits, offset, argument, overflow);
    }

    /** The field's value: {@code bits} bits from {@code offset} (bit 0 is the first byte's highest), zeros past the end. */
    private static long read(BitCommands.Bytes bytes, Op op) {
        long value = 0;
        for (int i = 0; i < op.bits(); i++) {
            long bit = op.offset() + i;
            long index = bit >>> 3;
            int b = index < bytes.length() ? (bytes.get(index) >>> (7 - (int) (bit & 7))) & 1 : 0;
            value = (value << 1) | b;
        }
        if (op.signed() && op.bits() < 64 && (value & (1L << (op.bits() - 1))) != 0) {
            value |= -1L << op.bits();   // sign-extend
        }
        return value;
    }

    private static void write(Memory memory, long address, Op op, long value) {
        for (int i = 0; i < op.bits(); i++) {
            long bit = op.offset() + i;
            long at = address + (bit >>> 3);
            int mask = 1 << (7 - (int) (bit & 7));
            int current = memory.getByte(at) & 0xFF;
            boolean on = ((value >>> (op.bits() - 1 - i)) & 1) != 0;
            int next = on ? current | mask : current & ~mask;
            if (next != current) {
                memory.putByte(at, (byte) next);
            }
        }
    }

    /** The field's range: [min, max]. */
    private static long min(Op op) {
        return op.signed() ? (op.bits() == 64 ? Long.MIN_VALUE : -(1L << (op.bits() - 1))) : 0;
    }

    private static long max(Op op) {
        return op.signed() ? (op.bits() == 64 ? Long.MAX_VALUE : (1L << (op.bits() - 1)) - 1) : (1L << op.bits()) - 1;
    }

    /** SET's value made to fit the field by the overflow rule; null when FAIL refuses it. */
    private static Long fit(long value, Op op) {
        // an unsigned field takes the value as Redis does, as an unsigned 64-bit number: -5 is too large, not too small
        boolean over = op.signed() ? value > max(op) : value < 0 || value > max(op);
        boolean under = op.signed() && value < min(op);
        if (!over && !under) {
            return value;
        }
        return switch (op.overflow()) {
            case WRAP -> wrap(value, op);
            case SAT -> over ? max(op) : min(op);
            case FAIL -> null;
        };
    }

    /** INCRBY: old + increment, by the overflow rule; null when FAIL refuses it. */
    private static Long add(long old, long increment, Op op) {
        long sum = old + increment;   // wraps at 64 bits, as Redis's unsigned arithmetic does
        boolean over;
        boolean under;
        if (op.signed()) {
            over = increment > 0 && (old > max(op) - increment);
            under = increment < 0 && (old < min(op) - increment);
        } else {
            over = increment > 0 && old > max(op) - increment;
            under = increment < 0 && old < -increment;
        }
        if (!over && !under) {
            return sum;
        }
        return switch (op.overflow()) {
            case WRAP -> wrap(sum, op);
            case SAT -> over ? max(op) : min(op);
            case FAIL -> null;
        };
    }

    /** The low {@code bits} bits of {@code value}, sign-extended for a signed field. */
    private static long wrap(long value, Op op) {
        if (op.bits() == 64) {
            return value;
        }
        long low = value & ((1L << op.bits()) - 1);
        if (op.signed() && (low & (1L << (op.bits() - 1))) != 0) {
            low |= -1L << op.bits();
        }
        return low;
    }
}
