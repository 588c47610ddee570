package io.forkline.bench.study;

import io.forkline.bench.load.RespClient;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/** A server set up for one scenario, on loopback or at the address the user named; closing it undoes the set-up. */
public interface ServerUnderTest extends AutoCloseable {

    InetSocketAddress address();

    /** The settings as this server got them (names and values after any translation), for the report. */
    Map<String, String> applied();

    /** What the report should know about how the scenario maps onto this server (translations, caveats). */
    List<String> notes();

    /** The command that takes a snapshot here ({@code BGSAVE}, or Redis's {@code SAVE} for stop-the-world). */
    String snapshotCommand(SnapshotSchedule schedule);

    /** The fsync counter of the server's files, or null when this server's fsyncs cannot be counted. */
    CountingStorage storage();

    /** Checks, once the data set is loaded, that the server really runs as the scenario asks; throws the reason if not. */
    default void verifyLoaded(RespClient control) throws ScenarioSkipped, java.io.IOException {
    }

    @Override
    void close();
}
