package io.forkline.server.net;

import io.forkline.engine.command.Arguments;
import io.forkline.server.acl.AclUser;
import io.forkline.server.tracking.ClientTracking;

import java.util.ArrayList;
import java.util.List;

/** A client's state as its commands change it. Writer thread only. */
public final class ClientState {

    public int db;
    public int protocol = 2;
    /** Logged in: as {@link #user}, or as the default user when it needs no password. */
    public boolean authenticated;
    /** The ACL user the client runs as; null until the writer first sees the client. */
    public AclUser user;
    public String name = "";
    public String libraryName = "";
    public String libraryVersion = "";
    /** CLIENT REPLY ON/OFF. */
    public boolean repliesOn = true;
    /** CLIENT REPLY SKIP: the next command's reply is dropped. */
    public boolean skipNextReply;
    /** The command running now lost its reply to CLIENT REPLY SKIP (pushes still go out, as in Redis). */
    public boolean replySkipped;
    public boolean noEvict;
    /** CLIENT TRACKING's mode, null while tracking is off. */
    public ClientTracking tracking;
    public long lastInteractionMillis;
    /** In the server's client registry since its first command (so the registry is not asked at every command). */
    public boolean registered;
    public String lastCommand = "NULL";
    public boolean closed;
    /** Being closed for going over an output buffer limit (Redis's CLIENT_CLOSE_ASAP): no more commands run. */
    public boolean closeAsap;

    /** Commands queued since MULTI, null outside a transaction. */
    public List<Arguments> queued;
    /** A queued command was refused (unknown, wrong arity): EXEC must abort. */
    public boolean transactionFailed;
    /** A watched key changed since WATCH: EXEC must fail. */
    public boolean watchBroken;
    /** Keys this client watches, as registry keys. */
    public final List<Object> watching = new ArrayList<>();

    public boolean inTransaction() {
        return queued != null;
    }

    /** Leaves a transaction (EXEC, DISCARD, RESET). Watches are dropped separately. */
    public void endTransaction() {
        queued = null;
        transactionFailed = false;
    }
}
