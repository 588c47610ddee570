package io.forkline.bench.study;

import io.forkline.bench.load.CommandMix;
import io.forkline.bench.load.RespClient;
import io.forkline.bench.load.Workload;
import io.forkline.reports.json.JsonObject;
import io.forkline.reports.run.RunLayout;
import io.forkline.server.ForklineServer;
import io.forkline.server.ServerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Scenarios on the embedded server and on a --target: folders written, refusals reported, settings set back. */
class ScenarioRunnerTest {

    @TempDir
    Path run;

    private static final Workload TINY = Workload.writeHeavy().withKeys(500).withValueSize(16).withClients(2)
            .withCommands(CommandMix.parse("SET=3,GET=1")).withDurations(0.2, 0.6);

    private static JsonObject result(Path run, String scenario, String target) throws Exception {
        return JsonObject.parse(Files.readString(RunLayout.resultDir(run, scenario, target).resolve(RunLayout.RESULT_JSON)), "");
    }

    @Test
    void aScenarioWithoutPersistenceWritesItsFolder() throws Exception {
        Scenario none = new Scenario("none", "no persistence", Scenario.SERVER, Map.of("save", "", "appendonly", "no"), null);
        ScenarioRunner.Outcome outcome = new ScenarioRunner(TINY, StudyProgress.SILENT).run(none, new EmbeddedForkline(), run);
        assertThat(outcome.status()).as(outcome.line()).isEqualTo("ok");
        Path dir = RunLayout.resultDir(run, "none", "forkline");
        assertThat(dir.resolve(RunLayout.LATENCY_HLOG)).isNotEmptyFile();
        assertThat(dir.resolve(RunLayout.EVENTS_JSON)).exists();
        assertThat(dir.resolve("data")).doesNotExist();
        List<String> counters = Files.readAllLines(dir.resolve(RunLayout.COUNTERS_CSV));
        assertThat(counters.getFirst()).startsWith("t_ms,info_ms,bench_gc_ms,bench_late_ms,storage_fsyncs").contains("used_memory", "aof_delayed_fsync");
        assertThat(counters.size()).as("samples before and during the window").isGreaterThan(2);
        JsonObject result = result(run, "none", "forkline");
        assertThat(result.string("status")).isEqualTo("ok");
        JsonObject metrics = result.object("metrics");
        assertThat(metrics.integer("operations")).isPositive();
        assertThat(metrics.integer("errors")).isZero();
        assertThat(metrics.object("latencyMicros").integer("count")).isEqualTo(metrics.integer("operations"));
        assertThat(metrics.number("fsyncs")).as("no AOF, no RDB: nothing synced in the window").isZero();
        assertThat(result.object("preload").integer("requests")).isEqualTo(500);
    }

    @Test
    void snapshotsAreAskedForOnScheduleAndTheirCostsRecorded() throws Exception {
        for (String strategy : new String[] {"fork-cow", "stop-the-world"}) {
            String name = "bgsave-" + strategy;
            Scenario bgsave = new Scenario(name, "", Scenario.SERVER, Map.of("save", "", "snapshot-strategy", strategy),
                    new SnapshotSchedule("BGSAVE", 0.1, 0.3));
            ScenarioRunner.Outcome outcome = new ScenarioRunner(TINY, StudyProgress.SILENT).run(bgsave, new EmbeddedForkline(), run);
            assertThat(outcome.status()).as(outcome.line()).isEqualTo("ok");
            JsonObject result = result(run, name, "forkline");
            List<JsonObject> requests = result.objects("snapshotRequests");
            assertThat(requests).as("BGSAVE at 0.1 s and 0.4 s of the 0.6 s window").hasSize(2);
            assertThat(requests).allSatisfy(r -> assertThat(r.bool("error", true)).as(r.string("reply")).isFalse());
            JsonObject metrics = result.object("metrics");
            assertThat(metrics.number("snapshots")).isEqualTo(2);
            assertThat(metrics.number("fsyncs")).as("each RDB file is synced").isGreaterThanOrEqualTo(2);
            if (strategy.equals("fork-cow")) {
                assertThat(metrics.has("forkPauseMicros")).isTrue();
                assertThat(metrics.has("copiedBytes")).isTrue();
            }
            String events = Files.readString(RunLayout.resultDir(run, name, "forkline").resolve(RunLayout.EVENTS_JSON));
            assertThat(events).contains("\"bgsave-sent\"", "\"bgsave-reply\"", "\"fsync");
        }
    }

    @Test
    void aSettingTheServerRefusesSkipsTheScenarioWithItsError() throws Exception {
        Scenario bad = new Scenario("bad", "", Scenario.SERVER, Map.of("appendfsync", "sometimes"), null);
        ScenarioRunner.Outcome outcome = new ScenarioRunner(TINY, StudyProgress.SILENT).run(bad, new EmbeddedForkline(), run);
        assertThat(outcome.status()).isEqualTo("skipped");
        JsonObject result = result(run, "bad", "forkline");
        assertThat(result.string("status")).isEqualTo("skipped");
        assertThat(result.string("reason")).startsWith("forkline refused the settings: ").contains("appendfsync");
        assertThat(result.has("metrics")).isFalse();
    }

    @Test
    void aTargetGetsItsSettingsByConfigSetAndBackAfterwards() throws Exception {
        try (ForklineServer server = ForklineServer.start(ServerSettings.defaults(0))) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());
            RemoteServer target = new RemoteServer(address);
            assertThat(target.describe()).containsKey("redis_version");
            Scenario hz = new Scenario("hz", "", Scenario.SERVER, Map.of("hz", "50"), null);
            assertThat(new ScenarioRunner(TINY, StudyProgress.SILENT).run(hz, target, run).status()).isEqualTo("ok");
            assertThat(result(run, "hz", "target").strings("applied")).containsEntry("hz", "50");
            Scenario immutable = new Scenario("pages", "", Scenario.SERVER, Map.of("page-size", "2mb"), null);
            ScenarioRunner.Outcome refused = new ScenarioRunner(TINY, StudyProgress.SILENT).run(immutable, target, run);
            assertThat(refused.status()).isEqualTo("skipped");
            assertThat(result(run, "pages", "target").string("reason"))
                    .isEqualTo("CONFIG SET page-size 2mb refused: ERR CONFIG SET failed (possibly related to argument 'page-size') - can't set immutable config");
            try (RespClient client = new RespClient(address, 10_000)) {
                assertThat(client.call("CONFIG", "GET", "hz").text()).isEqualTo("hz\n10");
            }
        }
    }
}
