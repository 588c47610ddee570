package io.forkline.bench.load;

import io.forkline.server.ForklineServer;
import io.forkline.server.ServerSettings;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The load generator against an embedded forkline server: counts and validity, never speed. */
class LoadGeneratorTest {

    private static ForklineServer server;
    private static InetSocketAddress address;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = ForklineServer.start(ServerSettings.defaults(0));
        address = new InetSocketAddress("127.0.0.1", server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void flush() throws Exception {
        try (RespClient client = new RespClient(address, 10_000)) {
            assertThat(client.call("FLUSHALL").text()).isEqualTo("OK");
        }
    }

    private static Workload small() {
        return Workload.writeHeavy().withKeys(1000).withValueSize(16).withClients(4).withPipeline(8)
                .withCommands(CommandMix.parse("SET=50,GET=30,INCR=10,HSET=5,HGET=5")).withDurations(0.2, 0.5);
    }

    @Test
    void preloadsEveryKeyOfEachFamilyTheMixUses() throws Exception {
        Preloader.Result result = Preloader.load(address, small(), (answered, total, seconds) -> { });
        assertThat(result.requests()).isEqualTo(2000);
        assertThat(result.errors()).isZero();
        try (RespClient client = new RespClient(address, 10_000)) {
            assertThat(client.call("DBSIZE")).isEqualTo(new RespClient.Integer(2000));
            assertThat(client.call("STRLEN", CommandFrames.keyName("key:", 999))).isEqualTo(new RespClient.Integer(16));
            assertThat(client.call("HLEN", CommandFrames.keyName("hash:", 0))).isEqualTo(new RespClient.Integer(1));
        }
    }

    @Test
    void aClosedLoopRunIsAnsweredInFullAndLogged() throws Exception {
        Workload workload = small();
        Preloader.load(address, workload, (answered, total, seconds) -> { });
        Timeline timeline = Timeline.startingIn(50_000_000L, workload.warmupSeconds(), workload.durationSeconds());
        LoadResult result;
        try (LoadGenerator generator = LoadGenerator.connect(address, workload, timeline)) {
            result = generator.run(dir.resolve("run.hlog"), "test", LoadProgress.NONE);
        }
        assertThat(result.operations()).isPositive();
        assertThat(result.errors()).as("first error: %s", result.firstError()).isZero();
        assertThat(result.unanswered()).isZero();
        assertThat(result.perOperation().keySet()).isSubsetOf(workload.commands().weights().keySet());
        assertThat(result.perOperation().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(result.operations());
        assertThat(result.latency().getTotalCount()).isEqualTo(result.operations());
        assertThat(result.uncorrected()).isNull();
        Histogram logged = readLog(dir.resolve("run.hlog"), null);
        assertThat(logged.getTotalCount()).isEqualTo(result.operations());
        assertThat(logged.getMaxValue()).isEqualTo(result.latency().getMaxValue());
        try (RespClient client = new RespClient(address, 10_000)) {
            Map<String, String> stats = client.info("stats");
            assertThat(Long.parseLong(stats.get("total_commands_processed"))).isGreaterThanOrEqualTo(result.operations());
        }
    }

    @Test
    void anOpenLoopSendsWhatItsScheduleSaysAndLogsBothLatencies() throws Exception {
        Workload workload = small().withRate(2000).withPreload(false);
        Timeline timeline = Timeline.startingIn(50_000_000L, workload.warmupSeconds(), workload.durationSeconds());
        LoadResult result;
        try (LoadGenerator generator = LoadGenerator.connect(address, workload, timeline)) {
            result = generator.run(dir.resolve("open.hlog"), "test", LoadProgress.NONE);
        }
        // each of 4 connections is due every 2 ms; 0.5 s of window holds 250 of each, give or take the edge
        assertThat(result.operations()).isBetween(996L, 1004L);
        assertThat(result.errors()).as("first error: %s", result.firstError()).isZero();
        assertThat(result.unanswered()).isZero();
        assertThat(result.targetRate()).isEqualTo(2000);
        assertThat(result.uncorrected().getTotalCount()).isEqualTo(result.operations());
        assertThat(readLog(dir.resolve("open.hlog"), "uncorrected").getTotalCount()).isEqualTo(result.operations());
        assertThat(readLog(dir.resolve("open.hlog"), null).getTotalCount()).isEqualTo(result.operations());
    }

    @Test
    void theControlClientReadsInfoAndReplies() throws Exception {
        try (RespClient client = new RespClient(address, 10_000)) {
            Map<String, String> info = client.info("server");
            assertThat(info).containsKey("redis_version").containsEntry("tcp_port", Integer.toString(server.port()));
            assertThat(client.call("SET", "a", "1").text()).isEqualTo("OK");
            assertThat(client.call("GET", "missing")).isEqualTo(new RespClient.Bulk(null));
            assertThat(client.call("NOSUCHCOMMAND").isError()).isTrue();
            RespClient.Reply config = client.call("CONFIG", "GET", "appendfsync");
            assertThat(config).isInstanceOf(RespClient.Array.class);
            assertThat(config.text()).isEqualTo("appendfsync\neverysec");
        }
    }

    static Histogram readLog(Path file, String tag) throws Exception {
        Histogram sum = new Histogram(3);
        HistogramLogReader reader = new HistogramLogReader(file.toFile());
        try {
            EncodableHistogram next;
            while ((next = reader.nextIntervalHistogram()) != null) {
                Histogram h = (Histogram) next;
                if (java.util.Objects.equals(tag, h.getTag())) {
                    sum.add(h);
                }
            }
        } finally {
            reader.close();
        }
        return sum;
    }
}
