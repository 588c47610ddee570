package io.forkline.snapshot.tool;

import io.forkline.snapshot.rdb.RdbBuilder;
import io.forkline.snapshot.rdb.RdbType;
import io.forkline.snapshot.storage.FileStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class RdbCheckToolTest {

    static final Path FIXTURES = Path.of("src/test/resources/rdb");
    /** After the fixtures' expired key, before their far expires (2100). */
    static final long NOW = 4_000_000_000_000L;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int check(Path file) {
        return RdbCheckTool.check(FileStorage.INSTANCE, file, new PrintStream(out, true, StandardCharsets.UTF_8), NOW);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aValidFileReportsItsVersionAuxFieldsAndKeyCounts() {
        assertThat(check(FIXTURES.resolve("types.rdb"))).isZero();
        assertThat(output()).contains("[offset 0] Checking RDB file src/test/resources/rdb/types.rdb\n", "[offset 9] RDB version 10\n",
                "[offset 27] AUX FIELD \"redis-ver\" = \"7.0.15\"\n", "[offset 80] AUX FIELD \"aof-base\" = \"0\"\n",
                "[offset 82] Selecting DB ID 0\n", "Selecting DB ID 15\n",
                "[offset 32846] Checksum OK\n", "[offset 32846] RDB looks OK\n",
                "[info] 34 keys read\n", "[info] 5 expires\n", "[info] 1 already expired\n",
                "[info] keys by type: hash 4, list 6, set 6, string 14, zset 4\n",
                "[info] keys by RDB encoding: HASH 2, HASH_LISTPACK 2, LIST_QUICKLIST_2 6, SET 4, SET_INTSET 2, STRING 14, ZSET_2 2, "
                        + "ZSET_LISTPACK 2\n",
                "[info] db 0: 29 keys, 2 expires\n", "[info] db 15: 2 keys, 1 expires\n");
        assertThat(output()).doesNotContain("ERROR");
    }

    @Test
    void aFileWithoutChecksumIsValidAndSaysSo() {
        assertThat(check(FIXTURES.resolve("nochecksum.rdb"))).isZero();
        assertThat(output()).contains("No checksum to check", "RDB looks OK", "[info] 3 keys read");
    }

    @Test
    void aStreamRedisWroteIsValid() {
        assertThat(check(FIXTURES.resolve("stream.rdb"))).isZero();
        assertThat(output()).contains("RDB looks OK", "[info] 3 keys read", "[info] keys by type: stream 1, string 2\n",
                "[info] keys by RDB encoding: STREAM_LISTPACKS_2 1, STRING 2\n");
    }

    @Test
    void anOldFileOfZiplistsAndZipmapsIsValid(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("v9.rdb");
        Files.write(file, RdbBuilder.version(9).selectDb(0)
                .key(RdbType.HASH_ZIPLIST, "h").string(RdbBuilder.ziplist("f", "v"))
                .key(RdbType.ZSET_ZIPLIST, "z").string(RdbBuilder.ziplist("m", "1.5"))
                .key(RdbType.LIST_QUICKLIST, "l").length(1).string(RdbBuilder.ziplist("a", 1))
                .expireSeconds(1).key(RdbType.HASH_ZIPMAP, "m").string(RdbBuilder.zipmap(0, "f", "v"))
                .key(RdbType.LIST, "empty").length(0)
                .end());
        assertThat(check(file)).isZero();
        assertThat(output()).contains("RDB version 9", "Empty key \"empty\" (LIST), which a load skips", "[info] 4 keys read",
                "[info] 1 already expired", "[info] 1 empty keys",
                "keys by RDB encoding: HASH_ZIPLIST 1, HASH_ZIPMAP 1, LIST 1, LIST_QUICKLIST 1, ZSET_ZIPLIST 1");
    }

    @Test
    void aCorruptFileReportsTheOffsetWhatWasExpectedAndTheKey(@TempDir Path dir) throws IOException {
        byte[] small = Files.readAllBytes(FIXTURES.resolve("small.rdb"));
        Path cut = dir.resolve("cut.rdb");
        Files.write(cut, Arrays.copyOf(small, 120));
        assertThat(check(cut)).isEqualTo(1);
        assertThat(output()).contains("--- RDB ERROR DETECTED ---\n",
                "[offset 107] at offset 107: expected a length of at most the 12 bytes left (a string value), got 15\n",
                "[additional info] Reading key \"text\" (database 0, type 0 STRING, from offset 101)", "[info] 1 keys read",
                "keys by RDB encoding: STRING 1\n");

        out.reset();
        Path inChecksum = dir.resolve("in-checksum.rdb");
        Files.write(inChecksum, Arrays.copyOf(small, small.length - 3));
        assertThat(check(inChecksum)).isEqualTo(1);
        assertThat(output()).contains("[offset 248] Unexpected EOF reading RDB file: expected 3 more bytes", "[info] 9 keys read");

        out.reset();
        byte[] flipped = small.clone();
        flipped[flipped.length - 1] ^= 1;
        Path crc = dir.resolve("crc.rdb");
        Files.write(crc, flipped);
        assertThat(check(crc)).isEqualTo(1);
        assertThat(output()).containsPattern("\\[offset 243\\] at offset 243: Wrong RDB checksum expected: \\([0-9a-f]+\\) but got");

        out.reset();
        Path module = dir.resolve("module.rdb");
        Files.write(module, RdbBuilder.version(10).selectDb(0).key(RdbType.MODULE_2, "m").length(1).end());
        assertThat(check(module)).isEqualTo(1);
        assertThat(output()).contains("key \"m\" in database 0 holds a module value (RDB type 7, MODULE_2)");

        out.reset();
        assertThat(check(dir.resolve("missing.rdb"))).isEqualTo(1);
        assertThat(output()).contains("Cannot read " + dir.resolve("missing.rdb"));
    }
}
