package io.forkline.server.exec;

import io.forkline.engine.resp.RespReply;
import io.forkline.server.net.ClientSession;

/**
 * The command the writer is running, as its own client sees it: the reply it writes and what follows
 * that reply (nothing, no reply at all, or closing the connection once it is sent). A command from
 * the ring answers through its own event; a command CLIENT PAUSE held answers later, through the
 * outbox of the event that released it. Commands reach it through {@link ServerRuntime#invocation()}.
 * Writer thread only.
 */
public final class Invocation {

    private ClientSession client;
    private RespReply reply;
    private boolean silenced;
    private boolean closesClient;

    void start(ClientSession client, RespReply reply) {
        this.client = client;
        this.reply = reply;
        this.silenced = false;
        this.closesClient = false;
    }

    public ClientSession client() {
        return client;
    }

    /** Where the command's reply goes; its protocol follows HELLO and RESET. */
    public RespReply reply() {
        return reply;
    }

    /** No reply for this command (CLIENT REPLY OFF or SKIP, SHUTDOWN, a client being closed). */
    public void silence() {
        silenced = true;
    }

    /** Close the connection once the reply is sent (QUIT, CLIENT KILL of oneself). */
    public void closeClient() {
        closesClient = true;
    }

    boolean silenced() {
        return silenced;
    }

    boolean closesClient() {
        return closesClient;
    }
}
