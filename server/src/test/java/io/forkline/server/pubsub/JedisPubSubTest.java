package io.forkline.server.pubsub;

import io.forkline.server.ForklineServer;
import io.forkline.server.ServerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisProtocol;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Jedis's JedisPubSub against forkline: what a Java application sees. */
class JedisPubSubTest {

    private static ForklineServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ForklineServer.start(ServerSettings.defaults(0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Records what it receives; leaves everything after {@code expected} messages. */
    private static final class Recorder extends JedisPubSub {
        final List<String> events = new CopyOnWriteArrayList<>();
        final CountDownLatch subscribed;
        final int expected;

        Recorder(int subscriptions, int expected) {
            this.subscribed = new CountDownLatch(subscriptions);
            this.expected = expected;
        }

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            events.add("subscribe " + channel + " " + subscribedChannels);
            subscribed.countDown();
        }

        @Override
        public void onPSubscribe(String pattern, int subscribedChannels) {
            events.add("psubscribe " + pattern + " " + subscribedChannels);
            subscribed.countDown();
        }

        @Override
        public void onMessage(String channel, String message) {
            events.add("message " + channel + " " + message);
            leaveWhenDone();
        }

        @Override
        public void onPMessage(String pattern, String channel, String message) {
            events.add("pmessage " + pattern + " " + channel + " " + message);
            leaveWhenDone();
        }

        @Override
        public void onUnsubscribe(String channel, int subscribedChannels) {
            events.add("unsubscribe " + channel + " " + subscribedChannels);
        }

        @Override
        public void onPUnsubscribe(String pattern, int subscribedChannels) {
            events.add("punsubscribe " + pattern + " " + subscribedChannels);
        }

        private void leaveWhenDone() {
            if (events.stream().filter(e -> e.contains("message ")).count() == expected) {
                if (events.getFirst().startsWith("psubscribe")) {
                    punsubscribe();
                } else {
                    unsubscribe();
                }
            }
        }
    }

    private static void run(Jedis subscriberConnection, Recorder recorder, Runnable subscribe, Runnable publish)
            throws InterruptedException {
        Thread listening = new Thread(subscribe, "jedis-subscriber");
        listening.start();
        assertThat(recorder.subscribed.await(10, TimeUnit.SECONDS)).isTrue();
        publish.run();
        listening.join(10_000);
        assertThat(listening.isAlive()).isFalse();
        subscriberConnection.close();
    }

    @Test
    void jedisSubscribesAndReceivesPublishedMessages() throws Exception {
        Jedis subscriber = new Jedis("127.0.0.1", server.port());
        Recorder recorder = new Recorder(2, 2);
        try (Jedis publisher = new Jedis("127.0.0.1", server.port())) {
            run(subscriber, recorder, () -> subscriber.subscribe(recorder, "jedis:a", "jedis:b"), () -> {
                assertThat(publisher.publish("jedis:a", "one")).isEqualTo(1);
                assertThat(publisher.publish("jedis:b", "two")).isEqualTo(1);
            });
            assertThat(recorder.events).containsExactly("subscribe jedis:a 1", "subscribe jedis:b 2",
                    "message jedis:a one", "message jedis:b two", "unsubscribe jedis:a 1", "unsubscribe jedis:b 0");
            assertThat(publisher.pubsubNumSub("jedis:a")).containsEntry("jedis:a", 0L);
        }
    }

    @Test
    void jedisPatternSubscriptionsOverResp3() throws Exception {
        var resp3 = DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).build();
        Jedis subscriber = new Jedis("127.0.0.1", server.port(), resp3);
        Recorder recorder = new Recorder(1, 2);
        try (Jedis publisher = new Jedis("127.0.0.1", server.port())) {
            run(subscriber, recorder, () -> subscriber.psubscribe(recorder, "jedis3:*"), () -> {
                assertThat(publisher.publish("jedis3:x", "1")).isEqualTo(1);
                assertThat(publisher.publish("other", "no")).isEqualTo(0);
                assertThat(publisher.publish("jedis3:y", "2")).isEqualTo(1);
            });
            assertThat(recorder.events).containsExactly("psubscribe jedis3:* 1", "pmessage jedis3:* jedis3:x 1",
                    "pmessage jedis3:* jedis3:y 2", "punsubscribe jedis3:* 0");
            assertThat(publisher.pubsubNumPat()).isZero();
        }
    }
}
