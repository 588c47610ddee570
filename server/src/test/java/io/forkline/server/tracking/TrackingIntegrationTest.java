package io.forkline.server.tracking;

import io.forkline.server.RespConnection;
import io.forkline.server.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** CLIENT TRACKING against a real server, byte for byte, as Redis 7.0 sends its invalidations. */
class TrackingIntegrationTest extends ServerFixture {

    @AfterEach
    void tableLimitBack() throws IOException {
        try (RespConnection admin = connect()) {
            admin.call("CONFIG", "SET", "tracking-table-max-keys", "1000000");
        }
    }

    /** {@code >2 invalidate [keys]}: what a RESP3 client gets. */
    private static String invalidate(String... keys) {
        return ">2\r\n$10\r\ninvalidate\r\n" + keys(keys);
    }

    private static String keys(String... keys) {
        StringBuilder out = new StringBuilder("*").append(keys.length).append("\r\n");
        for (String key : keys) {
            out.append('$').append(key.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(key).append("\r\n");
        }
        return out.toString();
    }

    private static RespConnection resp3() throws IOException {
        RespConnection connection = connect();
        assertThat(connection.call("HELLO", "3")).startsWith("%7\r\n");
        return connection;
    }

    /**
     * Waits until the server has run a tick (where tracking checks whether it is idle) after this call: a key set to
     * expire at once leaves DBSIZE when active expiry, at the start of a tick, removes it.
     */
    private static void awaitTick(RespConnection connection) throws Exception {
        String before = connection.call("DBSIZE");
        connection.call("SET", "tick-probe", "1", "PX", "1");
        for (int i = 0; i < 500 && !connection.call("DBSIZE").equals(before); i++) {
            Thread.sleep(10);
        }
        assertThat(connection.call("DBSIZE")).as("a tick removed the expired probe").isEqualTo(before);
    }

    private static String info(RespConnection connection, String field) throws IOException {
        String text = connection.call("INFO");
        int at = text.indexOf("\r\n" + field + ":");
        assertThat(at).as(field).isPositive();
        int start = at + field.length() + 3;
        return text.substring(start, text.indexOf("\r\n", start));
    }

    @Test
    void aKeyReadIsInvalidatedOnceWhenAnotherClientChangesIt() throws Exception {
        try (RespConnection reader = resp3(); RespConnection writer = connect()) {
            writer.call("SET", "k1", "v");
            assertThat(reader.call("CLIENT", "TRACKING", "on")).isEqualTo("+OK\r\n");
            assertThat(reader.call("GET", "k1")).isEqualTo("$1\r\nv\r\n");
            writer.call("SET", "k1", "w");
            assertThat(reader.readReply()).isEqualTo(invalidate("k1"));
            writer.call("SET", "k1", "x");   // forgotten until read again: no second message
            assertThat(reader.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    /**
     * Turning tracking off leaves the client's keys in the table, as in Redis: turned on again, it hears of a key it
     * read before, unless the key changed meanwhile (that change took it out of the table). Ticks pass while no
     * client tracks: tracking's hooks must not stand aside while the table holds keys.
     */
    @Test
    void keysReadBeforeTrackingWasTurnedOffStayTrackedUntilTheyChange() throws Exception {
        try (RespConnection reader = resp3(); RespConnection writer = connect()) {
            writer.call("MSET", "k-kept", "v", "k-changed", "v");
            reader.call("CLIENT", "TRACKING", "on");
            reader.call("MGET", "k-kept", "k-changed");
            assertThat(reader.call("CLIENT", "TRACKING", "off")).isEqualTo("+OK\r\n");
            awaitTick(writer);   // with no client tracking
            writer.call("SET", "k-changed", "w");   // not sent (tracking is off), and forgotten
            assertThat(reader.call("CLIENT", "TRACKING", "on")).isEqualTo("+OK\r\n");
            writer.call("SET", "k-changed", "x");
            writer.call("SET", "k-kept", "w");
            assertThat(reader.readReply()).isEqualTo(invalidate("k-kept"));
            assertThat(reader.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    /** Once no client tracks and the table is empty, the hooks stand aside; a client turning tracking on brings them back. */
    @Test
    void trackingWorksAgainAfterEveryClientHadItOff() throws Exception {
        try (RespConnection reader = resp3(); RespConnection writer = connect()) {
            writer.call("FLUSHALL");   // empties the table
            awaitTick(writer);
            writer.call("SET", "k-again", "v");
            reader.call("CLIENT", "TRACKING", "on");
            reader.call("GET", "k-again");
            writer.call("SET", "k-again", "w");
            assertThat(reader.readReply()).isEqualTo(invalidate("k-again"));
        }
    }

    @Test
    void aClientsOwnChangeIsInvalidatedAfterItsReply() throws Exception {
        try (RespConnection client = resp3()) {
            client.call("CLIENT", "TRACKING", "on");
            client.call("HSET", "h", "f", "1");
            client.call("HGET", "h", "f");
            assertThat(client.call("HDEL", "h", "f")).isEqualTo(":1\r\n");
            assertThat(client.readReply()).isEqualTo(invalidate("h"));
        }
    }

    @Test
    void invalidationsOfATransactionFollowItsWholeReply() throws Exception {
        try (RespConnection client = resp3()) {
            client.call("CLIENT", "TRACKING", "on");
            client.call("MSET", "a{t}", "1", "b{t}", "2");
            client.call("GET", "a{t}");
            client.call("MULTI");
            client.call("INCR", "a{t}");
            client.call("GET", "b{t}");
            assertThat(client.call("EXEC")).isEqualTo("*2\r\n:2\r\n$1\r\n2\r\n");
            assertThat(client.readReply()).isEqualTo(invalidate("a{t}"));
        }
    }

    @Test
    void noloopSkipsTheClientsOwnChanges() throws Exception {
        try (RespConnection client = resp3(); RespConnection other = connect()) {
            client.call("CLIENT", "TRACKING", "on", "NOLOOP");
            client.call("GET", "n1");
            client.call("GET", "n2");
            client.call("SET", "n1", "mine");
            other.call("SET", "n2", "theirs");
            assertThat(client.readReply()).isEqualTo(invalidate("n2"));
        }
    }

    @Test
    void aResp2ClientReceivesThroughARedirectionInPubSubMode() throws Exception {
        try (RespConnection reader = connect(); RespConnection sink = connect(); RespConnection writer = connect()) {
            String id = sink.call("CLIENT", "ID").substring(1).trim();
            sink.call("SUBSCRIBE", "__redis__:invalidate");
            assertThat(reader.call("CLIENT", "TRACKING", "on", "REDIRECT", id)).isEqualTo("+OK\r\n");
            reader.call("GET", "r1");
            writer.call("SET", "r1", "1");
            assertThat(sink.readReply()).isEqualTo("*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n" + keys("r1"));
            assertThat(reader.call("CLIENT", "GETREDIR")).isEqualTo(":" + id + "\r\n");
        }
    }

    @Test
    void aRedirectionThatWentAwayIsReportedToAResp3Client() throws Exception {
        try (RespConnection reader = resp3(); RespConnection writer = connect()) {
            String id;
            try (RespConnection sink = connect()) {
                id = sink.call("CLIENT", "ID").substring(1).trim();
                reader.call("CLIENT", "TRACKING", "on", "REDIRECT", id);
                reader.call("GET", "gone");
                assertThat(sink.call("QUIT")).isEqualTo("+OK\r\n");
            }
            writer.call("SET", "gone", "1");
            assertThat(reader.readReply()).isEqualTo(">2\r\n$21\r\ntracking-redir-broken\r\n:" + id + "\r\n");
            assertThat(reader.call("CLIENT", "INFO")).contains(" flags=tR ").contains(" redir=" + id + " ");
        }
    }

    @Test
    void bcastSendsTheChangedKeysOfItsPrefixesInByteOrder() throws Exception {
        try (RespConnection client = resp3(); RespConnection writer = connect()) {
            assertThat(client.call("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "a:", "PREFIX", "b:")).isEqualTo("+OK\r\n");
            writer.call("MSET", "b:2", "1", "a:1", "1", "c:3", "1");
            assertThat(client.readReply()).isEqualTo(invalidate("a:1"));
            assertThat(client.readReply()).isEqualTo(invalidate("b:2"));
            writer.call("MSET", "a:z", "1", "a:y", "1");
            assertThat(client.readReply()).isEqualTo(invalidate("a:y", "a:z"));
            assertThat(client.call("CLIENT", "TRACKINGINFO")).isEqualTo(
                    "%3\r\n$5\r\nflags\r\n~2\r\n$2\r\non\r\n$5\r\nbcast\r\n$8\r\nredirect\r\n:0\r\n"
                            + "$8\r\nprefixes\r\n*2\r\n$2\r\na:\r\n$2\r\nb:\r\n");
            assertThat(client.call("CLIENT", "INFO")).contains(" flags=tB ");
        }
    }

    @Test
    void optinTracksOnlyAfterCachingYes() throws Exception {
        try (RespConnection client = resp3(); RespConnection writer = connect()) {
            client.call("CLIENT", "TRACKING", "on", "OPTIN");
            client.call("GET", "o1");
            assertThat(client.call("CLIENT", "CACHING", "yes")).isEqualTo("+OK\r\n");
            client.call("GET", "o2");
            client.call("GET", "o3");   // CACHING lasted one command
            writer.call("MSET", "o1", "1", "o2", "2", "o3", "3");
            assertThat(client.readReply()).isEqualTo(invalidate("o2"));
            assertThat(client.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void optoutTracksUnlessCachingNo() throws Exception {
        try (RespConnection client = resp3(); RespConnection writer = connect()) {
            client.call("CLIENT", "TRACKING", "on", "OPTOUT");
            client.call("CLIENT", "CACHING", "no");
            client.call("GET", "p1");
            client.call("GET", "p2");
            writer.call("MSET", "p1", "1", "p2", "2");
            assertThat(client.readReply()).isEqualTo(invalidate("p2"));
            assertThat(client.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void aFlushInvalidatesEverythingWithANull() throws Exception {
        try (RespConnection client = resp3(); RespConnection writer = connect()) {
            client.call("CLIENT", "TRACKING", "on");
            client.call("GET", "f1");
            assertThat(info(control, "tracking_total_keys")).isEqualTo("1");
            writer.call("FLUSHALL");
            assertThat(client.readReply()).isEqualTo(">2\r\n$10\r\ninvalidate\r\n_\r\n");
            assertThat(info(control, "tracking_total_keys")).isEqualTo("0");
        }
    }

    @Test
    void anExpiredKeyIsInvalidated() throws Exception {
        try (RespConnection client = resp3(); RespConnection writer = connect()) {
            client.call("CLIENT", "TRACKING", "on");
            String read = "$-1\r\n";
            for (int ttl = 500; read.equals("$-1\r\n"); ttl *= 2) {   // read it before it expires, however slow the machine
                writer.call("SET", "e1", "1", "PX", Integer.toString(ttl));
                read = client.call("GET", "e1");
            }
            assertThat(client.readReply()).isEqualTo(invalidate("e1"));   // active expiry deleted it
        }
    }

    @Test
    void theTableLimitInvalidatesKeysPastIt() throws Exception {
        try (RespConnection client = resp3()) {
            client.call("CLIENT", "TRACKING", "on");
            client.call("MGET", "t1", "t2", "t3");
            assertThat(control.call("CONFIG", "SET", "tracking-table-max-keys", "1")).isEqualTo("+OK\r\n");
            assertThat(client.readReply()).isEqualTo(invalidate("t1"));   // the oldest go first, on the next tick
            assertThat(client.readReply()).isEqualTo(invalidate("t2"));
            assertThat(info(control, "tracking_total_keys")).isEqualTo("1");
        }
    }

    @Test
    void infoCountsClientsKeysItemsAndPrefixes() throws Exception {
        try (RespConnection a = connect(); RespConnection b = connect(); RespConnection c = connect()) {
            a.call("CLIENT", "TRACKING", "on");
            b.call("CLIENT", "TRACKING", "on");
            c.call("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "x", "PREFIX", "y");
            a.call("MGET", "i1", "i2");
            b.call("GET", "i1");
            assertThat(info(control, "tracking_clients")).isEqualTo("3");
            assertThat(info(control, "tracking_total_keys")).isEqualTo("2");
            assertThat(info(control, "tracking_total_items")).isEqualTo("3");
            assertThat(info(control, "tracking_total_prefixes")).isEqualTo("2");
            c.call("CLIENT", "TRACKING", "off");
            assertThat(info(control, "tracking_total_prefixes")).isEqualTo("0");
            assertThat(info(control, "tracking_clients")).isEqualTo("2");
            a.call("QUIT");
            b.call("QUIT");
            assertThat(info(control, "tracking_clients")).isEqualTo("0");   // leaving turns tracking off
        }
    }

    @Test
    void resetTurnsTrackingOff() throws Exception {
        try (RespConnection client = connect()) {
            client.call("CLIENT", "SETNAME", "tracker");
            client.call("CLIENT", "TRACKING", "on");
            assertThat(client.call("CLIENT", "INFO")).contains(" flags=t ").contains(" redir=0 ");
            assertThat(client.call("RESET")).isEqualTo("+RESET\r\n");
            assertThat(client.call("CLIENT", "INFO")).contains(" name= ").contains(" flags=N ").contains(" redir=-1 ");
            assertThat(client.call("CLIENT", "GETREDIR")).isEqualTo(":-1\r\n");
            assertThat(client.call("CLIENT", "TRACKINGINFO")).isEqualTo(
                    "*6\r\n$5\r\nflags\r\n*1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n");
        }
    }

    @Test
    void optionsAreCheckedAsRedisChecksThem() throws Exception {
        try (RespConnection client = connect()) {
            assertThat(client.call("CLIENT", "TRACKING", "on", "PREFIX", "a")).isEqualTo(
                    "-ERR PREFIX option requires BCAST mode to be enabled\r\n");
            assertThat(client.call("CLIENT", "TRACKING", "on", "OPTIN", "OPTOUT")).isEqualTo(
                    "-ERR You can't specify both OPTIN mode and OPTOUT mode\r\n");
            assertThat(client.call("CLIENT", "TRACKING", "on", "BCAST", "OPTIN")).isEqualTo(
                    "-ERR OPTIN and OPTOUT are not compatible with BCAST\r\n");
            assertThat(client.call("CLIENT", "TRACKING", "on", "REDIRECT", "999999")).isEqualTo(
                    "-ERR The client ID you want redirect to does not exist\r\n");
            assertThat(client.call("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "FOO", "PREFIX", "FOOBAR")).isEqualTo(
                    "-ERR Prefix 'FOO' overlaps with another provided prefix 'FOOBAR'. Prefixes for a single client must not overlap.\r\n");
            assertThat(client.call("CLIENT", "TRACKING", "maybe")).isEqualTo("-ERR syntax error\r\n");
            assertThat(client.call("CLIENT", "CACHING", "yes")).isEqualTo(
                    "-ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled\r\n");
            client.call("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "BAR");
            assertThat(client.call("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "BARB")).isEqualTo(
                    "-ERR Prefix 'BARB' overlaps with an existing prefix 'BAR'. Prefixes for a single client must not overlap.\r\n");
            assertThat(client.call("CLIENT", "TRACKING", "on")).startsWith("-ERR You can't switch BCAST mode on/off");
        }
    }

    @Test
    void commandGetkeysFindsMovableKeys() throws Exception {
        assertThat(control.call("COMMAND", "GETKEYS", "ZUNIONSTORE", "d", "2", "a", "b", "WEIGHTS", "1", "2"))
                .isEqualTo("*3\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n");
        assertThat(control.call("COMMAND", "GETKEYS", "ZUNION", "5", "a", "b"))
                .isEqualTo("-ERR Invalid arguments specified for command\r\n");
        assertThat(control.call("COMMAND", "GETKEYS", "SORT", "a", "BY", "x", "STORE", "z", "LIMIT", "0", "1", "STORE", "w"))
                .isEqualTo("*2\r\n$1\r\na\r\n$1\r\nw\r\n");
        assertThat(control.call("COMMAND", "GETKEYS", "BZMPOP", "0.5", "2", "a", "b", "MIN"))
                .isEqualTo("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
    }
}
