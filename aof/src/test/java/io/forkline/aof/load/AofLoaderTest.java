package io.forkline.aof.load;

import io.forkline.aof.load.AofLoadException.Reason;
import io.forkline.aof.load.LoadReport.BaseKind;
import io.forkline.aof.load.LoadReport.Format;
import io.forkline.aof.load.LoadReport.Status;
import io.forkline.aof.manifest.AofLayout;
import io.forkline.aof.manifest.AofManifestStore;
import io.forkline.snapshot.storage.FileStorage;
import io.forkline.snapshot.storage.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.forkline.aof.load.Resp.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AofLoaderTest {

    private static final String BASE = "appendonly.aof.1.base.aof";
    private static final String INCR1 = "appendonly.aof.1.incr.aof";
    private static final String INCR2 = "appendonly.aof.2.incr.aof";
    private static final String MANIFEST = "file " + BASE + " seq 1 type b\nfile " + INCR1 + " seq 1 type i\nfile " + INCR2
            + " seq 2 type i\n";

    @TempDir
    Path dir;

    private final List<TestEngine> engines = new ArrayList<>();

    @AfterEach
    void closeEngines() {
        engines.forEach(TestEngine::close);
        engines.clear();
    }

    private TestEngine engine() {
        TestEngine engine = new TestEngine();
        engines.add(engine);
        return engine;
    }

    private Path appendDir() {
        return dir.resolve("appendonlydir");
    }

    private void write(String name, byte[] bytes) throws IOException {
        Files.createDirectories(appendDir());
        Files.write(appendDir().resolve(name), bytes);
    }

    private void write(String name, String text) throws IOException {
        write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private LoadReport load(TestEngine engine, boolean loadTruncated) throws IOException {
        return load(FileStorage.INSTANCE, engine, loadTruncated);
    }

    private LoadReport load(Storage storage, TestEngine engine, boolean loadTruncated) throws IOException {
        return new AofLoader(storage, dir, "appendonlydir", "appendonly.aof", loadTruncated).load(engine.engine, TestEngine.NOW);
    }

    private long size(String name) throws IOException {
        return Files.size(appendDir().resolve(name));
    }

    @Test
    void loadsTheBaseThenEveryIncrInOrder() throws IOException {
        write("appendonly.aof.manifest", MANIFEST);
        write(BASE, "#TS:1700000000\r\n" + command("SELECT", "0") + command("SET", "a", "base") + command("RPUSH", "list", "1", "2")
                + command("SELECT", "3") + command("SADD", "s", "x") + command("PEXPIREAT", "s", "4000000000000"));
        write(INCR1, command("SELECT", "0") + command("SET", "a", "incr1") + command("MULTI") + command("INCR", "n")
                + command("LPUSH", "list", "0") + command("EXEC"));
        write(INCR2, command("INCR", "n") + command("SELECT", "3") + command("MULTI") + command("SADD", "s", "y") + command("SELECT", "5")
                + command("HSET", "h", "f", "v") + command("EXEC") + command("INCR", "n"));
        TestEngine t = engine();
        LoadReport report = load(t, false);
        assertThat(t.call("GET", "a")).isEqualTo("$5\r\nincr1\r\n");
        assertThat(t.call("LRANGE", "list", "0", "-1")).isEqualTo("*3\r\n$1\r\n0\r\n$1\r\n1\r\n$1\r\n2\r\n");
        assertThat(t.call("GET", "n")).isEqualTo("$1\r\n2\r\n");   // each file starts in db 0, whatever the last one selected
        assertThat(t.call(3, "SCARD", "s")).isEqualTo(":2\r\n");
        assertThat(t.call(3, "PEXPIRETIME", "s")).isEqualTo(":4000000000000\r\n");
        assertThat(t.call(5, "GET", "n")).isEqualTo("$1\r\n1\r\n");   // the SELECT inside MULTI (Redis 7.2 style) holds after EXEC
        assertThat(t.call(5, "HGET", "h", "f")).isEqualTo("$1\r\nv\r\n");

        assertThat(report.status()).isEqualTo(Status.LOADED);
        assertThat(report.upgraded()).isFalse();
        assertThat(report.files()).extracting(LoadReport.LoadedFile::name).containsExactly(BASE, INCR1, INCR2);
        assertThat(report.files()).extracting(LoadReport.LoadedFile::format).containsOnly(Format.RESP);
        assertThat(report.files()).extracting(LoadReport.LoadedFile::commands).containsExactly(6L, 6L, 8L);
        assertThat(report.commands()).isEqualTo(20);
        assertThat(report.keys()).isEqualTo(6);
        assertThat(report.baseKind()).isEqualTo(BaseKind.RESP);
        assertThat(report.baseSize()).isEqualTo(size(BASE));
        assertThat(report.lastIncrSize()).isEqualTo(size(INCR2));
        assertThat(report.currentSize()).isEqualTo(size(BASE) + size(INCR1) + size(INCR2));
        assertThat(report.truncatedBytes()).isZero();
        assertThat(report.warnings()).isEmpty();
        assertThat(report.manifest().loadOrder()).hasSize(3);
        assertThat(t.engine.keyspace().loading()).isFalse();
    }

    @Test
    void nothingExpiresDuringTheReplay() throws IOException {
        long past = TestEngine.NOW - 60_000;
        write("appendonly.aof.manifest", "file " + INCR1 + " seq 1 type i\n");
        write(INCR1, command("SET", "k", "v", "PXAT", Long.toString(past)) + command("APPEND", "k", "x")
                + command("SET", "gone", "v") + command("PEXPIREAT", "gone", Long.toString(past)));
        TestEngine t = engine();
        load(t, false);
        // Redis keeps both with their past expire; a replay that expired them would have made k = "x" forever.
        var keyspace = t.engine.keyspace();
        byte[] k = "k".getBytes(StandardCharsets.US_ASCII);
        long entry = keyspace.find(0, k, 0, 1);
        assertThat(entry).isNotZero();
        assertThat(keyspace.expireAt(0, entry)).isEqualTo(past);
        assertThat(keyspace.size(0)).isEqualTo(2);
        assertThat(t.call("EXISTS", "k", "gone")).isEqualTo(":0\r\n");   // and they expire at the first lookup after it
    }

    // ---------------------------------------------------------------------------------------------
    // Torn tails

    /**
     * A top-level unit of the incr: one command, or a whole MULTI block, with where it starts and ends and
     * the commands it applies; or an annotation line, which counts as whole as soon as it has begun (Redis
     * skips a line the file ends inside).
     */
    private record Unit(int start, int end, List<String[]> commands, boolean annotation) {

        boolean keptAt(int cut) {
            return annotation ? cut > start : end <= cut;
        }
    }

    @Test
    void aTailCutAtEveryOffsetLoadsThePrefixAndTruncatesToTheLastWholeCommand() throws IOException {
        String base = command("SET", "base", "1");
        Resp incr = new Resp();
        List<Unit> units = new ArrayList<>();
        unit(incr, units, new String[] {"SELECT", "0"});
        unit(incr, units, new String[] {"SET", "a", "1"});
        unit(incr, units, new String[] {"MULTI"}, new String[] {"INCR", "n"}, new String[] {"RPUSH", "l", "x", "yz"},
                new String[] {"EXEC"});
        int annotation = incr.size();
        incr.raw("#TS:1700000001\r\n");
        units.add(new Unit(annotation, incr.size(), List.of(), true));
        unit(incr, units, new String[] {"INCR", "n"});
        unit(incr, units, new String[] {"SET", "binary", "a\r\nb"});
        byte[] whole = incr.bytes();
        // engines are reused (FLUSHALL) across the cuts: making one costs milliseconds
        TestEngine model = engine();
        TestEngine loaded = engine();
        for (int cut = 0; cut <= whole.length; cut++) {
            Files.createDirectories(appendDir());
            write("appendonly.aof.manifest", "file " + BASE + " seq 1 type b\nfile " + INCR1 + " seq 1 type i\n");
            write(BASE, base);
            write(INCR1, Arrays.copyOf(whole, cut));
            int kept = 0;
            int lastCommandEnd = 0;
            List<String[]> expected = new ArrayList<>();
            for (Unit unit : units) {
                if (unit.keptAt(cut)) {
                    kept = Math.min(unit.end(), cut);
                    lastCommandEnd = unit.annotation() ? lastCommandEnd : unit.end();
                    expected.addAll(unit.commands());
                }
            }
            boolean clean = kept == cut;
            model.call("FLUSHALL");
            model.call("SET", "base", "1");
            for (String[] args : expected) {
                model.call(args);
            }
            int truncateTo = clean ? cut : lastCommandEnd;
            if (!clean) {
                loaded.call("FLUSHALL");
                assertThatThrownBy(() -> load(loaded, false)).as("cut at %d", cut)
                        .isInstanceOfSatisfying(AofLoadException.class, e -> {
                            assertThat(e.reason()).isEqualTo(Reason.TRUNCATED);
                            assertThat(e.file()).isEqualTo(appendDir().resolve(INCR1));
                            assertThat(e.getMessage()).contains(INCR1).contains("at offset " + e.offset())
                                    .contains("cuts it at offset " + truncateTo);
                        });
                assertThat(size(INCR1)).as("refusing changes nothing").isEqualTo(cut);
            }
            loaded.call("FLUSHALL");
            LoadReport report = load(loaded, true);
            assertThat(size(INCR1)).as("cut at %d", cut).isEqualTo(truncateTo);
            assertThat(report.truncatedBytes()).isEqualTo(cut - truncateTo);
            assertThat(report.status()).isEqualTo(clean ? Status.LOADED : Status.TRUNCATED);
            assertThat(report.lastIncrSize()).isEqualTo(truncateTo);
            if (!clean) {
                assertThat(report.warnings()).singleElement().asString().contains("short read").contains(INCR1)
                        .contains("offset " + truncateTo);
            }
            assertThat(dump(loaded)).as("cut at %d", cut).isEqualTo(dump(model));
            // after the repair the file is whole: a strict load accepts it
            loaded.call("FLUSHALL");
            assertThat(load(loaded, false).status()).isEqualTo(Status.LOADED);
        }
    }

    private static void unit(Resp resp, List<Unit> units, String[]... commands) {
        int start = resp.size();
        List<String[]> applied = new ArrayList<>();
        for (String[] args : commands) {
            resp.add(args);
            if (!args[0].equals("MULTI") && !args[0].equals("EXEC") && !args[0].equals("SELECT")) {
                applied.add(args);
            }
        }
        units.add(new Unit(start, resp.size(), applied, false));
    }

    /** Every key's type and value, as RESP text, in a fixed order. */
    private static String dump(TestEngine t) {
        StringBuilder out = new StringBuilder();
        for (String key : List.of("base", "a", "n", "l", "binary")) {
            String type = t.call("TYPE", key);
            String value = type.equals("+list\r\n") ? t.call("LRANGE", key, "0", "-1") : t.call("GET", key);
            out.append(key).append('=').append(type).append(value).append('\n');
        }
        return out.append("dbsize=").append(t.call("DBSIZE")).toString();
    }

    @Test
    void aMultiWithoutExecAtTheEndIsRevertedAsATruncation() throws IOException {
        String kept = command("SELECT", "0") + command("SET", "a", "1");
        String open = command("MULTI") + command("SET", "b", "2") + command("INCR", "n");
        write("appendonly.aof.manifest", "file " + INCR1 + " seq 1 type i\n");
        write(INCR1, kept + open);
        assertThatThrownBy(() -> load(engine(), false)).isInstanceOfSatisfying(AofLoadException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.TRUNCATED);
            assertThat(e.offset()).isEqualTo(kept.length());
            assertThat(e.getMessage()).contains("MULTI at offset " + kept.length()).contains("no EXEC");
        });
        TestEngine t = engine();
        LoadReport report = load(t, true);
        assertThat(report.status()).isEqualTo(Status.TRUNCATED);
        assertThat(report.truncatedBytes()).isEqualTo(open.length());
        assertThat(size(INCR1)).isEqualTo(kept.length());
        assertThat(t.call("DBSIZE")).isEqualTo(":1\r\n");
        assertThat(report.warnings()).singleElement().asString().contains("incomplete MULTI/EXEC");
    }

    @Test
    void aTornFileThatIsNotTheLastIsRefusedAndLeftAlone() throws IOException {
        write("appendonly.aof.manifest", MANIFEST);
        write(BASE, command("SET", "a", "1"));
        String torn = command("SET", "b", "2") + "*3\r\n$3\r\nSET\r\n$1";
        write(INCR1, torn);
        write(INCR2, command("SET", "c", "3"));
        assertThatThrownBy(() -> load(engine(), true)).isInstanceOfSatisfying(AofLoadException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.TRUNCATED);
            assertThat(e.file()).isEqualTo(appendDir().resolve(INCR1));
            assertThat(e.offset()).isEqualTo(torn.length());
            assertThat(e.getMessage()).contains("not the last file");
        });
        assertThat(size(INCR1)).isEqualTo(torn.length());
        // an open MULTI at the end of a file that is not the last is refused too
        write(INCR1, command("MULTI") + command("SET", "b", "2"));
        assertThatThrownBy(() -> load(engine(), true)).isInstanceOfSatisfying(AofLoadException.class,
                e -> assertThat(e.getMessage()).contains("not the last file").contains("MULTI at offset 0"));
    }

    @Test
    void aTornBaseThatIsTheOnlyFileIsRepaired() throws IOException {
        write("appendonly.aof.manifest", "file " + BASE + " seq 1 type b\n");
        write(BASE, command("SET", "a", "1") + "*2\r\n$3\r\nDEL\r\n");
        TestEngine t = engine();
        LoadReport report = load(t, true);
        assertThat(report.status()).isEqualTo(Status.TRUNCATED);
        assertThat(report.baseSize()).isEqualTo(command("SET", "a", "1").length());
        assertThat(report.lastIncrSize()).isZero();
        assertThat(t.call("GET", "a")).isEqualTo("$1\r\n1\r\n");
    }

    // ---------------------------------------------------------------------------------------------
    // Damage that is never repaired

    @Test
    void garbageInTheMiddleIsRefusedEvenWithLoadTruncated() throws IOException {
        String good = command("SET", "a", "1");
        write("appendonly.aof.manifest", "file " + INCR1 + " seq 1 type i\n");
        write(INCR1, good + "GARBAGE\r\n" + command("SET", "b", "2"));
        assertThatThrownBy(() -> load(engine(), true)).isInstanceOfSatisfying(AofLoadException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
            assertThat(e.offset()).isEqualTo(good.length());
            assertThat(e.getMessage()).contains(INCR1).contains("at offset " + good.length())
                    .contains("expected '*' starting a command").contains("got 'G'");
        });
        assertThat(size(INCR1)).isEqualTo(good.length() + 9 + command("SET", "b", "2").length());
    }

    @Test
    void aWrongTerminatorAfterAnArgumentIsCorruptionNotATornTail() throws IOException {
        // Redis's loader would read "1X" as the terminator and go on; the damaged length is caught here.
        String good = command("SET", "a", "1");
        write("appendonly.aof.manifest", "file " + INCR1 + " seq 1 type i\n");
        write(INCR1, good + "*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n22\r\n" + command("SET", "c", "3"));
        int bad = good.length() + "*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2".length();
        assertThatThrownBy(() -> load(engine(), true)).isInstanceOfSatisfying(AofLoadException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
            assertThat(e.offset()).isEqualTo(bad);
            assertThat(e.getMessage()).contains("\"\\r\\n\" after the 1 bytes of argument 3").contains("got '2'");
        });
    }

    @Test
    void anUnknownCommandOrOneThatFailsIsRefusedWithItsOffset() throws IOException {
        String good = command("SET", "a", "x");
        write("appendonly.aof.manifest", "file " + INCR1 + " seq 1 type i\n");
        write(INCR1, good + command("NOSUCHCOMMAND", "a"));
        assertThatThrownBy(() -> load(engine(), true)).isInstanceOfSatisfying(AofLoadException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.COMMAND);
            assertThat(e.offset()).isEqualTo(good.length());
            assertThat(e.getMessage()).contains(INCR1).contains("unknown command 'NOSUCHCOMMAND'");
        });
        write(INCR1, good + command("INCR", "a"));
        assertThatThrownBy(() -> load(engine(), true)).isInstanceOfSatisfying(AofLoadException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.COMMAND);
            assertThat(e.offset()).isEqualTo(good.length());
            assertThat(e.getMessage()).contains("'INCR' to succeed").contains("ERR value is not an integer or out of range");
        });
        String block = good + command("MULTI") + command("SET", "b", "1");
        write(INCR1, block + command("LPUSH", "a", "x") + command("EXEC"));
        assertThatThrownBy(() -> load(engine(), true)).isInstanceOfSatisfying(AofLoadException.class, e -> {
            assertThat(e.offset()).as("the failing command inside the block").isEqualTo(block.length());
            assertThat(e.getMessage()).contains("WRONGTYPE");
        });
        write(INCR1, good + command("SELECT", "16"));
        assertThatThrownBy(() -> load(engine(), true)).isInstanceOfSatisfying(AofLoadException.class,
                e -> assertThat(e.getMessage()).contains("SELECT of a database 0..15, got '16'"));
    }

    @Test
    void nestedMultiOrExecWithoutMultiIsCorruption() throws IOException {
        write("appendonly.aof.manifest", "file " + INCR1 + " seq 1 type i\n");
        String first = command("MULTI") + command("SET", "a", "1");
        write(INCR1, first + command("MULTI") + command("EXEC"));
        assertThatThrownBy(() -> load(engine(), true)).isInstanceOfSatisfying(AofLoadException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
            assertThat(e.offset()).isEqualTo(first.length());
            assertThat(e.getMessage()).contains("nested MULTI");
        });
        write(INCR1, command("SET", "a", "1") + command("EXEC"));
        assertThatThrownBy(() -> load(engine(), true)).isInstanceOfSatisfying(AofLoadException.class,
                e -> assertThat(e.getMessage()).contains("EXEC without MULTI"));
    }

    @Test
    void aListedFileThatIsMissingIsRefusedBeforeAnythingLoads() throws IOException {
        write("appendonly.aof.manifest", MANIFEST);
        write(BASE, command("SET", "a", "1"));
        write(INCR2, command("SET", "c", "3"));
        TestEngine t = engine();
        assertThatThrownBy(() -> load(t, true)).isInstanceOfSatisfying(AofLoadException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.MISSING_FILE);
            assertThat(e.file()).isEqualTo(appendDir().resolve(INCR1));
            assertThat(e.offset()).isEqualTo(-1);
            assertThat(e.getMessage()).contains(INCR1).contains("appendonly.aof.manifest").contains("does not exist");
        });
        assertThat(t.call("DBSIZE")).isEqualTo(":0\r\n");
    }

    @Test
    void manifestErrorsNameTheManifest() throws IOException {
        for (String bad : List.of("file a seq 1 type b\n\nfile b seq 1 type i\n", "file a seq 0 type b\n",
                "file a seq 1 type b\nfile b seq 2 type b\n", "file a seq 2 type i\nfile b seq 1 type i\n", "", "nonsense\n")) {
            write("appendonly.aof.manifest", bad);
            assertThatThrownBy(() -> load(engine(), true)).as(bad).isInstanceOfSatisfying(AofLoadException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.MANIFEST);
                assertThat(e.file()).isEqualTo(appendDir().resolve("appendonly.aof.manifest"));
                assertThat(e.getMessage()).contains(appendDir().resolve("appendonly.aof.manifest").toString());
            });
        }
    }

    @Test
    void noLogOrEmptyFilesLoadNothing() throws IOException {
        LoadReport none = load(engine(), false);
        assertThat(none.status()).isEqualTo(Status.NOT_FOUND);
        assertThat(none.manifest().isEmpty()).isTrue();
        write("appendonly.aof.manifest", "file " + BASE + " seq 1 type b\nfile " + INCR1 + " seq 1 type i\n");
        write(BASE, "");
        write(INCR1, "");
        LoadReport empty = load(engine(), false);
        assertThat(empty.status()).isEqualTo(Status.EMPTY);
        assertThat(empty.baseKind()).isEqualTo(BaseKind.EMPTY);
        assertThat(empty.files()).extracting(LoadReport.LoadedFile::format).containsOnly(Format.EMPTY);
        write(INCR1, command("SET", "a", "1"));
        LoadReport loaded = load(engine(), false);
        assertThat(loaded.status()).isEqualTo(Status.LOADED);
        assertThat(loaded.baseKind()).isEqualTo(BaseKind.EMPTY);
        assertThat(loaded.lastIncrSize()).isEqualTo(command("SET", "a", "1").length());
    }

    // ---------------------------------------------------------------------------------------------
    // A Redis 6 single file

    @Test
    void aRedis6SingleFileIsUpgradedToTheMultiPartLayout() throws IOException {
        String text = command("SELECT", "0") + command("SET", "a", "1") + command("SELECT", "2") + command("RPUSH", "l", "x");
        Files.writeString(dir.resolve("appendonly.aof"), text);
        RecordingStorage storage = new RecordingStorage(dir);
        TestEngine t = engine();
        LoadReport report = load(storage, t, false);
        assertThat(report.upgraded()).isTrue();
        assertThat(report.status()).isEqualTo(Status.LOADED);
        assertThat(report.baseKind()).isEqualTo(BaseKind.RESP);
        assertThat(report.baseSize()).isEqualTo(text.length());
        assertThat(report.warnings()).singleElement().asString().contains("migrated an old-style AOF file");
        assertThat(t.call("GET", "a")).isEqualTo("$1\r\n1\r\n");
        assertThat(t.call(2, "LLEN", "l")).isEqualTo(":1\r\n");
        assertThat(Files.exists(dir.resolve("appendonly.aof"))).isFalse();
        assertThat(Files.readString(appendDir().resolve("appendonly.aof"))).isEqualTo(text);
        assertThat(Files.readString(appendDir().resolve("appendonly.aof.manifest"))).isEqualTo("file appendonly.aof seq 1 type b\n");
        assertThat(Files.exists(appendDir().resolve("temp-appendonly.aof.manifest"))).isFalse();
        assertThat(storage.log).containsExactly(
                "mkdir appendonlydir",
                "create appendonlydir/temp-appendonly.aof.manifest",
                "write appendonlydir/temp-appendonly.aof.manifest 33",
                "sync appendonlydir/temp-appendonly.aof.manifest",
                "close appendonlydir/temp-appendonly.aof.manifest",
                "rename appendonlydir/temp-appendonly.aof.manifest appendonlydir/appendonly.aof.manifest",
                "syncdir appendonlydir",
                "rename appendonly.aof appendonlydir/appendonly.aof",
                "syncdir appendonlydir",
                "syncdir .");

        RecordingStorage again = new RecordingStorage(dir);
        TestEngine second = engine();
        LoadReport reload = load(again, second, false);
        assertThat(reload.upgraded()).isFalse();
        assertThat(reload.manifest()).isEqualTo(report.manifest());
        assertThat(again.log).isEmpty();
        assertThat(second.call("GET", "a")).isEqualTo("$1\r\n1\r\n");
    }

    @Test
    void anUpgradeCutShortAfterTheManifestIsFinishedOnTheNextLoad() throws Exception {
        Files.writeString(dir.resolve("appendonly.aof"), command("SET", "a", "1"));
        Files.createDirectories(appendDir());
        AofManifestStore.persist(FileStorage.INSTANCE, AofLayout.defaults(dir),
                io.forkline.aof.manifest.AofManifest.parse("file appendonly.aof seq 1 type b\n", "m"));
        TestEngine t = engine();
        LoadReport report = load(t, false);
        assertThat(report.upgraded()).isTrue();
        assertThat(Files.exists(appendDir().resolve("appendonly.aof"))).isTrue();
        assertThat(t.call("GET", "a")).isEqualTo("$1\r\n1\r\n");
    }

    @Test
    void aSingleFileBesideAWholeMultiPartLogIsLeftAlone() throws IOException {
        Files.writeString(dir.resolve("appendonly.aof"), command("SET", "old", "1"));
        write("appendonly.aof.manifest", "file " + INCR1 + " seq 1 type i\n");
        write(INCR1, command("SET", "new", "1"));
        TestEngine t = engine();
        assertThat(load(t, false).upgraded()).isFalse();
        assertThat(t.call("EXISTS", "old", "new")).isEqualTo(":1\r\n");
        assertThat(Files.exists(dir.resolve("appendonly.aof"))).isTrue();
    }
}
