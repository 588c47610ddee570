package io.forkline.server.net;

import io.forkline.server.ForklineServer;
import io.forkline.server.RespConnection;
import io.forkline.server.ServerSettings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * client-query-buffer-limit on a real server: a client whose command goes over it is closed at once
 * without a reply, as Redis does, and counted; the limit follows CONFIG SET, for connections already
 * open too.
 */
class QueryBufferLimitIntegrationTest {

    private static final int MB = 1024 * 1024;

    @Test
    void aCommandOverTheLimitClosesItsClientWithoutAReply() throws Exception {
        try (ForklineServer server = ForklineServer.start(ServerSettings.defaults(0));
             RespConnection admin = new RespConnection(server.port());
             RespConnection flooding = new RespConnection(server.port())) {
            assertThat(flooding.call("PING")).isEqualTo("+PONG\r\n");   // connected before the limit changes
            assertThat(admin.call("CONFIG", "SET", "client-query-buffer-limit", "1mb")).isEqualTo("+OK\r\n");
            sendIgnoringReset(flooding, setCommand(2 * MB));
            assertThat(readsNothingBeforeTheEnd(flooding)).isTrue();
            assertThat(admin.call("EXISTS", "k")).isEqualTo(":0\r\n");
            assertThat(admin.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(server.runtime().limitDisconnections().queryBuffer()).isEqualTo(1);
        }
    }

    @Test
    void aCommandWithinTheLimitRuns() throws Exception {
        try (ForklineServer server = ForklineServer.start(ServerSettings.defaults(0).with("client-query-buffer-limit", "1mb"));
             RespConnection client = new RespConnection(server.port())) {
            client.sendRaw(setCommand(MB - 64));
            assertThat(client.readReply()).isEqualTo("+OK\r\n");
            assertThat(client.call("STRLEN", "k")).isEqualTo(":" + (MB - 64) + "\r\n");
            assertThat(server.runtime().limitDisconnections().queryBuffer()).isZero();
        }
    }

    @Test
    void anArgumentHeaderAnnouncingMoreThanOneCommandCanHoldClosesAtOnce() throws Exception {
        try (ForklineServer server = ForklineServer.start(ServerSettings.defaults(0));
             RespConnection admin = new RespConnection(server.port());
             RespConnection client = new RespConnection(server.port())) {
            assertThat(admin.call("CONFIG", "SET", "proto-max-bulk-len", "4gb")).isEqualTo("+OK\r\n");
            client.sendRaw("*2\r\n$3\r\nGET\r\n$3000000000\r\n");   // more than a Java array holds
            assertThat(readsNothingBeforeTheEnd(client)).isTrue();
            assertThat(server.runtime().limitDisconnections().queryBuffer()).isEqualTo(1);
            assertThat(admin.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void aProtocolErrorIsStillAnsweredBeforeTheClose() throws Exception {
        try (ForklineServer server = ForklineServer.start(ServerSettings.defaults(0));
             RespConnection client = new RespConnection(server.port())) {
            client.sendRaw("*1\r\n$-5\r\n");
            assertThat(client.readReply()).isEqualTo("-ERR Protocol error: invalid bulk length\r\n");
            assertThat(client.isClosedByServer()).isTrue();
            assertThat(server.runtime().limitDisconnections().queryBuffer()).isZero();
        }
    }

    /** SET k with a value of {@code bytes} bytes, as RESP. */
    private static byte[] setCommand(int bytes) {
        byte[] head = ("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + bytes + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] command = new byte[head.length + bytes + 2];
        System.arraycopy(head, 0, command, 0, head.length);
        java.util.Arrays.fill(command, head.length, head.length + bytes, (byte) 'x');
        command[command.length - 2] = '\r';
        command[command.length - 1] = '\n';
        return command;
    }

    /** The server may close while the bytes still flow: a reset then is the close this test waits for. */
    private static void sendIgnoringReset(RespConnection connection, byte[] bytes) throws IOException {
        try {
            connection.sendRaw(bytes);
        } catch (SocketException closedMidway) {
            // read below
        }
    }

    /** True when the connection ends (end of stream or reset) without a single byte of reply. */
    private static boolean readsNothingBeforeTheEnd(RespConnection connection) throws IOException {
        try {
            return connection.isClosedByServer();
        } catch (SocketException reset) {
            return true;
        }
    }
}
