package io.forkline.engine.command;

/**
 * Told when a command changes a key (Redis's signalModifiedKey: WATCH is invalidated), when a key
 * gains elements a blocked client may be waiting for (signalKeyAsReady), and of keyspace notifications
 * (Pub/Sub). The server implements it.
 */
public interface KeyEvents {

    void modified(int db, byte[] key, int offset, int length);

    void ready(int db, byte[] key, int offset, int length);

    /**
     * Every key of the database may change (FLUSHDB, FLUSHALL, SWAPDB): WATCHes of the keys that exist in
     * it now fail. Called before a flush, and before and after a swap.
     */
    default void databaseChanged(int db) {
    }

    /**
     * A keyspace notification (Redis's notifyKeyspaceEvent) of a class that {@code flags}, the current
     * {@code notify-keyspace-events}, selects; {@code flags} also says which channels (K, E) to publish on.
     */
    default void keyspaceEvent(int flags, String event, int db, byte[] key, int offset, int length) {
    }

    KeyEvents NONE = new KeyEvents() {
        @Override
        public void modified(int db, byte[] key, int offset, int length) {
        }

        @Override
        public void ready(int db, byte[] key, int offset, int length) {
        }
    };
}
