package io.forkline.aof.rewrite;

import io.forkline.aof.load.AofLoader;
import io.forkline.aof.load.TestEngine;
import io.forkline.aof.manifest.AofLayout;
import io.forkline.aof.manifest.AofManifest;
import io.forkline.aof.segment.AofDirectory;
import io.forkline.aof.segment.AofSegment;
import io.forkline.aof.segment.RecordingStorage;
import io.forkline.pages.MemoryView;
import io.forkline.snapshot.io.BufferSink;
import io.forkline.snapshot.rdb.KeyspaceImage;
import io.forkline.snapshot.rdb.RdbWriteOptions;
import io.forkline.snapshot.rdb.SaveCancelledException;
import io.forkline.snapshot.rdb.SaveProgress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AofRewriteTest {

    static final Path DATA = Path.of("/data");
    static final Path DIR = DATA.resolve("appendonlydir");

    final RecordingStorage storage = new RecordingStorage();
    final AofLayout layout = AofLayout.defaults(DATA);
    final AofDirectory directory = new AofDirectory(storage, layout);
    final TestEngine source = new TestEngine();

    @AfterEach
    void close() {
        source.close();
    }

    void fill() {
        source.call(0, "SET", "s", "hello");
        source.call(0, "SET", "n", "12345");
        source.call(0, "PEXPIREAT", "n", "1800000000000");
        for (int i = 0; i < 130; i++) {
            source.call(0, "RPUSH", "list", "e" + i);
            source.call(0, "SADD", "ints", Integer.toString(i));
            source.call(0, "SADD", "words", "w" + i);
            source.call(0, "ZADD", "z", Double.toString(i / 3.0), "m" + i);
            source.call(0, "HSET", "bighash", "f" + i, "v" + i);
        }
        source.call(3, "HSET", "small", "a", "1", "b", "2");
        source.call(3, "ZADD", "scores", "inf", "top", "-inf", "bottom", "0.1", "tenth");
        source.call(15, "SET", "last", "db");
        fillStreams();
    }

    /** Streams of several nodes with deleted entries and groups, pending entries and consumers; empty ones too. */
    void fillStreams() {
        source.engine.config().streamNodeMaxEntries = 4;
        for (int i = 1; i <= 10; i++) {
            source.call(0, "XADD", "events", i + "-1", "f", "v" + i, i % 3 == 0 ? "other" : "n", Integer.toString(i));
        }
        source.call(0, "XDEL", "events", "2-1", "5-1", "6-1");
        source.call(0, "XGROUP", "CREATE", "events", "readers", "4-1", "ENTRIESREAD", "3");
        source.call(0, "XGROUP", "CREATE", "events", "late", "$");
        source.call(0, "XCLAIM", "events", "readers", "alice", "0", "1-1", "3-1", "FORCE", "JUSTID");
        source.call(0, "XCLAIM", "events", "readers", "bob", "0", "4-1", "TIME", "1690000000000", "RETRYCOUNT", "5", "FORCE", "JUSTID");
        source.call(0, "XGROUP", "CREATECONSUMER", "events", "readers", "carol");
        source.call(3, "XGROUP", "CREATE", "never-added", "g", "$", "MKSTREAM");
        source.call(3, "XADD", "trimmed", "5-5", "a", "b");
        source.call(3, "XTRIM", "trimmed", "MAXLEN", "0");
    }

    KeyspaceImage image(MemoryView view) {
        return new KeyspaceImage(view, source.engine.keyspace().root(), source.engine.keyspace().databases());
    }

    @Test
    void aRespBaseIsRedissCommandsWithAtMost64ItemsEach() throws Exception {
        source.call(0, "SET", "s", "v");
        source.call(0, "PEXPIREAT", "s", "1800000000000");
        for (int i = 0; i < 130; i++) {
            source.call(2, "RPUSH", "l", Integer.toString(i));
        }
        BufferSink sink = new BufferSink();
        AofBaseWriter.resp(true, () -> 1_700_000_000_123L).write(liveImage(), sink, new SaveProgress());
        String text = new String(sink.toByteArray(), StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("#TS:1700000000\r\n*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\ns\r\n$1\r\nv\r\n"
                + "*3\r\n$9\r\nPEXPIREAT\r\n$1\r\ns\r\n$13\r\n1800000000000\r\n*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n*66\r\n$5\r\nRPUSH\r\n$1\r\nl\r\n$1\r\n0\r\n");
        assertThat(text.split("\\*66\r\n\\$5\r\nRPUSH", -1)).hasSize(3);
        assertThat(text).contains("*4\r\n$5\r\nRPUSH\r\n$1\r\nl\r\n$3\r\n128\r\n$3\r\n129\r\n");
    }

    @Test
    void aStreamIsWrittenAsRedissRewriteStreamObjectWritesIt() throws Exception {
        source.call(0, "XADD", "s", "1-1", "f", "v", "n", "12");
        source.call(0, "XADD", "s", "2-0", "f", "w");
        source.call(0, "XDEL", "s", "1-1");
        source.call(0, "XGROUP", "CREATE", "s", "g", "0", "ENTRIESREAD", "0");
        source.call(0, "XCLAIM", "s", "g", "alice", "0", "2-0", "TIME", "1690000000000", "RETRYCOUNT", "3", "FORCE", "JUSTID");
        source.call(0, "XGROUP", "CREATECONSUMER", "s", "g", "bob");
        source.call(1, "XADD", "e", "7-7", "a", "b");
        source.call(1, "XTRIM", "e", "MAXLEN", "0");
        BufferSink sink = new BufferSink();
        AofBaseWriter.resp(false, () -> 0L).write(liveImage(), sink, new SaveProgress());
        assertThat(new String(sink.toByteArray(), StandardCharsets.ISO_8859_1)).isEqualTo(resp("SELECT", "0")
                + resp("XADD", "s", "2-0", "f", "w")
                + resp("XSETID", "s", "2-0", "ENTRIESADDED", "2", "MAXDELETEDID", "1-1")
                + resp("XGROUP", "CREATE", "s", "g", "0-0", "ENTRIESREAD", "0")
                + resp("XCLAIM", "s", "g", "alice", "0", "2-0", "TIME", "1690000000000", "RETRYCOUNT", "3", "JUSTID", "FORCE")
                + resp("XGROUP", "CREATECONSUMER", "s", "g", "bob")
                + resp("SELECT", "1")
                + resp("XADD", "e", "MAXLEN", "0", "0-1", "x", "y")
                + resp("XSETID", "e", "7-7", "ENTRIESADDED", "1", "MAXDELETEDID", "0-0"));
    }

    private static String resp(String... args) {
        StringBuilder text = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            text.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
        }
        return text.toString();
    }

    KeyspaceImage liveImage() {
        return new KeyspaceImage(source.engine.memory(), source.engine.keyspace().root(), source.engine.keyspace().databases());
    }

    @ParameterizedTest(name = "RDB preamble: {0}")
    @ValueSource(booleans = {true, false})
    void aRewriteInstallsItsBaseBeforeTheManifestNamesItAndTheLoaderReadsBackTheForkPoint(boolean rdbPreamble) throws Exception {
        directory.persist(AofManifest.parse("file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n", "m"));
        storage.put(DIR.resolve("appendonly.aof.1.base.aof"), new byte[0]);
        storage.put(DIR.resolve("appendonly.aof.1.incr.aof"), "*3\r\n$3\r\nSET\r\n$3\r\nold\r\n$1\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
        fill();
        String atFork = KeyspaceDump.of(source.engine);
        MemoryView view = source.engine.memory().fork();
        AofSegment next = directory.createIncr();
        source.call(0, "SET", "s", "changed after the fork");   // the base must not see it
        AofBaseWriter base = rdbPreamble ? AofBaseWriter.rdbPreamble(RdbWriteOptions.defaults()) : AofBaseWriter.resp(false, () -> 0L);
        AofRewrite rewrite = new AofRewrite(directory, base, image(view), CompletableFuture.completedFuture(next), false, 77);
        storage.clearOperations();
        rewrite.writeBase();
        AofManifest installed = rewrite.install();
        view.close();

        String baseName = rdbPreamble ? "appendonly.aof.2.base.rdb" : "appendonly.aof.2.base.aof";
        List<String> ops = storage.operations();
        assertThat(ops).containsSubsequence("create temp-rewriteaof-bg-77.aof", "sync temp-rewriteaof-bg-77.aof",
                "close temp-rewriteaof-bg-77.aof", "rename temp-rewriteaof-bg-77.aof " + baseName, "syncdir appendonlydir",
                "sync temp-appendonly.aof.manifest", "rename temp-appendonly.aof.manifest appendonly.aof.manifest", "syncdir appendonlydir",
                "delete appendonly.aof.1.base.aof", "delete appendonly.aof.1.incr.aof");
        assertThat(ops.indexOf("rename temp-appendonly.aof.manifest appendonly.aof.manifest"))
                .isGreaterThan(ops.indexOf("rename temp-rewriteaof-bg-77.aof " + baseName));
        assertThat(installed.format()).isEqualTo("file " + baseName + " seq 2 type b\n"
                + "file appendonly.aof.1.base.aof seq 1 type h\nfile appendonly.aof.1.incr.aof seq 1 type h\n"
                + "file appendonly.aof.2.incr.aof seq 2 type i\n");
        assertThat(storage.text(DIR.resolve("appendonly.aof.manifest")))
                .isEqualTo("file " + baseName + " seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n");
        assertThat(storage.has(DATA.resolve("temp-rewriteaof-bg-77.aof"))).isFalse();
        assertThat(rewrite.baseSize()).isEqualTo(storage.bytes(DIR.resolve(baseName)).length);

        try (TestEngine loaded = new TestEngine()) {
            new AofLoader(storage, layout, false).load(loaded.engine, TestEngine.NOW);
            assertThat(KeyspaceDump.of(loaded.engine)).isEqualTo(atFork);
        }
    }

    @Test
    void aSwitchThatFailedLeavesTheOldManifestAndNoBase() throws Exception {
        AofSegment incr = directory.createIncr();
        String before = storage.text(DIR.resolve("appendonly.aof.manifest"));
        fill();
        MemoryView view = source.engine.memory().fork();
        AofRewrite rewrite = new AofRewrite(directory, AofBaseWriter.resp(false, () -> 0L), image(view),
                CompletableFuture.failedFuture(new IOException("No space left on device")), false, 5);
        rewrite.writeBase();
        assertThatThrownBy(rewrite::install).hasMessageContaining("No space left on device");
        view.close();
        assertThat(storage.text(DIR.resolve("appendonly.aof.manifest"))).isEqualTo(before);
        assertThat(storage.names(DIR)).containsExactlyInAnyOrder("appendonly.aof.1.incr.aof", "appendonly.aof.manifest");
        assertThat(storage.has(DATA.resolve("temp-rewriteaof-bg-5.aof"))).isFalse();
        assertThat(incr.entry().seq()).isEqualTo(1);
    }

    @Test
    void aCancelledRewriteStopsAndRemovesItsFile() throws Exception {
        directory.createIncr();
        fill();
        MemoryView view = source.engine.memory().fork();
        AofRewrite rewrite = new AofRewrite(directory, AofBaseWriter.resp(false, () -> 0L), image(view), new CompletableFuture<>(), false, 6);
        rewrite.writeBase();
        rewrite.cancel();
        assertThatThrownBy(rewrite::install).isInstanceOf(SaveCancelledException.class);
        view.close();
        assertThat(storage.has(DATA.resolve("temp-rewriteaof-bg-6.aof"))).isFalse();
        assertThat(directory.manifest().base()).isNull();
    }

    @Test
    void aRewriteWhileTheLogIsOffKeepsNoIncr() throws Exception {
        directory.persist(AofManifest.parse("file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.4.incr.aof seq 4 type i\n", "m"));
        fill();
        MemoryView view = source.engine.memory().fork();
        AofRewrite rewrite = new AofRewrite(directory, AofBaseWriter.rdbPreamble(RdbWriteOptions.defaults()), image(view), null, true, 8);
        rewrite.writeBase();
        AofManifest installed = rewrite.install();
        view.close();
        assertThat(installed.incrs()).isEmpty();
        assertThat(storage.text(DIR.resolve("appendonly.aof.manifest"))).isEqualTo("file appendonly.aof.2.base.rdb seq 2 type b\n");
    }
}
