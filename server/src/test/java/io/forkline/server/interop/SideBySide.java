package io.forkline.server.interop;

import io.forkline.server.ForklineServer;
import io.forkline.server.RespConnection;
import io.forkline.server.ServerSettings;
import io.forkline.server.persistence.DebianRedis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * forkline and Debian's redis-server 7.0.15 side by side, each on a free loopback port with a connection of its
 * own, for tests that send both the same commands and want the same replies byte for byte. {@link #close} stops
 * both servers.
 */
public final class SideBySide implements AutoCloseable {

    private final ForklineServer forkline;
    private final DebianRedis redis;
    private final RespConnection ours;
    private final RespConnection theirs;
    private final List<String> differences = new ArrayList<>();

    private SideBySide(ForklineServer forkline, DebianRedis redis) throws IOException {
        this.forkline = forkline;
        this.redis = redis;
        this.ours = new RespConnection(forkline.port());
        this.theirs = new RespConnection(redis.port());
    }

    /** Starts both servers, Redis in {@code dir}; fails the test if Debian's redis-server is not installed. */
    public static SideBySide start(Path dir) throws Exception {
        assertThat(Files.isExecutable(DebianRedis.SERVER)).as("redis-server is needed (apt-get install redis-server)").isTrue();
        ForklineServer forkline = ForklineServer.start(ServerSettings.defaults(0));
        try {
            return new SideBySide(forkline, DebianRedis.start(dir));
        } catch (Exception | AssertionError failed) {
            forkline.close();
            throw failed;
        }
    }

    /** Sends {@code command} to both; a reply of forkline's that differs from Redis's is kept for {@link #differences}. */
    public void compare(String... command) throws IOException {
        compare(java.util.function.UnaryOperator.identity(), command);
    }

    /**
     * Sends {@code command} to both and compares the replies after {@code mask} has rewritten each: for replies
     * holding what cannot agree (times, idle times), which the mask replaces by a placeholder.
     */
    public void compare(java.util.function.UnaryOperator<String> mask, String... command) throws IOException {
        String expected = mask.apply(theirs.call(command));
        String actual = mask.apply(ours.call(command));
        if (!actual.equals(expected)) {
            differences.add(String.join(" ", command) + "\n  redis:    " + expected + "  forkline: " + actual);
        }
    }

    /** Each command whose replies differed, with both replies. */
    public List<String> differences() {
        return differences;
    }

    @Override
    public void close() throws IOException {
        try {
            ours.close();
            theirs.close();
        } finally {
            redis.close();
            forkline.close();
        }
    }
}
