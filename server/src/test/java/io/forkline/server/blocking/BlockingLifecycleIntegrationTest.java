package io.forkline.server.blocking;

import io.forkline.server.RespConnection;
import io.forkline.server.ServerFixture;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static io.forkline.server.blocking.Resp.NULL_ARRAY;
import static io.forkline.server.blocking.Resp.RESP3_NULL;
import static io.forkline.server.blocking.Resp.array;
import static io.forkline.server.blocking.Resp.awaitBlocked;
import static io.forkline.server.blocking.Resp.bulk;
import static io.forkline.server.blocking.Resp.integer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a wait ends besides a push: timeouts (RESP2 and RESP3), CLIENT UNBLOCK, disconnects; what a blocked
 * client's further commands do (they wait their turn, RESET included); and how INFO, CLIENT LIST and the
 * idle timeout see blocked clients.
 */
class BlockingLifecycleIntegrationTest extends ServerFixture {

    private static long id(RespConnection connection) throws IOException {
        String reply = connection.call("CLIENT", "ID");
        return Long.parseLong(reply.substring(1, reply.length() - 2));
    }

    @Test
    void everyBlockingCommandTimesOutWithTheNullArray() throws Exception {
        try (RespConnection c = connect()) {
            String[][] commands = {{"BLPOP", "t1", "t2", "0.05"}, {"BRPOP", "t1", "0.01"}, {"BLMOVE", "t1", "t2", "LEFT", "RIGHT", "0.05"},
                    {"BRPOPLPUSH", "t1", "t2", "0.05"}, {"BLMPOP", "0.05", "1", "t1", "LEFT"}, {"BZPOPMIN", "t1", "0.05"},
                    {"BZPOPMAX", "t1", "0.001"}, {"BZMPOP", "0.05", "2", "t1", "t2", "MAX", "COUNT", "2"}};
            for (String[] command : commands) {
                long start = System.nanoTime();
                assertThat(c.call(command)).as(String.join(" ", command)).isEqualTo(NULL_ARRAY);
                long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
                double timeout = Double.parseDouble(command[command[0].endsWith("MPOP") ? 1 : command.length - 1]);
                assertThat(elapsedMillis).as(String.join(" ", command)).isGreaterThanOrEqualTo((long) Math.ceil(timeout * 1000));
            }
            c.call("HELLO", "3");
            assertThat(c.call("BLPOP", "t1", "0.05")).isEqualTo(RESP3_NULL);
            assertThat(c.call("BLMOVE", "t1", "t2", "LEFT", "RIGHT", "0.02")).isEqualTo(RESP3_NULL);
            assertThat(c.call("BZMPOP", "0.02", "1", "t1", "MIN")).isEqualTo(RESP3_NULL);
            assertThat(c.call("EXISTS", "t1", "t2")).isEqualTo(integer(0));
            assertThat(c.call("INFO", "clients")).contains("blocked_clients:0\r\n");
        }
    }

    @Test
    void aTimeoutWellBeforeTheNextTickIsStillMetPromptly() throws Exception {
        try (RespConnection c = connect()) {
            c.call("CONFIG", "SET", "hz", "1");
            try {
                long start = System.nanoTime();
                assertThat(c.call("BLPOP", "prompt", "0.05")).isEqualTo(NULL_ARRAY);
                assertThat((System.nanoTime() - start) / 1_000_000).isBetween(50L, 900L);
            } finally {
                c.call("CONFIG", "SET", "hz", "10");
            }
        }
    }

    @Test
    void clientUnblockAnswersAsATimeoutOrWithAnError() throws Exception {
        try (RespConnection blocked = connect(); RespConnection other = connect()) {
            long id = id(blocked);
            blocked.send("BLPOP", "l", "0");
            awaitBlocked(control, 1);
            assertThat(other.call("CLIENT", "UNBLOCK", Long.toString(id))).isEqualTo(integer(1));
            assertThat(blocked.readReply()).isEqualTo(NULL_ARRAY);

            blocked.send("BLMPOP", "0", "1", "l", "RIGHT");
            awaitBlocked(control, 1);
            assertThat(other.call("CLIENT", "UNBLOCK", Long.toString(id), "timeout")).isEqualTo(integer(1));
            assertThat(blocked.readReply()).isEqualTo(NULL_ARRAY);

            blocked.send("BZPOPMIN", "l", "0");
            awaitBlocked(control, 1);
            assertThat(other.call("CLIENT", "UNBLOCK", Long.toString(id), "ERROR")).isEqualTo(integer(1));
            assertThat(blocked.readReply()).isEqualTo("-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n");
            assertThat(other.call("CLIENT", "UNBLOCK", Long.toString(id))).isEqualTo(integer(0));   // not blocked now

            assertThat(other.call("CLIENT", "UNBLOCK", "asd")).isEqualTo("-ERR value is not an integer or out of range\r\n");
            assertThat(other.call("CLIENT", "UNBLOCK", "999999")).isEqualTo(integer(0));
            assertThat(other.call("CLIENT", "UNBLOCK", Long.toString(id), "maybe"))
                    .isEqualTo("-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n");
            assertThat(other.call("CLIENT", "UNBLOCK", Long.toString(id), "error", "x"))
                    .isEqualTo("-ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. Try CLIENT HELP.\r\n");
            assertThat(other.call("CLIENT", "UNBLOCK")).isEqualTo("-ERR wrong number of arguments for 'client|unblock' command\r\n");

            blocked.send("BLPOP", "l", "0");   // still usable, and still served by a push
            awaitBlocked(control, 1);
            other.call("LPUSH", "l", "foo");
            assertThat(blocked.readReply()).isEqualTo(array("l", "foo"));
        }
    }

    @Test
    void aDisconnectedClientLeavesEveryWaitList() throws Exception {
        try (RespConnection pusher = connect(); RespConnection survivor = connect()) {
            RespConnection leaving = connect();
            leaving.send("BLPOP", "gone1", "gone2", "0");
            awaitBlocked(control, 1);
            survivor.send("BLPOP", "gone2", "0");
            awaitBlocked(control, 2);
            leaving.close();
            awaitBlocked(control, 1);
            pusher.call("RPUSH", "gone1", "kept");
            pusher.call("RPUSH", "gone2", "taken");
            assertThat(survivor.readReply()).isEqualTo(array("gone2", "taken"));
            assertThat(pusher.call("LRANGE", "gone1", "0", "-1")).isEqualTo(array("kept"));
        }
    }

    @Test
    void commandsSentWhileBlockedRunInOrderOnceTheClientIsFree() throws Exception {
        try (RespConnection blocked = connect(); RespConnection pusher = connect()) {
            blocked.sendRaw(commands(new String[]{"BLPOP", "held", "0"}, new String[]{"PING"},
                    new String[]{"RPUSH", "after", "x"}, new String[]{"BLPOP", "held", "0"}, new String[]{"ECHO", "done"}));
            awaitBlocked(control, 1);
            assertThat(pusher.call("LRANGE", "after", "0", "-1")).isEqualTo("*0\r\n");   // held, not run
            pusher.call("RPUSH", "held", "a", "b");
            assertThat(blocked.readReply()).isEqualTo(array("held", "a"));
            assertThat(blocked.readReply()).isEqualTo("+PONG\r\n");
            assertThat(blocked.readReply()).isEqualTo(integer(1));
            assertThat(blocked.readReply()).isEqualTo(array("held", "b"));   // the second element was left for it
            assertThat(blocked.readReply()).isEqualTo(bulk("done"));

            blocked.sendRaw(commands(new String[]{"BRPOPLPUSH", "a", "b", "0"}, new String[]{"BRPOPLPUSH", "a", "b", "0"}));
            awaitBlocked(control, 1);
            try (RespConnection chained = connect()) {
                chained.send("BRPOPLPUSH", "b", "c", "0");
                awaitBlocked(control, 2);
                pusher.call("LPUSH", "a", "data");
                assertThat(blocked.readReply()).isEqualTo(bulk("data"));
                assertThat(chained.readReply()).isEqualTo(bulk("data"));
                assertThat(pusher.call("LRANGE", "c", "0", "-1")).isEqualTo(array("data"));
                awaitBlocked(control, 1);   // the second BRPOPLPUSH ran and blocked in turn
                pusher.call("LPUSH", "a", "more");
                assertThat(blocked.readReply()).isEqualTo(bulk("more"));
                assertThat(pusher.call("LRANGE", "b", "0", "-1")).isEqualTo(array("more"));
            }
        }
    }

    @Test
    void resetSentWhileBlockedWaitsForTheWaitToEnd() throws Exception {
        try (RespConnection blocked = connect(); RespConnection other = connect()) {
            long id = id(blocked);
            blocked.call("SELECT", "3");
            blocked.send("BLPOP", "r", "0");
            awaitBlocked(control, 1);
            blocked.send("RESET");
            blocked.send("LPUSH", "r", "mine");
            assertThat(other.call("CLIENT", "UNBLOCK", Long.toString(id))).isEqualTo(integer(1));
            assertThat(blocked.readReply()).isEqualTo(NULL_ARRAY);
            assertThat(blocked.readReply()).isEqualTo("+RESET\r\n");
            assertThat(blocked.readReply()).isEqualTo(integer(1));   // in database 0 after the reset
            assertThat(other.call("LRANGE", "r", "0", "-1")).isEqualTo(array("mine"));
            assertThat(other.call("INFO", "clients")).contains("blocked_clients:0\r\n");
        }
    }

    @Test
    void infoAndClientListShowBlockedClients() throws Exception {
        try (RespConnection blocked = connect(); RespConnection other = connect()) {
            long id = id(blocked);
            assertThat(other.call("CLIENT", "LIST", "ID", Long.toString(id))).contains(" flags=N ");
            blocked.send("BLPOP", "shown", "0");
            awaitBlocked(control, 1);
            assertThat(other.call("CLIENT", "LIST", "ID", Long.toString(id))).contains(" flags=b ").contains(" cmd=blpop ");
            assertThat(other.call("INFO", "clients")).contains("blocked_clients:1\r\n");
            other.call("RPUSH", "shown", "v");
            assertThat(blocked.readReply()).isEqualTo(array("shown", "v"));
            assertThat(other.call("CLIENT", "LIST", "ID", Long.toString(id))).contains(" flags=N ");
        }
    }

    @Test
    void blockedClientsAreExemptFromTheIdleTimeout() throws Exception {
        try (RespConnection blocked = connect()) {
            long id = id(blocked);
            control.call("CONFIG", "SET", "timeout", "1");
            try {
                blocked.send("BLPOP", "idle", "0");
                awaitBlocked(control, 1);
                try (RespConnection idle = connect()) {
                    idle.call("PING");
                    assertThat(idle.isClosedByServer()).isTrue();   // idle longer than a second, after the blocked one
                }
            } finally {
                try (RespConnection restore = connect()) {
                    restore.call("CONFIG", "SET", "timeout", "0");
                }
            }
            try (RespConnection checker = connect()) {
                assertThat(checker.call("CLIENT", "LIST", "ID", Long.toString(id))).contains(" flags=b ");
                checker.call("RPUSH", "idle", "v");
                assertThat(blocked.readReply()).isEqualTo(array("idle", "v"));
            }
        }
    }

    private static byte[] commands(String[]... commands) {
        StringBuilder out = new StringBuilder();
        for (String[] command : commands) {
            out.append('*').append(command.length).append("\r\n");
            for (String argument : command) {
                out.append('$').append(argument.length()).append("\r\n").append(argument).append("\r\n");
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
