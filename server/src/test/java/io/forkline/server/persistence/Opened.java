package io.forkline.server.persistence;

import java.util.ArrayList;
import java.util.List;

/** What a test opened (servers, processes, connections), closed in reverse order when the test ends. */
final class Opened {

    private final List<AutoCloseable> opened = new ArrayList<>();

    /** Keeps {@code closeable} to close at the end; returns it. */
    <T extends AutoCloseable> T keep(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    /** Closes everything kept, the last first. */
    void closeAll() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
        opened.clear();
    }
}
