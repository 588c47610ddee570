package io.forkline.server.blocking;

import io.forkline.engine.command.Arguments;
import io.forkline.server.net.ClientSession;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The commands a client sends while it is blocked, kept in order and run once it is free, as Redis leaves
 * them in a blocked client's query buffer. Writer thread only; the {@link BlockedClients.Releaser} it
 * calls hands the work of publishing to the client's IO thread.
 *
 * <h2>How held commands run</h2>
 * A held command is a copy (the ring slot's arguments are reused). When its client is free again, the
 * copies are released: handed back to the client's IO thread, which publishes them into the ring like
 * commands just read, so that they take the writer's ordinary path and answer in order. Commands the
 * client sends meanwhile may reach the writer before the released ones: they are held behind them. A
 * released command that finds its client blocked again (by a command released before it) is held once
 * more, ahead of those behind. The writer tells a released command from a new one by identity: the ring
 * carries the very object released.
 *
 * <p>A client whose held commands outgrow the query buffer limit is closed, as Redis closes a client
 * whose query buffer does.
 */
final class HeldCommands {

    /** One client's held commands. */
    private static final class Queue {
        /** Released and not yet back on the writer, in order. */
        final ArrayDeque<Arguments> released = new ArrayDeque<>();
        /** To release once the client is free. */
        final List<Arguments> waiting = new ArrayList<>();
        /** Sent after the released ones but seen before them: they join {@link #waiting} once those are back. */
        final List<Arguments> behind = new ArrayList<>();
        /** Argument bytes in {@link #waiting} and {@link #behind}. */
        long bytes;

        boolean isEmpty() {
            return released.isEmpty() && waiting.isEmpty() && behind.isEmpty();
        }
    }

    private final Map<ClientSession, Queue> queues = new IdentityHashMap<>();
    private final Predicate<ClientSession> blocked;
    private final BlockedClients.Releaser releaser;
    private final long limitBytes;

    /**
     * @param blocked    whether a client is blocked now
     * @param releaser   where released commands go
     * @param limitBytes how many argument bytes one client may have held before it is closed
     */
    HeldCommands(Predicate<ClientSession> blocked, BlockedClients.Releaser releaser, long limitBytes) {
        this.blocked = blocked;
        this.releaser = releaser;
        this.limitBytes = limitBytes;
    }

    /** Whether {@code args}, the client's next command, must wait; if so, it is kept (as a copy). */
    boolean hold(ClientSession client, Arguments args) {
        Queue queue = queues.isEmpty() ? null : queues.get(client);   // asked of every command: mostly none held
        boolean isBlocked = blocked.test(client);
        if (queue == null) {
            if (!isBlocked) {
                return false;
            }
            queue = new Queue();
            queues.put(client, queue);
        }
        if (queue.released.peekFirst() == args) {
            queue.released.removeFirst();
            if (!isBlocked && queue.waiting.isEmpty()) {
                return false;   // its turn: it runs now, and settle() follows it
            }
            keep(client, queue, queue.waiting, args);
            settle(client);
            return true;
        }
        keep(client, queue, queue.released.isEmpty() ? queue.waiting : queue.behind, args);
        return true;
    }

    /** After the client's command ran, or the client was unblocked: releases what waits if the client is free. */
    void settle(ClientSession client) {
        Queue queue = queues.isEmpty() ? null : queues.get(client);
        if (queue == null) {
            return;
        }
        if (queue.released.isEmpty()) {
            queue.waiting.addAll(queue.behind);
            queue.behind.clear();
            if (!queue.waiting.isEmpty() && !blocked.test(client)) {
                List<Arguments> batch = new ArrayList<>(queue.waiting);
                queue.waiting.clear();
                queue.bytes = 0;
                queue.released.addAll(batch);
                releaser.release(client, batch);
            }
        }
        if (queue.isEmpty()) {
            queues.remove(client);
        }
    }

    /** Whether no client has commands held or released and not yet run. */
    boolean isEmpty() {
        return queues.isEmpty();
    }

    /** The client is gone: its held commands with it. */
    void forget(ClientSession client) {
        queues.remove(client);
    }

    /** How many commands the client has held or released and not yet run. */
    int count(ClientSession client) {
        Queue queue = queues.get(client);
        return queue == null ? 0 : queue.released.size() + queue.waiting.size() + queue.behind.size();
    }

    private void keep(ClientSession client, Queue queue, List<Arguments> into, Arguments args) {
        Arguments copy = args.copy();
        into.add(copy);
        queue.bytes += size(copy);
        if (queue.bytes > limitBytes) {
            client.close();   // the disconnect that follows forgets the queue
        }
    }

    private static long size(Arguments args) {
        return args.count() == 0 ? 0 : args.offset(args.count() - 1) + (long) args.length(args.count() - 1);
    }
}
