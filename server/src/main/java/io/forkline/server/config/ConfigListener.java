package io.forkline.server.config;

/**
 * Reacts to a CONFIG SET that changed a directive it watches (Redis's apply functions): reopens the
 * listener on a new port, retunes the cron to a new hz, switches the fsync policy. Called on the
 * thread that runs CONFIG SET, once per command however many of its directives changed.
 */
@FunctionalInterface
public interface ConfigListener {

    /**
     * Applies {@code next}. To refuse it, throw before changing anything: the whole CONFIG SET is
     * then undone, and listeners that had already applied it are called again with the two configs
     * swapped.
     *
     * @throws ConfigApplyException when the change cannot be applied; its message ends the error reply
     */
    void configChanged(ServerConfig previous, ServerConfig next) throws ConfigApplyException;
}
