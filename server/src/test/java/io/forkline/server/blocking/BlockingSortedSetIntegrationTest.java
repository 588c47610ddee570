package io.forkline.server.blocking;

import io.forkline.server.RespConnection;
import io.forkline.server.ServerFixture;
import org.junit.jupiter.api.Test;

import static io.forkline.server.blocking.Resp.NULL_ARRAY;
import static io.forkline.server.blocking.Resp.WRONGTYPE;
import static io.forkline.server.blocking.Resp.array;
import static io.forkline.server.blocking.Resp.awaitBlocked;
import static io.forkline.server.blocking.Resp.integer;
import static io.forkline.server.blocking.Resp.raw;
import static org.assertj.core.api.Assertions.assertThat;

/** BZPOPMIN, BZPOPMAX and BZMPOP against a real server, byte for byte, in RESP2 and RESP3. */
class BlockingSortedSetIntegrationTest extends ServerFixture {

    @Test
    void aSortedSetWithMembersServesAtOnce() throws Exception {
        try (RespConnection c = connect()) {
            c.call("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
            assertThat(c.call("BZPOPMIN", "z", "0")).isEqualTo(array("z", "a", "1"));
            assertThat(c.call("BZPOPMAX", "none", "z", "0")).isEqualTo(array("z", "d", "4"));
            assertThat(c.call("BZMPOP", "0", "2", "none", "z", "MIN", "COUNT", "5"))
                    .isEqualTo(array("z", raw(array(raw(array("b", "2")), raw(array("c", "3"))))));
            assertThat(c.call("EXISTS", "z")).isEqualTo(integer(0));
            c.call("ZADD", "z", "1.5", "a", "2", "b");
            assertThat(c.call("BZMPOP", "1", "1", "z", "max")).isEqualTo(array("z", raw(array(raw(array("b", "2"))))));

            c.call("HELLO", "3");
            assertThat(c.call("BZPOPMIN", "z", "0")).isEqualTo("*3\r\n$1\r\nz\r\n$1\r\na\r\n,1.5\r\n");
            c.call("ZADD", "z", "7", "x");
            assertThat(c.call("BZMPOP", "0", "1", "z", "MIN")).isEqualTo("*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\nx\r\n,7\r\n");
        }
    }

    @Test
    void aZaddServesBlockedClientsInOrder() throws Exception {
        try (RespConnection min = connect(); RespConnection max = connect(); RespConnection multi = connect();
             RespConnection pusher = connect()) {
            min.send("BZPOPMIN", "zset", "0");
            awaitBlocked(control, 1);
            max.send("BZPOPMAX", "other", "zset", "0");
            awaitBlocked(control, 2);
            multi.send("BZMPOP", "0", "1", "zset", "MAX", "COUNT", "10");
            awaitBlocked(control, 3);
            assertThat(pusher.call("ZADD", "zset", "1", "one", "2", "two", "3", "three", "4", "four")).isEqualTo(integer(4));
            assertThat(min.readReply()).isEqualTo(array("zset", "one", "1"));
            assertThat(max.readReply()).isEqualTo(array("zset", "four", "4"));
            assertThat(multi.readReply()).isEqualTo(array("zset", raw(array(raw(array("three", "3")), raw(array("two", "2"))))));
            assertThat(pusher.call("EXISTS", "zset")).isEqualTo(integer(0));
        }
    }

    @Test
    void aResp3ClientIsServedWithDoubles() throws Exception {
        try (RespConnection blocked = connect(); RespConnection pusher = connect()) {
            blocked.call("HELLO", "3");
            blocked.send("BZPOPMAX", "z3", "0");
            awaitBlocked(control, 1);
            pusher.call("ZADD", "z3", "2.5", "m");
            assertThat(blocked.readReply()).isEqualTo("*3\r\n$2\r\nz3\r\n$1\r\nm\r\n,2.5\r\n");
        }
    }

    @Test
    void aZunionstoreIntoTheKeyServesTheBlockedClient() throws Exception {
        try (RespConnection blocked = connect(); RespConnection pusher = connect()) {
            blocked.send("BZPOPMIN", "dest", "0");
            awaitBlocked(control, 1);
            pusher.call("ZADD", "src", "5", "m");
            pusher.call("ZUNIONSTORE", "dest", "1", "src");
            assertThat(blocked.readReply()).isEqualTo(array("dest", "m", "5"));
        }
    }

    @Test
    void wrongTypesErrorsAndTransactions() throws Exception {
        try (RespConnection c = connect(); RespConnection blocked = connect(); RespConnection pusher = connect()) {
            c.call("RPUSH", "list", "v");
            assertThat(c.call("BZPOPMIN", "list", "0")).isEqualTo(WRONGTYPE);
            assertThat(c.call("BZMPOP", "0", "2", "none", "list", "MIN")).isEqualTo(WRONGTYPE);
            assertThat(c.call("BLPOP", "list", "0")).isEqualTo(array("list", "v"));
            c.call("ZADD", "zs", "1", "m");
            assertThat(c.call("BLPOP", "zs", "0")).isEqualTo(WRONGTYPE);
            assertThat(c.call("BZPOPMIN", "z", "-1")).isEqualTo("-ERR timeout is negative\r\n");
            assertThat(c.call("BZMPOP", "0", "0", "z", "MIN")).isEqualTo("-ERR numkeys should be greater than 0\r\n");
            assertThat(c.call("BZMPOP", "0", "1", "z", "UP")).isEqualTo("-ERR syntax error\r\n");
            assertThat(c.call("BZMPOP", "0", "2", "z", "MIN")).isEqualTo("-ERR syntax error\r\n");
            assertThat(c.call("BZMPOP", "0", "1", "z", "MIN", "COUNT", "-1")).isEqualTo("-ERR count should be greater than 0\r\n");
            assertThat(c.call("BZMPOP", "0", "1", "z", "MIN", "COUNT", "1", "COUNT", "1")).isEqualTo("-ERR syntax error\r\n");
            assertThat(c.call("BZMPOP", "nope", "1", "z", "MIN")).isEqualTo("-ERR timeout is not a float or out of range\r\n");

            c.call("MULTI");
            c.call("BZPOPMIN", "zs", "0");
            c.call("BZPOPMIN", "zs", "0");
            c.call("BZMPOP", "0", "1", "zs", "MAX");
            assertThat(c.call("EXEC")).isEqualTo("*3\r\n" + array("zs", "m", "1") + NULL_ARRAY + NULL_ARRAY);

            blocked.send("BZPOPMIN", "mixed", "0");   // a list pushed to a key a sorted-set pop waits on
            awaitBlocked(control, 1);
            pusher.call("RPUSH", "mixed", "x");
            assertThat(pusher.call("INFO", "clients")).contains("blocked_clients:1\r\n");
            pusher.call("DEL", "mixed");
            pusher.call("ZADD", "mixed", "3", "y");
            assertThat(blocked.readReply()).isEqualTo(array("mixed", "y", "3"));
        }
    }
}
