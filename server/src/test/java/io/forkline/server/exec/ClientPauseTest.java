package io.forkline.server.exec;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Specs;
import io.forkline.pages.Seeded;
import io.forkline.server.net.ClientState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** CLIENT PAUSE's state and its rule for which commands wait, against Redis 7.0's pauseClients. */
class ClientPauseTest {

    private static final CommandSpec SET = spec("set", -3, "write denyoom");
    private static final CommandSpec GET = spec("get", 2, "readonly fast");
    private static final CommandSpec PUBLISH = spec("publish", 3, "pubsub loading stale fast");
    private static final CommandSpec SCRIPTED = spec("spublish", 3, "pubsub loading stale fast");
    private static final CommandSpec FLAGGED = spec("somecommand", 1, "may_replicate");
    private static final CommandSpec EXEC = spec("exec", 1, "noscript loading stale skip_slowlog");
    private static final CommandSpec UNPAUSE = spec("client|unpause", 2, "admin noscript loading stale");
    private static final Map<String, CommandSpec> TABLE = Map.of("set", SET, "get", GET, "publish", PUBLISH);

    private static CommandSpec spec(String name, int arity, String flags) {
        return Specs.command("test", name, arity, flags, 0, 0, 0, "", (context, args) -> { });
    }

    private static ClientPause pause() {
        return new ClientPause(args -> TABLE.get(args.string(0).toLowerCase(java.util.Locale.ROOT)));
    }

    private static ClientState inTransaction(String... queuedNames) {
        ClientState state = new ClientState();
        state.queued = new ArrayList<>();
        for (String name : queuedNames) {
            state.queued.add(Arguments.of(name, "k"));
        }
        return state;
    }

    @Test
    void allHoldsEveryCommandWriteOnlyWhatMayWriteOrReplicate() {
        ClientPause pause = pause();
        ClientState plain = new ClientState();
        assertThat(pause.holds(SET, plain)).isFalse();
        pause.pause(PauseMode.WRITE, 2_000, 1_000);
        assertThat(pause.holds(SET, plain)).isTrue();
        assertThat(pause.holds(PUBLISH, plain)).isTrue();
        assertThat(pause.holds(SCRIPTED, plain)).isTrue();
        assertThat(pause.holds(FLAGGED, plain)).isTrue();
        assertThat(pause.holds(GET, plain)).isFalse();
        assertThat(pause.holds(UNPAUSE, plain)).isFalse();
        assertThat(pause.holds(EXEC, inTransaction("get", "get"))).isFalse();
        assertThat(pause.holds(EXEC, inTransaction("get", "set"))).isTrue();
        assertThat(pause.holds(EXEC, inTransaction("publish"))).isTrue();
        assertThat(pause.holds(EXEC, inTransaction("nosuch"))).isFalse();
        assertThat(pause.holds(EXEC, plain)).isFalse();   // EXEC without MULTI: its error answers at once
        pause.pause(PauseMode.ALL, 2_000, 1_000);
        for (CommandSpec spec : List.of(SET, GET, PUBLISH, EXEC, UNPAUSE)) {
            assertThat(pause.holds(spec, plain)).isTrue();
        }
    }

    @Test
    void aPauseEndsOnceTheClockIsPastItsEndNotAtIt() {
        ClientPause pause = pause();
        pause.pause(PauseMode.WRITE, 1_500, 1_000);
        assertThat(pause.expire(1_500)).isFalse();
        assertThat(pause.active()).isTrue();
        assertThat(pause.expire(1_501)).isTrue();
        assertThat(pause.active()).isFalse();
        assertThat(pause.mode()).isEqualTo(PauseMode.OFF);
        assertThat(pause.expire(1_502)).isFalse();
    }

    @Test
    void anEndAlreadyPastPausesNothing() {
        ClientPause pause = pause();
        pause.pause(PauseMode.ALL, 0, 1_000);
        assertThat(pause.active()).isFalse();
        pause.pause(PauseMode.ALL, 999, 1_000);
        assertThat(pause.active()).isFalse();
    }

    static LongStream seeds() {
        return Seeded.seeds(40);
    }

    /**
     * Random pauses, unpauses and clock steps against a model written the way Redis 7.0 keeps it: the
     * requests since the last reset, whose strictest mode and latest end are in force until the clock
     * passes that end or UNPAUSE clears them.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void agreesWithRedisModel(long seed) {
        Seeded.run(seed, random -> {
            ClientPause pause = pause();
            List<long[]> requests = new ArrayList<>();   // {mode ordinal, end}
            long now = 1_000_000;
            for (int step = 0; step < 500; step++) {
                now += random.nextInt(4) == 0 ? random.nextInt(300) : 0;
                switch (random.nextInt(4)) {
                    case 0 -> {
                        PauseMode mode = random.nextBoolean() ? PauseMode.WRITE : PauseMode.ALL;
                        long end = random.nextInt(8) == 0 ? 0 : now + random.nextInt(500) - 50;
                        pause.pause(mode, end, now);
                        requests.add(new long[] {mode.ordinal(), end});
                        expireModel(requests, now);
                    }
                    case 1 -> {
                        pause.unpause();
                        requests.clear();
                    }
                    default -> {
                        boolean wasActive = !requests.isEmpty();
                        expireModel(requests, now);
                        assertThat(pause.expire(now)).isEqualTo(wasActive && requests.isEmpty());
                    }
                }
                long strictest = requests.stream().mapToLong(r -> r[0]).max().orElse(0);
                long latest = requests.stream().mapToLong(r -> r[1]).max().orElse(0);
                assertThat(pause.mode()).isEqualTo(PauseMode.values()[(int) strictest]);
                assertThat(pause.active()).isEqualTo(!requests.isEmpty());
                if (pause.active()) {
                    assertThat(pause.endMillis()).isEqualTo(latest);
                }
            }
        });
    }

    /** Redis drops the whole pause once its latest end is behind the clock. */
    private static void expireModel(List<long[]> requests, long now) {
        long latest = requests.stream().mapToLong(r -> r[1]).max().orElse(Long.MAX_VALUE);
        if (latest < now) {
            requests.clear();
        }
    }
}
