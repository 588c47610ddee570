package io.forkline.server;

import io.forkline.server.config.ConfigParser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ring-size on a real server: the pipeline takes it, INFO and CONFIG GET show it, CONFIG SET refuses it, and a
 * client pipelining many more commands than the ring holds gets every reply, in order (the IO thread stops
 * reading while the ring is full and the writer catches up).
 */
class RingSizeIntegrationTest {

    private static final int COMMANDS = 5_000;

    @Test
    void aSmallRingServesAPipelineLongerThanItselfInOrder() throws Exception {
        ServerSettings settings = ServerSettings.of(new ConfigParser().parseCommandLine(
                List.of("--port", "0", "--bind", "127.0.0.1", "--save", "", "--ring-size", "64")), "");
        try (ForklineServer server = ForklineServer.start(settings);
             RespConnection client = new RespConnection(server.port())) {
            assertThat(client.call("INFO", "server")).contains("forkline_ring_size:64\r\n");
            assertThat(client.call("CONFIG", "GET", "ring-size")).isEqualTo("*2\r\n$9\r\nring-size\r\n$2\r\n64\r\n");
            assertThat(client.call("CONFIG", "SET", "ring-size", "128"))
                    .isEqualTo("-ERR CONFIG SET failed (possibly related to argument 'ring-size') - can't set immutable config\r\n");

            StringBuilder pipeline = new StringBuilder();
            for (int i = 0; i < COMMANDS; i++) {
                pipeline.append("*2\r\n$4\r\nINCR\r\n$7\r\ncounter\r\n");
            }
            client.sendRaw(pipeline.toString());
            for (int i = 1; i <= COMMANDS; i++) {
                assertThat(client.readReply()).isEqualTo(":" + i + "\r\n");
            }
        }
    }

    @Test
    void theDefaultRingHas512Slots() throws Exception {
        try (ForklineServer server = ForklineServer.start(ServerSettings.defaults(0));
             RespConnection client = new RespConnection(server.port())) {
            assertThat(client.call("INFO", "server")).contains("forkline_ring_size:512\r\n");
        }
    }
}
