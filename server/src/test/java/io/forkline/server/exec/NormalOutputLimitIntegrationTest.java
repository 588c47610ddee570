package io.forkline.server.exec;

import io.forkline.server.ForklineServer;
import io.forkline.server.RespConnection;
import io.forkline.server.ServerSettings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * client-output-buffer-limit normal on a real server: a client that stops reading while big replies
 * are produced is closed, its later commands never run, and the other clients keep working.
 */
class NormalOutputLimitIntegrationTest {

    private static final int VALUE_BYTES = 256 * 1024;
    private static final int GETS = 200;   // 50 MB of replies: far beyond what the sockets' buffers hold

    @Test
    void aClientOverTheHardLimitIsClosedWhileAnotherKeepsWorking() throws Exception {
        try (ForklineServer server = ForklineServer.start(ServerSettings.defaults(0));
             RespConnection admin = new RespConnection(server.port())) {
            String value = "x".repeat(VALUE_BYTES);
            assertThat(admin.call("SET", "big", value)).isEqualTo("+OK\r\n");
            assertThat(admin.call("CONFIG", "SET", "client-output-buffer-limit", "normal 1mb 0 0")).isEqualTo("+OK\r\n");
            try (Socket stalled = stalledClient(server.port())) {
                awaitOutputLimitDisconnection(server, admin);   // closed before it read a byte
                assertThat(drainToEnd(stalled.getInputStream())).isLessThan((long) GETS * VALUE_BYTES);
            }
            assertThat(admin.call("GET", "after")).isEqualTo("$-1\r\n");   // the commands after the limit never ran
            assertThat(admin.call("GET", "big")).isEqualTo("$" + VALUE_BYTES + "\r\n" + value + "\r\n");
            assertThat(admin.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(server.runtime().limitDisconnections().outputBuffer()).isEqualTo(1);
        }
    }

    @Test
    void aClientOverTheSoftLimitIsClosedOnceItStayedOverIt() throws Exception {
        try (ForklineServer server = ForklineServer.start(ServerSettings.defaults(0).with("hz", "100"));
             RespConnection admin = new RespConnection(server.port())) {
            assertThat(admin.call("SET", "big", "x".repeat(VALUE_BYTES))).isEqualTo("+OK\r\n");
            assertThat(admin.call("CONFIG", "SET", "client-output-buffer-limit", "normal 0 1mb 0")).isEqualTo("+OK\r\n");
            try (Socket stalled = stalledClient(server.port())) {
                awaitOutputLimitDisconnection(server, admin);   // over the soft limit into the next second, then closed by a tick
                assertThat(drainToEnd(stalled.getInputStream())).isLessThan((long) GETS * VALUE_BYTES);
            }
            assertThat(admin.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(server.runtime().limitDisconnections().outputBuffer()).isEqualTo(1);
        }
    }

    @Test
    void withoutALimitTheSameClientIsServedInFull() throws Exception {
        try (ForklineServer server = ForklineServer.start(ServerSettings.defaults(0));
             RespConnection admin = new RespConnection(server.port())) {
            assertThat(admin.call("SET", "big", "x".repeat(VALUE_BYTES))).isEqualTo("+OK\r\n");
            try (Socket slow = stalledClient(server.port())) {
                InputStream in = slow.getInputStream();
                long expected = (long) GETS * ("$" + VALUE_BYTES + "\r\n").length() + (long) GETS * (VALUE_BYTES + 2)
                        + ":1\r\n".length();
                assertThat(in.readNBytes((int) expected)).hasSize((int) expected);
            }
            assertThat(admin.call("GET", "after")).isEqualTo("$1\r\n1\r\n");
            assertThat(server.runtime().limitDisconnections().outputBuffer()).isZero();
        }
    }

    /** A client with a small receive window that asks for {@link #GETS} big values and then INCR after, without reading. */
    private static Socket stalledClient(int port) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.setSoTimeout(30_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.getOutputStream().write(("GET big\r\n".repeat(GETS) + "INCR after\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /**
     * Waits until the server closed a client for its output buffer, and INFO no longer counts it. (Waiting for the
     * client count alone could end before the stalled client was counted at all, and then the test's reading would
     * keep it under the limit.)
     */
    private static void awaitOutputLimitDisconnection(ForklineServer server, RespConnection admin)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (server.runtime().limitDisconnections().outputBuffer() == 1
                    && admin.call("INFO", "clients").contains("connected_clients:1\r\n")) {
                return;
            }
            Thread.sleep(1);
        }
        fail("no client was closed for its output buffer");
    }

    /** Reads what the server still sent until it closed the connection; returns the byte count. */
    private static long drainToEnd(InputStream in) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        long bytes = 0;
        try {
            for (int read = in.read(chunk); read != -1; read = in.read(chunk)) {
                bytes += read;
            }
        } catch (SocketException reset) {
            return bytes;   // the server dropped unsent output: the connection was reset
        }
        return bytes;
    }
}
