package io.forkline.engine.types;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.pages.Memory;

import static io.forkline.engine.command.Specs.command;

/**
 * LCS: the longest common subsequence of two strings, its length, or its matching ranges (IDX), by
 * dynamic programming over both strings as Redis 7.0 computes it; ranges are emitted walking back
 * from the ends, so they come out last first, as Redis's do.
 */
public final class LcsCommand {

    private LcsCommand() {
    }

    public static CommandSpec spec() {
        return command("string", "lcs", -3, "readonly", 1, 2, 1, "Find longest common substring", LcsCommand::lcs);
    }

    private static void lcs(CommandContext context, Arguments args) {
        boolean len = false;
        boolean idx = false;
        boolean withMatchLen = false;
        long minMatchLen = 0;
        for (int i = 3; i < args.count(); i++) {
            if (args.is(i, "idx")) {
                idx = true;
            } else if (args.is(i, "len")) {
                len = true;
            } else if (args.is(i, "withmatchlen")) {
                withMatchLen = true;
            } else if (args.is(i, "minmatchlen") && i + 1 < args.count()) {
                minMatchLen = Math.max(0, Parse.longArg(args, ++i));
            } else {
                throw CommandError.SYNTAX;
            }
        }
        byte[] a = bytesOf(context, args, 1);
        byte[] b = bytesOf(context, args, 2);
        if (len && idx) {
            throw CommandError.of("ERR If you want both the length and indexes, please just use IDX.");
        }
        long cells = (long) (a.length + 1) * (b.length + 1);
        if (cells * Integer.BYTES > context.config().protoMaxBulkLen || cells > Integer.MAX_VALUE - 8) {
            throw CommandError.of("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
        }
        int[] table = table(a, b);
        int width = b.length + 1;
        int total = table[a.length * width + b.length];
        Reply reply = context.reply();
        if (len) {
            reply.integer(total);
            return;
        }
        byte[] result = new byte[total];
        int mark = 0;
        if (idx) {
            reply.map(2);
            reply.bulk("matches");
            mark = reply.deferLength();
        }
        long ranges = walk(a, b, table, result, idx ? reply : null, withMatchLen, minMatchLen);
        if (idx) {
            reply.setDeferredArray(mark, ranges);
            reply.bulk("len");
            reply.integer(total);
        } else {
            reply.bulk(result);
        }
    }

    /** LCS(i, j) for every prefix pair, row-major with rows of {@code b.length + 1}. */
    private static int[] table(byte[] a, byte[] b) {
        int width = b.length + 1;
        int[] lcs = new int[(a.length + 1) * width];
        for (int i = 1; i <= a.length; i++) {
            for (int j = 1; j <= b.length; j++) {
                lcs[i * width + j] = a[i - 1] == b[j - 1] ? lcs[(i - 1) * width + j - 1] + 1
                        : Math.max(lcs[(i - 1) * width + j], lcs[i * width + j - 1]);
            }
        }
        return lcs;
    }

    /** Fills {@code result} backwards and, given a reply, writes the ranges; returns how many it wrote. */
    private static long walk(byte[] a, byte[] b, int[] lcs, byte[] result, Reply ranges, boolean withMatchLen, long minMatchLen) {
        int width = b.length + 1;
        int i = a.length;
        int j = b.length;
        int at = result.length;
        int aStart = a.length;   // a.length: no range open
        int aEnd = 0;
        int bStart = 0;
        int bEnd = 0;
        long written = 0;
        while (i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                result[--at] = a[i - 1];
                if (aStart == a.length) {
                    aStart = i - 1;
                    aEnd = i - 1;
                    bStart = j - 1;
                    bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--;
                    bStart--;
                } else {
                    emit = true;
                }
                if (aStart == 0 || bStart == 0) {
                    emit = true;
                }
                i--;
                j--;
            } else {
                if (lcs[(i - 1) * width + j] > lcs[i * width + j - 1]) {
                    i--;
                } else {
                    j--;
                }
                if (aStart != a.length) {
                    emit = true;
                }
            }
            int matchLen = aEnd - aStart + 1;
            if (emit) {
                if (ranges != null && (minMatchLen == 0 || matchLen >= minMatchLen)) {
                    ranges.array(withMatchLen ? 3 : 2);
                    ranges.array(2);
                    ranges.integer(aStart);
                    ranges.integer(aEnd);
                    ranges.array(2);
                    ranges.integer(bStart);
                    ranges.integer(bEnd);
                    if (withMatchLen) {
                        ranges.integer(matchLen);
                    }
                    written++;
                }
                aStart = a.length;
            }
        }
        return written;
    }

    private static byte[] bytesOf(CommandContext context, Arguments args, int index) {
        long entry = StringCommands.stringEntry(context, args, index, false);
        if (entry == 0) {
            return new byte[0];
        }
        Memory memory = context.memory();
        return StringValue.bytes(memory, KeyEntry.value(memory, entry), KeyEntry.encoding(memory, entry));
    }
}
