package io.forkline.snapshot;

import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.struct.Quicklist;
import io.forkline.pages.alloc.Allocator;
import io.forkline.snapshot.rdb.EngineDriver;
import io.forkline.snapshot.rdb.RdbFileWriter;
import io.forkline.snapshot.rdb.RdbWriteOptions;
import io.forkline.snapshot.rdb.SaveProgress;
import io.forkline.snapshot.rdb.SaveResult;
import io.forkline.snapshot.rdb.Value;
import io.forkline.snapshot.rdb.Workload;
import io.forkline.snapshot.storage.FileStorage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * forkline's RDB files in Redis 7.0.15: a keyspace built through engine commands (every encoding, several
 * databases, expires) is saved with {@link RdbFileWriter}, passes Debian's redis-check-rdb, and loads in
 * Debian's redis-server, which deep-checks every blob ({@code sanitize-dump-payload yes}); then every key's
 * type, value and expire as Redis reports them must be what the engine held.
 */
@Tag("interop")
@Tag("slow")
class RedisInteropTest {

    /** Far enough ahead that Redis, which reads the real clock, loads every key with an expire. */
    private static final long DAY = 86_400_000L;

    private final long now = System.currentTimeMillis();
    private final Map<Integer, Map<String, Value>> values = new TreeMap<>();
    private final Map<Integer, Map<String, Long>> expires = new TreeMap<>();
    /** db -> key -> the encoding Redis must report after loading. */
    private final Map<Integer, Map<String, String>> encodings = new TreeMap<>();

    @Test
    void redisLoadsEveryEncodingAndHoldsWhatTheEngineHeld(@TempDir Path dir) throws Exception {
        assertThat(RedisServerProcess.installed()).as("redis-server and redis-check-rdb 7.0.15 in /usr/bin "
                + "(apt-get install redis-server; CI installs it)").isTrue();
        try (EngineDriver driver = new EngineDriver(now)) {
            Workload workload = new Workload(driver, new Random(20251125));
            workload.run(3000);
            values.putAll(workload.values());
            expires.putAll(workload.expires());
            everyEncoding(driver, 15);
            everyEncoding(driver, 7);

            for (boolean compression : new boolean[] {true, false}) {
                String name = compression ? "dump.rdb" : "plain.rdb";
                SaveResult result;
                try (Snapshot snapshot = ForkCowStrategy.INSTANCE.begin(driver.engine)) {
                    result = RdbFileWriter.save(FileStorage.INSTANCE, dir, name, snapshot.image(),
                            RdbWriteOptions.defaults().withCompression(compression), new SaveProgress());
                }
                assertThat(result.bytes()).isEqualTo(Files.size(dir.resolve(name)));
                assertThat(RedisServerProcess.checkRdb(dir.resolve(name))).contains("RDB looks OK!");
                try (RedisServerProcess redis = RedisServerProcess.start(dir, name);
                     Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
                    assertThat(redis.log()).contains("DB loaded from disk");
                    compare(jedis);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // A database with every encoding, each key built by commands (and one list by hand, for a PLAIN node)

    private void everyEncoding(EngineDriver driver, int db) {
        values.putIfAbsent(db, new HashMap<>());
        encodings.putIfAbsent(db, new HashMap<>());
        string(driver, db, "int8", "-5", "int");
        string(driver, db, "int16", "1000", "int");
        string(driver, db, "int32", "100000", "int");
        string(driver, db, "int64", "9223372036854775807", "int");
        string(driver, db, "embstr", "hello", "embstr");
        string(driver, db, "compressible", "x".repeat(100), "raw");
        byte[] noise = new byte[300];
        new Random(db).nextBytes(noise);
        string(driver, db, "incompressible", Value.text(noise), "raw");
        string(driver, db, "empty", "", "embstr");
        string(driver, db, "\u0000\u00ffbinary key", "binary \u0000 value", "embstr");
        string(driver, db, "12345", "a numeric key", "embstr");
        string(driver, db, "not-canonical", "0123", "embstr");

        aggregate(driver, db, "list:small", "quicklist", new Value.ListOf(new ArrayList<>(List.of("a", "b", "3", "-5"))),
                "RPUSH", "a", "b", "3", "-5");
        List<String> long_ = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            long_.add(i % 7 == 0 ? Integer.toString(i * 1000) : "element-" + i);
        }
        aggregate(driver, db, "list:long", "quicklist", new Value.ListOf(long_), prefixed("RPUSH", long_));
        plainNodeList(driver, db);

        aggregate(driver, db, "hash:listpack", "listpack", new Value.HashOf(new HashMap<>(Map.of("f1", "v1", "f2", "2", "-3", "x"))),
                "HSET", "f1", "v1", "f2", "2", "-3", "x");
        Map<String, String> bigHash = new HashMap<>();
        List<String> hset = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            bigHash.put("field" + i, i % 3 == 0 ? Integer.toString(i) : "value-" + i);
            hset.add("field" + i);
            hset.add(bigHash.get("field" + i));
        }
        aggregate(driver, db, "hash:hashtable", "hashtable", new Value.HashOf(bigHash), prefixed("HSET", hset));
        aggregate(driver, db, "hash:long-value", "hashtable", new Value.HashOf(new HashMap<>(Map.of("f", "v".repeat(100)))),
                "HSET", "f", "v".repeat(100));

        aggregate(driver, db, "set:intset", "intset", new Value.SetOf(new HashSet<>(Set.of("1", "2", "3", "-100"))),
                "SADD", "1", "2", "3", "-100");
        aggregate(driver, db, "set:intset64", "intset", new Value.SetOf(new HashSet<>(Set.of("9223372036854775807", "-1"))),
                "SADD", "9223372036854775807", "-1");
        aggregate(driver, db, "set:small-strings", "hashtable", new Value.SetOf(new HashSet<>(Set.of("a", "c", "b", "7"))),
                "SADD", "a", "c", "b", "7");
        Set<String> manyStrings = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            manyStrings.add("member-" + i);
        }
        aggregate(driver, db, "set:hashtable", "hashtable", new Value.SetOf(manyStrings), prefixed("SADD", List.copyOf(manyStrings)));
        Set<String> manyIntegers = new HashSet<>();
        for (int i = 0; i < 700; i++) {
            manyIntegers.add(Integer.toString(i * 3));
        }
        aggregate(driver, db, "set:many-integers", "hashtable", new Value.SetOf(manyIntegers),
                prefixed("SADD", List.copyOf(manyIntegers)));

        aggregate(driver, db, "zset:listpack", "listpack", new Value.SortedSetOf(new HashMap<>(Map.of("a", 1.5, "b", 2.0,
                "low", Double.NEGATIVE_INFINITY, "high", Double.POSITIVE_INFINITY, "neg", -0.125, "10", 3e100))),
                "ZADD", "1.5", "a", "2", "b", "-inf", "low", "+inf", "high", "-0.125", "neg", "3e100", "10");
        Map<String, Double> manyScores = new HashMap<>();
        List<String> zadd = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double score = i % 5 == 0 ? i : i / 7.0;
            manyScores.put("m" + i, score);
            zadd.add(Double.toString(score));
            zadd.add("m" + i);
        }
        manyScores.put("top", Double.POSITIVE_INFINITY);
        zadd.add("inf");
        zadd.add("top");
        aggregate(driver, db, "zset:skiplist", "skiplist", new Value.SortedSetOf(manyScores), prefixed("ZADD", zadd));
        aggregate(driver, db, "zset:long-member", "skiplist", new Value.SortedSetOf(new HashMap<>(Map.of("m".repeat(80), 1.0))),
                "ZADD", "1", "m".repeat(80));

        Map<String, Long> ttl = expires.computeIfAbsent(db, d -> new HashMap<>());
        long at = now + DAY;
        for (String key : List.of("int8", "compressible", "list:long", "hash:hashtable", "set:intset", "zset:skiplist")) {
            driver.call(db, "PEXPIREAT", key, Long.toString(at));
            ttl.put(key, at);
            at += 12_345;
        }
    }

    private void string(EngineDriver driver, int db, String key, String value, String encoding) {
        driver.call(db, Value.bytes("SET"), Value.bytes(key), Value.bytes(value));
        values.get(db).put(key, new Value.Str(value));
        encodings.get(db).put(key, encoding);
    }

    private void aggregate(EngineDriver driver, int db, String key, String encoding, Value value, String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, key));
        all.addAll(List.of(args));
        driver.call(db, all.toArray(String[]::new));
        values.get(db).put(key, value);
        encodings.get(db).put(key, encoding);
    }

    private void aggregate(EngineDriver driver, int db, String key, String encoding, Value value, List<String> commandAndArgs) {
        aggregate(driver, db, key, encoding, value, commandAndArgs.getFirst(),
                commandAndArgs.subList(1, commandAndArgs.size()).toArray(String[]::new));
    }

    private static List<String> prefixed(String command, List<String> args) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(args);
        return all;
    }

    /** A list whose packed threshold is 16 bytes, so that its long elements sit in PLAIN nodes between PACKED ones. */
    private void plainNodeList(EngineDriver driver, int db) {
        Allocator allocator = driver.engine.allocator();
        long list = Quicklist.create(allocator, -2, 16);
        List<String> elements = List.of("a", "b", "a plain element, longer than 16 bytes", "c", "42", "another plain one, also long");
        for (String element : elements) {
            byte[] bytes = Value.bytes(element);
            Quicklist.pushTail(allocator, list, bytes, 0, bytes.length);
        }
        byte[] key = Value.bytes("list:plain");
        driver.engine.keyspace().add(db, key, 0, key.length, ValueType.LIST, Encoding.QUICKLIST, list, now);
        values.get(db).put("list:plain", new Value.ListOf(new ArrayList<>(elements)));
        encodings.get(db).put("list:plain", "quicklist");
    }

    // ---------------------------------------------------------------------------------------------
    // Redis's view

    private void compare(Jedis jedis) {
        for (int db = 0; db < 16; db++) {
            jedis.select(db);
            Map<String, Value> keys = values.getOrDefault(db, Map.of());
            assertThat(jedis.dbSize()).as("DBSIZE of db %d", db).isEqualTo(keys.size());
            for (Map.Entry<String, Value> entry : keys.entrySet()) {
                byte[] key = Value.bytes(entry.getKey());
                String where = "db " + db + " key '" + entry.getKey() + "'";
                assertThat(read(jedis, key)).as(where).isEqualTo(entry.getValue());
                Long expire = expires.getOrDefault(db, Map.of()).get(entry.getKey());
                assertThat(jedis.pexpireTime(key)).as("PEXPIRETIME of " + where).isEqualTo(expire == null ? -1 : expire);
                String encoding = encodings.getOrDefault(db, Map.of()).get(entry.getKey());
                if (encoding != null) {
                    assertThat(Value.text(jedis.objectEncoding(key))).as("OBJECT ENCODING of " + where).isEqualTo(encoding);
                }
            }
        }
    }

    private static Value read(Jedis jedis, byte[] key) {
        return switch (jedis.type(key)) {
            case "string" -> new Value.Str(Value.text(jedis.get(key)));
            case "list" -> new Value.ListOf(jedis.lrange(key, 0, -1).stream().map(Value::text).toList());
            case "set" -> {
                Set<String> members = new HashSet<>();
                jedis.smembers(key).forEach(member -> members.add(Value.text(member)));
                yield new Value.SetOf(members);
            }
            case "zset" -> {
                Map<String, Double> scores = new HashMap<>();
                for (Tuple tuple : jedis.zrangeWithScores(key, 0, -1)) {
                    scores.put(Value.text(tuple.getBinaryElement()), tuple.getScore());
                }
                yield new Value.SortedSetOf(scores);
            }
            case "hash" -> {
                Map<String, String> fields = new HashMap<>();
                jedis.hgetAll(key).forEach((field, value) -> fields.put(Value.text(field), Value.text(value)));
                yield new Value.HashOf(fields);
            }
            default -> throw new AssertionError("unexpected type " + jedis.type(key) + " of '" + Value.text(key) + "'");
        };
    }
}
