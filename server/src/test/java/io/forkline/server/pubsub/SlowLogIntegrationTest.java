package io.forkline.server.pubsub;

import io.forkline.server.ForklineServer;
import io.forkline.server.RespConnection;
import io.forkline.server.ServerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.forkline.server.pubsub.Frames.array;
import static org.assertj.core.api.Assertions.assertThat;

/** SLOWLOG against a server that logs every command (slowlog-log-slower-than 0). */
class SlowLogIntegrationTest {

    /** One entry: [id, unix time, micros, [args...], address, name]. */
    private static final Pattern ENTRY = Pattern.compile("\\*6\r\n:(\\d+)\r\n:(\\d+)\r\n:(\\d+)\r\n\\*(\\d+)\r\n");

    private static ForklineServer server;
    private RespConnection client;

    @BeforeAll
    static void start() throws Exception {
        server = ForklineServer.start(ServerSettings.defaults(0).withSlowlog(0, 128));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void connect() throws IOException {
        client = new RespConnection(server.port());
    }

    @org.junit.jupiter.api.AfterEach
    void disconnect() throws IOException {
        client.close();
    }

    private String address() throws IOException {
        Matcher addr = Pattern.compile(" addr=(\\S+) ").matcher(client.call("CLIENT", "INFO"));
        assertThat(addr.find()).isTrue();
        return addr.group(1);
    }

    /** The entry's arguments, address and name as RESP text: what follows its header. */
    private static String tail(String address, String name, String... arguments) {
        return array((Object[]) arguments).substring(("*" + arguments.length + "\r\n").length())
                + "$" + address.length() + "\r\n" + address + "\r\n$" + name.length() + "\r\n" + name + "\r\n";
    }

    @Test
    void everyCommandIsLoggedNewestFirstWithItsClient() throws Exception {
        String address = address();
        client.call("SLOWLOG", "RESET");
        client.call("SET", "k", "v");
        client.call("CLIENT", "SETNAME", "slowpoke");
        client.call("GET", "k");
        String reply = client.call("SLOWLOG", "GET", "3");
        assertThat(reply).startsWith("*3\r\n");
        List<long[]> headers = headers(reply);
        assertThat(headers).hasSize(3);
        assertThat(headers.get(0)[0]).isEqualTo(headers.get(1)[0] + 1).isEqualTo(headers.get(2)[0] + 2);
        String[] entries = reply.substring(4).split("(?=\\*6\r\n:)");
        assertThat(entries[0]).endsWith(tail(address, "slowpoke", "GET", "k"));
        assertThat(entries[1]).endsWith(tail(address, "slowpoke", "CLIENT", "SETNAME", "slowpoke"));
        assertThat(entries[2]).endsWith(tail(address, "", "SET", "k", "v"));
        assertThat(client.call("SLOWLOG", "LEN")).isEqualTo(":5\r\n");   // RESET and GET were logged too
    }

    @Test
    void longCommandsAreCutAsRedisCutsThem() throws Exception {
        String address = address();
        String longValue = "v".repeat(200);
        client.call("SET", "long", longValue);
        assertThat(client.call("SLOWLOG", "GET", "1")).endsWith(
                tail(address, "", "SET", "long", "v".repeat(128) + "... (72 more bytes)"));
        List<String> command = new ArrayList<>(List.of("EXISTS"));
        for (int i = 1; i < 40; i++) {
            command.add("key" + i);
        }
        client.call(command.toArray(String[]::new));
        List<String> kept = new ArrayList<>(command.subList(0, 31));
        kept.add("... (9 more arguments)");
        String reply = client.call("SLOWLOG", "GET", "1");
        assertThat(reply).contains("\r\n*32\r\n").endsWith(tail(address, "", kept.toArray(String[]::new)));
    }

    @Test
    void execIsNotLoggedButItsCommandsAre() throws Exception {
        client.call("MULTI");
        client.call("SET", "tx", "1");
        client.call("INCR", "tx");
        client.call("EXEC");
        String reply = client.call("SLOWLOG", "GET", "3");
        String[] entries = reply.substring(4).split("(?=\\*6\r\n:)");
        assertThat(entries[0]).contains(array("INCR", "tx"));
        assertThat(entries[1]).contains(array("SET", "tx", "1"));
        assertThat(entries[2]).contains(array("MULTI"));
    }

    @Test
    void passwordsAreRedacted() throws Exception {
        client.call("AUTH", "user", "secret");
        assertThat(client.call("SLOWLOG", "GET", "1")).contains(array("AUTH", "(redacted)", "(redacted)"));
    }

    @Test
    void getLenResetAndHelp() throws Exception {
        client.call("SLOWLOG", "RESET");
        long firstId = headers(client.call("SLOWLOG", "GET")).getFirst()[0];
        assertThat(client.call("SLOWLOG", "GET", "0")).isEqualTo("*0\r\n");
        for (int i = 0; i < 12; i++) {
            client.call("PING");
        }
        assertThat(headers(client.call("SLOWLOG", "GET"))).hasSize(10);
        assertThat(headers(client.call("SLOWLOG", "GET", "-1"))).hasSize(16);   // RESET, three GETs, twelve PINGs
        assertThat(client.call("SLOWLOG", "RESET")).isEqualTo("+OK\r\n");
        assertThat(client.call("SLOWLOG", "LEN")).isEqualTo(":1\r\n");   // the RESET itself
        assertThat(headers(client.call("SLOWLOG", "GET")).getFirst()[0]).isEqualTo(firstId + 18);   // LEN, after RESET: ids go on

        assertThat(client.call("SLOWLOG", "GET", "-2")).isEqualTo("-ERR count should be greater than or equal to -1\r\n");
        assertThat(client.call("SLOWLOG", "GET", "ten")).isEqualTo("-ERR count should be greater than or equal to -1\r\n");
        assertThat(client.call("SLOWLOG", "GET", "1", "2")).isEqualTo(
                "-ERR unknown subcommand or wrong number of arguments for 'GET'. Try SLOWLOG HELP.\r\n");
        assertThat(client.call("SLOWLOG", "LEN", "x")).isEqualTo("-ERR wrong number of arguments for 'slowlog|len' command\r\n");
        assertThat(client.call("slowlog", "nope")).isEqualTo("-ERR unknown subcommand 'nope'. Try SLOWLOG HELP.\r\n");
        assertThat(client.call("slowlog", "help")).isEqualTo("*12\r\n"
                + "+SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
                + "+GET [<count>]\r\n"
                + "+    Return top <count> entries from the slowlog (default: 10, -1 mean all).\r\n"
                + "+    Entries are made of:\r\n"
                + "+    id, timestamp, time in microseconds, arguments array, client IP and port,\r\n"
                + "+    client name\r\n"
                + "+LEN\r\n"
                + "+    Return the length of the slowlog.\r\n"
                + "+RESET\r\n"
                + "+    Reset the slowlog.\r\n"
                + "+HELP\r\n"
                + "+    Prints this help.\r\n");
        client.call("HELLO", "3");
        assertThat(client.call("SLOWLOG", "GET", "1")).startsWith("*1\r\n*6\r\n:");   // arrays in RESP3 too
    }

    @Test
    void theSettingsBoundAndDisableTheLog() throws Exception {
        try (ForklineServer bounded = ForklineServer.start(ServerSettings.defaults(0).withSlowlog(0, 3));
             RespConnection c = new RespConnection(bounded.port())) {
            for (int i = 0; i < 10; i++) {
                c.call("PING");
            }
            assertThat(c.call("SLOWLOG", "LEN")).isEqualTo(":3\r\n");
            assertThat(headers(c.call("SLOWLOG", "GET", "-1"))).hasSize(3);
        }
        try (ForklineServer disabled = ForklineServer.start(ServerSettings.defaults(0).withSlowlog(-1, 128));
             RespConnection c = new RespConnection(disabled.port())) {
            for (int i = 0; i < 10; i++) {
                c.call("PING");
            }
            assertThat(c.call("SLOWLOG", "LEN")).isEqualTo(":0\r\n");
        }
        ServerSettings defaults = ServerSettings.defaults(0);
        assertThat(defaults.slowlogLogSlowerThan()).isEqualTo(10_000);
        assertThat(defaults.slowlogMaxLen()).isEqualTo(128);
    }

    /** [id, time, micros, argument count] of each entry in a SLOWLOG GET reply. */
    private static List<long[]> headers(String reply) {
        List<long[]> headers = new ArrayList<>();
        Matcher matcher = ENTRY.matcher(reply);
        while (matcher.find()) {
            headers.add(new long[] {Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)),
                    Long.parseLong(matcher.group(3)), Long.parseLong(matcher.group(4))});
        }
        return headers;
    }
}
