package io.forkline.server.pubsub;

import io.forkline.server.ForklineServer;
import io.forkline.server.RespConnection;
import io.forkline.server.ServerSettings;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static io.forkline.server.pubsub.Frames.array;
import static org.assertj.core.api.Assertions.assertThat;

/** client-output-buffer-limit pubsub: a subscriber that stops reading is disconnected, the others are not. */
class PubSubOutputLimitTest {

    private static final int MESSAGE_BYTES = 64 * 1024;

    @Test
    void aSubscriberThatDoesNotReadIsDroppedAtTheHardLimit() throws Exception {
        OutputBufferLimit small = new OutputBufferLimit(256 * 1024, 0, 0);
        try (ForklineServer server = ForklineServer.start(ServerSettings.defaults(0).withPubsubOutputLimit(small));
             RespConnection stalled = new RespConnection(server.port());
             RespConnection reader = new RespConnection(server.port());
             RespConnection publisher = new RespConnection(server.port())) {
            stalled.call("SUBSCRIBE", "flood");
            reader.call("SUBSCRIBE", "flood");
            String payload = "x".repeat(MESSAGE_BYTES);
            int published = 0;
            String receivers = ":2\r\n";
            // the stalled subscriber's socket buffers fill first (some MB on loopback), then the server's queue
            while (receivers.equals(":2\r\n") && published < 10_000) {
                receivers = publisher.call("PUBLISH", "flood", payload);
                published++;
                assertThat(reader.readReply()).isEqualTo(array("message", "flood", payload));
            }
            assertThat(receivers).isEqualTo(":1\r\n");
            assertThat(published).isLessThan(10_000);
            assertThat(drainsToEnd(stalled)).isLessThan((long) published * (MESSAGE_BYTES + 40));   // cut short, then closed
            assertThat(publisher.call("PUBSUB", "NUMSUB", "flood")).isEqualTo(array("flood", 1));
            assertThat(publisher.call("PUBLISH", "flood", "small")).isEqualTo(":1\r\n");
            assertThat(reader.readReply()).isEqualTo(array("message", "flood", "small"));
        }
    }

    @Test
    void theDefaultLimitIsRedisOne() {
        assertThat(ServerSettings.defaults(0).pubsubOutputLimit())
                .isEqualTo(new OutputBufferLimit(32L * 1024 * 1024, 8L * 1024 * 1024, 60));
    }

    /** Reads what the server still sent until it closed the connection; returns the byte count. */
    private static long drainsToEnd(RespConnection connection) throws IOException {
        long bytes = 0;
        try {
            while (!connection.isClosedByServer()) {
                bytes++;
            }
        } catch (java.net.SocketException reset) {
            return bytes;   // the server dropped unsent output: the connection was reset
        }
        return bytes;
    }
}
