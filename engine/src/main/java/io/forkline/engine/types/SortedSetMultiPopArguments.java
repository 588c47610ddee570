package io.forkline.engine.types;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.Parse;

/**
 * The arguments of ZMPOP and BZMPOP from numkeys on: {@code numkeys key [key ...] MIN|MAX [COUNT count]},
 * checked with Redis 7.0's errors (its zmpopGenericCommand).
 *
 * @param firstKey position of the first key
 * @param keys     how many keys
 * @param max      MAX (true) or MIN
 * @param count    elements to pop, 1 when COUNT is absent
 */
public record SortedSetMultiPopArguments(int firstKey, int keys, boolean max, long count) {

    private static final CommandError NUMKEYS = CommandError.of("ERR numkeys should be greater than 0");
    private static final CommandError COUNT = CommandError.of("ERR count should be greater than 0");

    /** Parses with numkeys at {@code numkeysIndex}: 1 for ZMPOP, 2 for BZMPOP (after the timeout). */
    public static SortedSetMultiPopArguments parse(Arguments args, int numkeysIndex) {
        long keys = Parse.longArg(args, numkeysIndex, 1, Long.MAX_VALUE, NUMKEYS);
        if (keys > args.count() - numkeysIndex - 2) {
            throw CommandError.SYNTAX;   // no room for MIN|MAX after the keys
        }
        int where = numkeysIndex + 1 + (int) keys;
        boolean max;
        if (args.is(where, "min")) {
            max = false;
        } else if (args.is(where, "max")) {
            max = true;
        } else {
            throw CommandError.SYNTAX;
        }
        long count = -1;
        for (int i = where + 1; i < args.count(); i++) {
            if (count == -1 && args.is(i, "count") && i + 1 < args.count()) {
                count = Parse.longArg(args, ++i, 1, Long.MAX_VALUE, COUNT);
            } else {
                throw CommandError.SYNTAX;
            }
        }
        return new SortedSetMultiPopArguments(numkeysIndex + 1, (int) keys, max, count == -1 ? 1 : count);
    }
}
