package io.forkline.server.exec;

import io.forkline.engine.command.CommandSpec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServerStatsTest {

    private static final CommandSpec GET = new CommandSpec("get", 2, Set.of(), 1, 1, 1, "string", "", (context, args) -> { });
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WRONGTYPE = "-WRONGTYPE Operation against a key\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void commandsShorterThanAMicrosecondAddUpToTheirTime() {
        ServerStats stats = new ServerStats();
        for (int i = 0; i < 10; i++) {
            stats.called(GET, 400, OK, 0, OK.length);
        }
        ServerStats.CommandStats get = stats.of(GET);
        assertEquals(10, get.calls);
        assertEquals(4, get.micros(), "ten calls of 0.4 us each");
        assertEquals(0.4, get.microsPerCall(), 1e-9);
    }

    @Test
    void anErrorReplyIsAFailedCallCountedByItsCode() {
        ServerStats stats = new ServerStats();
        stats.called(GET, 1_500, WRONGTYPE, 0, WRONGTYPE.length);
        stats.called(GET, 1_000, OK, 0, OK.length);
        assertEquals(1, stats.of(GET).failedCalls);
        assertEquals(2, stats.of(GET).micros());
        assertEquals(1L, stats.errors().get("WRONGTYPE"));
        assertEquals(2, stats.commandsProcessed);
    }

    @Test
    void noCallsIsNoTimePerCall() {
        assertEquals(0.0, new ServerStats().of(GET).microsPerCall());
    }

    @Test
    void aResetStartsTheLastCommandsCountersAfresh() {
        ServerStats stats = new ServerStats();
        stats.called(GET, 1_000, OK, 0, OK.length);
        stats.reset();
        stats.called(GET, 2_000, OK, 0, OK.length);
        assertEquals(1, stats.of(GET).calls);
        assertEquals(2, stats.of(GET).micros());
        assertEquals(stats.of(GET), stats.commands().get(GET), "INFO commandstats sees the counters being kept");
    }
}
