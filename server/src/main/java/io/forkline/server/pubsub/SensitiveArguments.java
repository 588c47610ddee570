package io.forkline.server.pubsub;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Parse;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Which arguments MONITOR and the slow log show as {@code "(redacted)"}, as Redis 7.0 redacts them
 * while the command runs: AUTH's password (and user), HELLO's AUTH user and password, and the values
 * of sensitive configs in CONFIG SET. Redis redacts as its parser reaches them, so a command refused
 * before (AUTH with too many arguments, HELLO with a bad protocol version) shows them as sent.
 */
public final class SensitiveArguments {

    /** What a redacted argument shows instead of itself. */
    public static final byte[] REDACTED = "(redacted)".getBytes(StandardCharsets.US_ASCII);

    /** Redis 7.0's configs flagged SENSITIVE_CONFIG. */
    private static final Set<String> SENSITIVE_CONFIGS = Set.of("masteruser", "masterauth", "requirepass");

    private SensitiveArguments() {
    }

    /** The positions of {@code args} to redact for {@code spec}, or null when none. */
    public static boolean[] of(CommandSpec spec, Arguments args) {
        return switch (spec.name()) {
            case "auth" -> auth(args);
            case "hello" -> hello(args);
            case "config|set" -> configSet(args);
            default -> null;
        };
    }

    private static boolean[] auth(Arguments args) {
        if (args.count() > 3) {
            return null;   // a syntax error before anything is read
        }
        boolean[] redacted = new boolean[args.count()];
        for (int i = 1; i < args.count(); i++) {
            redacted[i] = true;
        }
        return redacted;
    }

    private static boolean[] hello(Arguments args) {
        if (args.count() < 3) {
            return null;
        }
        try {
            long version = Parse.longArg(args, 1, CommandError.SYNTAX);
            if (version < 2 || version > 3) {
                return null;
            }
        } catch (CommandError notAnInteger) {
            return null;
        }
        boolean[] redacted = new boolean[args.count()];
        for (int i = 2; i < args.count(); i++) {
            int more = args.count() - 1 - i;
            if (args.is(i, "auth") && more >= 2) {
                redacted[i + 1] = true;
                redacted[i + 2] = true;
                i += 2;
            } else if (args.is(i, "setname") && more >= 1 && validName(args, i + 1)) {
                i++;
            } else {
                break;   // HELLO stops at the first option it cannot read or apply
            }
        }
        return redacted;
    }

    /** Redis's rule for client names: printable ASCII without spaces. */
    private static boolean validName(Arguments args, int index) {
        byte[] buffer = args.buffer();
        for (int i = args.offset(index); i < args.offset(index) + args.length(index); i++) {
            if (buffer[i] < '!' || buffer[i] > '~') {
                return false;
            }
        }
        return true;
    }

    private static boolean[] configSet(Arguments args) {
        if ((args.count() & 1) == 1) {
            return null;   // an odd count is a syntax error before any name is looked up
        }
        boolean[] redacted = new boolean[args.count()];
        for (int i = 2; i + 1 < args.count(); i += 2) {
            if (SENSITIVE_CONFIGS.contains(args.string(i).toLowerCase(java.util.Locale.ROOT))) {
                redacted[i + 1] = true;
            }
        }
        return redacted;
    }
}
