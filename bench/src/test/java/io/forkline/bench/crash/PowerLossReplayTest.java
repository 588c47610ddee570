package io.forkline.bench.crash;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A power-loss round replays exactly from its seed: the same writes acknowledged, lost and recovered, the same cut. */
@Tag("crash")
class PowerLossReplayTest {

    @ParameterizedTest
    @EnumSource(value = Moment.class, names = {"WHILE_WRITING", "DURING_BGSAVE"})
    void theSameSeedGivesTheSameRound(Moment wanted, @TempDir Path out) throws Exception {
        CrashConfiguration configuration = new CrashConfiguration(CrashConfiguration.Fault.POWER_LOSS,
                CrashConfiguration.Persistence.RDB, CrashConfiguration.Fsync.EVERYSEC, CrashConfiguration.Target.FORKLINE);
        CrashOptions options = CrashOptions.defaults(out).withDuration(Duration.ofMillis(400)).withPreloadKeys(2_000);
        long seed = 1;
        while (Moment.pick(configuration.persistence(), new java.util.Random(seed)) != wanted) {
            seed++;
        }
        CrashOptions seeded = options.withSeed(seed);
        RoundResult first = new PowerLossRound(configuration, seeded, 0, out.resolve("first")).run();
        RoundResult second = new PowerLossRound(configuration, seeded, 0, out.resolve("second")).run();
        assertThat(first.moment()).isEqualTo(wanted);
        assertThat(first.passed()).as(first.line("")).isTrue();
        assertThat(second.verdict().recoveredPrefixes()).isEqualTo(first.verdict().recoveredPrefixes());
        assertThat(second.verdict().acknowledged()).isEqualTo(first.verdict().acknowledged());
        assertThat(second.verdict().lostAcknowledged()).isEqualTo(first.verdict().lostAcknowledged());
        assertThat(normalized(second.detail().replace("second", "first"))).isEqualTo(normalized(first.detail()));
    }

    /** Temporary names carry a counter of the process (temp-PID-N.rdb): the same file in each run, numbered apart. */
    private static String normalized(String detail) {
        return detail.replaceAll("temp-[0-9-]+", "temp-N");
    }
}
