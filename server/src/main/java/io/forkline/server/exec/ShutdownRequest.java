package io.forkline.server.exec;

/**
 * How the server was asked to stop: SHUTDOWN's flags, or none for SIGTERM.
 *
 * @param save   SAVE: the final save runs even without save points
 * @param nosave NOSAVE: no final save
 * @param force  FORCE: stop even if the final save failed
 */
public record ShutdownRequest(boolean save, boolean nosave, boolean force) {

    /** SHUTDOWN without flags, or SIGTERM. */
    public static final ShutdownRequest PLAIN = new ShutdownRequest(false, false, false);
}
