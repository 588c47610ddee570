package io.forkline.server.exec;

/**
 * A listener added to one of the runtime's per-command hooks ({@link ServerRuntime#onCommandExecuted} and the
 * like). Every command runs past those hooks, so a listener with nothing to do (no client monitors, none
 * tracks keys, none is blocked) stands aside until it has: the commands it would ignore do not call it.
 */
public interface Listening {

    /** Tells the listener again (true) or stops telling it (false); a listener is told from when it is added. */
    void active(boolean on);
}
