package io.forkline.snapshot.tool;

import io.forkline.engine.Engine;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.Effects;
import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.keyspace.Clock;
import io.forkline.engine.resp.RespReply;
import io.forkline.pages.PageSize;
import io.forkline.snapshot.rdb.KeyspaceLoader;
import io.forkline.snapshot.rdb.RdbBuilder;
import io.forkline.snapshot.rdb.RdbFiles;
import io.forkline.snapshot.rdb.RdbType;
import io.forkline.snapshot.rdb.RdbWriteOptions;
import io.forkline.snapshot.rdb.Snapshots;
import io.forkline.snapshot.rdb.StreamFixture;
import io.forkline.snapshot.storage.FileStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.forkline.snapshot.tool.RdbCheckToolTest.FIXTURES;
import static io.forkline.snapshot.tool.RdbCheckToolTest.NOW;
import static org.assertj.core.api.Assertions.assertThat;

class RdbDumpToolTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int dump(Path file, RdbDumpTool.Format format) {
        return RdbDumpTool.dump(FileStorage.INSTANCE, file, format, out, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void jsonHasOneLinePerKeyWithDatabaseTypeExpireAndValue() {
        assertThat(dump(FIXTURES.resolve("small.rdb"), RdbDumpTool.Format.JSON)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "{\"db\":0,\"key\":\"ttl\",\"type\":\"string\",\"expire_at_ms\":4102444800000,\"value\":\"t\"}",
                "{\"db\":0,\"key\":\"text\",\"type\":\"string\",\"expire_at_ms\":null,\"value\":\"hello, forkline\"}",
                "{\"db\":0,\"key\":\"si\",\"type\":\"set\",\"expire_at_ms\":null,\"value\":[\"1\",\"2\",\"3\"]}",
                "{\"db\":0,\"key\":\"l\",\"type\":\"list\",\"expire_at_ms\":null,\"value\":[\"a\",\"b\",\"1\",\"2\"]}",
                "{\"db\":0,\"key\":\"ss\",\"type\":\"set\",\"expire_at_ms\":null,\"value\":[\"x\",\"y\"]}",
                "{\"db\":0,\"key\":\"z\",\"type\":\"zset\",\"expire_at_ms\":null,\"value\":[[\"a\",1.5],[\"b\",2.0]]}",
                "{\"db\":0,\"key\":\"s\",\"type\":\"string\",\"expire_at_ms\":null,\"value\":\"1\"}",
                "{\"db\":0,\"key\":\"h\",\"type\":\"hash\",\"expire_at_ms\":null,\"value\":[[\"f\",\"v\"],[\"n\",\"5\"]]}",
                "{\"db\":2,\"key\":\"other-db\",\"type\":\"string\",\"expire_at_ms\":null,\"value\":\"x\"}");
        assertThat(err.size()).isZero();
    }

    @Test
    void jsonEscapesTextAndGivesOtherBytesInBase64(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("escapes.rdb");
        Files.write(file, RdbBuilder.version(10).function("#!lua name=l\nreturn \"x\"").selectDb(0)
                .key(RdbType.STRING, "quote\"back\\slash\nnew\u0001").string("caf\u00e9")
                .raw(RdbType.STRING.code()).string(new byte[] {(byte) 0xff, 0}).string(new byte[] {(byte) 0xc3})
                .key(RdbType.ZSET_2, "z").length(2).string("lo").binaryDouble(Double.NEGATIVE_INFINITY).string("hi")
                .binaryDouble(Double.POSITIVE_INFINITY).end());
        assertThat(dump(file, RdbDumpTool.Format.JSON)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "{\"function\":\"#!lua name=l\\nreturn \\\"x\\\"\"}",
                "{\"db\":0,\"key\":\"quote\\\"back\\\\slash\\nnew\\u0001\",\"type\":\"string\",\"expire_at_ms\":null,\"value\":\"caf\u00e9\"}",
                "{\"db\":0,\"key\":{\"base64\":\"/wA=\"},\"type\":\"string\",\"expire_at_ms\":null,\"value\":{\"base64\":\"ww==\"}}",
                "{\"db\":0,\"key\":\"z\",\"type\":\"zset\",\"expire_at_ms\":null,\"value\":[[\"lo\",\"-inf\"],[\"hi\",\"inf\"]]}");
    }

    @Test
    void respReplaysIntoAnEngineAsTheFileLoads() throws IOException {
        Path types = FIXTURES.resolve("types.rdb");
        assertThat(dump(types, RdbDumpTool.Format.RESP)).isZero();
        List<List<byte[]>> commands = parse(out.toByteArray());
        assertThat(commands.stream().filter(c -> name(c).equals("HSET") && text(c.get(1)).equals("hash:large")).map(List::size))
                .containsExactly(2 + 2 * 64, 2 + 2 * 36);
        assertThat(commands.stream().filter(c -> name(c).equals("SELECT")).map(c -> text(c.get(1))))
                .containsExactly("0", "1", "3", "15");
        assertThat(commands.stream().filter(c -> name(c).equals("PEXPIREAT"))).hasSize(5);
        EngineConfig config = fixtureConfig();
        try (Engine replayed = new Engine(config, PageSize.KIB_4, new Clock.Manual(NOW), 1);
             Engine loaded = new Engine(config, PageSize.KIB_4, new Clock.Manual(NOW), 1)) {
            int db = 0;
            for (List<byte[]> command : commands) {
                if (name(command).equals("SELECT")) {
                    db = Integer.parseInt(text(command.get(1)));
                    continue;
                }
                RespReply reply = new RespReply();
                replayed.execute(db, Arguments.ofBytes(command.toArray(byte[][]::new)), reply, new Effects());
                assertThat(reply.toString()).doesNotStartWith("-");
            }
            RdbFiles.load(FileStorage.INSTANCE, types, new KeyspaceLoader(loaded, NOW, true));
            for (int d = 0; d < 16; d++) {
                assertThat(call(replayed, d, "DBSIZE")).isEqualTo(call(loaded, d, "DBSIZE"));
            }
            assertThat(call(replayed, 0, "DBSIZE")).isEqualTo(":28\r\n");   // the expired key's PEXPIREAT deleted it
            for (String[] probe : new String[][] {{"LRANGE", "list:plain", "0", "-1"}, {"ZRANGE", "zset:large", "0", "-1", "WITHSCORES"},
                    {"HGETALL", "hash:large"}, {"SMEMBERS", "set:intset64"}, {"GET", "str:binary"}, {"PEXPIRETIME", "str:ttl"},
                    {"LRANGE", "list:compressed", "0", "-1"}, {"OBJECT", "ENCODING", "set:large"}}) {
                assertThat(call(replayed, 0, probe)).isEqualTo(call(loaded, 0, probe));
            }
        }
    }

    @Test
    void jsonGivesAStreamsEntriesHeaderAndGroups() {
        assertThat(dump(FIXTURES.resolve("stream.rdb"), RdbDumpTool.Format.JSON)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).contains("{\"db\":0,\"key\":\"events\",\"type\":\"stream\","
                + "\"expire_at_ms\":null,\"value\":{\"entries\":[[\"1-1\",[\"field\",\"value\"]]],\"length\":1,\"last_id\":\"1-1\","
                + "\"first_id\":\"1-1\",\"max_deleted_id\":\"0-0\",\"entries_added\":1,\"groups\":[]}}");
    }

    @Test
    void respRebuildsStreamsWithTheirGroupsAsRedissAofRewriteWould(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("streams.rdb");
        try (Engine source = new Engine(new EngineConfig(), PageSize.KIB_4, new Clock.Manual(NOW), 1)) {
            StreamFixture.build(source);
            Files.write(file, Snapshots.write(Snapshots.live(source), RdbWriteOptions.defaults()));
            assertThat(dump(file, RdbDumpTool.Format.RESP)).isZero();
            List<List<byte[]>> commands = parse(out.toByteArray());
            assertThat(commands.stream().map(RdbDumpToolTest::name).distinct())
                    .containsExactlyInAnyOrder("SELECT", "XADD", "XSETID", "XGROUP", "XCLAIM");
            try (Engine replayed = new Engine(new EngineConfig(), PageSize.KIB_4, new Clock.Manual(NOW), 1)) {
                for (List<byte[]> command : commands.subList(1, commands.size())) {
                    RespReply reply = new RespReply();
                    replayed.execute(0, Arguments.ofBytes(command.toArray(byte[][]::new)), reply, new Effects());
                    assertThat(reply.toString()).as(text(command.getFirst())).doesNotStartWith("-");
                }
                for (String key : StreamFixture.KEYS) {
                    assertThat(StreamFixture.content(replayed, key)).as(key).isEqualTo(StreamFixture.content(source, key));
                }
            }
        }
    }

    @Test
    void aCorruptFileStopsTheDumpWithItsOffsetAfterWhatCameBefore(@TempDir Path dir) throws IOException {
        byte[] small = Files.readAllBytes(FIXTURES.resolve("small.rdb"));
        Path cut = dir.resolve("cut.rdb");
        Files.write(cut, Arrays.copyOf(small, 120));
        assertThat(dump(cut, RdbDumpTool.Format.JSON)).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("forkline rdb dump: " + cut + ", at offset 107: expected a length of at most the 12 bytes left");
    }

    @Test
    void formatsAreNamedInAnyCase() {
        assertThat(RdbDumpTool.Format.parse("Resp")).isEqualTo(RdbDumpTool.Format.RESP);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> RdbDumpTool.Format.parse("xml")))
                .hasMessage("unknown format 'xml': json or resp");
    }

    private static EngineConfig fixtureConfig() {
        EngineConfig config = new EngineConfig();
        config.hashMaxListpackEntries = 16;
        config.hashMaxListpackValue = 32;
        config.setMaxIntsetEntries = 16;
        config.zsetMaxListpackEntries = 16;
        config.zsetMaxListpackValue = 32;
        return config;
    }

    private static String call(Engine engine, int db, String... args) {
        RespReply reply = new RespReply();
        engine.execute(db, Arguments.of(args), reply, new Effects());
        return reply.toString();
    }

    private static String name(List<byte[]> command) {
        return text(command.getFirst());
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** RESP arrays of bulk strings, strictly: "*n\r\n" then n times "$len\r\n" bytes "\r\n". */
    private static List<List<byte[]>> parse(byte[] resp) {
        List<List<byte[]>> commands = new ArrayList<>();
        int[] at = {0};
        while (at[0] < resp.length) {
            int count = Integer.parseInt(line(resp, at, '*'));
            List<byte[]> command = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int length = Integer.parseInt(line(resp, at, '$'));
                command.add(Arrays.copyOfRange(resp, at[0], at[0] + length));
                at[0] += length;
                assertThat(resp[at[0]]).isEqualTo((byte) '\r');
                assertThat(resp[at[0] + 1]).isEqualTo((byte) '\n');
                at[0] += 2;
            }
            commands.add(command);
        }
        return commands;
    }

    private static String line(byte[] resp, int[] at, char prefix) {
        assertThat((char) resp[at[0]]).isEqualTo(prefix);
        int end = at[0];
        while (resp[end] != '\r') {
            end++;
        }
        String text = new String(resp, at[0] + 1, end - at[0] - 1, StandardCharsets.US_ASCII);
        at[0] = end + 2;
        return text;
    }
}
