package io.forkline.server.pubsub;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Specs;
import io.forkline.engine.keyspace.Clock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The slow log on its own: threshold, bound, cuts and redaction, with a clock moved by hand. */
class SlowLogTest {

    private static final CommandSpec GET = spec("get", "readonly fast");
    private static final CommandSpec EXEC = spec("exec", "noscript loading stale skip_slowlog");
    private static final CommandSpec AUTH = spec("auth", "noscript loading stale fast no_auth");

    private final Clock.Manual clock = new Clock.Manual(1_700_000_000_000L);

    private static CommandSpec spec(String name, String flags) {
        return Specs.command("test", name, -1, flags, 0, 0, 0, "", (context, args) -> { });
    }

    private static List<String> texts(SlowLogEntry entry) {
        return entry.arguments().stream().map(bytes -> new String(bytes, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void logsCommandsAtOrAboveTheThresholdNewestFirst() {
        SlowLog log = new SlowLog(clock, 10_000, 128);
        log.executed(GET, Arguments.of("GET", "fast"), 9_999, "127.0.0.1:1", "");
        log.executed(GET, Arguments.of("GET", "slow"), 10_000, "127.0.0.1:1", "");
        clock.advance(2_500);
        log.executed(GET, Arguments.of("GET", "slower"), 50_000, "127.0.0.1:2", "app");
        assertThat(log.size()).isEqualTo(2);
        List<SlowLogEntry> entries = log.newest(10);
        assertThat(entries).extracting(SlowLogEntry::id).containsExactly(1L, 0L);
        assertThat(entries.getFirst()).extracting(SlowLogEntry::unixSeconds, SlowLogEntry::micros,
                SlowLogEntry::clientAddress, SlowLogEntry::clientName).containsExactly(1_700_000_002L, 50_000L, "127.0.0.1:2", "app");
        assertThat(texts(entries.getFirst())).containsExactly("GET", "slower");
        assertThat(log.newest(1)).hasSize(1);
        assertThat(log.newest(0)).isEmpty();
    }

    @Test
    void zeroLogsEverythingAndNegativeNothing() {
        SlowLog log = new SlowLog(clock, 0, 128);
        log.executed(GET, Arguments.of("GET", "k"), 0, "a", "");
        assertThat(log.size()).isEqualTo(1);
        log.logSlowerThan(-1);
        log.executed(GET, Arguments.of("GET", "k"), 1_000_000, "a", "");
        assertThat(log.size()).isEqualTo(1);
    }

    @Test
    void theLengthIsBoundedAndABoundLoweredLaterTrimsAtTheNextCommand() {
        SlowLog log = new SlowLog(clock, 0, 3);
        for (int i = 0; i < 10; i++) {
            log.executed(GET, Arguments.of("GET", "k" + i), 1, "a", "");
        }
        assertThat(log.newest(100)).extracting(entry -> texts(entry).get(1)).containsExactly("k9", "k8", "k7");
        log.maxLength(1);
        assertThat(log.size()).isEqualTo(3);
        log.executed(GET, Arguments.of("GET", "k10"), 1, "a", "");
        assertThat(log.newest(100)).extracting(entry -> texts(entry).get(1)).containsExactly("k10");
        log.maxLength(0);
        log.executed(GET, Arguments.of("GET", "k11"), 1, "a", "");
        assertThat(log.size()).isZero();
        assertThatThrownBy(() -> log.maxLength(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void skipSlowlogCommandsAreNeverLoggedAndIdsSurviveReset() {
        SlowLog log = new SlowLog(clock, 0, 128);
        log.executed(EXEC, Arguments.of("EXEC"), 1_000_000, "a", "");
        assertThat(log.size()).isZero();
        log.executed(GET, Arguments.of("GET", "a"), 1, "a", "");
        log.reset();
        assertThat(log.size()).isZero();
        log.executed(GET, Arguments.of("GET", "b"), 1, "a", "");
        assertThat(log.newest(1).getFirst().id()).isEqualTo(1);
    }

    @Test
    void argumentsAreCutAndRedactedAsRedisDoes() {
        SlowLog log = new SlowLog(clock, 0, 128);
        log.executed(GET, Arguments.of("SET", "k", "x".repeat(129)), 1, "a", "");
        assertThat(texts(log.newest(1).getFirst())).containsExactly("SET", "k", "x".repeat(128) + "... (1 more bytes)");
        log.executed(GET, Arguments.of("SET", "k", "y".repeat(128)), 1, "a", "");
        assertThat(texts(log.newest(1).getFirst())).containsExactly("SET", "k", "y".repeat(128));

        String[] many = new String[33];
        for (int i = 0; i < many.length; i++) {
            many[i] = "a" + i;
        }
        log.executed(GET, Arguments.of(many), 1, "a", "");
        List<String> kept = texts(log.newest(1).getFirst());
        assertThat(kept).hasSize(32).endsWith("a30", "... (2 more arguments)");
        String[] exactly = java.util.Arrays.copyOf(many, 32);
        log.executed(GET, Arguments.of(exactly), 1, "a", "");
        assertThat(texts(log.newest(1).getFirst())).containsExactly(exactly);

        log.executed(AUTH, Arguments.of("AUTH", "user", "secret"), 1, "a", "");
        assertThat(texts(log.newest(1).getFirst())).containsExactly("AUTH", "(redacted)", "(redacted)");
    }
}
