package io.forkline.server.blocking;

import io.forkline.server.ForklineServer;
import io.forkline.server.RespConnection;
import io.forkline.server.ServerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.util.KeyValue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.forkline.server.blocking.Resp.awaitBlocked;
import static org.assertj.core.api.Assertions.assertThat;

/** Jedis's blocking calls: a thread blocked in blpop returns once another connection pushes. */
class BlockingJedisTest {

    private static ForklineServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ForklineServer.start(ServerSettings.defaults(0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void blpopReturnsWhatAnotherClientPushes() throws Exception {
        try (Jedis blocked = new Jedis("127.0.0.1", server.port()); Jedis pusher = new Jedis("127.0.0.1", server.port());
             RespConnection control = new RespConnection(server.port())) {
            CompletableFuture<List<String>> popped = CompletableFuture.supplyAsync(() -> blocked.blpop(0, "jedis:queue"));
            awaitBlocked(control, 1);
            assertThat(pusher.rpush("jedis:queue", "job-1", "job-2")).isEqualTo(2);
            assertThat(popped.get(10, TimeUnit.SECONDS)).containsExactly("jedis:queue", "job-1");
            assertThat(pusher.lrange("jedis:queue", 0, -1)).containsExactly("job-2");

            assertThat(blocked.blpop(0, "jedis:queue")).containsExactly("jedis:queue", "job-2");   // served at once
            assertThat(blocked.blpop(0.05, "jedis:queue")).isNull();                                // times out

            CompletableFuture<String> moved = CompletableFuture.supplyAsync(
                    () -> blocked.blmove("jedis:from", "jedis:to", ListDirection.LEFT, ListDirection.RIGHT, 0));
            awaitBlocked(control, 1);
            pusher.lpush("jedis:from", "x");
            assertThat(moved.get(10, TimeUnit.SECONDS)).isEqualTo("x");
            assertThat(pusher.lrange("jedis:to", 0, -1)).containsExactly("x");

            CompletableFuture<KeyValue<String, redis.clients.jedis.resps.Tuple>> zpopped =
                    CompletableFuture.supplyAsync(() -> blocked.bzpopmin(0, "jedis:zset"));
            awaitBlocked(control, 1);
            pusher.zadd("jedis:zset", 2.5, "m");
            KeyValue<String, redis.clients.jedis.resps.Tuple> result = zpopped.get(10, TimeUnit.SECONDS);
            assertThat(result.getKey()).isEqualTo("jedis:zset");
            assertThat(result.getValue().getElement()).isEqualTo("m");
            assertThat(result.getValue().getScore()).isEqualTo(2.5);
        }
    }
}
