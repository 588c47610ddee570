package io.forkline.server.persistence;

import io.forkline.engine.keyspace.Clock;
import io.forkline.server.ForklineServer;
import io.forkline.server.RespConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.forkline.snapshot.storage.FileStorage;
import io.forkline.snapshot.storage.Storage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.forkline.server.persistence.Servers.await;
import static io.forkline.server.persistence.Servers.field;
import static io.forkline.server.persistence.Servers.number;
import static org.assertj.core.api.Assertions.assertThat;

/** The append-only file on a running server: start-up, restart, BGREWRITEAOF, CONFIG SET, INFO. */
class AofIntegrationTest {

    @TempDir
    Path dir;
    private final Opened opened = new Opened();

    @AfterEach
    void stopEverything() throws Exception {
        opened.closeAll();
    }

    private ForklineServer start(String... directives) throws Exception {
        return start(FileStorage.INSTANCE, directives);
    }

    private ForklineServer start(Storage storage, String... directives) throws Exception {
        List<String> all = new ArrayList<>(List.of("--save", "", "--appendonly", "yes"));
        all.addAll(List.of(directives));
        return opened.keep(Servers.start(dir, Clock.system(), storage, all.toArray(String[]::new)));
    }

    private static String status(String text) {
        return "+" + text + "\r\n";
    }

    /** Waits until no rewrite runs or waits to run, both read from one INFO reply. */
    private static void awaitRewriteDone(RespConnection connection) throws Exception {
        await("the rewrite to end", () -> {
            String info = connection.call("INFO", "persistence");
            return info.contains("aof_rewrite_in_progress:0\r\n") && info.contains("aof_rewrite_scheduled:0\r\n");
        });
    }

    private Path appendDir() {
        return dir.resolve("appendonlydir");
    }

    private List<String> files() throws Exception {
        try (Stream<Path> list = Files.list(appendDir())) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest(name = "aof-use-rdb-preamble {0}")
    @ValueSource(strings = {"yes", "no"})
    void aFirstStartCreatesABaseAndAnIncrAndARestartLoadsWhatWasWritten(String preamble) throws Exception {
        ForklineServer server = start("--aof-use-rdb-preamble", preamble);
        String base = preamble.equals("yes") ? "appendonly.aof.1.base.rdb" : "appendonly.aof.1.base.aof";
        assertThat(files()).containsExactly(base, "appendonly.aof.1.incr.aof", "appendonly.aof.manifest");
        assertThat(Files.readString(appendDir().resolve("appendonly.aof.manifest")))
                .isEqualTo("file " + base + " seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n");
        Map<String, String> before;
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            SampleData.populate(jedis, 1);
            before = DatasetDigest.of(jedis, 16);
        }
        server.close();
        ForklineServer again = start("--aof-use-rdb-preamble", preamble);
        try (Jedis jedis = new Jedis("127.0.0.1", again.port())) {
            assertThat(DatasetDigest.of(jedis, 16)).isEqualTo(before);
        }
        try (RespConnection connection = new RespConnection(again.port())) {
            assertThat(field(connection, "persistence", "aof_enabled")).isEqualTo("1");
            assertThat(number(connection, "persistence", "aof_current_size"))
                    .isEqualTo(Files.size(appendDir().resolve(base)) + Files.size(appendDir().resolve("appendonly.aof.1.incr.aof")));
        }
    }

    @Test
    void underAlwaysEachReplyLeavesAfterItsWriteWasSynced() throws Exception {
        AofFaultStorage storage = new AofFaultStorage();
        ForklineServer server = start(storage, "--appendfsync", "always");
        Path incr = appendDir().resolve("appendonly.aof.1.incr.aof");
        try (RespConnection connection = new RespConnection(server.port())) {
            for (int i = 0; i < 50; i++) {
                assertThat(connection.call("SET", "k" + i, "v" + i)).isEqualTo("+OK\r\n");
                assertThat(storage.syncedLength("appendonly.aof.1.incr.aof")).isEqualTo(Files.size(incr));
            }
            assertThat(Files.readString(incr)).contains("$3\r\nk49\r\n$3\r\nv49\r\n");
        }
    }

    @Test
    void underEverysecTheWriteIsInTheFileWhenTheReplyLeavesAndSyncedWithinASecondOrSo() throws Exception {
        AofFaultStorage storage = new AofFaultStorage();
        ForklineServer server = start(storage, "--appendfsync", "everysec");
        Path incr = appendDir().resolve("appendonly.aof.1.incr.aof");
        try (RespConnection connection = new RespConnection(server.port())) {
            assertThat(connection.call("SET", "key", "value")).isEqualTo("+OK\r\n");
            assertThat(Files.readString(incr)).endsWith("$3\r\nkey\r\n$5\r\nvalue\r\n");   // written before the reply
            long size = Files.size(incr);
            await("the background fsync", () -> storage.syncedLength("appendonly.aof.1.incr.aof") == size);
        }
    }

    @Test
    void bgrewriteaofStartsANewBaseAndIncrAndWritesDuringItAreNeitherLostNorDoubled() throws Exception {
        AofFaultStorage storage = new AofFaultStorage();
        ForklineServer server = start(storage);
        try (RespConnection connection = new RespConnection(server.port())) {
            for (int i = 0; i < 300; i++) {
                connection.call("INCR", "counter");
                connection.call("RPUSH", "list", "before-" + i);
            }
            storage.holdCreatesOf("temp-rewriteaof");
            assertThat(connection.call("BGREWRITEAOF")).isEqualTo(status("Background append only file rewriting started"));
            storage.awaitHeld();
            assertThat(connection.call("BGREWRITEAOF")).isEqualTo("-ERR Background append only file rewriting already in progress\r\n");
            assertThat(connection.call("BGSAVE")).startsWith("-ERR Another child process is active (AOF?)");
            assertThat(number(connection, "persistence", "aof_rewrite_in_progress")).isEqualTo(1);
            assertThat(files()).contains("appendonly.aof.2.incr.aof");   // the fork point: the new incr is already listed
            for (int i = 0; i < 200; i++) {
                connection.call("INCR", "counter");
                connection.call("RPUSH", "list", "during-" + i);
            }
            storage.release();
            awaitRewriteDone(connection);
            assertThat(field(connection, "persistence", "aof_last_bgrewrite_status")).isEqualTo("ok");
            assertThat(number(connection, "persistence", "aof_rewrites")).isEqualTo(1);
            assertThat(files()).containsExactly("appendonly.aof.2.base.rdb", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest");
            assertThat(number(connection, "persistence", "aof_current_size")).isEqualTo(Files.size(appendDir().resolve("appendonly.aof.2.base.rdb"))
                    + Files.size(appendDir().resolve("appendonly.aof.2.incr.aof")));
            assertThat(number(connection, "persistence", "aof_base_size")).isLessThanOrEqualTo(number(connection, "persistence", "aof_current_size"));
            connection.call("INCR", "counter");
        }
        server.close();
        ForklineServer again = start(storage);
        try (RespConnection connection = new RespConnection(again.port())) {
            assertThat(connection.call("GET", "counter")).isEqualTo("$3\r\n501\r\n");
            assertThat(connection.call("LLEN", "list")).isEqualTo(":500\r\n");
            assertThat(connection.call("LINDEX", "list", "299")).isEqualTo("$10\r\nbefore-299\r\n");
            assertThat(connection.call("LINDEX", "list", "300")).isEqualTo("$8\r\nduring-0\r\n");
        }
    }

    @Test
    void configSetAppendonlyYesRewritesTheDataSetAndLogsFromThenOn() throws Exception {
        ForklineServer server = opened.keep(Servers.start(dir, "--save", ""));
        Map<String, String> expected;
        try (Jedis jedis = new Jedis("127.0.0.1", server.port()); RespConnection connection = new RespConnection(server.port())) {
            SampleData.populate(jedis, 2);
            assertThat(field(connection, "persistence", "aof_enabled")).isEqualTo("0");
            assertThat(connection.call("CONFIG", "SET", "appendonly", "yes")).isEqualTo("+OK\r\n");
            assertThat(field(connection, "persistence", "aof_enabled")).isEqualTo("1");
            awaitRewriteDone(connection);
            assertThat(files()).containsExactly("appendonly.aof.1.base.rdb", "appendonly.aof.1.incr.aof", "appendonly.aof.manifest");
            jedis.set("after", "switched on");
            jedis.incr("int");
            expected = DatasetDigest.of(jedis, 16);
        }
        server.close();
        ForklineServer again = start();
        try (Jedis jedis = new Jedis("127.0.0.1", again.port())) {
            assertThat(DatasetDigest.of(jedis, 16)).isEqualTo(expected);
        }
    }

    @Test
    void configSetAppendonlyNoStopsLogging() throws Exception {
        ForklineServer server = start();
        try (RespConnection connection = new RespConnection(server.port())) {
            connection.call("SET", "kept", "1");
            assertThat(connection.call("CONFIG", "SET", "appendonly", "no")).isEqualTo("+OK\r\n");
            assertThat(field(connection, "persistence", "aof_enabled")).isEqualTo("0");
            connection.call("SET", "lost", "2");
        }
        server.close();
        ForklineServer again = start();
        try (RespConnection connection = new RespConnection(again.port())) {
            assertThat(connection.call("GET", "kept")).isEqualTo("$1\r\n1\r\n");
            assertThat(connection.call("EXISTS", "lost")).isEqualTo(":0\r\n");
        }
    }

    @ParameterizedTest(name = "appendfsync {0}")
    @ValueSource(strings = {"everysec", "always", "no"})
    void aFailedWriteRefusesWritesWithMisconfUntilAWriteSucceedsAndNothingAcknowledgedIsLost(String policy) throws Exception {
        AofFaultStorage storage = new AofFaultStorage();
        ForklineServer server = start(storage, "--appendfsync", policy);
        String misconf = "-MISCONF Errors writing to the AOF file: No space left on device\r\n";
        try (RespConnection connection = new RespConnection(server.port())) {
            assertThat(connection.call("SET", "a", "1")).isEqualTo("+OK\r\n");
            storage.failWritesOf("incr.aof");
            assertThat(connection.call("SET", "b", "2")).isEqualTo(misconf);   // its batch could not be written
            assertThat(connection.call("SET", "c", "3")).isEqualTo(misconf);   // refused before it runs
            assertThat(connection.call("PING")).isEqualTo(misconf);
            assertThat(connection.call("GET", "a")).isEqualTo("$1\r\n1\r\n");
            assertThat(field(connection, "persistence", "aof_last_write_status")).isEqualTo("err");
            assertThat(number(connection, "persistence", "aof_buffer_length")).isPositive();
            storage.failWritesOf(null);
            await("the write to be retried", () -> field(connection, "persistence", "aof_last_write_status").equals("ok"));
            assertThat(connection.call("SET", "d", "4")).isEqualTo("+OK\r\n");
            assertThat(number(connection, "persistence", "aof_buffer_length")).isZero();
        }
        server.close();
        ForklineServer again = start(storage);
        try (RespConnection connection = new RespConnection(again.port())) {
            assertThat(connection.call("MGET", "a", "b", "c", "d")).isEqualTo("*4\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n$1\r\n4\r\n");
        }
    }

    @Test
    void underAlwaysAFailedSyncAnswersTheBatchWithMisconfUntilASyncSucceeds() throws Exception {
        AofFaultStorage storage = new AofFaultStorage();
        ForklineServer server = start(storage, "--appendfsync", "always");
        try (RespConnection connection = new RespConnection(server.port())) {
            storage.failSyncsOf("incr.aof");
            assertThat(connection.call("SET", "b", "2")).isEqualTo("-MISCONF Errors writing to the AOF file: Input/output error\r\n");
            assertThat(connection.call("SET", "c", "3")).startsWith("-MISCONF");
            storage.failSyncsOf(null);
            await("the sync to be retried", () -> field(connection, "persistence", "aof_last_write_status").equals("ok"));
            assertThat(connection.call("SET", "d", "4")).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void infoPersistenceHasRedissAofFields() throws Exception {
        ForklineServer server = start();
        try (RespConnection connection = new RespConnection(server.port())) {
            String info = connection.call("INFO", "persistence");
            List<String> names = info.lines().filter(line -> line.startsWith("aof_") || line.startsWith("module_fork"))
                    .map(line -> line.substring(0, line.indexOf(':'))).toList();
            assertThat(names).containsExactly("aof_enabled", "aof_rewrite_in_progress", "aof_rewrite_scheduled", "aof_last_rewrite_time_sec",
                    "aof_current_rewrite_time_sec", "aof_last_bgrewrite_status", "aof_rewrites", "aof_rewrites_consecutive_failures",
                    "aof_last_write_status", "aof_last_cow_size", "module_fork_in_progress", "module_fork_last_cow_size",
                    "aof_current_size", "aof_base_size", "aof_pending_rewrite", "aof_buffer_length", "aof_pending_bio_fsync",
                    "aof_delayed_fsync");
            assertThat(info.indexOf("rdb_last_load_keys_loaded")).isLessThan(info.indexOf("aof_enabled"));
            assertThat(field(connection, "persistence", "aof_last_rewrite_time_sec")).isEqualTo("-1");
        }
    }

    @Test
    void theLogIsRewrittenByItselfWhenItHasGrownEnough() throws Exception {
        ForklineServer server = start("--auto-aof-rewrite-min-size", "0", "--auto-aof-rewrite-percentage", "100", "--hz", "100");
        try (RespConnection connection = new RespConnection(server.port())) {
            long base = number(connection, "persistence", "aof_base_size");
            for (int i = 0; number(connection, "persistence", "aof_current_size") < 2 * base + 1; i++) {
                connection.call("SET", "key-" + i, "x".repeat(50));
            }
            await("an automatic rewrite", () -> number(connection, "persistence", "aof_rewrites") >= 1);
            awaitRewriteDone(connection);
            assertThat(field(connection, "persistence", "aof_last_bgrewrite_status")).isEqualTo("ok");
            assertThat(Files.readString(appendDir().resolve("appendonly.aof.manifest"))).doesNotContain("appendonly.aof.1.base.rdb");
        }
    }

    /** INCR of its own counter and RPUSH of the value to its own list, until {@code stop}; returns the last value acknowledged. */
    private static java.util.concurrent.Future<Long> writer(ForklineServer server, int id, java.util.concurrent.atomic.AtomicBoolean stop) {
        java.util.concurrent.CompletableFuture<Long> last = new java.util.concurrent.CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            long value = 0;
            try (RespConnection connection = new RespConnection(server.port())) {
                while (!stop.get()) {
                    String reply = connection.call("INCR", "counter:" + id);
                    value = Long.parseLong(reply.substring(1).trim());
                    assertThat(connection.call("RPUSH", "list:" + id, Long.toString(value))).isEqualTo(":" + value + "\r\n");
                }
                last.complete(value);
            } catch (Throwable e) {
                last.completeExceptionally(e);
            }
        });
        return last;
    }

    @Test
    void rewritesDuringContinuousWritesLoseAndDoubleNothing() throws Exception {
        ForklineServer server = start("--aof-use-rdb-preamble", "no");
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<java.util.concurrent.Future<Long>> writers = new ArrayList<>();
        for (int id = 0; id < 3; id++) {
            writers.add(writer(server, id, stop));
        }
        try (RespConnection connection = new RespConnection(server.port())) {
            for (int rewrite = 1; rewrite <= 4; rewrite++) {
                int expected = rewrite;
                await("writes between rewrites", () -> number(connection, "stats", "total_commands_processed") > 400L * expected);
                assertThat(connection.call("BGREWRITEAOF")).isEqualTo(status("Background append only file rewriting started"));
                awaitRewriteDone(connection);
                assertThat(number(connection, "persistence", "aof_rewrites")).isEqualTo(rewrite);
            }
        }
        long[] last = stopWriters(stop, writers);
        server.close();
        assertThat(files()).containsExactly("appendonly.aof.5.base.aof", "appendonly.aof.5.incr.aof", "appendonly.aof.manifest");
        assertTheWritersLastValuesLoad(last, "--aof-use-rdb-preamble", "no");
    }

    @Test
    void configSetAppendonlyYesWhileClientsWriteLogsEveryWriteFromTheSwitchOn() throws Exception {
        // before the switch commands record no effects (nothing takes them); from it on, every write must reach the log
        ForklineServer server = opened.keep(Servers.start(dir, "--save", ""));
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<java.util.concurrent.Future<Long>> writers = new ArrayList<>();
        for (int id = 0; id < 3; id++) {
            writers.add(writer(server, id, stop));
        }
        try (RespConnection connection = new RespConnection(server.port())) {
            await("writes before the switch", () -> number(connection, "stats", "total_commands_processed") > 400L);
            assertThat(connection.call("CONFIG", "SET", "appendonly", "yes")).isEqualTo("+OK\r\n");
            awaitRewriteDone(connection);
            long switched = number(connection, "stats", "total_commands_processed");
            await("writes after the first rewrite", () -> number(connection, "stats", "total_commands_processed") > switched + 400L);
        }
        long[] last = stopWriters(stop, writers);
        server.close();
        assertTheWritersLastValuesLoad(last);
    }

    private static long[] stopWriters(java.util.concurrent.atomic.AtomicBoolean stop, List<java.util.concurrent.Future<Long>> writers)
            throws Exception {
        stop.set(true);
        long[] last = new long[writers.size()];
        for (int id = 0; id < last.length; id++) {
            last[id] = writers.get(id).get();
        }
        return last;
    }

    /** A server started on the log holds each writer's counter and list as its last acknowledged write left them. */
    private void assertTheWritersLastValuesLoad(long[] last, String... directives) throws Exception {
        ForklineServer again = start(directives);
        try (RespConnection connection = new RespConnection(again.port())) {
            for (int id = 0; id < last.length; id++) {
                assertThat(connection.call("GET", "counter:" + id)).isEqualTo("$" + Long.toString(last[id]).length() + "\r\n" + last[id] + "\r\n");
                assertThat(connection.call("LLEN", "list:" + id)).isEqualTo(":" + last[id] + "\r\n");
                assertThat(connection.call("LINDEX", "list:" + id, "-1")).contains(Long.toString(last[id]));
            }
        }
    }

    @Test
    void appendfsyncChangesWhileClientsWrite() throws Exception {
        AofFaultStorage storage = new AofFaultStorage();
        ForklineServer server = start(storage, "--appendfsync", "everysec");
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<java.util.concurrent.Future<Long>> writers = new ArrayList<>();
        for (int id = 0; id < 3; id++) {
            writers.add(writer(server, id, stop));
        }
        try (RespConnection connection = new RespConnection(server.port())) {
            for (String policy : List.of("always", "no", "always", "everysec", "always")) {
                long before = number(connection, "stats", "total_commands_processed");
                assertThat(connection.call("CONFIG", "SET", "appendfsync", policy)).isEqualTo("+OK\r\n");
                await("writes under " + policy, () -> number(connection, "stats", "total_commands_processed") > before + 300);
            }
            long syncsBefore = storage.syncs("appendonly.aof.1.incr.aof");
            await("syncs under always", () -> storage.syncs("appendonly.aof.1.incr.aof") > syncsBefore + 10);
        }
        stop.set(true);
        long[] last = new long[writers.size()];
        for (int id = 0; id < last.length; id++) {
            last[id] = writers.get(id).get();
        }
        server.close();
        ForklineServer again = start();
        try (RespConnection connection = new RespConnection(again.port())) {
            for (int id = 0; id < last.length; id++) {
                assertThat(connection.call("LLEN", "list:" + id)).isEqualTo(":" + last[id] + "\r\n");
            }
        }
    }

    @Test
    void shutdownWaitsForTheFirstRewriteOfALogSwitchedOnUnlessForced() throws Exception {
        AofFaultStorage storage = new AofFaultStorage();
        ForklineServer server = opened.keep(Servers.start(dir, Clock.system(), storage, "--save", ""));
        try (RespConnection connection = new RespConnection(server.port())) {
            connection.call("SET", "k", "v");
            storage.holdCreatesOf("temp-rewriteaof");
            assertThat(connection.call("CONFIG", "SET", "appendonly", "yes")).isEqualTo("+OK\r\n");
            storage.awaitHeld();
            assertThat(connection.call("SHUTDOWN")).isEqualTo("-ERR Errors trying to SHUTDOWN. Check logs.\r\n");
            storage.release();
            awaitRewriteDone(connection);
            assertThat(connection.call("GET", "k")).isEqualTo("$1\r\nv\r\n");
        }
    }

    @Test
    void bgrewriteaofWhileABgsaveRunsIsScheduledAndStartsWhenItEnds() throws Exception {
        AofFaultStorage storage = new AofFaultStorage();
        ForklineServer server = start(storage);
        try (RespConnection connection = new RespConnection(server.port())) {
            connection.call("SET", "k", "v");
            storage.holdCreatesOf(".rdb");
            assertThat(connection.call("BGSAVE")).isEqualTo(status("Background saving started"));
            storage.awaitHeld();
            assertThat(connection.call("BGREWRITEAOF")).isEqualTo(status("Background append only file rewriting scheduled"));
            assertThat(number(connection, "persistence", "aof_rewrite_scheduled")).isEqualTo(1);
            assertThat(number(connection, "persistence", "aof_pending_rewrite")).isEqualTo(1);
            storage.release();
            awaitRewriteDone(connection);
            assertThat(number(connection, "persistence", "aof_rewrites")).isEqualTo(1);
            assertThat(files()).contains("appendonly.aof.2.base.rdb");
        }
    }

    @Test
    void underStopTheWorldTheWriterWritesTheBaseAndTheRestartMatches() throws Exception {
        ForklineServer server = start("--snapshot-strategy", "stop-the-world");
        Map<String, String> expected;
        try (Jedis jedis = new Jedis("127.0.0.1", server.port()); RespConnection connection = new RespConnection(server.port())) {
            SampleData.populate(jedis, 3);
            assertThat(connection.call("BGREWRITEAOF")).isEqualTo(status("Background append only file rewriting started"));
            awaitRewriteDone(connection);
            assertThat(field(connection, "persistence", "aof_last_bgrewrite_status")).isEqualTo("ok");
            jedis.set("after", "rewrite");
            expected = DatasetDigest.of(jedis, 16);
        }
        server.close();
        assertThat(files()).containsExactly("appendonly.aof.2.base.rdb", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest");
        ForklineServer again = start();
        try (Jedis jedis = new Jedis("127.0.0.1", again.port())) {
            assertThat(DatasetDigest.of(jedis, 16)).isEqualTo(expected);
        }
    }

    @Test
    void bgrewriteaofWithTheLogOffWritesABaseAloneAsRedisDoes() throws Exception {
        ForklineServer server = opened.keep(Servers.start(dir, "--save", ""));
        try (RespConnection connection = new RespConnection(server.port())) {
            connection.call("SET", "k", "v");
            assertThat(connection.call("BGREWRITEAOF")).isEqualTo(status("Background append only file rewriting started"));
            awaitRewriteDone(connection);
            assertThat(field(connection, "persistence", "aof_enabled")).isEqualTo("0");
            assertThat(files()).containsExactly("appendonly.aof.1.base.rdb", "appendonly.aof.manifest");
            assertThat(Files.readString(appendDir().resolve("appendonly.aof.manifest"))).isEqualTo("file appendonly.aof.1.base.rdb seq 1 type b\n");
        }
        server.close();
        ForklineServer again = start();   // appendonly yes: the base loads, and a first incr follows it
        try (RespConnection connection = new RespConnection(again.port())) {
            assertThat(connection.call("GET", "k")).isEqualTo("$1\r\nv\r\n");
        }
        assertThat(files()).containsExactly("appendonly.aof.1.base.rdb", "appendonly.aof.1.incr.aof", "appendonly.aof.manifest");
    }
}
