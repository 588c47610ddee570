package io.forkline.server.persistence;

import io.forkline.server.ForklineServer;
import io.forkline.server.RespConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.forkline.server.persistence.Servers.await;
import static io.forkline.server.persistence.Servers.field;
import static io.forkline.server.persistence.Servers.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SAVE, BGSAVE, save points, the final save, MISCONF, DEBUG RELOAD, LASTSAVE and INFO on running servers. */
class RdbPersistenceIntegrationTest {

    private static final String MISCONF = "-" + RdbPersistence.MISCONF + "\r\n";

    @TempDir
    Path dir;
    private final Opened opened = new Opened();

    @AfterEach
    void closeAll() throws Exception {
        opened.closeAll();
    }

    private ForklineServer start(String... directives) throws Exception {
        return opened.keep(Servers.start(dir, directives));
    }

    private ForklineServer start(TestClock clock, TestStorage storage, String... directives) throws Exception {
        return opened.keep(Servers.start(dir, clock, storage, directives));
    }

    private RespConnection connect(ForklineServer server) throws Exception {
        return opened.keep(new RespConnection(server.port()));
    }

    private Jedis jedis(ForklineServer server) {
        return opened.keep(new Jedis("127.0.0.1", server.port()));
    }

    private Path dump() {
        return dir.resolve("dump.rdb");
    }

    // ---------------------------------------------------------------------------------------------
    // SAVE and loading

    @Test
    void aSavedDataSetIsServedAgainAfterARestart() throws Exception {
        ForklineServer first = start("--save", "");
        Jedis jedis = jedis(first);
        int keys = SampleData.populate(jedis, 1);
        Map<String, String> saved = DatasetDigest.of(jedis, 16);
        assertThat(connect(first).call("SAVE")).isEqualTo("+OK\r\n");
        first.close();

        ForklineServer second = start("--save", "");
        assertThat(DatasetDigest.of(jedis(second), 16)).isEqualTo(saved).hasSize(keys);
        RespConnection control = connect(second);
        assertThat(number(control, "persistence", "rdb_last_load_keys_loaded")).isEqualTo(keys);
        assertThat(number(control, "persistence", "rdb_last_load_keys_expired")).isZero();
        assertThat(number(control, "persistence", "rdb_changes_since_last_save")).isZero();
    }

    @Test
    void keysExpiredOnDiskAreDroppedAtLoadAndCounted() throws Exception {
        TestClock clock = new TestClock(System.currentTimeMillis());
        ForklineServer first = start(clock, new TestStorage(), "--save", "");
        RespConnection control = connect(first);
        control.call("SET", "short", "1", "PX", "5000");
        control.call("SET", "long", "1", "EX", "3600");
        control.call("SET", "forever", "1");
        assertThat(control.call("SAVE")).isEqualTo("+OK\r\n");
        first.close();

        clock.advanceSeconds(10);
        ForklineServer second = start(clock, new TestStorage(), "--save", "");
        RespConnection again = connect(second);
        assertThat(again.call("EXISTS", "short", "long", "forever")).isEqualTo(":2\r\n");
        assertThat(number(again, "persistence", "rdb_last_load_keys_loaded")).isEqualTo(2);
        assertThat(number(again, "persistence", "rdb_last_load_keys_expired")).isEqualTo(1);
    }

    @Test
    void aCorruptFileStopsStartUpNamingTheFileAndTheOffset() throws Exception {
        ForklineServer first = start("--save", "");
        SampleData.populate(jedis(first), 2);
        connect(first).call("SAVE");
        first.close();
        byte[] good = Files.readAllBytes(dump());

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x5A;
        Files.write(dump(), flipped);
        assertThatThrownBy(() -> start("--save", "")).isInstanceOf(DatasetLoadException.class)
                .hasMessageContaining(dump().toString()).hasMessageContaining("offset");

        Files.write(dump(), java.util.Arrays.copyOf(good, good.length - 20));
        assertThatThrownBy(() -> start("--save", "")).isInstanceOf(DatasetLoadException.class)
                .hasMessageContaining(dump().toString()).hasMessageContaining("offset");

        byte[] magic = good.clone();
        magic[0] = 'X';
        Files.write(dump(), magic);
        assertThatThrownBy(() -> start("--save", "")).isInstanceOf(DatasetLoadException.class)
                .hasMessageContaining(dump().toString()).hasMessageContaining("offset 0");

        Files.write(dump(), good);
        assertThat(connect(start("--save", "")).call("DBSIZE")).isNotEqualTo(":0\r\n");
    }

    // ---------------------------------------------------------------------------------------------
    // BGSAVE

    @Test
    void bgsaveWritesTheDataAsItWasAtTheForkWhileWritesGoOn() throws Exception {
        TestStorage storage = new TestStorage();
        ForklineServer server = start(new TestClock(System.currentTimeMillis()), storage, "--save", "");
        Jedis jedis = jedis(server);
        RespConnection control = connect(server);
        int keys = SampleData.populate(jedis, 3);
        Map<String, String> atFork = DatasetDigest.of(jedis, 16);

        storage.hold();
        assertThat(control.call("BGSAVE")).isEqualTo("+Background saving started\r\n");
        storage.awaitHeld();
        for (int i = 0; i < 2000; i++) {
            jedis.set("during-" + i, "x".repeat(100));
        }
        jedis.del("small-hash");
        jedis.rpush("big-list", "appended");
        assertThat(field(control, "persistence", "rdb_bgsave_in_progress")).isEqualTo("1");
        assertThat(number(control, "persistence", "current_save_keys_total")).isEqualTo(keys);
        assertThat(number(control, "persistence", "current_cow_size")).isPositive();
        assertThat(number(control, "persistence", "current_cow_peak")).isPositive();
        assertThat(number(control, "persistence", "rdb_current_bgsave_time_sec")).isNotNegative();
        assertThat(control.call("BGSAVE")).isEqualTo("-ERR Background save already in progress\r\n");
        assertThat(control.call("BGSAVE", "SCHEDULE")).isEqualTo("-ERR Background save already in progress\r\n");
        assertThat(control.call("SAVE")).isEqualTo("-ERR Background save already in progress\r\n");
        Map<String, String> after = DatasetDigest.of(jedis, 16);
        storage.release();

        await("the BGSAVE to end", () -> field(control, "persistence", "rdb_bgsave_in_progress").equals("0"));
        assertThat(field(control, "persistence", "rdb_last_bgsave_status")).isEqualTo("ok");
        assertThat(number(control, "persistence", "rdb_last_cow_size")).isPositive();
        assertThat(number(control, "persistence", "rdb_last_bgsave_time_sec")).isNotNegative();
        assertThat(number(control, "persistence", "rdb_current_bgsave_time_sec")).isEqualTo(-1);
        assertThat(number(control, "persistence", "current_cow_size")).isZero();
        assertThat(number(control, "persistence", "rdb_changes_since_last_save")).isEqualTo(2002);   // the writes after the fork
        assertThat(number(control, "stats", "total_forks")).isEqualTo(1);
        assertThat(number(control, "stats", "latest_fork_usec")).isPositive();
        server.close();

        Map<String, String> loaded = DatasetDigest.of(jedis(start("--save", "")), 16);
        assertThat(loaded).isEqualTo(atFork).isNotEqualTo(after);
    }

    @Test
    void stopTheWorldBgsaveIsWrittenByTheWriterWithoutAFork() throws Exception {
        ForklineServer server = start("--save", "", "--snapshot-strategy", "stop-the-world");
        RespConnection control = connect(server);
        control.call("SET", "k", "v");
        assertThat(control.call("BGSAVE")).isEqualTo("+Background saving started\r\n");
        assertThat(field(control, "persistence", "rdb_bgsave_in_progress")).isEqualTo("0");   // done before the reply
        assertThat(field(control, "persistence", "rdb_last_bgsave_status")).isEqualTo("ok");
        assertThat(number(control, "persistence", "rdb_saves")).isEqualTo(1);
        assertThat(number(control, "persistence", "rdb_last_cow_size")).isZero();
        assertThat(number(control, "stats", "total_forks")).isZero();
        assertThat(Files.exists(dump())).isTrue();

        assertThat(control.call("CONFIG", "SET", "snapshot-strategy", "fork-cow")).isEqualTo("+OK\r\n");
        assertThat(control.call("BGSAVE")).isEqualTo("+Background saving started\r\n");
        await("the forked BGSAVE", () -> number(control, "persistence", "rdb_saves") == 2
                && field(control, "persistence", "rdb_bgsave_in_progress").equals("0"));
        assertThat(number(control, "stats", "total_forks")).isEqualTo(1);
    }

    @Test
    void bgsaveInsideATransactionIsScheduledAndTheCronStartsIt() throws Exception {
        ForklineServer server = start("--save", "", "--hz", "100");
        RespConnection control = connect(server);
        control.call("SET", "k", "v");
        assertThat(control.call("BGSAVE", "NOW")).isEqualTo("-ERR syntax error\r\n");
        control.call("MULTI");
        assertThat(control.call("BGSAVE")).isEqualTo("+QUEUED\r\n");
        assertThat(control.call("EXEC")).isEqualTo("*1\r\n+Background saving scheduled\r\n");
        await("the scheduled BGSAVE", () -> number(control, "persistence", "rdb_saves") == 1
                && field(control, "persistence", "rdb_bgsave_in_progress").equals("0"));
        assertThat(Files.exists(dump())).isTrue();
        assertThat(control.call("MULTI")).isEqualTo("+OK\r\n");
        assertThat(control.call("SAVE")).isEqualTo("-ERR Command not allowed inside a transaction\r\n");
        control.call("DISCARD");
    }

    // ---------------------------------------------------------------------------------------------
    // Save points

    @Test
    void aSavePointFiresOnTheCronOnceItsChangesAndSecondsAreReached() throws Exception {
        long start = System.currentTimeMillis();
        TestClock clock = new TestClock(start);
        ForklineServer server = start(clock, new TestStorage(), "--save", "100 2", "--hz", "100");
        RespConnection control = connect(server);
        assertThat(control.call("LASTSAVE")).isEqualTo(":" + start / 1000 + "\r\n");
        control.call("SET", "a", "1");
        control.call("SET", "b", "2");
        clock.advanceSeconds(101);
        await("the save point", () -> number(control, "persistence", "rdb_saves") == 1
                && field(control, "persistence", "rdb_bgsave_in_progress").equals("0"));
        assertThat(control.call("LASTSAVE")).isEqualTo(":" + (start / 1000 + 101) + "\r\n");
        assertThat(number(control, "persistence", "rdb_changes_since_last_save")).isZero();
        assertThat(Files.exists(dump())).isTrue();

        assertThat(control.call("CONFIG", "SET", "save", "")).isEqualTo("+OK\r\n");
        control.call("SET", "c", "3");
        control.call("SET", "d", "4");
        assertThat(control.call("CONFIG", "SET", "save", "10 2")).isEqualTo("+OK\r\n");
        clock.advanceSeconds(11);
        await("the save point set at run time", () -> number(control, "persistence", "rdb_saves") == 2
                && field(control, "persistence", "rdb_bgsave_in_progress").equals("0"));
        assertThat(control.call("LASTSAVE")).isEqualTo(":" + (start / 1000 + 112) + "\r\n");
    }

    @Test
    void afterAFailedBgsaveTheCronTriesAgainOnceTheRetryDelayPassed() throws Exception {
        TestClock clock = new TestClock(System.currentTimeMillis());
        TestStorage storage = new TestStorage();
        storage.failing(true);
        ForklineServer server = start(clock, storage, "--save", "1 1", "--hz", "100");
        RespConnection control = connect(server);
        control.call("SET", "a", "1");
        clock.advanceSeconds(2);
        await("the failed save", () -> field(control, "persistence", "rdb_last_bgsave_status").equals("err")
                && field(control, "persistence", "rdb_bgsave_in_progress").equals("0"));
        assertThat(control.call("SET", "b", "2")).isEqualTo(MISCONF);
        storage.failing(false);
        clock.advanceSeconds(6);
        await("the retry", () -> field(control, "persistence", "rdb_last_bgsave_status").equals("ok"));
        assertThat(control.call("SET", "b", "2")).isEqualTo("+OK\r\n");
        assertThat(number(control, "persistence", "rdb_saves")).isEqualTo(2);
    }

    // ---------------------------------------------------------------------------------------------
    // MISCONF

    @Test
    void aFailedBgsaveRefusesWritesAndPingUntilASaveSucceeds() throws Exception {
        TestStorage storage = new TestStorage();
        ForklineServer server = start(new TestClock(System.currentTimeMillis()), storage, "--save", "3600 1");
        RespConnection control = connect(server);
        control.call("SET", "k", "v");
        storage.failing(true);
        assertThat(control.call("BGSAVE")).isEqualTo("+Background saving started\r\n");
        await("the failed BGSAVE", () -> field(control, "persistence", "rdb_last_bgsave_status").equals("err")
                && field(control, "persistence", "rdb_bgsave_in_progress").equals("0"));
        assertThat(Files.exists(dump())).isFalse();
        assertThat(control.call("SET", "k", "w")).isEqualTo(MISCONF);
        assertThat(control.call("INCR", "n")).isEqualTo(MISCONF);
        assertThat(control.call("PING")).isEqualTo(MISCONF);
        assertThat(control.call("GET", "k")).isEqualTo("$1\r\nv\r\n");
        assertThat(control.call("MULTI")).isEqualTo("+OK\r\n");
        assertThat(control.call("SET", "k", "w")).isEqualTo(MISCONF);
        assertThat(control.call("EXEC")).startsWith("-EXECABORT");
        assertThat(field(control, "errorstats", "errorstat_MISCONF")).startsWith("count=");

        assertThat(control.call("CONFIG", "SET", "stop-writes-on-bgsave-error", "no")).isEqualTo("+OK\r\n");
        assertThat(control.call("SET", "k", "w")).isEqualTo("+OK\r\n");
        assertThat(control.call("CONFIG", "SET", "stop-writes-on-bgsave-error", "yes")).isEqualTo("+OK\r\n");
        assertThat(control.call("SET", "k", "x")).isEqualTo(MISCONF);

        storage.failing(false);
        assertThat(control.call("BGSAVE")).isEqualTo("+Background saving started\r\n");
        await("the good BGSAVE", () -> field(control, "persistence", "rdb_last_bgsave_status").equals("ok"));
        assertThat(control.call("SET", "k", "x")).isEqualTo("+OK\r\n");
        assertThat(control.call("PING")).isEqualTo("+PONG\r\n");
    }

    @Test
    void aTransactionQueuedBeforeTheFailureIsRefusedAtExec() throws Exception {
        TestStorage storage = new TestStorage();
        ForklineServer server = start(new TestClock(System.currentTimeMillis()), storage, "--save", "3600 1");
        RespConnection control = connect(server);
        RespConnection other = connect(server);
        assertThat(other.call("MULTI")).isEqualTo("+OK\r\n");
        assertThat(other.call("SET", "k", "v")).isEqualTo("+QUEUED\r\n");
        storage.failing(true);
        control.call("BGSAVE");
        await("the failed BGSAVE", () -> field(control, "persistence", "rdb_last_bgsave_status").equals("err"));
        // as Redis's rejectCommand: a refused EXEC discards the transaction and says why
        assertThat(other.call("EXEC")).isEqualTo("-EXECABORT Transaction discarded because of: " + RdbPersistence.MISCONF + "\r\n");
        assertThat(control.call("MULTI")).isEqualTo("+OK\r\n");
        assertThat(control.call("GET", "k")).isEqualTo("+QUEUED\r\n");
        assertThat(control.call("EXEC")).isEqualTo("*1\r\n$-1\r\n");   // reads only: EXEC runs
    }

    @Test
    void withoutSavePointsAFailedBgsaveRefusesNothing() throws Exception {
        TestStorage storage = new TestStorage();
        storage.failing(true);
        ForklineServer server = start(new TestClock(System.currentTimeMillis()), storage, "--save", "");
        RespConnection control = connect(server);
        control.call("BGSAVE");
        await("the failed BGSAVE", () -> field(control, "persistence", "rdb_last_bgsave_status").equals("err"));
        assertThat(control.call("SET", "k", "v")).isEqualTo("+OK\r\n");
        assertThat(control.call("SAVE")).isEqualTo("-ERR\r\n");
        assertThat(field(control, "persistence", "rdb_last_bgsave_status")).isEqualTo("err");   // SAVE does not set it
    }

    // ---------------------------------------------------------------------------------------------
    // FLUSHALL, SHUTDOWN

    @Test
    void flushallSavesWhenSavePointsExistAndResetsTheDirtyCounter() throws Exception {
        ForklineServer server = start("--save", "");
        RespConnection control = connect(server);
        control.call("SET", "k", "v");
        control.call("FLUSHALL");
        assertThat(number(control, "persistence", "rdb_changes_since_last_save")).isPositive();
        assertThat(Files.exists(dump())).isFalse();

        assertThat(control.call("CONFIG", "SET", "save", "3600 1 300 100 60 10000")).isEqualTo("+OK\r\n");
        control.call("SET", "k", "v");
        assertThat(control.call("FLUSHALL")).isEqualTo("+OK\r\n");
        assertThat(number(control, "persistence", "rdb_changes_since_last_save")).isZero();
        assertThat(Files.exists(dump())).isTrue();
        assertThat(number(control, "persistence", "rdb_saves")).isZero();   // Redis counts SAVE and BGSAVE only
        assertThat(control.call("FLUSHALL", "BOGUS")).isEqualTo("-ERR syntax error\r\n");
    }

    @Test
    void flushallCancelsARunningBgsaveWithoutAnError() throws Exception {
        TestStorage storage = new TestStorage();
        ForklineServer server = start(new TestClock(System.currentTimeMillis()), storage, "--save", "");
        RespConnection control = connect(server);
        control.call("SET", "k", "v");
        storage.hold();
        control.call("BGSAVE");
        storage.awaitHeld();
        assertThat(control.call("FLUSHALL")).isEqualTo("+OK\r\n");
        storage.release();
        await("the cancelled BGSAVE to end", () -> field(control, "persistence", "rdb_bgsave_in_progress").equals("0"));
        assertThat(field(control, "persistence", "rdb_last_bgsave_status")).isEqualTo("ok");
        assertThat(Files.exists(dump())).isFalse();
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();   // no temp file left behind
        }
    }

    @Test
    void shutdownSavesWhenSavePointsExist() throws Exception {
        ForklineServer server = start("--save", "3600 1");
        Jedis jedis = jedis(server);
        SampleData.populate(jedis, 4);
        Map<String, String> before = DatasetDigest.of(jedis, 16);
        connect(server).send("SHUTDOWN");
        server.terminated().get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(DatasetDigest.of(jedis(start("--save", "")), 16)).isEqualTo(before);
    }

    @Test
    void shutdownNosaveSkipsTheSaveAndShutdownSaveForcesOne() throws Exception {
        ForklineServer first = start("--save", "3600 1");
        connect(first).call("SET", "k", "v");
        connect(first).send("SHUTDOWN", "NOSAVE");
        first.terminated().get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(Files.exists(dump())).isFalse();

        ForklineServer second = start("--save", "");
        RespConnection control = connect(second);
        control.call("SET", "k", "v");
        assertThat(control.call("SHUTDOWN", "SAVE", "NOSAVE")).isEqualTo("-ERR syntax error\r\n");
        assertThat(control.call("SHUTDOWN", "ABORT", "NOW")).isEqualTo("-ERR syntax error\r\n");
        control.send("SHUTDOWN", "SAVE");
        second.terminated().get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(Files.exists(dump())).isTrue();
    }

    @Test
    void aFailedShutdownSaveKeepsTheServerRunningUnlessForced() throws Exception {
        TestStorage storage = new TestStorage();
        ForklineServer server = start(new TestClock(System.currentTimeMillis()), storage, "--save", "3600 1");
        RespConnection control = connect(server);
        control.call("SET", "k", "v");
        storage.failing(true);
        assertThat(control.call("SHUTDOWN")).isEqualTo("-ERR Errors trying to SHUTDOWN. Check logs.\r\n");
        assertThat(control.call("GET", "k")).isEqualTo("$1\r\nv\r\n");
        assertThat(server.terminated()).isNotDone();
        control.send("SHUTDOWN", "FORCE");
        server.terminated().get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void sigtermSavesAsShutdownDoes() throws Exception {
        ForklineServer server = start("--save", "3600 1");
        connect(server).call("SET", "k", "v");
        assertThat(server.shutdownOnSignal()).isNull();
        assertThat(server.terminated()).isDone();
        assertThat(connect(start("--save", "")).call("GET", "k")).isEqualTo("$1\r\nv\r\n");
    }

    // ---------------------------------------------------------------------------------------------
    // DEBUG RELOAD, LASTSAVE, INFO

    @Test
    void debugReloadSavesThenLoadsTheSameDataBack() throws Exception {
        ForklineServer server = start("--save", "");
        Jedis jedis = jedis(server);
        SampleData.populate(jedis, 5);
        Map<String, String> before = DatasetDigest.of(jedis, 16);
        RespConnection control = connect(server);
        String digest = control.call("DEBUG", "DIGEST");
        assertThat(control.call("DEBUG", "RELOAD")).isEqualTo("+OK\r\n");
        assertThat(DatasetDigest.of(jedis, 16)).isEqualTo(before);
        assertThat(control.call("DEBUG", "DIGEST")).isEqualTo(digest).isNotEqualTo("+" + "0".repeat(40) + "\r\n");

        control.call("SET", "after-the-save", "1");
        control.call("DEL", "int");
        assertThat(control.call("DEBUG", "RELOAD", "NOSAVE")).isEqualTo("+OK\r\n");
        assertThat(DatasetDigest.of(jedis, 16)).isEqualTo(before);
        control.call("SET", "int", "changed");
        control.call("SET", "only-in-memory", "1");
        assertThat(control.call("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH")).isEqualTo("-ERR Error trying to load the RDB dump\r\n");
        control.call("FLUSHALL");
        control.call("SET", "int", "changed");
        control.call("SET", "only-in-memory", "1");
        assertThat(control.call("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE")).isEqualTo("+OK\r\n");
        assertThat(control.call("GET", "int")).isEqualTo("$5\r\n12345\r\n");   // the file's value replaced it
        assertThat(control.call("GET", "only-in-memory")).isEqualTo("$1\r\n1\r\n");
        assertThat(control.call("DEBUG", "RELOAD", "BOGUS"))
                .isEqualTo("-ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.\r\n");
    }

    @Test
    void lastsaveMovesWithEverySuccessfulSaveOnly() throws Exception {
        long start = System.currentTimeMillis();
        TestClock clock = new TestClock(start);
        TestStorage storage = new TestStorage();
        ForklineServer server = start(clock, storage, "--save", "");
        RespConnection control = connect(server);
        assertThat(control.call("LASTSAVE")).isEqualTo(":" + start / 1000 + "\r\n");
        clock.advanceSeconds(10);
        assertThat(control.call("SAVE")).isEqualTo("+OK\r\n");
        assertThat(control.call("LASTSAVE")).isEqualTo(":" + (start / 1000 + 10) + "\r\n");
        clock.advanceSeconds(10);
        control.call("BGSAVE");
        await("the BGSAVE", () -> control.call("LASTSAVE").equals(":" + (start / 1000 + 20) + "\r\n"));
        clock.advanceSeconds(10);
        storage.failing(true);
        assertThat(control.call("SAVE")).isEqualTo("-ERR\r\n");
        control.call("BGSAVE");
        await("the failed BGSAVE", () -> field(control, "persistence", "rdb_last_bgsave_status").equals("err"));
        assertThat(control.call("LASTSAVE")).isEqualTo(":" + (start / 1000 + 20) + "\r\n");
        assertThat(field(control, "persistence", "rdb_last_save_time")).isEqualTo(Long.toString(start / 1000 + 20));
        assertThat(number(control, "persistence", "rdb_saves")).isEqualTo(4);
        assertThat(control.call("CONFIG", "RESETSTAT")).isEqualTo("+OK\r\n");
        assertThat(number(control, "persistence", "rdb_saves")).isZero();
    }

    @Test
    void infoPersistenceHasRedisFieldsInRedisOrder() throws Exception {
        ForklineServer server = start("--save", "");
        RespConnection control = connect(server);
        String section = control.call("INFO", "persistence");
        List<String> names = section.lines().skip(2).filter(line -> line.contains(":"))
                .map(line -> line.substring(0, line.indexOf(':'))).toList();
        assertThat(names).containsExactly("loading", "async_loading", "current_cow_peak", "current_cow_size",
                "current_cow_size_age", "current_fork_perc", "current_save_keys_processed", "current_save_keys_total",
                "rdb_changes_since_last_save", "rdb_bgsave_in_progress", "rdb_last_save_time", "rdb_last_bgsave_status",
                "rdb_last_bgsave_time_sec", "rdb_current_bgsave_time_sec", "rdb_saves", "rdb_last_cow_size",
                "rdb_last_load_keys_expired", "rdb_last_load_keys_loaded", "aof_enabled", "aof_rewrite_in_progress",
                "aof_rewrite_scheduled", "aof_last_rewrite_time_sec", "aof_current_rewrite_time_sec",
                "aof_last_bgrewrite_status", "aof_rewrites", "aof_rewrites_consecutive_failures", "aof_last_write_status",
                "aof_last_cow_size", "module_fork_in_progress", "module_fork_last_cow_size");
        assertThat(section).contains("loading:0\r\n", "current_fork_perc:0.00\r\n", "rdb_bgsave_in_progress:0\r\n",
                "rdb_last_bgsave_status:ok\r\n", "rdb_last_bgsave_time_sec:-1\r\n", "rdb_current_bgsave_time_sec:-1\r\n",
                "aof_enabled:0\r\n");
        control.call("SET", "a", "1");
        control.call("SADD", "s", "x", "y", "z");
        assertThat(number(control, "persistence", "rdb_changes_since_last_save")).isEqualTo(4);   // elements, as Redis counts
        assertThat(control.call("INFO")).contains("# Persistence\r\nloading:0\r\n");
    }

    @Test
    void startUpReadsOnlyDirAndDbfilename() throws Exception {
        assertThat(connect(start("--save", "")).call("DBSIZE")).isEqualTo(":0\r\n");   // no file: an empty store
        Files.write(dump(), new byte[] {'b', 'a', 'd'});
        assertThat(connect(start("--save", "", "--dbfilename", "other.rdb")).call("DBSIZE")).isEqualTo(":0\r\n");
        assertThatThrownBy(() -> start("--save", "")).isInstanceOf(DatasetLoadException.class);
    }
}
