package io.forkline.server.persistence;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandFlag;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Dispatcher;
import io.forkline.server.exec.ServerRuntime;
import io.forkline.server.net.ClientSession;
import io.forkline.server.persistence.aof.AppendOnlyFile;

import java.util.List;
import java.util.function.Supplier;

/**
 * Redis's writeCommandsDeniedByDiskError: while the last BGSAVE failed (with save points and
 * stop-writes-on-bgsave-error yes), or the append-only file's last write or fsync failed, write commands,
 * EXEC of a transaction that holds one, and PING get {@code -MISCONF} (the RDB's message first, as Redis
 * checks it first) until a save, or a write, succeeds. Writer thread.
 */
final class DiskErrorGate implements ServerRuntime.CommandGate {

    private final RdbPersistence rdb;
    private final AppendOnlyFile aof;
    private final Supplier<Dispatcher> dispatcher;

    DiskErrorGate(RdbPersistence rdb, AppendOnlyFile aof, Supplier<Dispatcher> dispatcher) {
        this.rdb = rdb;
        this.aof = aof;
        this.dispatcher = dispatcher;
    }

    @Override
    public String refusal(ClientSession client, CommandSpec spec) {
        String error = rdb.refusesWrites() ? RdbPersistence.MISCONF : aof.refusal();
        if (error == null) {
            return null;
        }
        boolean refused = spec.has(CommandFlag.WRITE) || spec.name().equals("ping")
                || (spec.name().equals("exec") && queuesWrite(client.state().queued));
        return refused ? error : null;
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
