package io.forkline.server.exec;

import io.forkline.server.ForklineServer;
import io.forkline.server.RespConnection;
import io.forkline.server.ServerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * CLIENT PAUSE and CLIENT UNPAUSE on a real server, replies compared byte for byte with Redis 7.0's.
 * A held command is seen through INFO's blocked_clients (Redis counts paused clients there) or through
 * the server's clock in TIME replies, never by sleeping.
 */
class ClientPauseIntegrationTest {

    private static final String OK = "+OK\r\n";
    private static final String NIL = "$-1\r\n";

    private ForklineServer server;

    @BeforeEach
    void start() throws Exception {
        server = ForklineServer.start(ServerSettings.defaults(0).with("hz", "100"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RespConnection connect() throws IOException {
        return new RespConnection(server.port());
    }

    @Test
    void aWritePauseHoldsWritesAndUnpauseRunsThemInArrivalOrder() throws Exception {
        try (RespConnection admin = connect(); RespConnection first = connect(); RespConnection second = connect();
             RespConnection third = connect()) {
            assertThat(admin.call("CLIENT", "PAUSE", "100000", "WRITE")).isEqualTo(OK);
            first.send("SET", "k", "a");
            awaitBlockedClients(admin, 1);
            second.send("SET", "k", "b");
            awaitBlockedClients(admin, 2);
            third.send("APPEND", "k", "c");
            awaitBlockedClients(admin, 3);
            assertThat(admin.call("GET", "k")).isEqualTo(NIL);
            assertThat(admin.call("CLIENT", "UNPAUSE")).isEqualTo(OK);
            assertThat(first.readReply()).isEqualTo(OK);
            assertThat(second.readReply()).isEqualTo(OK);
            assertThat(third.readReply()).isEqualTo(":2\r\n");
            assertThat(admin.call("GET", "k")).isEqualTo("$2\r\nbc\r\n");
            assertThat(blockedClients(admin)).isZero();
        }
    }

    @Test
    void readsRunUnderAWritePauseAndMayReplicateCommandsWait() throws Exception {
        try (RespConnection admin = connect(); RespConnection reader = connect(); RespConnection publisher = connect()) {
            assertThat(admin.call("SET", "k", "v")).isEqualTo(OK);
            assertThat(admin.call("CLIENT", "PAUSE", "100000", "WRITE")).isEqualTo(OK);
            assertThat(reader.call("GET", "k")).isEqualTo("$1\r\nv\r\n");
            assertThat(reader.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(reader.call("EXISTS", "k", "nope")).isEqualTo(":1\r\n");
            assertThat(reader.call("MULTI")).isEqualTo(OK);
            assertThat(reader.call("PING")).isEqualTo("+QUEUED\r\n");
            assertThat(reader.call("GET", "k")).isEqualTo("+QUEUED\r\n");
            assertThat(reader.call("EXEC")).isEqualTo("*2\r\n+PONG\r\n$1\r\nv\r\n");
            assertThat(blockedClients(admin)).isZero();
            publisher.send("PUBLISH", "channel", "message");   // may replicate: Redis holds it under WRITE
            awaitBlockedClients(admin, 1);
            assertThat(admin.call("CLIENT", "UNPAUSE")).isEqualTo(OK);
            assertThat(publisher.readReply()).isEqualTo(":0\r\n");
        }
    }

    @Test
    void commandsBehindAHeldOneWaitEvenWhenThePauseAllowsThem() throws Exception {
        try (RespConnection admin = connect(); RespConnection client = connect()) {
            assertThat(admin.call("CLIENT", "PAUSE", "100000", "WRITE")).isEqualTo(OK);
            sendBehindASleep(client, "SET k v\r\nGET k\r\nPING\r\n");
            awaitBlockedClients(admin, 1);
            assertThat(admin.call("GET", "k")).isEqualTo(NIL);
            assertThat(admin.call("CLIENT", "UNPAUSE")).isEqualTo(OK);
            assertThat(client.readReply()).isEqualTo(OK);
            assertThat(client.readReply()).isEqualTo("$1\r\nv\r\n");
            assertThat(client.readReply()).isEqualTo("+PONG\r\n");
            assertThat(client.call("INCR", "n")).isEqualTo(":1\r\n");   // reading again once released
        }
    }

    @Test
    void anAllPauseHoldsEveryCommandThePausingClientsToo() throws Exception {
        try (RespConnection admin = connect(); RespConnection other = connect()) {
            admin.send("TIME");
            admin.send("CLIENT", "PAUSE", "200", "ALL");
            long start = micros(admin.readReply());
            assertThat(admin.readReply()).isEqualTo(OK);
            other.send("TIME");
            admin.send("CLIENT", "UNPAUSE");   // held as well: under ALL only the timeout ends the pause
            admin.send("TIME");
            long otherRan = micros(other.readReply());
            assertThat(admin.readReply()).isEqualTo(OK);
            long adminRan = micros(admin.readReply());
            assertThat(otherRan - start).isGreaterThanOrEqualTo(200_000).isLessThan(10_000_000);
            assertThat(adminRan - start).isGreaterThanOrEqualTo(200_000).isLessThan(10_000_000);
        }
    }

    @Test
    void aPauseEndsOnATickOnceItsTimeoutHasPassed() throws Exception {
        try (RespConnection admin = connect(); RespConnection writer = connect()) {
            admin.send("TIME");
            admin.send("CLIENT", "PAUSE", "150", "WRITE");
            long start = micros(admin.readReply());
            assertThat(admin.readReply()).isEqualTo(OK);
            writer.send("SET", "k", "v");
            writer.send("TIME");
            assertThat(writer.readReply()).isEqualTo(OK);
            assertThat(micros(writer.readReply()) - start).isGreaterThanOrEqualTo(150_000);
            assertThat(blockedClients(admin)).isZero();
            assertThat(writer.call("SET", "k", "w")).isEqualTo(OK);
        }
    }

    @Test
    void aSecondPauseKeepsTheStricterModeAndTheLaterEnd() throws Exception {
        try (RespConnection admin = connect(); RespConnection reader = connect()) {
            admin.send("TIME");
            admin.send("CLIENT", "PAUSE", "300", "ALL");
            admin.send("CLIENT", "PAUSE", "50", "WRITE");
            long start = micros(admin.readReply());
            assertThat(admin.readReply()).isEqualTo(OK);
            assertThat(admin.readReply()).isEqualTo(OK);
            reader.send("TIME");   // a read: held only because ALL, the stricter, stays
            assertThat(micros(reader.readReply()) - start).isGreaterThanOrEqualTo(300_000);
        }
    }

    @Test
    void aWriteCommandInsideMultiAndAnExecThatWritesAreHeld() throws Exception {
        try (RespConnection admin = connect(); RespConnection queued = connect(); RespConnection queuing = connect()) {
            assertThat(queued.call("MULTI")).isEqualTo(OK);
            assertThat(queued.call("SET", "k", "v")).isEqualTo("+QUEUED\r\n");
            assertThat(queuing.call("MULTI")).isEqualTo(OK);
            assertThat(admin.call("CLIENT", "PAUSE", "100000", "WRITE")).isEqualTo(OK);
            queued.send("EXEC");
            awaitBlockedClients(admin, 1);
            queuing.send("SET", "k2", "x");   // Redis checks the pause before queueing
            awaitBlockedClients(admin, 2);
            assertThat(admin.call("GET", "k")).isEqualTo(NIL);
            assertThat(admin.call("CLIENT", "UNPAUSE")).isEqualTo(OK);
            assertThat(queued.readReply()).isEqualTo("*1\r\n+OK\r\n");
            assertThat(queuing.readReply()).isEqualTo("+QUEUED\r\n");
            assertThat(queuing.call("EXEC")).isEqualTo("*1\r\n+OK\r\n");
            assertThat(admin.call("MGET", "k", "k2")).isEqualTo("*2\r\n$1\r\nv\r\n$1\r\nx\r\n");
        }
    }

    @Test
    void aHeldClientThatDisconnectsIsForgottenAndItsCommandsNeverRun() throws Exception {
        try (RespConnection admin = connect()) {
            assertThat(admin.call("CLIENT", "PAUSE", "100000", "WRITE")).isEqualTo(OK);
            try (RespConnection leaving = connect()) {
                leaving.send("SET", "k", "v");
                awaitBlockedClients(admin, 1);
            }
            awaitBlockedClients(admin, 0);
            assertThat(admin.call("CLIENT", "UNPAUSE")).isEqualTo(OK);
            assertThat(admin.call("GET", "k")).isEqualTo(NIL);
        }
    }

    @Test
    void refusalsAnswerAtOnceWhilePaused() throws Exception {
        try (RespConnection admin = connect(); RespConnection client = connect()) {
            assertThat(admin.call("CLIENT", "PAUSE", "100000", "WRITE")).isEqualTo(OK);
            assertThat(client.call("SET", "k")).isEqualTo("-ERR wrong number of arguments for 'set' command\r\n");
            assertThat(client.call("NOSUCH", "k")).startsWith("-ERR unknown command 'NOSUCH'");
            assertThat(client.call("MULTI")).isEqualTo(OK);
            assertThat(client.call("SET", "k")).isEqualTo("-ERR wrong number of arguments for 'set' command\r\n");
            assertThat(client.call("EXEC")).isEqualTo("-EXECABORT Transaction discarded because of previous errors.\r\n");
            assertThat(blockedClients(admin)).isZero();
            assertThat(admin.call("CLIENT", "UNPAUSE")).isEqualTo(OK);
        }
    }

    @Test
    void aZeroOrOverflowingTimeoutPausesNothing() throws Exception {
        try (RespConnection admin = connect(); RespConnection writer = connect()) {
            assertThat(admin.call("CLIENT", "PAUSE", "0", "ALL")).isEqualTo(OK);
            assertThat(writer.call("SET", "k", "1")).isEqualTo(OK);
            // now + timeout wraps below now, as in Redis's C arithmetic: the pause is already over
            assertThat(admin.call("CLIENT", "PAUSE", Long.toString(Long.MAX_VALUE))).isEqualTo(OK);
            assertThat(writer.call("SET", "k", "2")).isEqualTo(OK);
            assertThat(admin.call("CLIENT", "UNPAUSE")).isEqualTo(OK);   // nothing to resume: still OK
        }
    }

    @Test
    void errorsAreRedisOnes() throws Exception {
        try (RespConnection c = connect()) {
            assertThat(c.call("CLIENT", "PAUSE", "soon")).isEqualTo("-ERR timeout is not an integer or out of range\r\n");
            assertThat(c.call("CLIENT", "PAUSE", "9223372036854775808"))
                    .isEqualTo("-ERR timeout is not an integer or out of range\r\n");
            assertThat(c.call("CLIENT", "PAUSE", "-1")).isEqualTo("-ERR timeout is negative\r\n");
            assertThat(c.call("CLIENT", "PAUSE", "soon", "READ")).isEqualTo("-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n");
            assertThat(c.call("CLIENT", "PAUSE", "10", "write", "x"))
                    .isEqualTo("-ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP.\r\n");
            assertThat(c.call("CLIENT", "PAUSE")).isEqualTo("-ERR wrong number of arguments for 'client|pause' command\r\n");
            assertThat(c.call("CLIENT", "UNPAUSE", "now")).isEqualTo("-ERR wrong number of arguments for 'client|unpause' command\r\n");
            assertThat(c.call("CLIENT", "PAUSE", "10", "Write")).isEqualTo(OK);
        }
    }

    @Test
    void activeExpiryWaitsWhilePaused() throws Exception {
        try (RespConnection admin = connect()) {
            admin.send("SET", "k", "v", "PX", "50");   // sent together: the pause starts long before the key expires
            admin.send("TIME");
            admin.send("CLIENT", "PAUSE", "100000", "WRITE");
            assertThat(admin.readReply()).isEqualTo(OK);
            long start = micros(admin.readReply());
            assertThat(admin.readReply()).isEqualTo(OK);
            while (micros(admin.call("TIME")) - start < 150_000) {
                // ten ticks at hz 100 after the key expired, each of which would have deleted it
            }
            assertThat(admin.call("DBSIZE")).isEqualTo(":1\r\n");
            assertThat(admin.call("CLIENT", "UNPAUSE")).isEqualTo(OK);
            for (int i = 0; i < 1_000_000 && !admin.call("DBSIZE").equals(":0\r\n"); i++) {
                // the next ticks expire it
            }
            assertThat(admin.call("DBSIZE")).isEqualTo(":0\r\n");
        }
    }

    @Test
    void releasedCommandsAnswerTheirOwnClientOnly() throws Exception {
        try (RespConnection admin = connect(); RespConnection client = connect()) {
            assertThat(admin.call("CLIENT", "PAUSE", "100000", "WRITE")).isEqualTo(OK);
            sendBehindASleep(client, "SET a 1\r\nCLIENT REPLY SKIP\r\nSET b 2\r\nHELLO 3\r\nHGETALL nope\r\nQUIT\r\n");
            awaitBlockedClients(admin, 1);
            assertThat(admin.call("CLIENT", "UNPAUSE")).isEqualTo(OK);
            assertThat(client.readReply()).isEqualTo(OK);
            assertThat(client.readReply()).startsWith("%7\r\n$6\r\nserver\r\n");
            assertThat(client.readReply()).isEqualTo("%0\r\n");   // RESP3 from HELLO on
            assertThat(client.readReply()).isEqualTo(OK);
            assertThat(client.isClosedByServer()).isTrue();
            assertThat(admin.call("PING")).isEqualTo("+PONG\r\n");   // the releasing client is neither silenced nor closed
            assertThat(admin.call("HGETALL", "nope")).isEqualTo("*0\r\n");
            assertThat(admin.call("MGET", "a", "b")).isEqualTo("*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
        }
    }

    @Test
    void aReleasedCommandThatPausesAgainHoldsWhatFollows() throws Exception {
        try (RespConnection admin = connect(); RespConnection first = connect(); RespConnection second = connect()) {
            assertThat(first.call("MULTI")).isEqualTo(OK);
            assertThat(first.call("SET", "k", "1")).isEqualTo("+QUEUED\r\n");
            assertThat(first.call("CLIENT", "PAUSE", "100000", "WRITE")).isEqualTo("+QUEUED\r\n");
            assertThat(admin.call("CLIENT", "PAUSE", "100000", "WRITE")).isEqualTo(OK);
            first.send("EXEC");
            awaitBlockedClients(admin, 1);
            second.send("SET", "k", "2");
            awaitBlockedClients(admin, 2);
            assertThat(admin.call("CLIENT", "UNPAUSE")).isEqualTo(OK);
            assertThat(first.readReply()).isEqualTo("*2\r\n+OK\r\n+OK\r\n");   // the EXEC pauses again
            awaitBlockedClients(admin, 1);
            assertThat(admin.call("GET", "k")).isEqualTo("$1\r\n1\r\n");
            assertThat(admin.call("CLIENT", "UNPAUSE")).isEqualTo(OK);
            assertThat(second.readReply()).isEqualTo(OK);
            assertThat(admin.call("GET", "k")).isEqualTo("$1\r\n2\r\n");
        }
    }

    @Test
    void whatAHeldClientKeepsSendingIsReadOnceReleasedInOrder() throws Exception {
        int increments = 5_000;
        try (RespConnection admin = connect(); RespConnection client = connect()) {
            assertThat(admin.call("CLIENT", "PAUSE", "100000", "WRITE")).isEqualTo(OK);
            client.send("SET", "n", "0");
            awaitBlockedClients(admin, 1);
            client.sendRaw("INCR n\r\n".repeat(increments));
            client.send("GET", "n");
            assertThat(admin.call("GET", "n")).isEqualTo(NIL);
            assertThat(admin.call("CLIENT", "UNPAUSE")).isEqualTo(OK);
            assertThat(client.readReply()).isEqualTo(OK);
            for (int i = 1; i <= increments; i++) {
                assertThat(client.readReply()).isEqualTo(":" + i + "\r\n");
            }
            assertThat(client.readReply()).isEqualTo("$4\r\n5000\r\n");
        }
    }

    @Test
    void aProtocolErrorAfterAHeldCommandIsAnsweredAfterIt() throws Exception {
        try (RespConnection admin = connect(); RespConnection client = connect()) {
            assertThat(admin.call("CLIENT", "PAUSE", "100000", "WRITE")).isEqualTo(OK);
            sendBehindASleep(client, "SET k v\r\n*x\r\n");
            awaitBlockedClients(admin, 1);
            assertThat(admin.call("CLIENT", "UNPAUSE")).isEqualTo(OK);
            assertThat(client.readReply()).isEqualTo(OK);
            assertThat(client.readReply()).isEqualTo("-ERR Protocol error: invalid multibulk length\r\n");
            assertThat(client.isClosedByServer()).isTrue();
            assertThat(admin.call("GET", "k")).isEqualTo("$1\r\nv\r\n");
        }
    }

    @Test
    void aHeldClientIsNotClosedForBeingIdle() throws Exception {
        try (RespConnection admin = connect(); RespConnection held = connect(); RespConnection idle = connect()) {
            assertThat(admin.call("CONFIG", "SET", "timeout", "1")).isEqualTo(OK);
            assertThat(admin.call("CLIENT", "PAUSE", "100000", "WRITE")).isEqualTo(OK);
            held.send("SET", "k", "v");
            awaitBlockedClients(admin, 1);
            assertThat(idle.call("PING")).isEqualTo("+PONG\r\n");   // idle from later on than the held client
            awaitInfoField(admin, "connected_clients", 2);   // the idle client goes after a second, the held one stays
            assertThat(idle.isClosedByServer()).isTrue();
            assertThat(admin.call("CLIENT", "UNPAUSE")).isEqualTo(OK);
            assertThat(held.readReply()).isEqualTo(OK);
        }
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * Sends DEBUG SLEEP and {@code commands} in one write: while the writer sleeps, the IO thread parses
     * and publishes all of them, so the first command a pause holds has the others set aside behind it
     * rather than left unread in the socket. Reads DEBUG SLEEP's reply.
     */
    static void sendBehindASleep(RespConnection client, String inlineCommands) throws IOException {
        client.sendRaw("DEBUG SLEEP 0.05\r\n" + inlineCommands);
        assertThat(client.readReply()).isEqualTo(OK);
    }

    /** Polls INFO until blocked_clients is {@code count} (a paused client counts, as in Redis). */
    static void awaitBlockedClients(RespConnection admin, int count) throws IOException {
        awaitInfoField(admin, "blocked_clients", count);
    }

    /** Polls INFO clients (a bounded number of round trips, no sleeping) until {@code field} is {@code value}. */
    static void awaitInfoField(RespConnection admin, String field, int value) throws IOException {
        for (int i = 0; i < 100_000; i++) {
            if (infoField(admin, field) == value) {
                return;
            }
        }
        fail(field + " never reached " + value);
    }

    static int blockedClients(RespConnection admin) throws IOException {
        return infoField(admin, "blocked_clients");
    }

    private static int infoField(RespConnection admin, String field) throws IOException {
        String info = admin.call("INFO", "clients");
        int at = info.indexOf(field + ":") + field.length() + 1;
        return Integer.parseInt(info.substring(at, info.indexOf('\r', at)));
    }

    /** A TIME reply as microseconds. */
    static long micros(String timeReply) {
        String[] lines = timeReply.split("\r\n");
        assertThat(lines).hasSize(5);
        assertThat(lines[0]).isEqualTo("*2");
        return Long.parseLong(lines[2]) * 1_000_000 + Long.parseLong(lines[4]);
    }
}
