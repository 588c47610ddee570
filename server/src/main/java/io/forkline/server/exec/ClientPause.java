package io.forkline.server.exec;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandFlag;
import io.forkline.engine.command.CommandSpec;
import io.forkline.server.net.ClientState;

import java.util.Set;
import java.util.function.Function;

/**
 * Redis 7.0's CLIENT PAUSE state and its rule for which commands wait: the most restrictive mode
 * asked for and the latest end, a pause that ends once the clock is past its end (checked on each
 * tick, as Redis's cron does), and CLIENT UNPAUSE. Writer thread only.
 *
 * <p>Under {@link PauseMode#ALL} every command of a normal client waits, CLIENT UNPAUSE and the
 * pausing client's own included. Under {@link PauseMode#WRITE} the commands that may write or may
 * reach the replication stream wait: write commands, the ones Redis flags {@code may_replicate}
 * (PUBLISH, PFCOUNT, scripts) and an EXEC whose queued commands include either.
 */
public final class ClientPause {

    /** Redis 7.0 flags these may_replicate; a command table without the flag still gets the rule. */
    private static final Set<String> MAY_REPLICATE = Set.of("publish", "spublish", "pfcount", "eval", "evalsha", "fcall");

    private final Function<Arguments, CommandSpec> resolver;
    private PauseMode mode = PauseMode.OFF;
    private long endMillis;

    /** @param resolver finds the spec of a queued command (null when unknown), for EXEC's rule */
    public ClientPause(Function<Arguments, CommandSpec> resolver) {
        this.resolver = resolver;
    }

    public PauseMode mode() {
        return mode;
    }

    public boolean active() {
        return mode != PauseMode.OFF;
    }

    /** When the pause ends, in Unix milliseconds (meaningless while {@link #active()} is false). */
    public long endMillis() {
        return endMillis;
    }

    /**
     * CLIENT PAUSE: a pause already running keeps the more restrictive mode and the later end. An end
     * already past (a timeout of 0) ends the pause at once.
     */
    public void pause(PauseMode requested, long requestedEndMillis, long nowMillis) {
        if (mode == PauseMode.OFF) {
            mode = requested;
            endMillis = requestedEndMillis;
        } else {
            mode = mode.max(requested);
            endMillis = Math.max(endMillis, requestedEndMillis);
        }
        expire(nowMillis);
    }

    /** CLIENT UNPAUSE. */
    public void unpause() {
        mode = PauseMode.OFF;
        endMillis = 0;
    }

    /** Ends a pause whose end has passed; true if it ended now. */
    public boolean expire(long nowMillis) {
        if (mode != PauseMode.OFF && endMillis < nowMillis) {
            unpause();
            return true;
        }
        return false;
    }

    /** Whether the pause holds {@code spec} (a known command, with its arity) sent by a client in {@code state}. */
    public boolean holds(CommandSpec spec, ClientState state) {
        return switch (mode) {
            case OFF -> false;
            case ALL -> true;
            case WRITE -> mayReplicate(spec) || (spec.name().equals("exec") && state.inTransaction() && queuedMayReplicate(state));
        };
    }

    private static boolean mayReplicate(CommandSpec spec) {
        return spec.has(CommandFlag.WRITE) || spec.has(CommandFlag.MAY_REPLICATE) || MAY_REPLICATE.contains(spec.name());
    }

    private boolean queuedMayReplicate(ClientState state) {
        for (Arguments queued : state.queued) {
            CommandSpec spec = resolver.apply(queued);
            if (spec != null && mayReplicate(spec)) {
                return true;
            }
        }
        return false;
    }
}
