package io.forkline.engine.types;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.struct.Dict;
import io.forkline.engine.struct.Element;
import io.forkline.engine.text.Glob;
import io.forkline.pages.Memory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * HSCAN, as Redis 7.0's scanGenericCommand does it for a hash: a listpack is returned whole in one call with
 * cursor 0; a hashtable is walked with {@link Dict#scan}'s cursor, which returns every field present from
 * the first call to the last at least once across resizes. MATCH filters fields only, after the walk, and
 * COUNT is a hint of how many fields to walk.
 */
final class HashScan {

    private static final byte[] EMPTY_SCAN = "*2\r\n$1\r\n0\r\n*0\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final long DEFAULT_COUNT = 10;
    /** A walk gives up after this many buckets per field asked for (Redis: count * 10, count doubled for pairs). */
    private static final long BUCKETS_PER_FIELD = 20;

    private HashScan() {
    }

    static void hscan(CommandContext context, Arguments args) {
        long cursor = KeyCommands.cursorArg(args, 2);
        long entry = HashCommands.hashEntry(context, args, false);
        if (entry == 0) {
            context.reply().raw(EMPTY_SCAN);   // the options of a missing key are not even read, as in Redis
            return;
        }
        long count = DEFAULT_COUNT;
        byte[] pattern = null;
        for (int i = 3; i < args.count(); i += 2) {
            if (args.is(i, "count") && i + 1 < args.count()) {
                count = Parse.longArg(args, i + 1);
                if (count < 1) {
                    throw CommandError.SYNTAX;
                }
            } else if (args.is(i, "match") && i + 1 < args.count()) {
                pattern = args.bytes(i + 1);
                if (Glob.isMatchAll(pattern)) {
                    pattern = null;
                }
            } else {
                throw CommandError.SYNTAX;
            }
        }
        Memory memory = context.memory();
        long hash = KeyEntry.value(memory, entry);
        if (KeyEntry.encoding(memory, entry) == Encoding.LISTPACK) {
            scanListpack(context.reply(), memory, hash, pattern);
        } else {
            scanHashtable(context.reply(), memory, hash, cursor, count, pattern);
        }
    }

    /** Every pair whose field matches, with cursor 0. */
    private static void scanListpack(Reply reply, Memory memory, long listpack, byte[] pattern) {
        reply.array(2);
        reply.bulk("0");
        int mark = reply.deferLength();
        long[] replied = {0};
        byte[][] scratch = {new byte[64]};
        HashListpack.forEach(memory, listpack, (field, value) -> {
            if (pattern != null) {
                scratch[0] = HashValue.copyOf(memory, field, scratch[0]);
                if (!Glob.matches(pattern, 0, pattern.length, scratch[0], 0, field.stringLength(), false)) {
                    return;
                }
            }
            HashCommands.replyElement(reply, memory, field);
            HashCommands.replyElement(reply, memory, value);
            replied[0] += 2;
        });
        reply.setDeferredArray(mark, replied[0]);
    }

    /** Walks buckets until {@code count} fields are collected or the walk is done or long; replies the matches. */
    private static void scanHashtable(Reply reply, Memory memory, long dict, long cursor, long count, byte[] pattern) {
        long[][] entries = {new long[16]};
        int[] collected = {0};
        long bucketsLeft = count > Long.MAX_VALUE / BUCKETS_PER_FIELD ? Long.MAX_VALUE : count * BUCKETS_PER_FIELD;
        do {
            cursor = HashDict.scan(memory, dict, cursor, entry -> {
                if (collected[0] == entries[0].length) {
                    entries[0] = Arrays.copyOf(entries[0], collected[0] * 2);
                }
                entries[0][collected[0]++] = entry;
            });
        } while (cursor != 0 && bucketsLeft-- > 0 && collected[0] < count);
        reply.array(2);
        reply.bulk(Long.toUnsignedString(cursor));
        int mark = reply.deferLength();
        long replied = 0;
        Element field = new Element();
        Element value = new Element();
        byte[] scratch = new byte[64];
        for (int i = 0; i < collected[0]; i++) {
            long entry = entries[0][i];
            HashDict.field(memory, entry, field);
            if (pattern != null) {
                scratch = HashValue.copyOf(memory, field, scratch);
                if (!Glob.matches(pattern, 0, pattern.length, scratch, 0, field.length(), false)) {
                    continue;
                }
            }
            HashDict.value(memory, entry, value);
            HashCommands.replyElement(reply, memory, field);
            HashCommands.replyElement(reply, memory, value);
            replied += 2;
        }
        reply.setDeferredArray(mark, replied);
    }
}
