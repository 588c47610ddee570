package io.forkline.server.exec;

import io.forkline.engine.keyspace.Clock;
import io.forkline.server.net.ClientSession;
import io.forkline.server.net.LimitDisconnections;
import io.forkline.server.pubsub.OutputBufferLimit;
import io.forkline.server.pubsub.OutputBufferWatch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code client-output-buffer-limit normal}, applied as Pub/Sub's class is to subscribers: a normal
 * client whose unsent output reaches the hard limit is closed at once, and one that stays at or above
 * the soft limit for longer than its seconds is closed on the check after that, dropping what is
 * queued, as Redis frees a client over its limit. Its later commands are not run ({@code closeAsap}).
 *
 * <p>Checked after each of the client's commands, counting what was made for it and not yet written
 * ({@link ClientSession#pendingOutputBytes()}: replies of earlier commands waiting for the end of their
 * batch included) plus the reply being added, and on each tick for every normal client. The default,
 * {@code normal 0 0 0}, checks nothing. Writer thread only.
 */
public final class NormalOutputLimit {

    private final Function<ClientSession, String> typeOf;
    private final Clock clock;
    private final LimitDisconnections disconnections;
    private final Map<ClientSession, OutputBufferWatch> watches = new IdentityHashMap<>();
    private OutputBufferLimit limit;

    /**
     * @param limit          the limit the server starts with
     * @param typeOf         a client's class ("normal", "pubsub"), which can change as it subscribes
     * @param clock          times the soft limit
     * @param disconnections counts the clients closed here
     */
    public NormalOutputLimit(OutputBufferLimit limit, Function<ClientSession, String> typeOf, Clock clock,
                             LimitDisconnections disconnections) {
        this.limit = limit;
        this.typeOf = typeOf;
        this.clock = clock;
        this.disconnections = disconnections;
    }

    public OutputBufferLimit limit() {
        return limit;
    }

    /** CONFIG SET client-output-buffer-limit: soft-limit timers start again. */
    public void limit(OutputBufferLimit newLimit) {
        this.limit = newLimit;
        watches.clear();
    }

    /**
     * Closes {@code client} if, with {@code addingBytes} more about to be queued for it, it is over the
     * limit now; true if it was closed (then its reply is to be dropped).
     */
    public boolean enforce(ClientSession client, long addingBytes) {
        if (isNone() || client.state().closeAsap || !typeOf.apply(client).equals("normal")) {
            return false;
        }
        long used = client.pendingOutputBytes() + addingBytes;
        OutputBufferWatch watch = watches.computeIfAbsent(client, c -> new OutputBufferWatch());
        if (!watch.exceeded(limit, used, clock.millis() / 1000)) {
            return false;
        }
        close(client);
        return true;
    }

    /** The tick's pass: a client that stayed over the soft limit long enough is closed even if it sends nothing. */
    public void enforceAll(Collection<ClientSession> clients) {
        if (isNone()) {
            return;
        }
        for (ClientSession client : new ArrayList<>(clients)) {
            enforce(client, 0);
        }
    }

    /** The client is gone. */
    public void forget(ClientSession client) {
        watches.remove(client);
    }

    private boolean isNone() {
        return limit.hardBytes() == 0 && limit.softBytes() == 0;
    }

    private void close(ClientSession client) {
        client.state().closeAsap = true;
        watches.remove(client);
        disconnections.outputBufferLimitReached();
        client.close();
    }
}
