package io.forkline.server.exec;

import io.forkline.server.net.ClientSession;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Who WATCHes which key: a change to a watched key breaks each watcher's next EXEC. Writer thread only. */
public final class WatchRegistry {

    /** A key in a database. */
    record WatchedKey(int db, ByteBuffer key) {
    }

    private final Map<WatchedKey, List<ClientSession>> watchers = new HashMap<>();

    public void watch(ClientSession client, int db, byte[] key) {
        WatchedKey watched = new WatchedKey(db, ByteBuffer.wrap(key));
        List<ClientSession> list = watchers.computeIfAbsent(watched, k -> new ArrayList<>(2));
        if (!list.contains(client)) {
            list.add(client);
            client.state().watching.add(watched);
        }
    }

    /** Drops every watch of the client (EXEC, DISCARD, UNWATCH, disconnect) and its broken mark. */
    public void unwatchAll(ClientSession client) {
        for (Object watched : client.state().watching) {
            List<ClientSession> list = watchers.get(watched);
            if (list != null) {
                list.remove(client);
                if (list.isEmpty()) {
                    watchers.remove(watched);
                }
            }
        }
        client.state().watching.clear();
        client.state().watchBroken = false;
    }

    /** A key changed. */
    public void touched(int db, byte[] key, int offset, int length) {
        if (watchers.isEmpty()) {
            return;
        }
        List<ClientSession> list = watchers.get(new WatchedKey(db, ByteBuffer.wrap(key, offset, length).slice()));
        if (list != null) {
            for (ClientSession client : list) {
                client.state().watchBroken = true;
            }
        }
    }

    /** Every key of a database may change: the watchers of those of its keys that {@code exists} are touched. */
    public void touchedDatabase(int db, java.util.function.Predicate<byte[]> exists) {
        watchers.forEach((watched, list) -> {
            if (watched.db() == db) {
                byte[] key = new byte[watched.key().remaining()];
                watched.key().duplicate().get(key);
                if (exists.test(key)) {
                    list.forEach(client -> client.state().watchBroken = true);
                }
            }
        });
    }

    public int watchedKeys() {
        return watchers.size();
    }
}
