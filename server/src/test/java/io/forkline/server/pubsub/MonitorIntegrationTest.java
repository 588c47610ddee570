package io.forkline.server.pubsub;

import io.forkline.server.ForklineServer;
import io.forkline.server.RespConnection;
import io.forkline.server.ServerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** MONITOR against a real server: a monitor connection watching what another client runs. */
class MonitorIntegrationTest {

    private static final Pattern LINE = Pattern.compile("\\+(\\d+)\\.(\\d{6}) \\[(\\d+) ([0-9.]+:\\d+)] (.*)\r\n");

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

    private static RespConnection monitor() throws IOException {
        RespConnection monitor = connect();
        assertThat(monitor.call("MONITOR")).isEqualTo("+OK\r\n");
        return monitor;
    }

    /** The client's ip:port as the server sees it. */
    private static String address(RespConnection client) throws IOException {
        Matcher addr = Pattern.compile(" addr=(\\S+) ").matcher(client.call("CLIENT", "INFO"));
        assertThat(addr.find()).isTrue();
        return addr.group(1);
    }

    /** Reads one MONITOR line and returns "db address args". */
    private static String next(RespConnection monitor) throws IOException {
        String line = monitor.readReply();
        Matcher matcher = LINE.matcher(line);
        assertThat(matcher.matches()).as("a MONITOR line: %s", line).isTrue();
        return matcher.group(3) + " " + matcher.group(4) + " " + matcher.group(5);
    }

    /** Reads one MONITOR line and returns its arguments only. */
    private static String nextArguments(RespConnection monitor) throws IOException {
        String line = next(monitor);
        return line.substring(line.indexOf(' ', line.indexOf(' ') + 1) + 1);
    }

    @Test
    void everyCommandIsShownWithItsDatabaseAndClient() throws Exception {
        try (RespConnection monitor = monitor(); RespConnection client = connect()) {
            String address = address(client);
            assertThat(next(monitor)).isEqualTo("0 " + address + " \"CLIENT\" \"INFO\"");
            client.call("SET", "key", "value");
            assertThat(next(monitor)).isEqualTo("0 " + address + " \"SET\" \"key\" \"value\"");
            client.call("SELECT", "2");
            assertThat(next(monitor)).isEqualTo("2 " + address + " \"SELECT\" \"2\"");
            client.call("GET", "key");
            assertThat(next(monitor)).isEqualTo("2 " + address + " \"GET\" \"key\"");
            client.call("INCR", "key");   // fails, and is shown all the same: it ran
            assertThat(next(monitor)).isEqualTo("2 " + address + " \"INCR\" \"key\"");
        }
    }

    /** The feed stops being told of commands when no client monitors: it must be told again when one does. */
    @Test
    void theFeedGoesOnForTheMonitorsThatStayAndComesBackForANewOne() throws Exception {
        try (RespConnection client = connect()) {
            try (RespConnection second = monitor()) {
                try (RespConnection first = monitor()) {
                    client.call("ECHO", "both");
                    assertThat(nextArguments(first)).isEqualTo("\"ECHO\" \"both\"");
                    assertThat(nextArguments(second)).isEqualTo("\"ECHO\" \"both\"");
                }
                client.call("ECHO", "second");
                assertThat(nextArguments(second)).isEqualTo("\"ECHO\" \"second\"");
            }
            client.call("ECHO", "nobody");
            try (RespConnection next = monitor()) {
                client.call("ECHO", "next");
                assertThat(nextArguments(next)).isEqualTo("\"ECHO\" \"next\"");
            }
        }
    }

    @Test
    void argumentsAreQuotedAsRedisQuotesThem() throws Exception {
        try (RespConnection monitor = monitor(); RespConnection client = connect()) {
            client.call("echo", "a\"b\\c\n\r\t\u0007\b\u0001 é~");
            assertThat(nextArguments(monitor)).isEqualTo("\"echo\" \"a\\\"b\\\\c\\n\\r\\t\\a\\b\\x01 \\xc3\\xa9~\"");
            client.call("Echo", "");   // arguments are shown as sent, the name's case included
            assertThat(nextArguments(monitor)).isEqualTo("\"Echo\" \"\"");
        }
    }

    @Test
    void adminCommandsAndCommandsThatDidNotRunAreNotShown() throws Exception {
        try (RespConnection monitor = monitor(); RespConnection client = connect()) {
            client.call("CLIENT", "LIST");
            client.call("SLOWLOG", "LEN");
            client.call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
            client.call("MONITOR");   // the client becomes a monitor; MONITOR itself is admin
            client.call("NOSUCHCOMMAND");
            client.call("GET");
            client.call("CLIENT", "NOSUCH");
            client.call("ECHO", "shown");
            assertThat(nextArguments(monitor)).isEqualTo("\"ECHO\" \"shown\"");
        }
    }

    @Test
    void passwordsAreRedacted() throws Exception {
        try (RespConnection monitor = monitor(); RespConnection client = connect()) {
            client.call("AUTH", "secret");
            assertThat(nextArguments(monitor)).isEqualTo("\"AUTH\" \"(redacted)\"");
            client.call("AUTH", "user", "secret");
            assertThat(nextArguments(monitor)).isEqualTo("\"AUTH\" \"(redacted)\" \"(redacted)\"");
            client.call("AUTH", "a", "b", "c");   // a syntax error before the password is read
            assertThat(nextArguments(monitor)).isEqualTo("\"AUTH\" \"a\" \"b\" \"c\"");
            client.call("HELLO", "2", "AUTH", "default", "secret");
            assertThat(nextArguments(monitor)).isEqualTo("\"HELLO\" \"2\" \"AUTH\" \"(redacted)\" \"(redacted)\"");
            client.call("HELLO", "9", "AUTH", "default", "secret");   // refused at the version
            assertThat(nextArguments(monitor)).isEqualTo("\"HELLO\" \"9\" \"AUTH\" \"default\" \"secret\"");
        }
    }

    @Test
    void transactionsShowMultiThenTheirCommandsThenExec() throws Exception {
        try (RespConnection monitor = monitor(); RespConnection client = connect()) {
            client.call("MULTI");
            client.call("SET", "tx", "1");
            client.call("INCR", "tx");
            client.call("EXEC");
            assertThat(nextArguments(monitor)).isEqualTo("\"MULTI\"");
            assertThat(nextArguments(monitor)).isEqualTo("\"SET\" \"tx\" \"1\"");
            assertThat(nextArguments(monitor)).isEqualTo("\"INCR\" \"tx\"");
            assertThat(nextArguments(monitor)).isEqualTo("\"EXEC\"");
            client.call("MULTI");
            client.call("NOSUCH");
            client.call("EXEC");
            assertThat(nextArguments(monitor)).isEqualTo("\"MULTI\"");
            assertThat(nextArguments(monitor)).isEqualTo("\"EXEC\"");
        }
    }

    @Test
    void monitorInsideATransactionIsRefused() throws Exception {
        try (RespConnection client = connect()) {
            client.call("MULTI");
            assertThat(client.call("MONITOR")).isEqualTo("+QUEUED\r\n");
            assertThat(client.call("EXEC")).isEqualTo("*1\r\n-ERR MONITOR isn't allowed for DENY BLOCKING client\r\n");
            assertThat(client.call("PING")).isEqualTo("+PONG\r\n");   // and no line follows: it is no monitor
            assertThat(client.call("ECHO", "next")).isEqualTo("$4\r\nnext\r\n");
        }
    }

    @Test
    void aMonitorSeesItsOwnCommandsAfterTheirRepliesAndResetEndsIt() throws Exception {
        try (RespConnection monitor = monitor(); RespConnection other = monitor(); RespConnection client = connect()) {
            monitor.send("MONITOR");   // ignored: no reply at all
            assertThat(monitor.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(nextArguments(monitor)).isEqualTo("\"PING\"");
            assertThat(nextArguments(other)).isEqualTo("\"PING\"");
            assertThat(monitor.call("RESET")).isEqualTo("+RESET\r\n");
            assertThat(nextArguments(other)).isEqualTo("\"RESET\"");
            client.call("ECHO", "unseen");
            assertThat(nextArguments(other)).isEqualTo("\"ECHO\" \"unseen\"");
            assertThat(monitor.call("ECHO", "mine")).isEqualTo("$4\r\nmine\r\n");   // no line came before it
            assertThat(nextArguments(other)).isEqualTo("\"ECHO\" \"mine\"");
        }
    }

    @Test
    void resp3MonitorsGetTheSameLines() throws Exception {
        try (RespConnection monitor = connect(); RespConnection client = connect()) {
            monitor.call("HELLO", "3");
            assertThat(monitor.call("MONITOR")).isEqualTo("+OK\r\n");
            client.call("SET", "r3", "v");
            assertThat(nextArguments(monitor)).isEqualTo("\"SET\" \"r3\" \"v\"");
        }
    }
}
