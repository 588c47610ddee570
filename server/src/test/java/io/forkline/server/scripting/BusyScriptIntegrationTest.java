package io.forkline.server.scripting;

import io.forkline.server.ForklineServer;
import io.forkline.server.RespConnection;
import io.forkline.server.ServerSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A script that runs past busy-reply-threshold: other clients get -BUSY except for the commands Redis allows
 * then, SCRIPT KILL stops a script that wrote nothing, the caller's later commands wait for its reply, and a
 * transaction touched by -BUSY is aborted whole (the cases of Redis's unit/multi "script timeout" tests).
 */
class BusyScriptIntegrationTest {

    private static final String BUSY = "-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n";
    private static final String FOREVER = "while true do end";

    private ForklineServer server;
    private RespConnection control;

    @BeforeEach
    void start() throws Exception {
        server = ForklineServer.start(ServerSettings.defaults(0).with("busy-reply-threshold", "20"));
        control = new RespConnection(server.port());
    }

    @AfterEach
    void stop() throws IOException {
        control.close();
        server.close();
    }

    @Test
    void othersAreAnsweredBusyUntilTheScriptIsKilled() throws Exception {
        try (RespConnection caller = new RespConnection(server.port())) {
            caller.send("EVAL", FOREVER, "0");
            awaitBusy();
            assertThat(control.call("GET", "k")).isEqualTo(BUSY);
            assertThat(control.call("SET", "k", "v")).isEqualTo(BUSY);
            assertThat(control.call("PING")).isEqualTo(BUSY);
            assertThat(control.call("SCRIPT", "KILL")).isEqualTo("+OK\r\n");
            String sha = ScriptCache.sha1Hex(FOREVER.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(caller.readReply()).isEqualTo(
                    "-ERR Script killed by user with SCRIPT KILL... script: " + sha + ", on @user_script:1.\r\n");
            assertThat(control.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(caller.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void theCallersPipelinedCommandsWaitForItsReply() throws Exception {
        try (RespConnection caller = new RespConnection(server.port())) {
            caller.send("EVAL", FOREVER, "0");
            caller.send("SET", "after", "1");
            awaitBusy();
            assertThat(control.call("SCRIPT", "KILL")).isEqualTo("+OK\r\n");
            assertThat(caller.readReply()).startsWith("-ERR Script killed by user with SCRIPT KILL...");
            assertThat(caller.readReply()).isEqualTo("+OK\r\n");   // ran after the script, not refused with -BUSY
            assertThat(control.call("GET", "after")).isEqualTo("$1\r\n1\r\n");
        }
    }

    @Test
    void aScriptThatWroteCannotBeKilledOnlyShutdownNosaveStopsIt() throws Exception {
        try (RespConnection caller = new RespConnection(server.port())) {
            caller.send("EVAL", "redis.call('SET', 'w', 1) while true do end", "0");
            awaitBusy();
            assertThat(control.call("SCRIPT", "KILL")).startsWith("-UNKILLABLE Sorry the script already executed write commands");
            assertThat(control.call("SHUTDOWN")).isEqualTo(BUSY);
            control.send("SHUTDOWN", "NOSAVE");
            server.terminated().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void aSlowScriptsCallsGoThroughTheRingAndItsResultIsWhole() throws Exception {
        try (RespConnection caller = new RespConnection(server.port())) {
            // increments for a second, well beyond the threshold (and the probes that follow), then marks itself done
            caller.send("EVAL", """
                    local function now() local t = redis.call('TIME') return t[1] * 1000000 + t[2] end
                    local start = now()
                    local n = 0
                    while now() - start < 1000000 do n = n + redis.call('INCR', KEYS[1]) * 0 + 1 end
                    redis.call('SET', KEYS[2], n)
                    return n""", "2", "counter", "done");
            awaitBusy();
            assertThat(control.call("GET", "counter")).isEqualTo(BUSY);
            String n = caller.readReply();
            assertThat(n).startsWith(":");
            String count = n.substring(1, n.length() - 2);
            assertThat(control.call("GET", "counter")).isEqualTo("$" + count.length() + "\r\n" + count + "\r\n");
            assertThat(control.call("GET", "done")).isEqualTo("$" + count.length() + "\r\n" + count + "\r\n");
        }
    }

    @Test
    void transactionsTouchedByBusyAreAborted() throws Exception {
        try (RespConnection caller = new RespConnection(server.port()); RespConnection tx = new RespConnection(server.port())) {
            control.call("SET", "xx", "1");
            assertThat(tx.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(tx.call("INCR", "xx")).isEqualTo("+QUEUED\r\n");
            caller.send("EVAL", FOREVER, "0");
            awaitBusy();
            assertThat(tx.call("INCR", "xx")).isEqualTo(BUSY);
            assertThat(tx.call("EXEC")).isEqualTo("-EXECABORT Transaction discarded because of: "
                    + BUSY.substring(1, BUSY.length() - 2) + "\r\n");
            assertThat(tx.call("MULTI")).isEqualTo("+OK\r\n");   // allowed while busy; EXEC aborted the one before
            assertThat(tx.call("INCR", "xx")).isEqualTo(BUSY);
            assertThat(control.call("SCRIPT", "KILL")).isEqualTo("+OK\r\n");
            caller.readReply();
            assertThat(tx.call("INCR", "xx")).isEqualTo("+QUEUED\r\n");
            assertThat(tx.call("EXEC")).isEqualTo("-EXECABORT Transaction discarded because of previous errors.\r\n");
            assertThat(control.call("GET", "xx")).isEqualTo("$1\r\n1\r\n");
        }
    }

    /** Polls until the server answers -BUSY (the script has passed the threshold). */
    private void awaitBusy() throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        try (RespConnection probe = new RespConnection(server.port())) {
            while (!probe.call("PING").equals(BUSY)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the script never became busy");
                }
                Thread.sleep(5);
            }
        }
    }
}
