package io.forkline.server.pubsub;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Specs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which arguments Redis 7.0 shows as "(redacted)" in MONITOR and the slow log. */
class SensitiveArgumentsTest {

    private static CommandSpec spec(String name) {
        return Specs.command("test", name, -1, "", 0, 0, 0, "", (context, args) -> { });
    }

    private static boolean[] of(String name, String... args) {
        return SensitiveArguments.of(spec(name), Arguments.of(args));
    }

    @Test
    void authHidesWhatFollowsItsName() {
        assertThat(of("auth", "AUTH", "pw")).containsExactly(false, true);
        assertThat(of("auth", "AUTH", "user", "pw")).containsExactly(false, true, true);
        assertThat(of("auth", "AUTH", "a", "b", "c")).isNull();
    }

    @Test
    void helloHidesTheUserAndPasswordOfEachAuthItReads() {
        assertThat(of("hello", "HELLO", "3", "AUTH", "u", "p")).containsExactly(false, false, false, true, true);
        assertThat(of("hello", "HELLO", "3", "SETNAME", "n", "auth", "u", "p"))
                .containsExactly(false, false, false, false, false, true, true);
        assertThat(of("hello", "HELLO", "2", "SETNAME", "bad name", "AUTH", "u", "p"))
                .containsExactly(false, false, false, false, false, false, false);
        assertThat(of("hello", "HELLO", "3", "BOGUS", "AUTH", "u", "p")).containsOnly(false);
        assertThat(of("hello", "HELLO", "3", "AUTH", "u")).containsOnly(false);
        assertThat(of("hello", "HELLO", "4", "AUTH", "u", "p")).isNull();
        assertThat(of("hello", "HELLO", "x", "AUTH", "u", "p")).isNull();
        assertThat(of("hello", "HELLO", "3")).isNull();
    }

    @Test
    void configSetHidesSensitiveValues() {
        assertThat(of("config|set", "CONFIG", "SET", "requirepass", "pw", "maxmemory", "1mb", "MasterAuth", "x"))
                .containsExactly(false, false, false, true, false, false, false, true);
        assertThat(of("config|set", "CONFIG", "SET", "requirepass")).isNull();
    }

    @Test
    void otherCommandsShowEverything() {
        assertThat(of("set", "SET", "password", "secret")).isNull();
    }
}
