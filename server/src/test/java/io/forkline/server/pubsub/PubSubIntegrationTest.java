package io.forkline.server.pubsub;

import io.forkline.server.ForklineServer;
import io.forkline.server.RespConnection;
import io.forkline.server.ServerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static io.forkline.server.pubsub.Frames.array;
import static io.forkline.server.pubsub.Frames.push;
import static org.assertj.core.api.Assertions.assertThat;

/** Pub/Sub against a real server, byte for byte: a subscriber and a publisher on their own connections. */
class PubSubIntegrationTest {

    private static ForklineServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ForklineServer.start(ServerSettings.defaults(0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RespConnection connect() throws IOException {
        return new RespConnection(server.port());
    }

    private static String contextError(String command) {
        return "-ERR Can't execute '" + command + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are "
                + "allowed in this context\r\n";
    }

    @Test
    void subscribersReceivePublishedMessagesInResp2() throws Exception {
        try (RespConnection subscriber = connect(); RespConnection publisher = connect()) {
            subscriber.send("SUBSCRIBE", "r2:foo", "r2:bar");
            assertThat(subscriber.readReply()).isEqualTo(array("subscribe", "r2:foo", 1));
            assertThat(subscriber.readReply()).isEqualTo(array("subscribe", "r2:bar", 2));
            assertThat(subscriber.call("SUBSCRIBE", "r2:foo")).isEqualTo(array("subscribe", "r2:foo", 2));   // again: same count

            assertThat(publisher.call("PUBLISH", "r2:foo", "hello")).isEqualTo(":1\r\n");
            assertThat(subscriber.readReply()).isEqualTo(array("message", "r2:foo", "hello"));
            assertThat(publisher.call("PUBLISH", "r2:bar", "")).isEqualTo(":1\r\n");
            assertThat(subscriber.readReply()).isEqualTo(array("message", "r2:bar", ""));
            assertThat(publisher.call("PUBLISH", "r2:nobody", "x")).isEqualTo(":0\r\n");
            assertThat(publisher.call("PUBLISH", "r2:foo", "line\r\nbreak")).isEqualTo(":1\r\n");
            assertThat(subscriber.readReply()).isEqualTo(array("message", "r2:foo", "line\r\nbreak"));
        }
    }

    @Test
    void everySubscriberOfAChannelReceivesEachMessageInOrder() throws Exception {
        try (RespConnection first = connect(); RespConnection second = connect(); RespConnection publisher = connect()) {
            first.call("SUBSCRIBE", "fan:out");
            second.call("SUBSCRIBE", "fan:out");
            for (int i = 0; i < 50; i++) {
                assertThat(publisher.call("PUBLISH", "fan:out", "m" + i)).isEqualTo(":2\r\n");
            }
            for (int i = 0; i < 50; i++) {
                assertThat(first.readReply()).isEqualTo(array("message", "fan:out", "m" + i));
                assertThat(second.readReply()).isEqualTo(array("message", "fan:out", "m" + i));
            }
        }
    }

    @Test
    void patternsMatchChannelsAsGlobs() throws Exception {
        try (RespConnection subscriber = connect(); RespConnection publisher = connect()) {
            subscriber.send("PSUBSCRIBE", "glob:news.*", "glob:h?llo", "glob:[ab]x");
            assertThat(subscriber.readReply()).isEqualTo(array("psubscribe", "glob:news.*", 1));
            assertThat(subscriber.readReply()).isEqualTo(array("psubscribe", "glob:h?llo", 2));
            assertThat(subscriber.readReply()).isEqualTo(array("psubscribe", "glob:[ab]x", 3));

            assertThat(publisher.call("PUBLISH", "glob:news.sport", "goal")).isEqualTo(":1\r\n");
            assertThat(subscriber.readReply()).isEqualTo(array("pmessage", "glob:news.*", "glob:news.sport", "goal"));
            assertThat(publisher.call("PUBLISH", "glob:hallo", "1")).isEqualTo(":1\r\n");
            assertThat(subscriber.readReply()).isEqualTo(array("pmessage", "glob:h?llo", "glob:hallo", "1"));
            assertThat(publisher.call("PUBLISH", "glob:bx", "2")).isEqualTo(":1\r\n");
            assertThat(subscriber.readReply()).isEqualTo(array("pmessage", "glob:[ab]x", "glob:bx", "2"));
            assertThat(publisher.call("PUBLISH", "glob:cx", "no")).isEqualTo(":0\r\n");
            assertThat(publisher.call("PUBLISH", "glob:NEWS.sport", "no")).isEqualTo(":0\r\n");   // case matters
            assertThat(publisher.call("PUBLISH", "glob:heello", "no")).isEqualTo(":0\r\n");

            // a client subscribed to the channel and a matching pattern gets both frames, the channel's first
            assertThat(subscriber.call("SUBSCRIBE", "glob:news.tv")).isEqualTo(array("subscribe", "glob:news.tv", 4));
            assertThat(publisher.call("PUBLISH", "glob:news.tv", "show")).isEqualTo(":2\r\n");
            assertThat(subscriber.readReply()).isEqualTo(array("message", "glob:news.tv", "show"));
            assertThat(subscriber.readReply()).isEqualTo(array("pmessage", "glob:news.*", "glob:news.tv", "show"));
        }
    }

    @Test
    void confirmationsCountChannelsAndPatternsTogether() throws Exception {
        try (RespConnection client = connect()) {
            assertThat(client.call("SUBSCRIBE", "count:a")).isEqualTo(array("subscribe", "count:a", 1));
            assertThat(client.call("PSUBSCRIBE", "count:*")).isEqualTo(array("psubscribe", "count:*", 2));
            assertThat(client.call("PSUBSCRIBE", "count:*")).isEqualTo(array("psubscribe", "count:*", 2));
            assertThat(client.call("UNSUBSCRIBE", "count:never")).isEqualTo(array("unsubscribe", "count:never", 2));
            assertThat(client.call("UNSUBSCRIBE", "count:a")).isEqualTo(array("unsubscribe", "count:a", 1));
            assertThat(client.call("PUNSUBSCRIBE", "count:*")).isEqualTo(array("punsubscribe", "count:*", 0));
            assertThat(client.call("GET", "count:a")).isEqualTo("$-1\r\n");   // out of the subscribed context again
        }
    }

    @Test
    void unsubscribeWithoutArgumentsLeavesEveryChannel() throws Exception {
        try (RespConnection client = connect()) {
            client.send("SUBSCRIBE", "all:a", "all:b", "all:c");
            client.send("PSUBSCRIBE", "all:p1", "all:p2");
            for (int i = 0; i < 5; i++) {
                client.readReply();
            }
            client.send("UNSUBSCRIBE");
            List<String> left = new ArrayList<>();
            for (int remaining = 4; remaining >= 2; remaining--) {
                String frame = client.readReply();
                assertThat(frame).startsWith("*3\r\n$11\r\nunsubscribe\r\n$5\r\nall:").endsWith(":" + remaining + "\r\n");
                left.add(frame.substring(26, 31));
            }
            assertThat(left).containsExactlyInAnyOrder("all:a", "all:b", "all:c");
            assertThat(client.call("UNSUBSCRIBE")).isEqualTo(array("unsubscribe", null, 2));
            client.send("PUNSUBSCRIBE");
            assertThat(client.readReply()).isEqualTo(array("punsubscribe", "all:p1", 1));
            assertThat(client.readReply()).isEqualTo(array("punsubscribe", "all:p2", 0));
            assertThat(client.call("PUNSUBSCRIBE")).isEqualTo(array("punsubscribe", null, 0));
            assertThat(client.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void resp2SubscribedClientsMayOnlyRunPubSubCommands() throws Exception {
        try (RespConnection client = connect()) {
            client.call("SUBSCRIBE", "ctx:a");
            assertThat(client.call("GET", "x")).isEqualTo(contextError("get"));
            assertThat(client.call("CLIENT", "LIST")).isEqualTo(contextError("client|list"));
            assertThat(client.call("HELLO", "3")).isEqualTo(contextError("hello"));
            assertThat(client.call("PUBLISH", "ctx:a", "self")).isEqualTo(contextError("publish"));
            assertThat(client.call("NOSUCH")).startsWith("-ERR unknown command 'NOSUCH'");   // existence is checked first
            assertThat(client.call("GET")).isEqualTo("-ERR wrong number of arguments for 'get' command\r\n");
            assertThat(client.call("PING")).isEqualTo(array("pong", ""));
            assertThat(client.call("PING", "hey")).isEqualTo(array("pong", "hey"));
            assertThat(client.call("PSUBSCRIBE", "ctx:*")).isEqualTo(array("psubscribe", "ctx:*", 2));
            assertThat(client.call("INFO", "commandstats")).isEqualTo(contextError("info"));
            assertThat(client.call("UNSUBSCRIBE")).isEqualTo(array("unsubscribe", "ctx:a", 1));
            assertThat(client.call("PUNSUBSCRIBE")).isEqualTo(array("punsubscribe", "ctx:*", 0));
            assertThat(client.call("INFO", "commandstats")).contains("cmdstat_get:calls=")
                    .containsPattern("cmdstat_client\\|list:calls=\\d+,usec=\\d+,usec_per_call=[0-9.]+,rejected_calls=[1-9]");
            assertThat(client.call("QUIT")).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void resp3ClientsGetPushesAndKeepEveryCommand() throws Exception {
        try (RespConnection subscriber = connect(); RespConnection publisher = connect()) {
            subscriber.call("HELLO", "3");
            assertThat(subscriber.call("SUBSCRIBE", "r3:chan")).isEqualTo(push("subscribe", "r3:chan", 1));
            assertThat(subscriber.call("PSUBSCRIBE", "r3:*")).isEqualTo(push("psubscribe", "r3:*", 2));
            assertThat(subscriber.call("GET", "r3:missing")).isEqualTo("_\r\n");   // no context limits in RESP3
            assertThat(subscriber.call("PING")).isEqualTo("+PONG\r\n");

            assertThat(publisher.call("PUBLISH", "r3:chan", "hi")).isEqualTo(":2\r\n");
            assertThat(subscriber.readReply()).isEqualTo(push("message", "r3:chan", "hi"));
            assertThat(subscriber.readReply()).isEqualTo(push("pmessage", "r3:*", "r3:chan", "hi"));

            // publishing to itself: the pushes come before PUBLISH's own reply, as Redis writes them
            subscriber.send("PUBLISH", "r3:other", "mine");
            assertThat(subscriber.readReply()).isEqualTo(push("pmessage", "r3:*", "r3:other", "mine"));
            assertThat(subscriber.readReply()).isEqualTo(":1\r\n");

            assertThat(subscriber.call("UNSUBSCRIBE", "r3:chan")).isEqualTo(push("unsubscribe", "r3:chan", 1));
            assertThat(subscriber.call("UNSUBSCRIBE")).isEqualTo(push("unsubscribe", null, 1));
            assertThat(subscriber.call("PUNSUBSCRIBE")).isEqualTo(push("punsubscribe", "r3:*", 0));

            // a RESP2 subscriber and a RESP3 one of the same channel each get their own framing
            RespConnection resp2 = connect();
            try (resp2) {
                resp2.call("SUBSCRIBE", "r3:mixed");
                subscriber.call("SUBSCRIBE", "r3:mixed");
                assertThat(publisher.call("PUBLISH", "r3:mixed", "both")).isEqualTo(":2\r\n");
                assertThat(resp2.readReply()).isEqualTo(array("message", "r3:mixed", "both"));
                assertThat(subscriber.readReply()).isEqualTo(push("message", "r3:mixed", "both"));
            }
        }
    }

    @Test
    void switchingToResp2WhileSubscribedEntersTheContext() throws Exception {
        try (RespConnection client = connect()) {
            client.call("HELLO", "3");
            client.call("SUBSCRIBE", "switch:a");
            assertThat(client.call("HELLO", "2")).startsWith("*14\r\n");
            assertThat(client.call("GET", "k")).isEqualTo(contextError("get"));
            assertThat(client.call("UNSUBSCRIBE")).isEqualTo(array("unsubscribe", "switch:a", 0));
        }
    }

    @Test
    void resetDropsSubscriptionsAndTheContext() throws Exception {
        try (RespConnection client = connect(); RespConnection other = connect()) {
            client.call("SUBSCRIBE", "reset:a");
            client.call("PSUBSCRIBE", "reset:*");
            assertThat(other.call("PUBSUB", "NUMSUB", "reset:a")).isEqualTo(array("reset:a", 1));
            assertThat(client.call("RESET")).isEqualTo("+RESET\r\n");
            assertThat(client.call("GET", "reset:a")).isEqualTo("$-1\r\n");
            assertThat(other.call("PUBSUB", "NUMSUB", "reset:a")).isEqualTo(array("reset:a", 0));
            assertThat(other.call("PUBSUB", "CHANNELS", "reset:*")).isEqualTo("*0\r\n");
            assertThat(other.call("PUBLISH", "reset:a", "gone")).isEqualTo(":0\r\n");
            assertThat(client.call("CLIENT", "INFO")).contains(" flags=N ").contains(" sub=0 psub=0 ");
        }
    }

    @Test
    void disconnectDropsSubscriptions() throws Exception {
        try (RespConnection other = connect()) {
            RespConnection client = connect();
            client.call("SUBSCRIBE", "bye:a", "bye:b");
            client.call("PSUBSCRIBE", "bye:*");
            assertThat(other.call("PUBLISH", "bye:a", "x")).isEqualTo(":2\r\n");
            client.close();
            awaitReceivers(other, "bye:a", 0);
            assertThat(other.call("PUBSUB", "CHANNELS", "bye:*")).isEqualTo("*0\r\n");
        }
    }

    /** Publishes until {@code expected} clients receive (the disconnect reaches the writer on its own time). */
    static void awaitReceivers(RespConnection publisher, String channel, int expected) throws IOException {
        String reply = "";
        for (int attempt = 0; attempt < 100_000; attempt++) {
            reply = publisher.call("PUBLISH", channel, "probe");
            if (reply.equals(":" + expected + "\r\n")) {
                return;
            }
        }
        throw new AssertionError("PUBLISH to " + channel + " still replies " + reply);
    }

    @Test
    void pubsubContainerReportsChannelsAndCounts() throws Exception {
        try (ForklineServer own = ForklineServer.start(ServerSettings.defaults(0));
             RespConnection first = new RespConnection(own.port()); RespConnection second = new RespConnection(own.port());
             RespConnection asker = new RespConnection(own.port())) {
            first.call("SUBSCRIBE", "news.a");
            first.call("SUBSCRIBE", "news.b");
            second.call("SUBSCRIBE", "news.a");
            second.call("SUBSCRIBE", "other");
            first.call("PSUBSCRIBE", "news.*");
            second.call("PSUBSCRIBE", "news.*");
            second.call("PSUBSCRIBE", "x?");

            assertThat(asker.call("PUBSUB", "CHANNELS")).isEqualTo(array("news.a", "news.b", "other"));
            assertThat(asker.call("PUBSUB", "CHANNELS", "news.*")).isEqualTo(array("news.a", "news.b"));
            assertThat(asker.call("PUBSUB", "CHANNELS", "nothing*")).isEqualTo("*0\r\n");
            assertThat(asker.call("PUBSUB", "NUMSUB", "news.a", "news.b", "none")).isEqualTo(
                    array("news.a", 2, "news.b", 1, "none", 0));
            assertThat(asker.call("PUBSUB", "NUMSUB")).isEqualTo("*0\r\n");
            assertThat(asker.call("PUBSUB", "NUMPAT")).isEqualTo(":2\r\n");   // distinct patterns
            assertThat(asker.call("PUBSUB", "SHARDCHANNELS")).isEqualTo("*0\r\n");
            assertThat(asker.call("PUBSUB", "SHARDNUMSUB", "news.a")).isEqualTo(array("news.a", 0));
            assertThat(asker.call("INFO", "stats")).contains("pubsub_channels:3\r\n").contains("pubsub_patterns:2\r\n");

            assertThat(asker.call("PUBSUB", "CHANNELS", "a", "b")).isEqualTo(
                    "-ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP.\r\n");
            assertThat(asker.call("pubsub", "nope")).isEqualTo("-ERR unknown subcommand 'nope'. Try PUBSUB HELP.\r\n");
            assertThat(asker.call("PUBSUB", "NUMPAT", "x")).isEqualTo(
                    "-ERR wrong number of arguments for 'pubsub|numpat' command\r\n");
            assertThat(asker.call("PUBSUB")).isEqualTo("-ERR wrong number of arguments for 'pubsub' command\r\n");
            String help = asker.call("pubsub", "help");
            assertThat(help).startsWith("*14\r\n+PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
                    + "+CHANNELS [<pattern>]\r\n").endsWith("+HELP\r\n+    Prints this help.\r\n");

            String list = asker.call("CLIENT", "LIST");
            assertThat(list).containsPattern("flags=P db=0 sub=2 psub=1 ssub=0 ")
                    .containsPattern("flags=P db=0 sub=2 psub=2 ssub=0 ").containsPattern("flags=N db=0 sub=0 psub=0 ");
            assertThat(asker.call("CLIENT", "LIST", "TYPE", "pubsub").split(" addr=", -1)).hasSize(3);   // two clients
            assertThat(asker.call("CLIENT", "KILL", "TYPE", "pubsub")).isEqualTo(":2\r\n");
            assertThat(first.isClosedByServer()).isTrue();
            awaitReceivers(asker, "news.a", 0);
            assertThat(asker.call("PUBSUB", "NUMPAT")).isEqualTo(":0\r\n");
            assertThat(asker.call("INFO", "stats")).contains("pubsub_channels:0\r\n").contains("pubsub_patterns:0\r\n");
        }
    }

    @Test
    void subscribeInsideATransactionRepliesInsideExec() throws Exception {
        try (RespConnection client = connect(); RespConnection publisher = connect()) {
            assertThat(client.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(client.call("SUBSCRIBE", "tx:chan")).isEqualTo("+QUEUED\r\n");
            assertThat(client.call("EXEC")).isEqualTo("*1\r\n" + array("subscribe", "tx:chan", 1));
            assertThat(publisher.call("PUBLISH", "tx:chan", "after")).isEqualTo(":1\r\n");
            assertThat(client.readReply()).isEqualTo(array("message", "tx:chan", "after"));
            assertThat(client.call("MULTI")).isEqualTo(contextError("multi"));
        }
    }

    @Test
    void pushesReachAClientWithRepliesOff() throws Exception {
        try (RespConnection client = connect(); RespConnection publisher = connect()) {
            client.send("CLIENT", "REPLY", "OFF");
            assertThat(client.call("SUBSCRIBE", "off:chan")).isEqualTo(array("subscribe", "off:chan", 1));
            assertThat(publisher.call("PUBLISH", "off:chan", "still")).isEqualTo(":1\r\n");
            assertThat(client.readReply()).isEqualTo(array("message", "off:chan", "still"));
            assertThat(client.call("UNSUBSCRIBE")).isEqualTo(array("unsubscribe", "off:chan", 0));
            assertThat(client.call("CLIENT", "REPLY", "ON")).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void subscriptionConfirmationsArePushesThatClientReplySkipDoesNotDrop() throws Exception {
        try (RespConnection subscriber = connect(); RespConnection publisher = connect()) {
            subscriber.send("CLIENT", "REPLY", "SKIP");
            subscriber.send("PSUBSCRIBE", "skip:*");
            assertThat(subscriber.readReply()).isEqualTo(array("psubscribe", "skip:*", 1));
            assertThat(publisher.call("PUBLISH", "skip:x", "m")).isEqualTo(":1\r\n");
            assertThat(subscriber.readReply()).isEqualTo(array("pmessage", "skip:*", "skip:x", "m"));
        }
    }
}
