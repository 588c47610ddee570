package io.forkline.snapshot.rdb;

import io.forkline.engine.Engine;
import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.keyspace.Clock;
import io.forkline.engine.stream.StreamId;
import io.forkline.pages.PageSize;
import io.forkline.snapshot.io.BufferSink;
import io.forkline.snapshot.io.BufferSource;
import io.forkline.snapshot.storage.FileStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Streams in RDB files: forkline writes Redis 7.0's STREAM_LISTPACKS_2 byte for byte, a written stream loads back node
 * for node with its header and groups, Redis's three stream types are read, and what Redis refuses (and what would
 * break the engine) is refused at the offset of the part at fault.
 */
class StreamRdbTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final StreamId ONE = new StreamId(1, 1);
    /** A node of master ID 1-1: master entry "f", then entry 1-1 with the master's field (flags SAMEFIELDS), value "v". */
    private static final Object[] ONE_ENTRY = {1, 0, 1, "f", 0, 2, 0, 0, "v", 4};

    // ---------------------------------------------------------------------------------------------
    // Writing and loading back

    @ParameterizedTest(name = "compression {0}")
    @ValueSource(booleans = {true, false})
    void writtenStreamsLoadBackNodeForNodeWithTheirHeaderAndGroups(boolean compression) throws IOException {
        try (EngineDriver source = new EngineDriver(NOW)) {
            StreamFixture.build(source.engine);
            byte[] file = Snapshots.write(Snapshots.live(source.engine), RdbWriteOptions.defaults().withCompression(compression));
            EngineConfig config = new EngineConfig();
            config.streamNodeMaxEntries = 100;   // a load keeps the file's nodes whatever the settings
            try (Engine loaded = new Engine(config, PageSize.KIB_4, new Clock.Manual(NOW), 3)) {
                KeyspaceLoader loader = new KeyspaceLoader(loaded, NOW, true);
                new RdbReader(new BufferSource(file), file.length).read(loader);
                assertThat(loader.keysLoaded()).isEqualTo(StreamFixture.KEYS.size());
                for (String key : StreamFixture.KEYS) {
                    assertThat(StreamFixture.describe(loaded, key)).as(key).isEqualTo(StreamFixture.describe(source.engine, key));
                    for (String[] command : List.of(new String[] {"XINFO", "STREAM", key, "FULL"}, new String[] {"XINFO", "GROUPS", key},
                            new String[] {"XRANGE", key, "-", "+"}, new String[] {"OBJECT", "ENCODING", key})) {
                        assertThat(StreamFixture.call(loaded, command)).as(String.join(" ", command))
                                .isEqualTo(StreamFixture.call(source.engine, command));
                    }
                    assertThat(payload(loaded, key)).as("%s written again", key).isEqualTo(payload(source.engine, key));
                }
            }
        }
    }

    @Test
    void aStreamIsWrittenAsRedis70sStreamListpacks2() {
        try (EngineDriver driver = new EngineDriver(NOW)) {
            driver.call(0, "XADD", "s", "1-1", "f", "v");
            driver.call(0, "XGROUP", "CREATE", "s", "g", "0", "ENTRIESREAD", "0");
            driver.call(0, "XCLAIM", "s", "g", "c", "0", "1-1", "TIME", "1000", "RETRYCOUNT", "2", "FORCE", "JUSTID");
            byte[] expected = RdbBuilder.payload().raw(RdbType.STREAM_LISTPACKS_2.code())
                    .length(1).string(ONE.encoded()).string(RdbBuilder.listpack(ONE_ENTRY))
                    .length(1).length(1).length(1).length(1).length(1).length(0).length(0).length(1)
                    .length(1).string("g").length(0).length(0).length(0)
                    .length(1).raw(ONE.encoded()).littleEndian(1000, 8).length(2)
                    .length(1).string("c").littleEndian(NOW, 8).length(1).raw(ONE.encoded())
                    .bytes();
            assertThat(payload(driver.engine, "s")).isEqualTo(expected);
        }
    }

    @Test
    void anUnknownEntriesReadAndIdsPast2To63AreWrittenAsUnsigned64BitLengths() throws IOException {
        try (EngineDriver driver = new EngineDriver(NOW)) {
            StreamFixture.build(driver.engine);
            RdbValue.StreamOf far = stream(payload(driver.engine, "far"));
            assertThat(far.lastId()).isEqualTo(new StreamId(-1L, -2L));
            assertThat(far.groups().getFirst().lastId()).isEqualTo(new StreamId(Long.MIN_VALUE, 0));
            RdbValue.StreamOf events = stream(payload(driver.engine, "events"));
            assertThat(events.groups()).extracting(group -> new String(group.name(), StandardCharsets.US_ASCII),
                    RdbValue.StreamOf.Group::entriesRead).contains(tuple("unknown", -1L), tuple("readers", 3L));
        }
    }

    private static byte[] payload(Engine engine, String key) {
        byte[] bytes = key.getBytes(StandardCharsets.US_ASCII);
        BufferSink sink = new BufferSink();
        try {
            RdbWriter.writeValue(engine.memory(), engine.keyspace().find(0, bytes, 0, bytes.length), sink, false);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return sink.toByteArray();
    }

    /** The stream of a payload that starts with its type byte. */
    private static RdbValue.StreamOf stream(byte[] payload) throws IOException {
        BufferSource source = new BufferSource(payload);
        return (RdbValue.StreamOf) RdbReader.readValue(RdbType.ofCode(source.readByte()), source);
    }

    // ---------------------------------------------------------------------------------------------
    // Reading Redis's stream types

    @Test
    void anEmptyStreamIsAKeyNotAnEmptyOneToSkip() throws IOException {
        byte[] file = file(RdbType.STREAM_LISTPACKS_2).length(0).length(0).length(5).length(5).length(0).length(0)
                .length(5).length(5).length(3).length(0).end();
        RecordingVisitor visitor = new RecordingVisitor();
        new RdbReader(new BufferSource(file), file.length).read(visitor);
        assertThat(visitor.entries()).containsExactly("entry 0 s stream[] last 5-5 groups 0");
    }

    @Test
    void aType15StreamGetsWhatRedis70DerivesForIt() throws IOException {
        RdbValue.StreamOf stream = value(RdbType.STREAM_LISTPACKS, RdbBuilder.payload()
                .length(1).string(ONE.encoded()).string(RdbBuilder.listpack(2, 1, 1, "f", 0, 3, 0, 0, "u", 4, 2, 0, 1, "v", 4, 2, 0, 2, "w", 4))
                .length(2).length(1).length(3)
                .length(2).string("at-last").length(1).length(3).length(0).length(0)
                .string("before-first").length(0).length(0).length(0).length(0));
        assertThat(stream.entries()).extracting(RdbValue.StreamOf.Entry::id).containsExactly(new StreamId(1, 2), new StreamId(1, 3));
        assertThat(stream.firstId()).isEqualTo(new StreamId(1, 2));
        assertThat(stream.maxDeletedId()).isEqualTo(StreamId.MIN);
        assertThat(stream.entriesAdded()).isEqualTo(2);
        assertThat(stream.groups()).extracting(RdbValue.StreamOf.Group::entriesRead).containsExactly(2L, 0L);

        RdbValue.StreamOf empty = value(RdbType.STREAM_LISTPACKS, RdbBuilder.payload().length(0).length(0).length(4).length(0).length(0));
        assertThat(empty.firstId()).as("streamGetEdgeID's answer for no entry").isEqualTo(StreamId.MAX);
        assertThat(empty.entriesAdded()).isZero();
    }

    @Test
    void aType21StreamsConsumerActiveTimeIsReadAndLeftOut() throws IOException {
        RdbValue.StreamOf stream = value(RdbType.STREAM_LISTPACKS_3, oneEntry().length(1).string("g").length(1).length(1)
                .raw(0x81).bigEndian(-1, 8)
                .length(1).raw(ONE.encoded()).littleEndian(NOW - 5, 8).length(3)
                .length(1).string("c").littleEndian(NOW - 2, 8).littleEndian(NOW - 1, 8).length(1).raw(ONE.encoded()));
        RdbValue.StreamOf.Group group = stream.groups().getFirst();
        assertThat(group.entriesRead()).isEqualTo(-1);
        assertThat(group.pending()).containsExactly(new RdbValue.StreamOf.Pending(ONE, NOW - 5, 3));
        RdbValue.StreamOf.Consumer consumer = group.consumers().getFirst();
        assertThat(consumer.seenTime()).isEqualTo(NOW - 2);
        assertThat(consumer.pending()).containsExactly(ONE);
    }

    @Test
    void entriesWithTheirOwnFieldsAndDeletedOnesDecode() throws IOException {
        RdbValue.StreamOf stream = value(RdbType.STREAM_LISTPACKS_2, RdbBuilder.payload().length(1).string(ONE.encoded())
                .string(RdbBuilder.listpack(2, 1, 2, "a", "b", 0, 2, 0, 0, "1", "2", 5, 3, 0, 1, "x", "y", 5, 0, 1, 0, 1, "c", -7, 6))
                .length(2).length(2).length(1).length(1).length(1).length(1).length(2).length(3).length(0));
        assertThat(RecordingVisitor.describe(stream)).isEqualTo("stream[1-1 a=1 b=2, 2-1 c=-7] last 2-1 groups 0");
    }

    private static RdbValue.StreamOf value(RdbType type, RdbBuilder payload) throws IOException {
        return (RdbValue.StreamOf) RdbReader.readValue(type, new BufferSource(payload.bytes()));
    }

    // ---------------------------------------------------------------------------------------------
    // Refusals

    @ParameterizedTest
    @ValueSource(strings = {
            "1 0 1 f 0 2 0 0 v 5|an lp-count of 4 (the entry's other elements), found 5",
            "1 0 1 f 1 2 0 0 v 4|the master entry's terminating 0, found 1",
            "2 0 1 f 0 2 0 0 v 4|a master entry counting the node's 1 live and 0 deleted entries, found 2 live and 0 deleted",
            "1 0 1 f 0 3 0 0 v 4|a master entry counting the node's 0 live and 1 deleted entries, found 1 live and 0 deleted",
            "2 0 1 f 0 2 0 1 v 4 2 0 0 w 4|an entry ID above the previous entry's 1-2, found 1-1",
            "1 0 1 f 0 2 0 -1 v 4|an entry ID at or above the master ID 1-1, found 1-0",
            "1 0 1 f 0 x 0 0 v 4|an entry's flags (an integer), found a string",
            "1 0 1 f 0 2 0 0 v|an entry's lp-count, found the end of the listpack",
            "1 0 1 f 0 2 0 0 v 4 7|an entry's ms-diff, found the end of the listpack",
            "-1 0 1 f 0 2 0 0 v 4|the master entry's count of live entries (at least 0), found -1",
            "0 0 1 f 0|a node of at least one entry, found none after the master entry",
            "|the master entry's count of live entries, found the end of the listpack"})
    void aCorruptNodeIsRefusedAtItsListpacksOffsetNamingTheFile(String listpackAndError, @TempDir Path dir) throws IOException {
        String[] parts = listpackAndError.split("\\|");
        byte[] listpack = RdbBuilder.listpack((Object[]) (parts[0].isEmpty() ? new String[0] : parts[0].split(" ")));
        RdbBuilder file = file(RdbType.STREAM_LISTPACKS_2).length(1).string(ONE.encoded());
        int offset = file.size();
        Path path = dir.resolve("dump.rdb");
        Files.write(path, file.string(listpack).length(1).length(1).length(1).length(1).length(1).length(0).length(0).length(1)
                .length(0).end());
        Throwable thrown = catchThrowable(() -> RdbFiles.load(FileStorage.INSTANCE, path, new RecordingVisitor()));
        assertThat(thrown).isInstanceOf(RdbLoadException.class).hasMessageStartingWith(path + ", at offset " + offset
                + ": expected a valid stream listpack of " + listpack.length + " bytes (STREAM_LISTPACKS_2), got corrupt stream listpack")
                .hasMessageEndingWith(parts[1] + " (Stream listpack integrity check failed)");
        assertThat(((RdbLoadException) thrown).offset()).isEqualTo(offset);
    }

    @Test
    void aListpackThatIsNotOneIsRefusedToo() {
        byte[] listpack = RdbBuilder.listpack(ONE_ENTRY);
        listpack[0]++;
        RdbFormatException failure = failure(file(RdbType.STREAM_LISTPACKS_2).length(1).string(ONE.encoded()).string(listpack)
                .length(1).length(1).length(1).end());
        assertThat(failure).hasMessageContaining("got corrupt listpack at offset 0: expected header total bytes");
    }

    @Test
    void whatRedisRefusesInAStreamsPayloadIsRefusedAtTheOffsetOfThePartAtFault() {
        RdbBuilder shortKey = file(RdbType.STREAM_LISTPACKS_2).length(1);
        int keyAt = shortKey.size();
        assertThat(failure(shortKey.string(new byte[15]).string(RdbBuilder.listpack(ONE_ENTRY)).end()))
                .hasMessage("at offset " + keyAt + ": Stream node key entry is not the size of a stream ID: 15 bytes, not 16");
        assertThat(failure(file(RdbType.STREAM_LISTPACKS_2).length(0).length(3).length(1).length(1).end()))
                .hasMessageEndingWith(": Stream length inconsistent with rax entries: 3 entries in no node");
        assertThat(failure(groups("g", "g"))).hasMessageContaining("Duplicated consumer group name \"g\"");
        assertThat(failure(oneGroup(pel(ONE, ONE), consumer("c", ONE))))
                .hasMessageContaining("Duplicated global PEL entry loading stream consumer group: 1-1");
        assertThat(failure(oneGroup(pel(ONE), consumer("c", new StreamId(1, 2)))))
                .hasMessageContaining("Consumer entry not found in group global PEL: 1-2");
        assertThat(failure(oneGroup(pel(ONE), consumer("c"), consumer("c", ONE))))
                .hasMessageContaining("Duplicate stream consumer detected: \"c\"");
        assertThat(failure(oneGroup(pel(ONE), consumer("c", ONE), consumer("d", ONE))))
                .hasMessageContaining("Duplicated consumer PEL entry loading a stream consumer group: 1-1");
        assertThat(failure(oneGroup(pel(ONE), consumer("c"))))
                .hasMessageContaining("Stream CG PEL entry without consumer: 1 pending entries of group \"g\" belong to no consumer");
    }

    @Test
    void whatTheEngineReliesOnIsRefusedToo() {
        assertThat(failure(oneEntryWithHeader(2, 1))).hasMessageEndingWith("expected a stream length of 1 (the nodes' live entries), got 2");
        assertThat(failure(oneEntryWithHeader(1, 0))).hasMessageEndingWith("expected a last ID at or above the stream's last entry 1-1, got 1-0");
        assertThat(failure(file(RdbType.STREAM_LISTPACKS_2).length(2).string(ONE.encoded()).string(RdbBuilder.listpack(ONE_ENTRY))
                .string(ONE.encoded()).string(RdbBuilder.listpack(ONE_ENTRY)).end()))
                .hasMessageContaining("expected a node master ID above the previous node's last entry 1-1, got 1-1");
    }

    /** A file of one key "s" of {@code type}, up to its value. */
    private static RdbBuilder file(RdbType type) {
        return RdbBuilder.version(type == RdbType.STREAM_LISTPACKS_3 ? 11 : 10).selectDb(0).key(type, "s");
    }

    /** The nodes of a one-entry stream (ONE_ENTRY), as a payload. */
    private static RdbBuilder oneEntry() {
        return RdbBuilder.payload().length(1).string(ONE.encoded()).string(RdbBuilder.listpack(ONE_ENTRY))
                .length(1).length(1).length(1).length(1).length(1).length(0).length(0).length(1);
    }

    /** A file of the one-entry stream with this length and last ID 1-{@code lastSeq}, and no groups. */
    private static byte[] oneEntryWithHeader(long length, long lastSeq) {
        return file(RdbType.STREAM_LISTPACKS_2).length(1).string(ONE.encoded()).string(RdbBuilder.listpack(ONE_ENTRY))
                .length(length).length(1).length(lastSeq).length(1).length(1).length(0).length(0).length(1).length(0).end();
    }

    /** A file of the one-entry stream with groups of these names, each with no pending entries and no consumers. */
    private static byte[] groups(String... names) {
        RdbBuilder file = file(RdbType.STREAM_LISTPACKS_2).raw(oneEntry().bytes()).length(names.length);
        for (String name : names) {
            file.string(name).length(0).length(0).length(0).length(0).length(0);
        }
        return file.end();
    }

    /** A file of the one-entry stream with one group "g" of this PEL and these consumers. */
    private static byte[] oneGroup(byte[] pel, byte[]... consumers) {
        RdbBuilder file = file(RdbType.STREAM_LISTPACKS_2).raw(oneEntry().bytes()).length(1).string("g").length(0).length(0).length(0)
                .raw(pel).length(consumers.length);
        for (byte[] consumer : consumers) {
            file.raw(consumer);
        }
        return file.end();
    }

    private static byte[] pel(StreamId... ids) {
        RdbBuilder pel = RdbBuilder.payload().length(ids.length);
        for (StreamId id : ids) {
            pel.raw(id.encoded()).littleEndian(NOW, 8).length(1);
        }
        return pel.bytes();
    }

    private static byte[] consumer(String name, StreamId... pending) {
        RdbBuilder consumer = RdbBuilder.payload().string(name).littleEndian(NOW, 8).length(pending.length);
        for (StreamId id : pending) {
            consumer.raw(id.encoded());
        }
        return consumer.bytes();
    }

    private static RdbFormatException failure(byte[] file) {
        Throwable thrown = catchThrowable(() -> new RdbReader(new BufferSource(file), file.length).read(new RecordingVisitor()));
        assertThat(thrown).isInstanceOf(RdbFormatException.class);
        return (RdbFormatException) thrown;
    }
}
