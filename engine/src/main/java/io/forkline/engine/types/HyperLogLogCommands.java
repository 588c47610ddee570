package io.forkline.engine.types;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Notify;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.pages.Memory;

import java.io.ByteArrayOutputStream;
import java.util.List;

import static io.forkline.engine.command.Specs.command;

/**
 * PFADD, PFCOUNT and PFMERGE over Redis 7.0's HyperLogLog strings, so that either server reads the other's: a
 * 16-byte header ("HYLL", the encoding, three unused bytes, the cached cardinality little-endian with its top bit
 * set when stale), then 16384 6-bit registers, dense (12288 bytes) or sparse (ZERO, XZERO and VAL opcodes). An
 * element picks its register by the low 14 bits of its MurmurHash64A and counts the run of zeros above them;
 * the count is Ertl's estimator, as Redis's hllCount.
 *
 * <p>Registers are read into an array, changed and written back whole: sparse while it takes at most
 * hll-sparse-max-bytes and no register exceeds 32, dense from then on.
 */
public final class HyperLogLogCommands {

    private static final int P = 14;
    private static final int Q = 64 - P;
    private static final int REGISTERS = 1 << P;
    private static final int HEADER = 16;
    private static final int DENSE_SIZE = HEADER + (REGISTERS * 6 + 7) / 8;
    private static final byte DENSE = 0;
    private static final byte SPARSE = 1;
    private static final int SPARSE_VAL_MAX_VALUE = 32;
    private static final double ALPHA_INF = 0.721347520444481703680;
    private static final CommandError NOT_HLL = CommandError.of("WRONGTYPE Key is not a valid HyperLogLog string value.");
    private static final CommandError CORRUPTED = CommandError.of("INVALIDOBJ Corrupted HLL object detected");

    private HyperLogLogCommands() {
    }

    public static List<CommandSpec> specs() {
        String g = "hyperloglog";
        return List.of(
                command(g, "pfadd", -2, "write denyoom fast", 1, 1, 1, "Adds the specified elements to the specified HyperLogLog.", HyperLogLogCommands::pfadd),
                command(g, "pfcount", -2, "readonly may_replicate", 1, -1, 1, "Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).", HyperLogLogCommands::pfcount),
                command(g, "pfmerge", -2, "write denyoom", 1, -1, 1, "Merge N different HyperLogLogs into a single one.", HyperLogLogCommands::pfmerge));
    }

    // ---------------------------------------------------------------------------------------------
    // Commands

    private static void pfadd(CommandContext context, Arguments args) {
        long entry = StringCommands.stringEntry(context, args, 1, true);
        if (entry != 0 && addDense(context, args, entry)) {
            return;
        }
        byte[] hll = entry == 0 ? null : read(context, entry);   // sparse: addDense took every dense one read() accepts
        Runs runs = hll == null ? Runs.empty() : Runs.of(hll);
        boolean changed = entry == 0;
        for (int i = 2; i < args.count(); i++) {
            long hash = murmurHash64A(args.buffer(), args.offset(i), args.length(i), 0xadc83b19L);
            int index = (int) (hash & (REGISTERS - 1));
            int count = Long.numberOfTrailingZeros((hash >>> P) | (1L << Q)) + 1;
            changed |= runs.raise(index, count);
        }
        if (changed) {
            byte[] sparse = runs.maxValue() <= SPARSE_VAL_MAX_VALUE ? runs.encode() : null;
            write(context, args, entry, sparse != null && sparse.length <= context.config().hllSparseMaxBytes ? sparse
                    : encode(runs.registers(), true, 0));
            context.dirty(1);
            context.modified(args, 1);
            context.keyspaceEvent(Notify.STRING, "pfadd", args, 1);
        }
        context.reply().integer(changed ? 1 : 0);
    }

    /**
     * A sparse HyperLogLog as runs of registers of one value, which PFADD changes as Redis's hllSparseSet does
     * (splitting the run an element lands in, joining equal neighbours) without expanding 16384 registers.
     */
    private static final class Runs {
        private int[] values;
        private int[] lengths;
        private int count;

        private Runs(int capacity) {
            values = new int[capacity];
            lengths = new int[capacity];
        }

        static Runs empty() {
            Runs runs = new Runs(4);
            runs.append(0, REGISTERS);
            return runs;
        }

        static Runs ofRegisters(byte[] registers) {
            Runs runs = new Runs(16);
            for (byte register : registers) {
                runs.append(register, 1);
            }
            return runs;
        }

        /** The runs of a checked sparse HyperLogLog; INVALIDOBJ if its opcodes do not cover the registers exactly. */
        static Runs of(byte[] hll) {
            Runs runs = new Runs(16);
            int covered = 0;
            int p = HEADER;
            while (p < hll.length) {
                int op = hll[p] & 0xFF;
                int value;
                int length;
                if ((op & 0xc0) == 0) {
                    value = 0;
                    length = (op & 0x3f) + 1;
                    p++;
                } else if ((op & 0xc0) == 0x40) {
                    if (p + 1 >= hll.length) {
                        throw CORRUPTED;
                    }
                    value = 0;
                    length = (((op & 0x3f) << 8) | (hll[p + 1] & 0xFF)) + 1;
                    p += 2;
                } else {
                    value = ((op >> 2) & 0x1f) + 1;
                    length = (op & 0x3) + 1;
                    p++;
                }
                covered += length;
                if (covered > REGISTERS) {
                    throw CORRUPTED;
                }
                runs.append(value, length);
            }
            if (covered != REGISTERS) {
                throw CORRUPTED;
            }
            return runs;
        }

        /** Adds a run, joined to the last one if it holds the same value. */
        private void append(int value, int length) {
            if (count > 0 && values[count - 1] == value) {
                lengths[count - 1] += length;
                return;
            }
            if (count == values.length) {
                values = java.util.Arrays.copyOf(values, count * 2);
                lengths = java.util.Arrays.copyOf(lengths, count * 2);
            }
            values[count] = value;
            lengths[count] = length;
            count++;
        }

        /** Raises register {@code index} to {@code value}; false if it already held as much. */
        boolean raise(int index, int value) {
            int run = 0;
            int start = 0;
            while (start + lengths[run] <= index) {
                start += lengths[run];
                run++;
            }
            int old = values[run];
            if (old >= value) {
                return false;
            }
            int before = index - start;
            int after = start + lengths[run] - index - 1;
            // The run splits in up to three; the raised register joins an equal neighbour it now touches (the old
            // value's pieces cannot: runs are maximal, so the neighbours hold other values).
            boolean joinPrevious = before == 0 && run > 0 && values[run - 1] == value;
            boolean joinNext = after == 0 && run + 1 < count && values[run + 1] == value;
            int first = joinPrevious ? run - 1 : run;
            int last = joinNext ? run + 1 : run;
            int raised = 1 + (joinPrevious ? lengths[run - 1] : 0) + (joinNext ? lengths[run + 1] : 0);
            int pieces = 1 + (before > 0 ? 1 : 0) + (after > 0 ? 1 : 0);
            splice(first, last, pieces);
            int at = first;
            if (before > 0) {
                values[at] = old;
                lengths[at++] = before;
            }
            values[at] = value;
            lengths[at++] = raised;
            if (after > 0) {
                values[at] = old;
                lengths[at] = after;
            }
            return true;
        }

        /** Makes room for {@code pieces} runs where runs {@code first..last} were; the runs after them move. */
        private void splice(int first, int last, int pieces) {
            int newCount = count - (last - first + 1) + pieces;
            if (newCount > values.length) {
                values = java.util.Arrays.copyOf(values, Math.max(newCount, values.length * 2));
                lengths = java.util.Arrays.copyOf(lengths, values.length);
            }
            System.arraycopy(values, last + 1, values, first + pieces, count - last - 1);
            System.arraycopy(lengths, last + 1, lengths, first + pieces, count - last - 1);
            count = newCount;
        }

        int maxValue() {
            int max = 0;
            for (int i = 0; i < count; i++) {
                max = Math.max(max, values[i]);
            }
            return max;
        }

        byte[] registers() {
            byte[] registers = new byte[REGISTERS];
            int at = 0;
            for (int i = 0; i < count; i++) {
                java.util.Arrays.fill(registers, at, at + lengths[i], (byte) values[i]);
                at += lengths[i];
            }
            return registers;
        }

        /** The sparse string: zeros as ZERO (up to 64) or XZERO (up to 16384), a value as VAL (up to 4 at a time). */
        byte[] encode() {
            ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER + 2 * count);
            out.write(header(SPARSE, HEADER), 0, HEADER);
            for (int i = 0; i < count; i++) {
                int run = lengths[i];
                int value = values[i];
                while (run > 0) {
                    if (value == 0) {
                        int len = Math.min(run, 16384);
                        if (len > 64) {
                            out.write(0x40 | ((len - 1) >> 8));
                            out.write((len - 1) & 0xFF);
                        } else {
                            out.write(len - 1);
                        }
                        run -= len;
                    } else {
                        int len = Math.min(run, 4);
                        out.write(0x80 | ((value - 1) << 2) | (len - 1));
                        run -= len;
                    }
                }
            }
            return out.toByteArray();
        }
    }

    /**
     * PFADD to a dense HyperLogLog, in place: each element's register is read and raised where it lies, as Redis's
     * hllDenseSet, with no copy of the 12 KB string. False (nothing done) if the string is not a dense one.
     */
    private static boolean addDense(CommandContext context, Arguments args, long entry) {
        Memory memory = context.memory();
        long value = KeyEntry.value(memory, entry);
        Encoding encoding = KeyEntry.encoding(memory, entry);
        if (encoding == Encoding.INT || StringValue.length(memory, value, encoding) != DENSE_SIZE) {
            return false;
        }
        long base = StringValue.bytesAddress(value);
        if (memory.getByte(base) != 'H' || memory.getByte(base + 1) != 'Y' || memory.getByte(base + 2) != 'L'
                || memory.getByte(base + 3) != 'L' || memory.getByte(base + 4) != DENSE) {
            return false;
        }
        boolean changed = false;
        for (int i = 2; i < args.count(); i++) {
            long hash = murmurHash64A(args.buffer(), args.offset(i), args.length(i), 0xadc83b19L);
            int index = (int) (hash & (REGISTERS - 1));
            int count = Long.numberOfTrailingZeros((hash >>> P) | (1L << Q)) + 1;
            int bit = index * 6;
            long at = base + HEADER + bit / 8;
            int shift = bit & 7;
            int b0 = memory.getByte(at) & 0xFF;
            int b1 = index == REGISTERS - 1 && shift <= 2 ? 0 : memory.getByte(at + 1) & 0xFF;
            if (count > (((b0 >> shift) | (b1 << (8 - shift))) & 63)) {
                memory.putByte(at, (byte) ((b0 & ~(63 << shift)) | (count << shift)));
                if (shift > 2) {   // the register spills into the next byte
                    memory.putByte(at + 1, (byte) ((b1 & ~(63 >> (8 - shift))) | (count >> (8 - shift))));
                }
                changed = true;
            }
        }
        if (changed) {
            memory.putByte(base + 15, (byte) (memory.getByte(base + 15) | 0x80));   // the cached count is stale
            context.dirty(1);
            context.modified(args, 1);
            context.keyspaceEvent(Notify.STRING, "pfadd", args, 1);
        }
        context.reply().integer(changed ? 1 : 0);
        return true;
    }

    private static void pfcount(CommandContext context, Arguments args) {
        if (args.count() == 2) {
            long entry = StringCommands.stringEntry(context, args, 1, false);
            if (entry == 0) {
                context.reply().integer(0);
                return;
            }
            byte[] hll = read(context, entry);
            if ((hll[15] & 0x80) == 0) {   // the cached cardinality is valid
                long cached = 0;
                for (int i = 7; i >= 0; i--) {
                    cached = (cached << 8) | (hll[8 + i] & 0xFF);
                }
                context.reply().integer(cached);
                return;
            }
            long count = count(registers(hll));
            cache(context, entry, count);
            context.reply().integer(count);
            return;
        }
        byte[] union = new byte[REGISTERS];
        for (int i = 1; i < args.count(); i++) {
            long entry = StringCommands.stringEntry(context, args, i, false);
            if (entry != 0) {
                max(union, registers(read(context, entry)));
            }
        }
        context.reply().integer(count(union));
    }

    private static void pfmerge(CommandContext context, Arguments args) {
        byte[] union = new byte[REGISTERS];
        boolean dense = false;
        for (int i = 1; i < args.count(); i++) {
            long entry = StringCommands.stringEntry(context, args, i, false);
            if (entry != 0) {
                byte[] hll = read(context, entry);
                max(union, registers(hll));
                dense |= hll[4] == DENSE;
            }
        }
        long target = StringCommands.stringEntry(context, args, 1, true);
        write(context, args, target, encode(union, dense, context.config().hllSparseMaxBytes));
        context.dirty(1);
        context.modified(args, 1);
        context.keyspaceEvent(Notify.STRING, "pfadd", args, 1);
        context.reply().ok();
    }

    // ---------------------------------------------------------------------------------------------
    // The string

    /** The key's bytes, checked to be a HyperLogLog as Redis's isHLLObjectOrReply checks. */
    private static byte[] read(CommandContext context, long entry) {
        Memory memory = context.memory();
        byte[] bytes = StringValue.bytes(memory, KeyEntry.value(memory, entry), KeyEntry.encoding(memory, entry));
        if (bytes.length < HEADER || bytes[0] != 'H' || bytes[1] != 'Y' || bytes[2] != 'L' || bytes[3] != 'L'
                || (bytes[4] != DENSE && bytes[4] != SPARSE) || (bytes[4] == DENSE && bytes.length != DENSE_SIZE)) {
            throw NOT_HLL;
        }
        return bytes;
    }

    /** Writes {@code hll} as the key's value, creating the key or keeping its expiry. */
    private static void write(CommandContext context, Arguments args, long entry, byte[] hll) {
        Encoding encoding = StringValue.encodingFor(hll, 0, hll.length);
        long value = StringValue.create(context.allocator(), hll, 0, hll.length, encoding);
        if (entry == 0) {
            context.keyspace().add(context.db(), args.buffer(), args.offset(1), args.length(1), ValueType.STRING, encoding, value,
                    context.now());
        } else {
            context.keyspace().replaceValue(entry, ValueType.STRING, encoding, value);
        }
    }

    /** PFCOUNT keeps the count in the header, valid until the next change. */
    private static void cache(CommandContext context, long entry, long count) {
        Memory memory = context.memory();
        long value = KeyEntry.value(memory, entry);
        if (KeyEntry.encoding(memory, entry) == Encoding.INT) {
            return;   // never an HLL: read() refused it
        }
        long at = StringValue.bytesAddress(value) + 8;
        for (int i = 0; i < 8; i++) {
            memory.putByte(at + i, (byte) (count >>> (8 * i)));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Registers

    /** The 16384 registers of a checked HyperLogLog; INVALIDOBJ if its sparse opcodes do not cover them exactly. */
    static byte[] registers(byte[] hll) {
        byte[] registers = new byte[REGISTERS];
        if (hll[4] == DENSE) {
            for (int i = 0; i < REGISTERS; i++) {
                registers[i] = (byte) denseRegister(hll, i);
            }
            return registers;
        }
        int index = 0;
        int p = HEADER;
        while (p < hll.length) {
            int op = hll[p] & 0xFF;
            if ((op & 0xc0) == 0) {   // ZERO: 00xxxxxx
                index += (op & 0x3f) + 1;
                p++;
            } else if ((op & 0xc0) == 0x40) {   // XZERO: 01xxxxxx yyyyyyyy
                if (p + 1 >= hll.length) {
                    throw CORRUPTED;
                }
                index += (((op & 0x3f) << 8) | (hll[p + 1] & 0xFF)) + 1;
                p += 2;
            } else {   // VAL: 1vvvvvxx
                int value = ((op >> 2) & 0x1f) + 1;
                int run = (op & 0x3) + 1;
                if (index + run > REGISTERS) {
                    throw CORRUPTED;
                }
                for (int i = 0; i < run; i++) {
                    registers[index + i] = (byte) value;
                }
                index += run;
                p++;
            }
            if (index > REGISTERS) {
                throw CORRUPTED;
            }
        }
        if (index != REGISTERS) {
            throw CORRUPTED;
        }
        return registers;
    }

    private static int denseRegister(byte[] hll, int index) {
        int bit = index * 6;
        int at = HEADER + bit / 8;
        int shift = bit & 7;
        int b0 = hll[at] & 0xFF;
        int b1 = at + 1 < hll.length ? hll[at + 1] & 0xFF : 0;
        return ((b0 >> shift) | (b1 << (8 - shift))) & 63;
    }

    private static void max(byte[] into, byte[] registers) {
        for (int i = 0; i < REGISTERS; i++) {
            if (registers[i] > into[i]) {
                into[i] = registers[i];
            }
        }
    }

    /**
     * The registers as a HyperLogLog string with a stale cache: sparse unless {@code dense} was asked for, a
     * register exceeds 32, or the sparse form would take more than {@code sparseMax} bytes.
     */
    static byte[] encode(byte[] registers, boolean dense, long sparseMax) {
        if (!dense) {
            Runs runs = Runs.ofRegisters(registers);
            if (runs.maxValue() <= SPARSE_VAL_MAX_VALUE) {
                byte[] sparse = runs.encode();
                if (sparse.length <= sparseMax) {
                    return sparse;
                }
            }
        }
        byte[] hll = header(DENSE, DENSE_SIZE);
        for (int i = 0; i < REGISTERS; i++) {
            int v = registers[i];
            int bit = i * 6;
            int at = HEADER + bit / 8;
            int shift = bit & 7;
            hll[at] = (byte) ((hll[at] & ~(63 << shift)) | (v << shift));
            if (at + 1 < hll.length) {
                int high = 8 - shift;
                hll[at + 1] = (byte) ((hll[at + 1] & ~(63 >> high)) | (v >> high));
            }
        }
        return hll;
    }

    private static byte[] header(byte encoding, int size) {
        byte[] hll = new byte[size];
        hll[0] = 'H';
        hll[1] = 'Y';
        hll[2] = 'L';
        hll[3] = 'L';
        hll[4] = encoding;
        hll[15] = (byte) 0x80;   // the cached cardinality is stale
        return hll;
    }

    // ---------------------------------------------------------------------------------------------
    // Estimation and hashing

    /** Redis's hllCount: Otmar Ertl's estimator over the histogram of register values. */
    static long count(byte[] registers) {
        int[] histogram = new int[64];
        for (byte register : registers) {
            histogram[register]++;
        }
        double m = REGISTERS;
        double z = m * tau((m - histogram[Q + 1]) / m);
        for (int j = Q; j >= 1; --j) {
            z += histogram[j];
            z *= 0.5;
        }
        z += m * sigma(histogram[0] / m);
        return Math.round(ALPHA_INF * m * m / z);
    }

    private static double sigma(double x) {
        if (x == 1.0) {
            return Double.POSITIVE_INFINITY;
        }
        double zPrime;
        double y = 1;
        double z = x;
        do {
            x *= x;
            zPrime = z;
            z += x * y;
            y += y;
        } while (zPrime != z);
        return z;
    }

    private static double tau(double x) {
        if (x == 0.0 || x == 1.0) {
            return 0.0;
        }
        double zPrime;
        double y = 1.0;
        double z = 1 - x;
        do {
            x = Math.sqrt(x);
            zPrime = z;
            y *= 0.5;
            z -= Math.pow(1 - x, 2) * y;
        } while (zPrime != z);
        return z / 3;
    }

    /** Austin Appleby's MurmurHash64A, as Redis hashes HyperLogLog elements. */
    static long murmurHash64A(byte[] data, int offset, int length, long seed) {
        final long m = 0xc6a4a7935bd1e995L;
        final int r = 47;
        long h = seed ^ (length * m);
        int end = offset + (length - (length & 7));
        for (int i = offset; i < end; i += 8) {
            long k = 0;
            for (int b = 7; b >= 0; b--) {
                k = (k << 8) | (data[i + b] & 0xFFL);
            }
            k *= m;
            k ^= k >>> r;
            k *= m;
            h ^= k;
            h *= m;
        }
        int tail = length & 7;
        if (tail > 0) {
            for (int b = tail - 1; b >= 0; b--) {
                h ^= (data[end + b] & 0xFFL) << (8 * b);
            }
            h *= m;
        }
        h ^= h >>> r;
        h *= m;
        h ^= h >>> r;
        return h;
    }
}
