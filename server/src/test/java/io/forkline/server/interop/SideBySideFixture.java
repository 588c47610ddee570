package io.forkline.server.interop;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** One {@link SideBySide} pair of servers per test class, started before its tests and stopped after them. */
public abstract class SideBySideFixture {

    protected static SideBySide servers;

    @BeforeAll
    static void startServers(@TempDir Path dir) throws Exception {
        servers = SideBySide.start(dir);
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (servers != null) {
            servers.close();
            servers = null;
        }
    }
}
