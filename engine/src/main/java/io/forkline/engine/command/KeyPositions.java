package io.forkline.engine.command;

import java.util.Arrays;

/**
 * Where a command's keys are among its arguments, as Redis's getKeysFromCommand finds them: from the
 * spec's first key, last key and step, or, for the commands with movable keys, from the arguments
 * themselves (a numkeys argument, SORT's STORE). What COMMAND GETKEYS, client-side caching and ACL
 * key checks use.
 */
public final class KeyPositions {

    private static final int[] NONE = new int[0];

    private KeyPositions() {
    }

    /**
     * The positions of the keys in {@code args}, in argument order; null when the arguments cannot hold
     * the keys they announce (a numkeys that is not a positive integer, or larger than what follows), which
     * COMMAND GETKEYS reports as invalid arguments.
     */
    public static int[] of(CommandSpec spec, Arguments args) {
        return switch (spec.name()) {
            case "zunion", "zinter", "zdiff", "zintercard", "sintercard", "lmpop", "zmpop" -> counted(args, 1, 2, NONE);
            case "blmpop", "bzmpop" -> counted(args, 2, 3, NONE);
            case "zunionstore", "zinterstore", "zdiffstore" -> counted(args, 2, 3, new int[] {1});
            case "eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro" -> counted(args, 2, 3, NONE);
            case "sort" -> sort(args);
            case "sort_ro" -> new int[] {1};
            case "xread", "xreadgroup" -> streams(args);
            default -> fixed(spec, args.count());
        };
    }

    /** XREAD's and XREADGROUP's keys: the first half of what follows STREAMS (Redis's xreadGetKeys). */
    private static int[] streams(Arguments args) {
        for (int i = 1; i < args.count(); i++) {
            if (args.is(i, "block") || args.is(i, "count")) {
                i++;
            } else if (args.is(i, "group")) {
                i += 2;
            } else if (args.is(i, "streams")) {
                int rest = args.count() - i - 1;
                if (rest == 0 || rest % 2 != 0) {
                    return null;
                }
                int[] keys = new int[rest / 2];
                for (int k = 0; k < keys.length; k++) {
                    keys[k] = i + 1 + k;
                }
                return keys;
            }
        }
        return null;
    }

    /** From the spec's first key, last key (negative: from the end) and step. */
    private static int[] fixed(CommandSpec spec, int count) {
        if (spec.firstKey() <= 0) {
            return NONE;
        }
        int last = spec.lastKey() >= 0 ? spec.lastKey() : count + spec.lastKey();
        int step = Math.max(1, spec.keyStep());
        int[] keys = new int[Math.max(0, (Math.min(last, count - 1) - spec.firstKey()) / step + 1)];
        int n = 0;
        for (int i = spec.firstKey(); i <= last && i < count; i += step) {
            keys[n++] = i;
        }
        return n == keys.length ? keys : Arrays.copyOf(keys, n);
    }

    /** {@code before} keys, then a numkeys argument at {@code countAt} followed, from {@code firstAt}, by that many keys. */
    private static int[] counted(Arguments args, int countAt, int firstAt, int[] before) {
        if (countAt >= args.count()) {
            return null;
        }
        long numkeys;
        try {
            numkeys = Long.parseLong(args.string(countAt));
        } catch (NumberFormatException e) {
            return null;
        }
        if (numkeys < 0 || numkeys > args.count() - firstAt
                || (numkeys == 0 && !args.is(0, "eval") && !args.is(0, "evalsha") && !args.is(0, "eval_ro")
                && !args.is(0, "evalsha_ro") && !args.is(0, "fcall") && !args.is(0, "fcall_ro"))) {
            return null;
        }
        int[] keys = Arrays.copyOf(before, before.length + (int) numkeys);
        for (int i = 0; i < numkeys; i++) {
            keys[before.length + i] = firstAt + i;
        }
        return keys;
    }

    /** SORT key [BY p] [LIMIT o c] [GET p ...] [ASC|DESC] [ALPHA] [STORE dst]: the key and the last STORE's destination. */
    private static int[] sort(Arguments args) {
        int store = -1;
        for (int i = 2; i < args.count(); i++) {
            if (args.is(i, "limit")) {
                i += 2;
            } else if (args.is(i, "get") || args.is(i, "by")) {
                i += 1;
            } else if (args.is(i, "store") && i + 1 < args.count()) {
                store = ++i;
            }
        }
        return store < 0 ? new int[] {1} : new int[] {1, store};
    }
}
