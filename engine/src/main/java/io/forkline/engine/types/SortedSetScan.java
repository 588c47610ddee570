package io.forkline.engine.types;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.struct.Dict;
import io.forkline.engine.struct.DoubleText;
import io.forkline.engine.struct.Skiplist;
import io.forkline.engine.text.Glob;
import io.forkline.pages.Memory;

import java.util.ArrayList;
import java.util.List;

/**
 * ZSCAN as Redis 7.0's scanGenericCommand runs it on a sorted set: a LISTPACK set whole in one call (cursor 0, the
 * scores as the listpack stores them), a SKIPLIST set by its dict's reverse-binary cursor, about COUNT pairs per call
 * and at most ten times that many buckets, the scores in %.17g; MATCH filters members after the walk.
 */
final class SortedSetScan {

    private SortedSetScan() {
    }

    /** Replies one ZSCAN step of the set at {@code entry} from {@code cursor}; options start at argument 3. */
    static void scan(CommandContext context, Arguments args, long entry, long cursor) {
        long count = 10;
        byte[] pattern = null;
        for (int i = 3; i < args.count(); i += 2) {
            boolean hasValue = i + 1 < args.count();
            if (hasValue && args.is(i, "count")) {
                count = Parse.longArg(args, i + 1);
                if (count < 1) {
                    throw CommandError.SYNTAX;
                }
            } else if (hasValue && args.is(i, "match")) {
                pattern = args.bytes(i + 1);
                pattern = Glob.isMatchAll(pattern) ? null : pattern;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        Memory memory = context.memory();
        long value = KeyEntry.value(memory, entry);
        Encoding encoding = KeyEntry.encoding(memory, entry);
        List<byte[]> pairs = new ArrayList<>();
        long next = SortedSetValue.isListpack(encoding)
                ? walkListpack(memory, value, pairs)
                : walkDict(memory, SortedSetValue.dict(memory, value), cursor, count, pairs);
        reply(context.reply(), next, pairs, pattern);
    }

    /** Every (member, stored score) of a listpack; returns the cursor that ends the scan. */
    private static long walkListpack(Memory memory, long listpack, List<byte[]> pairs) {
        SortedSetCursor cursor = new SortedSetCursor(memory, listpack, Encoding.LISTPACK);
        for (cursor.seekFirst(); cursor.valid(); cursor.next()) {
            pairs.add(cursor.memberBytes());
            pairs.add(cursor.storedScore().toBytes(memory));
        }
        return 0;
    }

    /** Dict scan steps until about {@code count} pairs are in or ten times as many steps are spent; returns the cursor. */
    private static long walkDict(Memory memory, long dict, long cursor, long count, List<byte[]> pairs) {
        long items = count * 2;
        long iterations = items * 10;
        do {
            cursor = Dict.scan(memory, dict, cursor, entry -> {
                pairs.add(Dict.keyBytes(memory, entry));
                pairs.add(DoubleText.format(Skiplist.score(memory, memory.getLong(Dict.payload(entry)))));
            });
        } while (cursor != 0 && iterations-- > 0 && pairs.size() < items);
        return cursor;
    }

    private static void reply(Reply reply, long cursor, List<byte[]> pairs, byte[] pattern) {
        reply.array(2);
        reply.bulk(Long.toUnsignedString(cursor));
        int mark = reply.deferLength();
        long replied = 0;
        for (int i = 0; i < pairs.size(); i += 2) {
            if (pattern == null || Glob.matches(pattern, pairs.get(i), false)) {
                reply.bulk(pairs.get(i));
                reply.bulk(pairs.get(i + 1));
                replied += 2;
            }
        }
        reply.setDeferredArray(mark, replied);
    }
}
