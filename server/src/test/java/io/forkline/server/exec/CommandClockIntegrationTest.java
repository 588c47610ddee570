package io.forkline.server.exec;

import io.forkline.server.ForklineServer;
import io.forkline.server.RespConnection;
import io.forkline.server.ServerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The time a command sees, on a real server with the system clock: the server reads the wall clock once per
 * batch and moves it on by the monotonic time the batch has taken, so that a command later in a batch sees the
 * time at which it runs, as each command of a pipeline does in Redis.
 */
class CommandClockIntegrationTest {

    private ForklineServer server;

    @BeforeEach
    void start() throws Exception {
        server = ForklineServer.start(ServerSettings.defaults(0));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aKeyExpiresForTheCommandsOfTheSameBatchThatRunAfterItsTime() throws Exception {
        try (RespConnection client = new RespConnection(server.port())) {
            client.sendRaw("SET k v PX 100\r\nSET forever v\r\nDEBUG SLEEP 0.25\r\nGET k\r\nEXISTS k\r\nGET forever\r\n");
            assertReplies(client, "+OK\r\n", "+OK\r\n", "+OK\r\n", "$-1\r\n", ":0\r\n", "$1\r\nv\r\n");
        }
    }

    @Test
    void aKeySetLaterInABatchExpiresFromTheTimeItWasSet() throws Exception {
        try (RespConnection client = new RespConnection(server.port())) {
            client.sendRaw("DEBUG SLEEP 0.5\r\nSET k v PX 1000\r\nPEXPIRETIME k\r\nTIME\r\n");
            assertReplies(client, "+OK\r\n", "+OK\r\n");
            long expireAt = Long.parseLong(client.readReply().substring(1).trim());
            String[] time = client.readReply().split("\r\n");
            long serverMillis = Long.parseLong(time[2]) * 1000 + Long.parseLong(time[4]) / 1000;
            assertThat(expireAt).isBetween(serverMillis + 1000 - 250, serverMillis + 1000);   // the batch's reading is 500 ms older
        }
    }

    /** The next replies, in order. */
    private static void assertReplies(RespConnection client, String... replies) throws Exception {
        for (String reply : replies) {
            assertThat(client.readReply()).isEqualTo(reply);
        }
    }
}
