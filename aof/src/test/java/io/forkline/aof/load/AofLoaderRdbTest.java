package io.forkline.aof.load;

import io.forkline.aof.load.AofLoadException.Reason;
import io.forkline.aof.load.LoadReport.Status;
import io.forkline.snapshot.io.BufferSource;
import io.forkline.snapshot.rdb.RdbReader;
import io.forkline.snapshot.storage.FileStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static io.forkline.aof.load.Resp.command;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The loader on files that start with an RDB preamble (Redis-written, from the golden fixtures). */
class AofLoaderRdbTest {

    private static final Path FIXTURES = Path.of("src/test/resources/aof");
    private static final String BASE = "appendonly.aof.2.base.rdb";

    @TempDir
    Path dir;

    private final TestEngine t = new TestEngine();

    @AfterEach
    void close() {
        t.close();
    }

    private LoadReport load(boolean loadTruncated) throws IOException {
        return new AofLoader(FileStorage.INSTANCE, dir, "appendonlydir", "appendonly.aof", loadTruncated).load(t.engine, TestEngine.NOW);
    }

    private static byte[] rdb() throws IOException {
        return Files.readAllBytes(FIXTURES.resolve("preamble/appendonlydir").resolve(BASE));
    }

    private Path onlyBase(byte[] base) throws IOException {
        Path appendDir = Files.createDirectories(dir.resolve("appendonlydir"));
        Files.writeString(appendDir.resolve("appendonly.aof.manifest"), "file " + BASE + " seq 2 type b\n");
        Files.write(appendDir.resolve(BASE), base);
        return appendDir.resolve(BASE);
    }

    @Test
    void aDamagedRdbBaseIsRefusedNamingItsOffsetEvenWithLoadTruncated() throws IOException {
        byte[] base = rdb();
        base[base.length / 2] ^= 0x5a;
        Path file = onlyBase(base);
        assertThatThrownBy(() -> load(true)).isInstanceOfSatisfying(AofLoadException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.RDB);
            assertThat(e.file()).isEqualTo(file);
            assertThat(e.offset()).isBetween(0L, (long) base.length);
            assertThat(e.getMessage()).contains(file.toString()).contains("at offset " + e.offset());
        });
        assertThat(Files.size(file)).isEqualTo(base.length);
    }

    @Test
    void anRdbBaseCutShortIsNeverRepaired() throws IOException {
        byte[] whole = rdb();
        for (int cut : new int[] {5, 9, 100, whole.length / 2, whole.length - 8, whole.length - 1}) {
            Path file = onlyBase(Arrays.copyOf(whole, cut));
            t.call("FLUSHALL");
            assertThatThrownBy(() -> load(true)).as("cut at %d", cut).isInstanceOfSatisfying(AofLoadException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.RDB);
                assertThat(e.getMessage()).contains(file.toString());
            });
            assertThat(Files.size(file)).isEqualTo(cut);
        }
    }

    @Test
    void aRespTailTornRightAfterTheRdbIsCutBackToTheRdbNotToZero() throws IOException {
        byte[] rdb = rdb();
        BufferSource source = new BufferSource(rdb);
        new RdbReader(source).read((db, key, value, expire) -> {
        });
        assertThat(source.position()).isEqualTo(rdb.length);
        byte[] torn = Arrays.copyOf(rdb, rdb.length + 7);
        System.arraycopy("*3\r\n$3\r".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, torn, rdb.length, 7);
        Path legacy = dir.resolve("appendonly.aof");
        Files.write(legacy, torn);
        LoadReport report = load(true);
        assertThat(report.upgraded()).isTrue();
        assertThat(report.status()).isEqualTo(Status.TRUNCATED);
        assertThat(report.truncatedBytes()).isEqualTo(7);
        assertThat(Files.readAllBytes(dir.resolve("appendonlydir/appendonly.aof"))).isEqualTo(rdb);
        assertThat(report.keys()).isEqualTo(report.files().getFirst().rdbKeys()).isPositive();
    }

    @Test
    void commandsAfterTheRdbOfAnyFileAreReplayed() throws IOException {
        byte[] rdb = rdb();
        byte[] tail = (command("SELECT", "9") + command("SET", "after", "rdb")).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] base = Arrays.copyOf(rdb, rdb.length + tail.length);
        System.arraycopy(tail, 0, base, rdb.length, tail.length);
        onlyBase(base);
        LoadReport report = load(false);
        assertThat(report.files().getFirst().format()).isEqualTo(LoadReport.Format.RDB_WITH_RESP_TAIL);
        assertThat(report.files().getFirst().commands()).isEqualTo(2);
        assertThat(t.call(9, "GET", "after")).isEqualTo("$3\r\nrdb\r\n");
    }
}
