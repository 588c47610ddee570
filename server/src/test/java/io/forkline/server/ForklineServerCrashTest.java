package io.forkline.server;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForklineServerCrashTest {

    @Test
    void aCrashClosesConnectionsAndStopsListeningWithoutAnswering() throws Exception {
        ForklineServer server = ForklineServer.start(ServerSettings.defaults(0));
        int port = server.port();
        try (RespConnection client = new RespConnection(port)) {
            assertThat(client.call("SET", "k", "v")).isEqualTo("+OK\r\n");
            server.crash();
            assertThat(server.terminated()).isDone();
            assertThatThrownBy(() -> client.call("GET", "k")).isInstanceOf(IOException.class);
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        server.crash();   // idempotent
        server.close();   // and close after a crash does nothing
    }
}
