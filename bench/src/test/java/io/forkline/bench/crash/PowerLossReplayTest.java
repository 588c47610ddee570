package io.forkline.bench.crash;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A power-loss round replays exactly from its seed (under always, no, and RDB alone): the same writes acknowledged,
 * lost and recovered, the same disk operation cut, the same bytes kept.
 */
@Tag("crash")
class PowerLossReplayTest {

    @ParameterizedTest(name = "{0}/{1} {2}")
    @CsvSource({"RDB, EVERYSEC, WHILE_WRITING", "RDB, EVERYSEC, DURING_BGSAVE", "AOF, ALWAYS, WHILE_WRITING",
            "AOF, ALWAYS, AROUND_MANIFEST_SWITCH", "BOTH, NO, DURING_REWRITE"})
    void theSameSeedGivesTheSameRound(CrashConfiguration.Persistence persistence, CrashConfiguration.Fsync fsync,
                                      Moment wanted, @TempDir Path out) throws Exception {
        CrashConfiguration configuration = new CrashConfiguration(CrashConfiguration.Fault.POWER_LOSS, persistence, fsync,
                CrashConfiguration.Target.FORKLINE);
        long seed = 1;
        while (Moment.pick(persistence, new Random(seed)) != wanted) {
            seed++;
        }
        CrashOptions options = CrashOptions.defaults(out).withDuration(Duration.ofMillis(400)).withPreloadKeys(2_000)
                .withSeed(seed);
        RoundResult first = new PowerLossRound(configuration, options, 0, out.resolve("first")).run();
        RoundResult second = new PowerLossRound(configuration, options, 0, out.resolve("second")).run();
        assertThat(first.moment()).isEqualTo(wanted);
        assertThat(first.passed()).as(first.line("")).isTrue();
        assertThat(second.verdict().recoveredPrefixes()).isEqualTo(first.verdict().recoveredPrefixes());
        assertThat(second.verdict().acknowledged()).isEqualTo(first.verdict().acknowledged());
        assertThat(second.verdict().lostAcknowledged()).isEqualTo(first.verdict().lostAcknowledged());
        assertThat(normalized(second.detail().replace("second", "first"))).isEqualTo(normalized(first.detail()));
    }

    /** Temporary names carry a counter of the process (temp-PID-N.rdb): the same file in each run, numbered apart. */
    private static String normalized(String detail) {
        return detail.replaceAll("temp-[a-z-]*[0-9][0-9-]*", "temp-N");
    }
}
