package io.forkline.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One server per test class on a free 127.0.0.1 port, stopped after the class; before each test a
 * control connection flushes every database, and it is closed after the test.
 */
public abstract class ServerFixture {

    protected static ForklineServer server;
    protected RespConnection control;

    @BeforeAll
    static void startServer() throws Exception {
        server = ForklineServer.start(ServerSettings.defaults(0));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void flushAll() throws IOException {
        control = connect();
        assertThat(control.call("FLUSHALL")).isEqualTo("+OK\r\n");
    }

    @AfterEach
    void closeControl() throws IOException {
        control.close();
    }

    /** A new connection to the server; the test closes it. */
    protected static RespConnection connect() throws IOException {
        return new RespConnection(server.port());
    }
}
