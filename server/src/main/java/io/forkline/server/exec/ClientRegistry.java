package io.forkline.server.exec;

import io.forkline.server.net.ClientSession;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The connected clients by id, in connection order (CLIENT LIST, CLIENT KILL, INFO clients). Writer thread only. */
public final class ClientRegistry {

    private final Map<Long, ClientSession> clients = new LinkedHashMap<>();

    /** Registers a client the first time the writer sees it; true if it was new. */
    public boolean register(ClientSession client) {
        return clients.putIfAbsent(client.id(), client) == null;
    }

    public void remove(ClientSession client) {
        clients.remove(client.id());
    }

    public ClientSession get(long id) {
        return clients.get(id);
    }

    public Collection<ClientSession> all() {
        return clients.values();
    }

    public int size() {
        return clients.size();
    }
}
