package io.forkline.bench.crash;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CampaignReportTest {

    private static final CrashConfiguration ALWAYS = new CrashConfiguration(CrashConfiguration.Fault.POWER_LOSS,
            CrashConfiguration.Persistence.AOF, CrashConfiguration.Fsync.ALWAYS, CrashConfiguration.Target.FORKLINE);
    private static final CrashConfiguration EVERYSEC = new CrashConfiguration(CrashConfiguration.Fault.POWER_LOSS,
            CrashConfiguration.Persistence.AOF, CrashConfiguration.Fsync.EVERYSEC, CrashConfiguration.Target.FORKLINE);

    private static RoundResult round(CrashConfiguration configuration, int number, long acked, long lost, long oldestNanos,
                                     List<String> violations) {
        Verdict verdict = new Verdict(violations, acked, 1, lost, oldestNanos, List.of(3, 4));
        return new RoundResult(configuration, number, 100 + number, Moment.WHILE_WRITING, verdict, null, false, "detail",
                null, 2_000_000_000L);
    }

    @Test
    void sumsEachConfigurationAndFailsOnAnyBrokenPromise() {
        CampaignReport report = new CampaignReport(CrashOptions.defaults(Path.of("out")));
        report.add(round(ALWAYS, 0, 100, 0, -1, List.of()));
        report.add(round(ALWAYS, 1, 50, 0, -1, List.of()));
        report.add(round(EVERYSEC, 0, 70, 5, 812_000_000L, List.of()));
        report.add(new RoundResult(EVERYSEC, 1, 7, Moment.DURING_REWRITE, null, "Bad file format at offset 12", false, "",
                null, 1_000_000L));
        assertThat(report.allPassed()).isFalse();
        assertThat(report.rows()).containsExactly(
                new CampaignReport.Row(ALWAYS, 2, 0, 150, 2, 0, -1, 0),
                new CampaignReport.Row(EVERYSEC, 2, 1, 70, 1, 5, 812_000_000L, 1));
        assertThat(report.table()).contains("power-loss/aof/everysec             2      1           70         1        5       812 ms        1");
        String json = report.json();
        assertThat(json).contains("\"name\": \"power-loss/aof/always\"", "\"oldestLostMillis\": 812.0",
                "\"refusal\": \"Bad file format at offset 12\"", "\"passed\": false");
    }

    @Test
    void aFailingRoundPrintsItsViolationsAndTheCommandThatReplaysIt() {
        RoundResult failed = round(ALWAYS, 3, 10, 2, 5_000_000L, List.of("2 acknowledged writes lost against the promise"));
        String line = failed.line("--duration 2000ms");
        assertThat(failed.passed()).isFalse();
        assertThat(line).startsWith("power-loss/aof/always        round   3 seed 103")
                .contains("FAIL", "lost    2 (oldest 5 ms)", "    2 acknowledged writes lost against the promise", "    detail",
                        "replay: ./forkline crash-test --fault power-loss --persistence aof --fsync always --duration 2000ms "
                                + "--rounds 1 --seed 103");
        assertThat(round(ALWAYS, 4, 10, 0, -1, List.of()).line("").lines().count()).isEqualTo(1);
    }

    @Test
    void roundSeedsDeriveFromTheFirstSoThatAnyRoundReplaysAlone() {
        CrashOptions options = CrashOptions.defaults(Path.of("out")).withSeed(42);
        assertThat(options.roundSeed(0)).isEqualTo(42);
        assertThat(options.roundSeed(1)).isNotEqualTo(42).isEqualTo(CrashOptions.defaults(Path.of("x")).withSeed(42).roundSeed(1));
        assertThat(options.withSeed(options.roundSeed(5)).roundSeed(0)).isEqualTo(options.roundSeed(5));
    }

    @Test
    void promisesFollowThePolicyTheFaultAndTheServer() {
        java.time.Duration two = java.time.Duration.ofSeconds(2);
        java.time.Duration five = java.time.Duration.ofSeconds(5);
        assertThat(ALWAYS.promise(0, two, five)).isEqualTo(new Promise.EveryAcknowledged());
        assertThat(EVERYSEC.promise(0, two, five)).isEqualTo(new Promise.RecentWindow(two, false));
        CrashConfiguration no = new CrashConfiguration(CrashConfiguration.Fault.POWER_LOSS, CrashConfiguration.Persistence.BOTH,
                CrashConfiguration.Fsync.NO, CrashConfiguration.Target.FORKLINE);
        assertThat(no.promise(0, two, five)).isEqualTo(new Promise.RecentWindow(five, true));
        CrashConfiguration killed = new CrashConfiguration(CrashConfiguration.Fault.KILL, CrashConfiguration.Persistence.AOF,
                CrashConfiguration.Fsync.NO, CrashConfiguration.Target.FORKLINE);
        assertThat(killed.promise(0, two, five)).isEqualTo(new Promise.EveryAcknowledged());
        CrashConfiguration rdb = new CrashConfiguration(CrashConfiguration.Fault.KILL, CrashConfiguration.Persistence.RDB,
                CrashConfiguration.Fsync.EVERYSEC, CrashConfiguration.Target.FORKLINE);
        assertThat(rdb.promise(77, two, five)).isEqualTo(new Promise.SinceLastSave(77));
        assertThat(CrashConfiguration.all(List.of(CrashConfiguration.Fault.values()), List.of(CrashConfiguration.Persistence.values()),
                List.of(CrashConfiguration.Fsync.values()), CrashConfiguration.Target.FORKLINE)).hasSize(14);
    }
}
