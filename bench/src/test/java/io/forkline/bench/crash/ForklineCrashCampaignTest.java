package io.forkline.bench.crash;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounded campaign of CI: forkline through power losses (an embedded server on a simulated disk) and kills
 * (a child JVM), each round's promise kept. Tagged: it takes a few minutes.
 */
@Tag("crash")
class ForklineCrashCampaignTest {

    private static CampaignReport run(Path out, List<CrashConfiguration> configurations, CrashOptions options) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CampaignReport report = new CrashCampaign(configurations, options, new PrintStream(printed, true, StandardCharsets.UTF_8),
                false).run();
        assertThat(report.allPassed()).as(printed.toString(StandardCharsets.UTF_8)).isTrue();
        assertThat(report.rows()).allSatisfy(row -> assertThat(row.refusals()).isZero());
        return report;
    }

    private static List<CrashConfiguration> rdb(CrashConfiguration.Fault fault) {
        return CrashConfiguration.all(List.of(fault), List.of(CrashConfiguration.Persistence.RDB),
                List.of(CrashConfiguration.Fsync.EVERYSEC), CrashConfiguration.Target.FORKLINE);
    }

    @Test
    void snapshotsSurvivePowerLossesUpToTheLastCompletedSave(@TempDir Path out) throws Exception {
        CrashOptions options = CrashOptions.defaults(out).withRounds(12).withDuration(Duration.ofMillis(500))
                .withPreloadKeys(3_000).withSeed(7_001);
        CampaignReport report = run(out, rdb(CrashConfiguration.Fault.POWER_LOSS), options);
        assertThat(report.rounds()).extracting(RoundResult::moment).contains(Moment.DURING_BGSAVE, Moment.WHILE_WRITING);
    }

    @Test
    void snapshotsSurviveKillsUpToTheLastCompletedSave(@TempDir Path out) throws Exception {
        CrashOptions options = CrashOptions.defaults(out).withRounds(3).withDuration(Duration.ofMillis(700))
                .withPreloadKeys(3_000).withClients(3).withSeed(7_003);
        run(out, rdb(CrashConfiguration.Fault.KILL), options);
    }
}
