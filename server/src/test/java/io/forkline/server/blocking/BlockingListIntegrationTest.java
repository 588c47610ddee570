package io.forkline.server.blocking;

import io.forkline.server.RespConnection;
import io.forkline.server.ServerFixture;
import org.junit.jupiter.api.Test;

import static io.forkline.server.blocking.Resp.NULL_ARRAY;
import static io.forkline.server.blocking.Resp.WRONGTYPE;
import static io.forkline.server.blocking.Resp.array;
import static io.forkline.server.blocking.Resp.awaitBlocked;
import static io.forkline.server.blocking.Resp.bulk;
import static io.forkline.server.blocking.Resp.integer;
import static io.forkline.server.blocking.Resp.raw;
import static org.assertj.core.api.Assertions.assertThat;

/** BLPOP, BRPOP, BLMPOP, BLMOVE and BRPOPLPUSH against a real server, byte for byte, on several connections. */
class BlockingListIntegrationTest extends ServerFixture {

    @Test
    void aListWithElementsServesAtOnceInTheBlockingShape() throws Exception {
        try (RespConnection c = connect()) {
            c.call("RPUSH", "blist", "a", "b", "c", "d", "e");
            assertThat(c.call("BLPOP", "blist", "1")).isEqualTo(array("blist", "a"));
            assertThat(c.call("BRPOP", "blist", "1")).isEqualTo(array("blist", "e"));
            assertThat(c.call("BLMPOP", "1", "1", "blist", "LEFT", "COUNT", "2")).isEqualTo(array("blist", raw(array("b", "c"))));
            assertThat(c.call("BLMPOP", "0", "1", "blist", "right", "count", "10")).isEqualTo(array("blist", raw(array("d"))));
            assertThat(c.call("EXISTS", "blist")).isEqualTo(integer(0));

            c.call("RPUSH", "second", "x", "y");
            assertThat(c.call("BLPOP", "first", "second", "0")).isEqualTo(array("second", "x"));
            c.call("RPUSH", "first", "f");
            assertThat(c.call("BRPOP", "first", "second", "0")).isEqualTo(array("first", "f"));   // the first key with elements
            assertThat(c.call("BLMPOP", "0", "2", "first", "second", "LEFT")).isEqualTo(array("second", raw(array("y"))));
        }
    }

    @Test
    void aPushServesTheBlockedClient() throws Exception {
        try (RespConnection blocked = connect(); RespConnection pusher = connect()) {
            blocked.send("BLPOP", "blist1", "0");
            awaitBlocked(control, 1);
            assertThat(pusher.call("RPUSH", "blist1", "foo")).isEqualTo(integer(1));
            assertThat(blocked.readReply()).isEqualTo(array("blist1", "foo"));
            assertThat(pusher.call("EXISTS", "blist1")).isEqualTo(integer(0));
            awaitBlocked(control, 0);

            blocked.send("BRPOP", "blist1", "0");
            awaitBlocked(control, 1);
            assertThat(pusher.call("LPUSH", "blist1", "foo", "bar")).isEqualTo(integer(2));   // variadic push
            assertThat(blocked.readReply()).isEqualTo(array("blist1", "foo"));
            assertThat(pusher.call("LRANGE", "blist1", "0", "-1")).isEqualTo(array("bar"));
        }
    }

    @Test
    void aClientBlockedOnSeveralKeysIsServedByTheFirstToGetElementsAndLeavesTheOthers() throws Exception {
        try (RespConnection blocked = connect(); RespConnection pusher = connect()) {
            blocked.send("BLPOP", "k1", "k2", "k2", "k1", "0");   // a key named twice waits once
            awaitBlocked(control, 1);
            pusher.call("RPUSH", "k2", "b");
            assertThat(blocked.readReply()).isEqualTo(array("k2", "b"));
            awaitBlocked(control, 0);
            pusher.call("RPUSH", "k1", "a");
            assertThat(pusher.call("LRANGE", "k1", "0", "-1")).isEqualTo(array("a"));

            blocked.send("BLMPOP", "0", "2", "m1", "m2", "RIGHT", "COUNT", "2");
            awaitBlocked(control, 1);
            pusher.call("RPUSH", "m2", "1", "2", "3");
            assertThat(blocked.readReply()).isEqualTo(array("m2", raw(array("3", "2"))));
        }
    }

    @Test
    void clientsBlockedOnAKeyAreServedInTheOrderTheyBlocked() throws Exception {
        try (RespConnection first = connect(); RespConnection second = connect(); RespConnection third = connect();
             RespConnection pusher = connect()) {
            first.send("BLPOP", "fifo", "0");
            awaitBlocked(control, 1);
            second.send("BRPOP", "fifo", "0");
            awaitBlocked(control, 2);
            third.send("BLPOP", "other", "fifo", "0");
            awaitBlocked(control, 3);

            assertThat(pusher.call("RPUSH", "fifo", "a")).isEqualTo(integer(1));
            assertThat(first.readReply()).isEqualTo(array("fifo", "a"));
            awaitBlocked(control, 2);

            assertThat(pusher.call("RPUSH", "fifo", "b", "c", "d")).isEqualTo(integer(3));
            assertThat(second.readReply()).isEqualTo(array("fifo", "d"));
            assertThat(third.readReply()).isEqualTo(array("fifo", "b"));
            assertThat(pusher.call("LRANGE", "fifo", "0", "-1")).isEqualTo(array("c"));
            awaitBlocked(control, 0);
        }
    }

    @Test
    void aTransactionWakesBlockedClientsWithItsFinalState() throws Exception {
        try (RespConnection blocked = connect(); RespConnection pusher = connect()) {
            blocked.send("BLPOP", "list", "0");
            awaitBlocked(control, 1);
            pusher.call("MULTI");
            pusher.call("LPUSH", "list", "a");
            pusher.call("LPUSH", "list", "b");
            pusher.call("LPUSH", "list", "c");
            assertThat(pusher.call("EXEC")).isEqualTo(array(1L, 2L, 3L));
            assertThat(blocked.readReply()).isEqualTo(array("list", "c"));

            blocked.send("BLMPOP", "0", "1", "list2", "LEFT");
            awaitBlocked(control, 1);
            pusher.call("MULTI");
            pusher.call("LPUSH", "list2", "a");
            pusher.call("DEL", "list2");
            pusher.call("EXEC");   // pushed, then deleted: nothing to serve
            pusher.call("MULTI");
            pusher.call("LPUSH", "list2", "a");
            pusher.call("DEL", "list2");
            pusher.call("SET", "list2", "foo");
            pusher.call("EXEC");   // now a string: still nothing
            assertThat(pusher.call("CLIENT", "LIST")).contains("flags=b");
            pusher.call("DEL", "list2");
            pusher.call("LPUSH", "list2", "b");
            assertThat(blocked.readReply()).isEqualTo(array("list2", raw(array("b"))));
        }
    }

    @Test
    void severalBlockedMultiPopsShareATransactionsPushes() throws Exception {
        try (RespConnection rd1 = connect(); RespConnection rd2 = connect(); RespConnection rd3 = connect();
             RespConnection rd4 = connect(); RespConnection pusher = connect()) {
            rd1.send("BLMPOP", "0", "2", "blist", "blist2", "LEFT", "COUNT", "1");
            awaitBlocked(control, 1);
            rd2.send("BLMPOP", "0", "2", "blist", "blist2", "RIGHT", "COUNT", "10");
            awaitBlocked(control, 2);
            rd3.send("BLMPOP", "0", "2", "blist", "blist2", "LEFT", "COUNT", "10");
            awaitBlocked(control, 3);
            rd4.send("BLMPOP", "0", "2", "blist", "blist2", "RIGHT", "COUNT", "1");
            awaitBlocked(control, 4);

            pusher.call("MULTI");
            pusher.call("LPUSH", "blist", "a", "b", "c", "d", "e");
            pusher.call("LPUSH", "blist2", "1", "2", "3", "4", "5");
            pusher.call("EXEC");
            assertThat(rd1.readReply()).isEqualTo(array("blist", raw(array("e"))));
            assertThat(rd2.readReply()).isEqualTo(array("blist", raw(array("a", "b", "c", "d"))));
            assertThat(rd3.readReply()).isEqualTo(array("blist2", raw(array("5", "4", "3", "2", "1"))));
            awaitBlocked(control, 1);
            pusher.call("LPUSH", "blist2", "1", "2", "3");
            assertThat(rd4.readReply()).isEqualTo(array("blist2", raw(array("1"))));
        }
    }

    @Test
    void blmoveAndBrpoplpushMoveAtOnceInEveryDirection() throws Exception {
        try (RespConnection c = connect()) {
            String[][] directions = {{"LEFT", "LEFT"}, {"LEFT", "RIGHT"}, {"RIGHT", "LEFT"}, {"RIGHT", "RIGHT"}};
            for (String[] direction : directions) {
                c.call("DEL", "src", "dst");
                c.call("RPUSH", "dst", "bar");
                c.call("RPUSH", "src", "a", "b", "c");
                String moved = direction[0].equals("LEFT") ? "a" : "c";
                assertThat(c.call("BLMOVE", "src", "dst", direction[0], direction[1], "1")).isEqualTo(bulk(moved));
                assertThat(c.call("LRANGE", "dst", "0", "-1"))
                        .isEqualTo(direction[1].equals("LEFT") ? array(moved, "bar") : array("bar", moved));
            }
            c.call("DEL", "src", "dst");
            c.call("RPUSH", "src", "a", "b");
            assertThat(c.call("BRPOPLPUSH", "src", "dst", "0")).isEqualTo(bulk("b"));
            assertThat(c.call("LRANGE", "dst", "0", "-1")).isEqualTo(array("b"));
        }
    }

    @Test
    void blockedBlmovesPushToTheirDestinationsAndServeTheClientsWaitingThere() throws Exception {
        try (RespConnection rd1 = connect(); RespConnection rd2 = connect(); RespConnection rd3 = connect();
             RespConnection pusher = connect()) {
            rd1.send("BLMOVE", "list1", "list2", "RIGHT", "LEFT", "0");
            awaitBlocked(control, 1);
            rd2.send("BLMOVE", "list2", "list3", "LEFT", "RIGHT", "0");
            awaitBlocked(control, 2);
            rd3.send("BLPOP", "list3", "0");
            awaitBlocked(control, 3);
            assertThat(pusher.call("RPUSH", "list1", "foo")).isEqualTo(integer(1));
            assertThat(rd1.readReply()).isEqualTo(bulk("foo"));
            assertThat(rd2.readReply()).isEqualTo(bulk("foo"));
            assertThat(rd3.readReply()).isEqualTo(array("list3", "foo"));
            assertThat(pusher.call("EXISTS", "list1", "list2", "list3")).isEqualTo(integer(0));
            awaitBlocked(control, 0);

            rd1.send("BRPOPLPUSH", "c1", "c2", "0");   // circular
            awaitBlocked(control, 1);
            rd2.send("BRPOPLPUSH", "c2", "c1", "0");
            awaitBlocked(control, 2);
            pusher.call("RPUSH", "c1", "foo");
            assertThat(rd1.readReply()).isEqualTo(bulk("foo"));
            assertThat(rd2.readReply()).isEqualTo(bulk("foo"));
            assertThat(pusher.call("LRANGE", "c1", "0", "-1")).isEqualTo(array("foo"));
            assertThat(pusher.call("EXISTS", "c2")).isEqualTo(integer(0));

            rd3.send("BRPOPLPUSH", "self", "self", "0");   // self-referential
            awaitBlocked(control, 1);
            pusher.call("RPUSH", "self", "foo");
            assertThat(rd3.readReply()).isEqualTo(bulk("foo"));
            assertThat(pusher.call("LRANGE", "self", "0", "-1")).isEqualTo(array("foo"));
        }
    }

    @Test
    void aBlmoveServedAtOnceServesAClientWaitingOnItsDestination() throws Exception {
        try (RespConnection blocked = connect(); RespConnection mover = connect()) {
            blocked.send("BLPOP", "target", "0");
            awaitBlocked(control, 1);
            mover.call("RPUSH", "source", "foo");
            assertThat(mover.call("BLMOVE", "source", "target", "LEFT", "RIGHT", "0")).isEqualTo(bulk("foo"));
            assertThat(blocked.readReply()).isEqualTo(array("target", "foo"));
            assertThat(mover.call("EXISTS", "source", "target")).isEqualTo(integer(0));
        }
    }

    @Test
    void aBlmoveServedLaterPushesAtTheRequestedEnd() throws Exception {
        try (RespConnection blocked = connect(); RespConnection pusher = connect()) {
            pusher.call("RPUSH", "target", "bar");
            blocked.send("BLMOVE", "blist", "target", "RIGHT", "RIGHT", "0");
            awaitBlocked(control, 1);
            pusher.call("RPUSH", "blist", "x", "foo");
            assertThat(blocked.readReply()).isEqualTo(bulk("foo"));
            assertThat(pusher.call("LRANGE", "target", "0", "-1")).isEqualTo(array("bar", "foo"));
            assertThat(pusher.call("LRANGE", "blist", "0", "-1")).isEqualTo(array("x"));
        }
    }

    @Test
    void aKeyOfAnotherTypeGivesWrongtypeWhenMetBeforeAList() throws Exception {
        try (RespConnection c = connect()) {
            c.call("SET", "string", "x");
            assertThat(c.call("BLPOP", "string", "0")).isEqualTo(WRONGTYPE);
            assertThat(c.call("BRPOP", "empty", "string", "1")).isEqualTo(WRONGTYPE);
            assertThat(c.call("BLMPOP", "0", "2", "empty", "string", "LEFT")).isEqualTo(WRONGTYPE);
            c.call("RPUSH", "full", "v");
            assertThat(c.call("BLPOP", "full", "string", "0")).isEqualTo(array("full", "v"));   // served before it looks further
            assertThat(c.call("BRPOPLPUSH", "string", "dst", "1")).isEqualTo(WRONGTYPE);
            assertThat(c.call("BLMOVE", "string", "dst", "LEFT", "LEFT", "1")).isEqualTo(WRONGTYPE);
            c.call("RPUSH", "src", "a");
            assertThat(c.call("BRPOPLPUSH", "src", "string", "0")).isEqualTo(WRONGTYPE);   // destination checked too
            assertThat(c.call("LRANGE", "src", "0", "-1")).isEqualTo(array("a"));
        }
    }

    @Test
    void aDestinationOfAnotherTypeAnswersTheBlockedClientWithWrongtypeAndKeepsTheElements() throws Exception {
        try (RespConnection rd1 = connect(); RespConnection rd2 = connect(); RespConnection pusher = connect()) {
            pusher.call("SET", "target1", "nolist");
            rd1.send("BRPOPLPUSH", "blist", "target1", "0");
            awaitBlocked(control, 1);
            rd2.send("BRPOPLPUSH", "blist", "target2", "0");
            awaitBlocked(control, 2);
            pusher.call("LPUSH", "blist", "foo");
            assertThat(rd1.readReply()).isEqualTo(WRONGTYPE);
            assertThat(rd2.readReply()).isEqualTo(bulk("foo"));
            assertThat(pusher.call("LRANGE", "target2", "0", "-1")).isEqualTo(array("foo"));

            rd1.send("BRPOPLPUSH", "blist", "target1", "0");
            awaitBlocked(control, 1);
            pusher.call("RPUSH", "blist", "a", "b", "c");
            assertThat(rd1.readReply()).isEqualTo(WRONGTYPE);
            assertThat(pusher.call("LRANGE", "blist", "0", "-1")).isEqualTo(array("a", "b", "c"));
        }
    }

    @Test
    void aKeyThatChangesTypeWhileClientsWaitKeepsThemBlocked() throws Exception {
        try (RespConnection blocked = connect(); RespConnection pusher = connect()) {
            blocked.send("BLPOP", "changing", "0");
            awaitBlocked(control, 1);
            pusher.call("ZADD", "changing", "1", "member");
            pusher.call("DEL", "changing");
            pusher.call("SADD", "changing", "member");
            assertThat(pusher.call("INFO", "clients")).contains("blocked_clients:1\r\n");
            pusher.call("DEL", "changing");
            pusher.call("RPUSH", "changing", "v");
            assertThat(blocked.readReply()).isEqualTo(array("changing", "v"));
        }
    }

    @Test
    void keysMovedIntoPlaceServeBlockedClients() throws Exception {
        try (RespConnection blocked = connect(); RespConnection pusher = connect()) {
            blocked.send("BLPOP", "foo", "0");
            awaitBlocked(control, 1);
            pusher.call("LPUSH", "bob", "abc", "def", "hij");
            assertThat(pusher.call("RENAME", "bob", "foo")).isEqualTo("+OK\r\n");
            assertThat(blocked.readReply()).isEqualTo(array("foo", "hij"));

            blocked.call("SELECT", "9");
            blocked.send("BRPOP", "k", "0");
            awaitBlocked(control, 1);
            pusher.call("SELECT", "1");
            pusher.call("RPUSH", "k", "hello");
            pusher.call("SWAPDB", "1", "9");
            assertThat(blocked.readReply()).isEqualTo(array("k", "hello"));
        }
    }

    @Test
    void theEmptyListAnswersInsideATransactionInsteadOfBlocking() throws Exception {
        try (RespConnection c = connect()) {
            c.call("LPUSH", "xlist", "foo", "bar");
            c.call("MULTI");
            for (int i = 0; i < 3; i++) {
                assertThat(c.call("BLPOP", "xlist", "0")).isEqualTo("+QUEUED\r\n");
            }
            assertThat(c.call("EXEC")).isEqualTo("*3\r\n" + array("xlist", "bar") + array("xlist", "foo") + NULL_ARRAY);

            c.call("LPUSH", "xlist", "foo", "bar");
            c.call("MULTI");
            c.call("BRPOPLPUSH", "xlist", "target", "0");
            c.call("BRPOPLPUSH", "xlist", "target", "0");
            c.call("BRPOPLPUSH", "xlist", "target", "0");
            c.call("BLMOVE", "xlist", "target", "LEFT", "LEFT", "0");
            c.call("BLMPOP", "0", "1", "xlist", "LEFT");
            c.call("LRANGE", "target", "0", "-1");
            assertThat(c.call("EXEC")).isEqualTo("*6\r\n" + bulk("foo") + bulk("bar") + "$-1\r\n" + "$-1\r\n" + NULL_ARRAY
                    + array("bar", "foo"));
            assertThat(c.call("INFO", "clients")).contains("blocked_clients:0\r\n");
        }
    }

    @Test
    void argumentsAreCheckedWithRedisErrors() throws Exception {
        try (RespConnection c = connect()) {
            assertThat(c.call("BLPOP", "k", "abc")).isEqualTo("-ERR timeout is not a float or out of range\r\n");
            assertThat(c.call("BLPOP", "k", "-1")).isEqualTo("-ERR timeout is negative\r\n");
            assertThat(c.call("BRPOP", "k", " 1")).isEqualTo("-ERR timeout is not a float or out of range\r\n");
            assertThat(c.call("BLPOP", "k")).isEqualTo("-ERR wrong number of arguments for 'blpop' command\r\n");
            assertThat(c.call("BLMOVE", "a", "b", "UP", "LEFT", "0")).isEqualTo("-ERR syntax error\r\n");
            assertThat(c.call("BLMOVE", "a", "b", "LEFT", "LEFT", "x")).isEqualTo("-ERR timeout is not a float or out of range\r\n");
            assertThat(c.call("BRPOPLPUSH", "a", "b", "-0.5")).isEqualTo("-ERR timeout is negative\r\n");
            assertThat(c.call("BLMPOP", "x", "0", "k", "LEFT")).isEqualTo("-ERR numkeys should be greater than 0\r\n");
            assertThat(c.call("BLMPOP", "x", "1", "k", "LEFT")).isEqualTo("-ERR timeout is not a float or out of range\r\n");
            assertThat(c.call("BLMPOP", "0", "2", "k", "LEFT")).isEqualTo("-ERR syntax error\r\n");
            assertThat(c.call("BLMPOP", "0", "1", "k", "LEFT", "COUNT", "0")).isEqualTo("-ERR count should be greater than 0\r\n");
            assertThat(c.call("BLMPOP", "0", "1", "k")).isEqualTo("-ERR wrong number of arguments for 'blmpop' command\r\n");
            assertThat(c.call("INFO", "clients")).contains("blocked_clients:0\r\n");
        }
    }
}
