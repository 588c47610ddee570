package io.forkline.server.persistence;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandFlag;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Dispatcher;
import io.forkline.server.exec.ServerRuntime;
import io.forkline.server.net.ClientSession;

import java.util.List;
import java.util.function.Supplier;

/**
 * Redis's writeCommandsDeniedByDiskError for RDB: while the last BGSAVE failed (with save points and
 * stop-writes-on-bgsave-error yes), write commands, EXEC of a transaction that holds one, and PING get
 * {@code -MISCONF} until a save succeeds. Writer thread.
 */
final class DiskErrorGate implements ServerRuntime.CommandGate {

    private final RdbPersistence rdb;
    private final Supplier<Dispatcher> dispatcher;

    DiskErrorGate(RdbPersistence rdb, Supplier<Dispatcher> dispatcher) {
        this.rdb = rdb;
        this.dispatcher = dispatcher;
    }

    @Override
    public String refusal(ClientSession client, CommandSpec spec) {
        if (!rdb.refusesWrites()) {
            return null;
        }
        boolean refused = spec.has(CommandFlag.WRITE) || spec.name().equals("ping")
                || (spec.name().equals("exec") && queuesWrite(client.state().queued));
        return refused ? RdbPersistence.MISCONF : null;
    }

    private boolean queuesWrite(List<Arguments> queued) {
        if (queued == null) {
            return false;
        }
        for (Arguments command : queued) {
            CommandSpec spec = dispatcher.get().resolve(command);
            if (spec != null && spec.has(CommandFlag.WRITE)) {
                return true;
            }
        }
        return false;
    }
}
