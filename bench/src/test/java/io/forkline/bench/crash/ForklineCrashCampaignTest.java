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
 * (a child JVM), every persistence and fsync policy, each round's promise kept and every restart loading. Tagged:
 * it takes about two and a half minutes on two cores.
 */
@Tag("crash")
class ForklineCrashCampaignTest {

    private static final List<CrashConfiguration.Persistence> ALL_PERSISTENCE = List.of(CrashConfiguration.Persistence.values());

    private static CampaignReport run(Path out, List<CrashConfiguration> configurations, CrashOptions options) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CampaignReport report = new CrashCampaign(configurations, options, new PrintStream(printed, true, StandardCharsets.UTF_8),
                false).run();
        assertThat(report.allPassed()).as(printed.toString(StandardCharsets.UTF_8)).isTrue();
        assertThat(report.rows()).allSatisfy(row -> assertThat(row.refusals()).isZero());
        return report;
    }

    private static List<CrashConfiguration> configurations(CrashConfiguration.Fault fault, CrashConfiguration.Fsync... policies) {
        return CrashConfiguration.all(List.of(fault), ALL_PERSISTENCE, List.of(policies), CrashConfiguration.Target.FORKLINE)
                .stream().filter(c -> !c.persistence().aof() || List.of(policies).contains(c.fsync())).toList();
    }

    @Test
    void powerLossesUnderAlwaysAndNoAndWithSnapshotsKeepEveryPromise(@TempDir Path out) throws Exception {
        CrashOptions options = CrashOptions.defaults(out).withRounds(10).withDuration(Duration.ofMillis(500))
                .withPreloadKeys(3_000).withSeed(7_001);
        CampaignReport report = run(out, configurations(CrashConfiguration.Fault.POWER_LOSS, CrashConfiguration.Fsync.ALWAYS,
                CrashConfiguration.Fsync.NO), options);
        assertThat(report.rows()).hasSize(5);
        assertThat(report.rows()).filteredOn(row -> row.configuration().fsync() == CrashConfiguration.Fsync.ALWAYS
                && row.configuration().persistence().aof()).allSatisfy(row -> assertThat(row.lost()).isZero());
        assertThat(report.rounds()).extracting(RoundResult::moment).contains(Moment.values());
    }

    @Test
    void powerLossesUnderEverysecLoseLessThanTheWindow(@TempDir Path out) throws Exception {
        CrashOptions options = CrashOptions.defaults(out).withRounds(4).withDuration(Duration.ofMillis(500))
                .withPreloadKeys(3_000).withSeed(7_002);
        CampaignReport report = run(out, CrashConfiguration.all(List.of(CrashConfiguration.Fault.POWER_LOSS),
                List.of(CrashConfiguration.Persistence.AOF, CrashConfiguration.Persistence.BOTH),
                List.of(CrashConfiguration.Fsync.EVERYSEC), CrashConfiguration.Target.FORKLINE), options);
        assertThat(report.rows()).allSatisfy(row -> assertThat(row.oldestLostNanos()).isLessThan(Duration.ofSeconds(2).toNanos()));
    }

    @Test
    void killsLoseNoAcknowledgedWriteUnderAnyAofPolicy(@TempDir Path out) throws Exception {
        CrashOptions options = CrashOptions.defaults(out).withRounds(3).withDuration(Duration.ofMillis(700))
                .withPreloadKeys(3_000).withClients(3).withSeed(7_003);
        CampaignReport report = run(out, CrashConfiguration.all(List.of(CrashConfiguration.Fault.KILL), ALL_PERSISTENCE,
                List.of(CrashConfiguration.Fsync.values()), CrashConfiguration.Target.FORKLINE), options);
        assertThat(report.rows()).hasSize(7).filteredOn(row -> row.configuration().persistence().aof())
                .allSatisfy(row -> assertThat(row.lost()).isZero());
    }
}
