package io.forkline.snapshot.commands;

import io.forkline.engine.Engine;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.Effects;
import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.command.KeyEvents;
import io.forkline.engine.command.Notify;
import io.forkline.engine.keyspace.Clock;
import io.forkline.engine.resp.RespReply;
import io.forkline.pages.PageSize;
import io.forkline.snapshot.io.Crc64;
import io.forkline.snapshot.rdb.StreamFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** DUMP and RESTORE on an engine: Redis 7.0.15's payloads byte for byte, the options, and Redis's errors in its order. */
class DumpCommandsTest {

    private static final long NOW = 1_700_000_000_000L;
    /** DUMP payloads Debian's redis-server 7.0.15 returned for these values (SET s bar, SET i 12345, ...). */
    private static final String REDIS_STRING = "00036261720a00e6be4960ee66fd17";
    private static final String REDIS_INT = "00c139300a009d94ea2793fc08b9";
    private static final String REDIS_LIST = "12010210100000000300816102816202816302ff0a00c818b90c9533529e";
    private static final String REDIS_HASH = "10151500000004008266310382763103826632030201ff0a005c5ea813feec1ff5";
    private static final String REDIS_INTSET = "0b0e02000000030000000100020003000a00a5025ce26d6e4d1b";
    private static final String REDIS_ZSET = "1114140000000400816102010181620283322e3504ff0a00d44c6ea4f644d9d7";
    /**
     * XADD s 1-1 f v, XADD s 1-2 f w n 12, XDEL s 1-1, XGROUP CREATE s g 0 ENTRIESREAD 0, XGROUP CREATE s h $: a node
     * with a deleted entry and one of its own fields, a group of entries read 0 and one of unknown (2^64 - 1).
     */
    private static final String REDIS_STREAM = "1301100000000000000001000000000000000132320000001300010101010101816602000103010001"
            + "000181760204010001000101010201816602817702816e020c010801ff010102010201010202016700000000000168010281ffffffffffff"
            + "ffff00000a00d473ce7fe321ce67";
    /** XGROUP CREATE e g $ MKSTREAM: no node, a group. */
    private static final String REDIS_EMPTY_STREAM = "13000000000000000000010167000081ffffffffffffffff00000a00a01a953dfb9cddde";
    /**
     * SET long with 50 'a': LZF-compressed, as rdbcompression yes writes it. forkline's LZF encoder picks other
     * back-references than liblzf's, so its payload differs but restores the same value, in either server.
     */
    private static final String REDIS_COMPRESSED = "00c30932016161e025000161610a0009ac48b9ab15fbc9";

    private final Clock.Manual clock = new Clock.Manual(NOW);
    private final Engine engine = new Engine(new EngineConfig(), PageSize.KIB_4, clock, 7);
    private final AtomicBoolean compression = new AtomicBoolean(true);
    private final RespReply reply = new RespReply();
    private final Effects effects = new Effects();

    DumpCommandsTest() {
        engine.extend(new DumpCommands(engine, compression::get).specs());
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private String call(String... args) {
        return call(Arguments.of(args));
    }

    private String call(Arguments args) {
        reply.clear();
        effects.clear();
        engine.execute(0, args, reply, effects);
        return reply.toString();
    }

    private String restore(String key, String ttl, byte[] payload, String... options) {
        byte[][] args = new byte[4 + options.length][];
        args[0] = bytes("RESTORE");
        args[1] = bytes(key);
        args[2] = bytes(ttl);
        args[3] = payload;
        for (int i = 0; i < options.length; i++) {
            args[4 + i] = bytes(options[i]);
        }
        return call(Arguments.ofBytes(args));
    }

    /** The payload of a DUMP reply. */
    private byte[] dump(String key) {
        call("DUMP", key);
        byte[] text = reply.toByteArray();
        assertThat(text[0]).as(reply.toString()).isEqualTo((byte) '$');
        int lineEnd = indexOf(text, (byte) '\r');
        int length = Integer.parseInt(new String(text, 1, lineEnd - 1, StandardCharsets.US_ASCII));
        return Arrays.copyOfRange(text, lineEnd + 2, lineEnd + 2 + length);
    }

    private static int indexOf(byte[] bytes, byte value) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    @Test
    void dumpOfAMissingKeyIsNull() {
        assertThat(call("DUMP", "nothing")).isEqualTo("$-1\r\n");
    }

    @Test
    void dumpWritesRedisPayloadsByteForByte() {
        call("SET", "s", "bar");
        call("SET", "i", "12345");
        call("RPUSH", "l", "a", "b", "c");
        call("HSET", "h", "f1", "v1", "f2", "2");
        call("SADD", "si", "1", "2", "3");
        call("ZADD", "z", "1", "a", "2.5", "b");
        call("SET", "long", "a".repeat(50));
        assertThat(HexFormat.of().formatHex(dump("s"))).isEqualTo(REDIS_STRING);
        assertThat(HexFormat.of().formatHex(dump("i"))).isEqualTo(REDIS_INT);
        assertThat(HexFormat.of().formatHex(dump("l"))).isEqualTo(REDIS_LIST);
        assertThat(HexFormat.of().formatHex(dump("h"))).isEqualTo(REDIS_HASH);
        assertThat(HexFormat.of().formatHex(dump("si"))).isEqualTo(REDIS_INTSET);
        assertThat(HexFormat.of().formatHex(dump("z"))).isEqualTo(REDIS_ZSET);
        assertThat(dump("long")).hasSizeLessThan(50);
    }

    @Test
    void dumpWritesRedissStreamPayloadsByteForByte() {
        compression.set(false);   // liblzf found no saving in the 50-byte listpack, which forkline's LZF would compress
        call("XADD", "s", "1-1", "f", "v");
        call("XADD", "s", "1-2", "f", "w", "n", "12");
        call("XDEL", "s", "1-1");
        call("XGROUP", "CREATE", "s", "g", "0", "ENTRIESREAD", "0");
        call("XGROUP", "CREATE", "s", "h", "$");
        call("XGROUP", "CREATE", "e", "g", "$", "MKSTREAM");
        assertThat(HexFormat.of().formatHex(dump("s"))).isEqualTo(REDIS_STREAM);
        assertThat(HexFormat.of().formatHex(dump("e"))).isEqualTo(REDIS_EMPTY_STREAM);
    }

    @Test
    void redisStreamPayloadsRestoreToTheirStreams() {
        assertThat(restore("s", "0", hex(REDIS_STREAM))).isEqualTo("+OK\r\n");
        assertThat(restore("e", "0", hex(REDIS_EMPTY_STREAM))).isEqualTo("+OK\r\n");
        assertThat(call("XRANGE", "s", "-", "+")).isEqualTo("*1\r\n*2\r\n$3\r\n1-2\r\n*4\r\n$1\r\nf\r\n$1\r\nw\r\n$1\r\nn\r\n$2\r\n12\r\n");
        assertThat(call("XINFO", "STREAM", "s")).contains("max-deleted-entry-id\r\n$3\r\n1-1\r\n", "groups\r\n:2\r\n");
        assertThat(call("XINFO", "GROUPS", "e")).contains("$1\r\ng\r\n");
        assertThat(call("TYPE", "e")).isEqualTo("+stream\r\n");
    }

    @Test
    void restoreOfADumpedStreamGivesBackItsNodesHeaderAndGroups() {
        StreamFixture.build(engine);
        for (String key : StreamFixture.KEYS) {
            assertThat(restore("copy:" + key, "0", dump(key))).isEqualTo("+OK\r\n");
            assertThat(StreamFixture.describe(engine, "copy:" + key)).as(key).isEqualTo(StreamFixture.describe(engine, key));
        }
    }

    @Test
    void withoutCompressionLongStringsAreWrittenPlain() {
        compression.set(false);
        call("SET", "long", "a".repeat(50));
        byte[] payload = dump("long");
        assertThat(payload).hasSize(1 + 1 + 50 + 10);
        assertThat(payload[1]).isEqualTo((byte) 50);
    }

    @Test
    void theFooterIsVersionTenAndTheCrcOfEverythingBefore() {
        call("SET", "s", "bar");
        byte[] payload = dump("s");
        int footer = payload.length - 10;
        assertThat(payload[footer]).isEqualTo((byte) 10);
        assertThat(payload[footer + 1]).isEqualTo((byte) 0);
        long crc = Crc64.update(0, payload, 0, payload.length - 8);
        for (int i = 0; i < 8; i++) {
            assertThat(payload[footer + 2 + i]).isEqualTo((byte) (crc >>> (8 * i)));
        }
        assertThat(DumpPayload.verify(payload, 0, payload.length)).isTrue();
    }

    @Test
    void redisPayloadsRestoreToTheirValues() {
        assertThat(restore("s", "0", hex(REDIS_STRING))).isEqualTo("+OK\r\n");
        assertThat(restore("i", "0", hex(REDIS_INT))).isEqualTo("+OK\r\n");
        assertThat(restore("l", "0", hex(REDIS_LIST))).isEqualTo("+OK\r\n");
        assertThat(restore("h", "0", hex(REDIS_HASH))).isEqualTo("+OK\r\n");
        assertThat(restore("si", "0", hex(REDIS_INTSET))).isEqualTo("+OK\r\n");
        assertThat(restore("z", "0", hex(REDIS_ZSET))).isEqualTo("+OK\r\n");
        assertThat(restore("long", "0", hex(REDIS_COMPRESSED))).isEqualTo("+OK\r\n");
        assertThat(call("GET", "s")).isEqualTo("$3\r\nbar\r\n");
        assertThat(call("GET", "i")).isEqualTo("$5\r\n12345\r\n");
        assertThat(call("LRANGE", "l", "0", "-1")).isEqualTo("*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n");
        assertThat(call("HGET", "h", "f2")).isEqualTo("$1\r\n2\r\n");
        assertThat(call("SMEMBERS", "si")).isEqualTo("*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
        assertThat(call("ZSCORE", "z", "b")).isEqualTo("$3\r\n2.5\r\n");
        assertThat(call("GET", "long")).isEqualTo("$50\r\n" + "a".repeat(50) + "\r\n");
        assertThat(call("OBJECT", "ENCODING", "i")).isEqualTo("$3\r\nint\r\n");
        assertThat(call("TTL", "s")).isEqualTo(":-1\r\n");
    }

    @Test
    void everyEncodingSurvivesDumpAndRestore() {
        call("SET", "raw", "x".repeat(100));
        call(withMembers("RPUSH", "biglist", 300));
        call(withMembers("SADD", "bigset", 300));
        call("SADD", "strset", "a", "b", "c");
        call(withPairs("HSET", "bighash", 300));
        call(withPairs("ZADD", "bigzset", 300));
        for (String key : new String[] {"raw", "biglist", "bigset", "strset", "bighash", "bigzset"}) {
            byte[] payload = dump(key);
            String type = call("TYPE", key);
            String encoding = call("OBJECT", "ENCODING", key);
            String before = contents(key, type);
            call("DEL", key);
            assertThat(restore(key, "0", payload)).isEqualTo("+OK\r\n");
            assertThat(call("TYPE", key)).isEqualTo(type);
            assertThat(call("OBJECT", "ENCODING", key)).as(key).isEqualTo(encoding);
            assertThat(contents(key, type)).as(key).isEqualTo(before);
        }
    }

    private String contents(String key, String type) {
        return switch (type) {
            case "+string\r\n" -> call("GET", key);
            case "+list\r\n" -> call("LRANGE", key, "0", "-1");
            case "+set\r\n" -> call("SORT", key, "ALPHA");
            case "+hash\r\n" -> call("HGETALL", key).lines().sorted().toList().toString();
            case "+zset\r\n" -> call("ZRANGE", key, "0", "-1", "WITHSCORES");
            default -> throw new AssertionError(type);
        };
    }

    /** A command's arguments: its name, the key, then {@code count} members. */
    private static String[] withMembers(String command, String key, int count) {
        String[] args = new String[2 + count];
        args[0] = command;
        args[1] = key;
        for (int i = 0; i < count; i++) {
            args[2 + i] = "member-" + i;
        }
        return args;
    }

    /** HSET key field value ... or ZADD key score member ...: {@code count} pairs. */
    private static String[] withPairs(String command, String key, int count) {
        String[] args = new String[2 + 2 * count];
        args[0] = command;
        args[1] = key;
        boolean scores = command.equals("ZADD");
        for (int i = 0; i < count; i++) {
            args[2 + 2 * i] = scores ? Double.toString(i * 1.5) : "field-" + i;
            args[3 + 2 * i] = scores ? "member-" + i : "value-" + i;
        }
        return args;
    }

    @Test
    void anExistingKeyIsBusyUnlessReplaced() {
        call("SET", "k", "old");
        assertThat(restore("k", "0", hex(REDIS_STRING))).isEqualTo("-BUSYKEY Target key name already exists.\r\n");
        assertThat(call("GET", "k")).isEqualTo("$3\r\nold\r\n");
        assertThat(restore("k", "0", hex(REDIS_STRING), "REPLACE")).isEqualTo("+OK\r\n");
        assertThat(call("GET", "k")).isEqualTo("$3\r\nbar\r\n");
    }

    @Test
    void aRelativeTtlExpiresLaterAndPropagatesAsAbsoluteWithAbsttl() {
        assertThat(restore("k", "5000", hex(REDIS_STRING))).isEqualTo("+OK\r\n");
        assertThat(effects.toString()).startsWith("*5\r\n$7\r\nRESTORE\r\n$1\r\nk\r\n$13\r\n" + (NOW + 5000) + "\r\n")
                .endsWith("\r\n$6\r\nABSTTL\r\n");
        assertThat(call("PEXPIRETIME", "k")).isEqualTo(":" + (NOW + 5000) + "\r\n");
    }

    @Test
    void anAbsoluteTtlIsKeptAsGiven() {
        assertThat(restore("k", Long.toString(NOW + 60_000), hex(REDIS_STRING), "ABSTTL")).isEqualTo("+OK\r\n");
        assertThat(call("PEXPIRETIME", "k")).isEqualTo(":" + (NOW + 60_000) + "\r\n");
    }

    @Test
    void aTtlAlreadyPastCreatesNothingAndDeletesWhatReplaceWouldReplace() {
        assertThat(restore("k", Long.toString(NOW - 3000), hex(REDIS_STRING), "ABSTTL")).isEqualTo("+OK\r\n");
        assertThat(effects.count()).isZero();
        assertThat(call("EXISTS", "k")).isEqualTo(":0\r\n");
        call("SET", "k", "old");
        assertThat(restore("k", Long.toString(NOW - 3000), hex(REDIS_STRING), "ABSTTL", "REPLACE")).isEqualTo("+OK\r\n");
        assertThat(effects.toString()).isEqualTo("*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n");
        assertThat(call("EXISTS", "k")).isEqualTo(":0\r\n");
    }

    @Test
    void restoreNotifiesNewAndRestoreAndAnExpiredReplaceNotifiesDel() {
        List<String> events = new ArrayList<>();
        engine.context().events(new KeyEvents() {
            @Override
            public void modified(int db, byte[] key, int offset, int length) {
            }

            @Override
            public void ready(int db, byte[] key, int offset, int length) {
            }

            @Override
            public void keyspaceEvent(int flags, String event, int db, byte[] key, int offset, int length) {
                events.add(event + " " + new String(key, offset, length, StandardCharsets.UTF_8));
            }
        });
        engine.context().notifications(Notify.parse("KEA") | Notify.NEW);
        assertThat(restore("k", "0", hex(REDIS_STRING))).isEqualTo("+OK\r\n");
        assertThat(events).containsExactly("new k", "restore k");
        events.clear();
        assertThat(restore("k", Long.toString(NOW - 1), hex(REDIS_STRING), "ABSTTL", "REPLACE")).isEqualTo("+OK\r\n");
        assertThat(events).containsExactly("del k");
    }

    @Test
    void idletimeSetsTheLastAccess() {
        assertThat(restore("k", "0", hex(REDIS_STRING), "IDLETIME", "1000")).isEqualTo("+OK\r\n");
        assertThat(call("OBJECT", "IDLETIME", "k")).isEqualTo(":1000\r\n");
    }

    @Test
    void freqIsCheckedThenIgnoredWithoutAnLfuPolicy() {
        assertThat(restore("k", "0", hex(REDIS_STRING), "FREQ", "100")).isEqualTo("+OK\r\n");
        assertThat(restore("k2", "0", hex(REDIS_STRING), "FREQ", "256"))
                .isEqualTo("-ERR Invalid FREQ value, must be >= 0 and <= 255\r\n");
    }

    @Test
    void errorsAreRedisesInRedisesOrder() {
        byte[] good = hex(REDIS_STRING);
        assertThat(restore("k", "0", good, "bogus")).isEqualTo("-ERR syntax error\r\n");
        assertThat(restore("k", "0", good, "IDLETIME")).isEqualTo("-ERR syntax error\r\n");
        assertThat(restore("k", "0", good, "IDLETIME", "1", "FREQ", "1")).isEqualTo("-ERR syntax error\r\n");
        assertThat(restore("k", "0", good, "FREQ", "1", "IDLETIME", "1")).isEqualTo("-ERR syntax error\r\n");
        assertThat(restore("k", "0", good, "IDLETIME", "-1")).isEqualTo("-ERR Invalid IDLETIME value, must be >= 0\r\n");
        assertThat(restore("k", "0", good, "IDLETIME", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        call("SET", "busy", "1");
        assertThat(restore("busy", "x", good)).isEqualTo("-BUSYKEY Target key name already exists.\r\n");
        assertThat(restore("k", "x", good)).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(restore("k", "-1", good)).isEqualTo("-ERR Invalid TTL value, must be >= 0\r\n");
        assertThat(restore("k", "0", bytes("..."))).isEqualTo("-ERR DUMP payload version or checksum are wrong\r\n");
        assertThat(call("EXISTS", "k")).isEqualTo(":0\r\n");
    }

    @Test
    void aFlippedBitOrANewerVersionFailsTheFooterCheck() {
        byte[] flipped = hex(REDIS_STRING);
        flipped[2] ^= 1;
        assertThat(restore("k", "0", flipped)).isEqualTo("-ERR DUMP payload version or checksum are wrong\r\n");
        assertThat(restore("k", "0", withFooter(hex("0003626172"), 12))).isEqualTo("-ERR DUMP payload version or checksum are wrong\r\n");
        assertThat(restore("k", "0", withFooter(hex("0003626172"), 11))).isEqualTo("+OK\r\n");   // Redis 7.2's payloads read
    }

    @Test
    void aGoodFooterOverBadDataIsABadDataFormat() {
        assertThat(restore("k", "0", withFooter(hex("00ff"), 10))).isEqualTo("-ERR Bad data format\r\n");
        assertThat(restore("k", "0", withFooter(hex("2a00"), 10))).isEqualTo("-ERR Bad data format\r\n");   // no such type
        assertThat(restore("k", "0", withFooter(hex("0005626172"), 10))).isEqualTo("-ERR Bad data format\r\n");   // truncated
        assertThat(restore("k", "0", withFooter(hex("0f00"), 10))).isEqualTo("-ERR Bad data format\r\n");   // a stream
        assertThat(call("EXISTS", "k")).isEqualTo(":0\r\n");
    }

    /** A payload with a good footer: {@code body}, the version, the CRC. */
    private static byte[] withFooter(byte[] body, int version) {
        byte[] payload = Arrays.copyOf(body, body.length + 10);
        payload[body.length] = (byte) version;
        payload[body.length + 1] = (byte) (version >>> 8);
        long crc = Crc64.update(0, payload, 0, body.length + 2);
        for (int i = 0; i < 8; i++) {
            payload[body.length + 2 + i] = (byte) (crc >>> (8 * i));
        }
        return payload;
    }
}
