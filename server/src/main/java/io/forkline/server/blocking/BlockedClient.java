package io.forkline.server.blocking;

import io.forkline.engine.command.CommandSpec;
import io.forkline.server.net.ClientSession;

import java.util.Comparator;
import java.util.List;

/**
 * One client's wait: the keys it waits on (in its command's order, each once), when it times out, and
 * what serves it. Compared by identity: a client that blocks again is a new wait.
 */
final class BlockedClient {

    /** Earliest deadline first, then the earlier blocked. */
    static final Comparator<BlockedClient> BY_DEADLINE =
            Comparator.comparingLong(BlockedClient::deadline).thenComparingLong(BlockedClient::sequence);

    private final ClientSession client;
    private final CommandSpec command;
    private final List<WaitKey> keys;
    private final long deadline;
    private final long sequence;
    private final BlockedOperation operation;

    /**
     * @param client    the blocked connection
     * @param command   the command it blocked in (its failed calls are counted when it ends in an error)
     * @param keys      the keys, in the database the client had selected
     * @param deadline  the Unix millisecond after which it times out, or {@link BlockingTimeout#NONE}
     * @param sequence  the order of blocking, which breaks ties between equal deadlines
     * @param operation what takes elements for it from a ready key
     */
    BlockedClient(ClientSession client, CommandSpec command, List<WaitKey> keys, long deadline, long sequence,
                  BlockedOperation operation) {
        this.client = client;
        this.command = command;
        this.keys = List.copyOf(keys);
        this.deadline = deadline;
        this.sequence = sequence;
        this.operation = operation;
    }

    ClientSession client() {
        return client;
    }

    CommandSpec command() {
        return command;
    }

    List<WaitKey> keys() {
        return keys;
    }

    long deadline() {
        return deadline;
    }

    long sequence() {
        return sequence;
    }

    BlockedOperation operation() {
        return operation;
    }

    boolean hasDeadline() {
        return deadline != BlockingTimeout.NONE;
    }
}
