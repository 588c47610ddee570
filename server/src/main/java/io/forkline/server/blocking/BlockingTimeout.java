package io.forkline.server.blocking;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.Parse;

/**
 * The timeout argument of the blocking commands as Redis 7.0 reads it: seconds as a float, rounded up to
 * whole milliseconds, 0 for no timeout at all.
 */
final class BlockingTimeout {

    static final CommandError NOT_A_FLOAT = CommandError.of("ERR timeout is not a float or out of range");
    static final CommandError NEGATIVE = CommandError.of("ERR timeout is negative");

    /** What {@link #deadline} returns for a timeout of 0: the client waits until served or unblocked. */
    static final long NONE = 0;

    private BlockingTimeout() {
    }

    /**
     * The Unix millisecond after which a client blocked at {@code nowMillis} with the timeout in argument
     * {@code index} times out, or {@link #NONE}. A timeout too large to add saturates: it never comes.
     */
    static long deadline(Arguments args, int index, long nowMillis) {
        double seconds;
        try {
            seconds = Parse.doubleArg(args, index);
        } catch (CommandError notAFloat) {
            throw NOT_A_FLOAT;
        }
        double millis = Math.ceil(seconds * 1000.0);
        if (millis < 0) {
            throw NEGATIVE;
        }
        if (millis == 0) {
            return NONE;   // 0, and -0.0 from a tiny negative timeout that rounds up to zero, as in Redis
        }
        long whole = (long) millis;   // saturates at Long.MAX_VALUE for huge values and infinity
        return whole > Long.MAX_VALUE - nowMillis ? Long.MAX_VALUE : nowMillis + whole;
    }
}
