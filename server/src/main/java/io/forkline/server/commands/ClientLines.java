package io.forkline.server.commands;

import io.forkline.server.exec.ServerRuntime;
import io.forkline.server.net.ClientSession;
import io.forkline.server.net.ClientState;

/** One client as a line of CLIENT LIST / CLIENT INFO, with Redis 7.0's fields. */
final class ClientLines {

    private ClientLines() {
    }

    static String type(ServerRuntime runtime, ClientSession client) {
        return runtime.typeOf(client);
    }

    static String line(ServerRuntime runtime, ClientSession client) {
        ClientState state = client.state();
        long now = runtime.clock().millis();
        String flags = (runtime.typeOf(client).equals("pubsub") ? "P" : "") + (state.inTransaction() ? "x" : "")
                + (runtime.isBlocked(client) ? "b" : "") + (state.tracking != null ? state.tracking.listFlags() : "")
                + (state.noEvict ? "e" : "");
        return "id=" + client.id()
                + " addr=" + client.address()
                + " laddr=" + client.localAddress()
                + " fd=-1"
                + " name=" + state.name
                + " age=" + Math.max(0, (now - client.createdMillis()) / 1000)
                + " idle=" + Math.max(0, (now - state.lastInteractionMillis) / 1000)
                + " flags=" + (flags.isEmpty() ? "N" : flags)
                + " db=" + state.db
                + " sub=" + runtime.subscriptionCount(client, false)
                + " psub=" + runtime.subscriptionCount(client, true)
                + " ssub=0"
                + " multi=" + (state.inTransaction() ? state.queued.size() : -1)
                + " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0"
                + " omem=" + client.pendingOutputBytes()
                + " tot-mem=0 events=r"
                + " cmd=" + state.lastCommand
                + " user=" + (state.user == null ? "default" : state.user.name()) + " redir=" + (state.tracking != null ? state.tracking.redirect() : -1)
                + " resp=" + state.protocol
                + (state.libraryName.isEmpty() ? "" : " lib-name=" + state.libraryName)
                + "\n";
    }
}
