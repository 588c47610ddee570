package io.forkline.bench.crash;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The harness validated against Debian's redis-server 7.0.15, which has every policy: kill rounds of every
 * persistence and fsync policy keep Redis's promises, and the table and JSON account for every round.
 */
@Tag("crash")
class RedisKillCampaignTest {

    private static final Path REDIS = Path.of("/usr/bin/redis-server");

    @Test
    void everyPolicyOfRedisKeepsItsPromiseThroughKills(@TempDir Path out) throws Exception {
        assumeTrue(Files.isExecutable(REDIS), "Debian's redis-server is not installed");
        CrashOptions options = CrashOptions.defaults(out).withRounds(4).withDuration(Duration.ofMillis(600))
                .withPreloadKeys(5_000).withClients(3).withSeed(20_240_601);
        List<CrashConfiguration> configurations = CrashConfiguration.all(List.of(CrashConfiguration.Fault.KILL),
                List.of(CrashConfiguration.Persistence.values()), List.of(CrashConfiguration.Fsync.values()),
                CrashConfiguration.Target.REDIS);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CampaignReport report = new CrashCampaign(configurations, options, new PrintStream(printed, true, StandardCharsets.UTF_8),
                false).run();
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(report.allPassed()).as(text).isTrue();
        assertThat(report.rounds()).hasSize(7 * 4);
        assertThat(report.rows()).hasSize(7).allSatisfy(row -> {
            assertThat(row.rounds()).isEqualTo(4);
            assertThat(row.acknowledged()).isPositive();
        });
        CampaignReport.Row always = report.rows().getFirst();
        assertThat(always.configuration().name()).isEqualTo("redis:kill/aof/always");
        assertThat(always.lost()).isZero();
        assertThat(text).contains("redis:kill/rdb/-").contains("configuration");
        String json = Files.readString(out.resolve(CrashCampaign.REPORT_FILE));
        assertThat(json).contains("\"name\": \"redis:kill/aof/everysec\"").contains("\"passed\": true");
        assertThat(out.resolve("rounds")).doesNotExist();   // passing rounds leave nothing behind
    }
}
