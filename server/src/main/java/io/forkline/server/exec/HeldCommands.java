package io.forkline.server.exec;

import io.forkline.engine.command.Arguments;
import io.forkline.server.net.ClientSession;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What CLIENT PAUSE set aside: per client, its commands in arrival order (a protocol error found
 * after them keeps its place too); clients in the order their first command was held, which is
 * Redis's list of postponed clients. A client with a held command has every later command held
 * behind it, as Redis stops reading a blocked client's query buffer.
 *
 * <p>Bounded: a client's IO thread stops parsing when its first command is held (it checks between
 * two commands), so a client only gains what was already published, which the ring bounds, plus at
 * most the one command being parsed when the hold became visible. Writer thread only.
 */
final class HeldCommands {

    /** One held entry: a command, or the protocol error that ended the client's stream. */
    record Held(Arguments args, String protocolError) {
    }

    private final Map<ClientSession, ArrayDeque<Held>> byClient = new LinkedHashMap<>();

    boolean isEmpty() {
        return byClient.isEmpty();
    }

    /** Clients with held commands: what INFO counts among blocked_clients, as Redis does. */
    int clients() {
        return byClient.size();
    }

    boolean holds(ClientSession client) {
        return byClient.containsKey(client);
    }

    /** Sets a copy of {@code args} aside for {@code client}; true when it is the client's first. */
    boolean hold(ClientSession client, Arguments args) {
        return add(client, new Held(args.copy(), null));
    }

    /** Keeps a protocol error behind the client's held commands. */
    void holdProtocolError(ClientSession client, String message) {
        add(client, new Held(null, message));
    }

    private boolean add(ClientSession client, Held held) {
        ArrayDeque<Held> queue = byClient.get(client);
        boolean first = queue == null;
        if (first) {
            queue = new ArrayDeque<>();
            byClient.put(client, queue);
        }
        queue.addLast(held);
        return first;
    }

    /** The clients in hold order, as a copy the caller may iterate while entries change. */
    List<ClientSession> clientsInOrder() {
        return new ArrayList<>(byClient.keySet());
    }

    /** The client's oldest held entry, or null when it has none. */
    Held next(ClientSession client) {
        ArrayDeque<Held> queue = byClient.get(client);
        return queue == null ? null : queue.peekFirst();
    }

    /** Drops the oldest entry (it ran); the client leaves the list with its last one. */
    void done(ClientSession client) {
        ArrayDeque<Held> queue = byClient.get(client);
        queue.removeFirst();
        if (queue.isEmpty()) {
            byClient.remove(client);
        }
    }

    /** Held again after a release: the client goes to the end of the list, as Redis re-postpones it. */
    void moveToEnd(ClientSession client) {
        ArrayDeque<Held> queue = byClient.remove(client);
        if (queue != null) {
            byClient.put(client, queue);
        }
    }

    /** The client is gone: its held commands never run. */
    void forget(ClientSession client) {
        byClient.remove(client);
    }
}
