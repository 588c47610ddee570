package io.forkline.server.persistence;

import redis.clients.jedis.Jedis;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A data set that reaches every value encoding Redis 7.0 saves (int and raw strings, long compressible
 * ones, listpack and quicklist lists, intset, listpack and hashtable sets, listpack and hashtable hashes,
 * listpack and skiplist sorted sets), binary keys and values, expires, in three databases.
 */
final class SampleData {

    private SampleData() {
    }

    /** Writes the data set; {@code seed} varies the random parts. Returns the number of keys written. */
    static int populate(Jedis jedis, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int keys = 0;
        jedis.select(0);
        jedis.set("int", "12345");
        jedis.set("negative", "-9223372036854775808");
        jedis.set("raw", "hello world");
        jedis.set("empty", "");
        jedis.set("compressible", "abc".repeat(200));
        jedis.set(new byte[] {0, (byte) 0xff, '\r', '\n'}, randomBytes(random, 300));
        keys += 6;
        jedis.rpush("small-list", "a", "b", "1", "-2", "3.5");
        for (int i = 0; i < 400; i++) {
            jedis.rpush("big-list".getBytes(StandardCharsets.UTF_8), randomBytes(random, 1 + random.nextInt(80)));
        }
        jedis.sadd("intset", "1", "2", "-3", "40000000000");
        jedis.sadd("small-set", "a", "b", "c");
        for (int i = 0; i < 300; i++) {
            jedis.sadd("big-set", "member-" + random.nextInt(1_000_000));
        }
        jedis.hset("small-hash", Map.of("f1", "v1", "f2", "2"));
        Map<String, String> big = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            big.put("field-" + i, "value-" + random.nextInt());
        }
        jedis.hset("big-hash", big);
        jedis.zadd("small-zset", Map.of("a", 1.0, "b", 2.5, "c", -3e10));
        for (int i = 0; i < 300; i++) {
            jedis.zadd("big-zset", random.nextDouble() * 1000, "member-" + i);
        }
        keys += 9;
        jedis.set("expiring", "soon");
        jedis.pexpireAt("expiring", System.currentTimeMillis() + 3_600_000);
        jedis.hset("expiring-hash", "f", "v");
        jedis.expire("expiring-hash", 7200);
        keys += 2;
        jedis.select(1);
        jedis.set("in-db-1", "one");
        jedis.lpush("list-in-db-1", "x", "y");
        keys += 2;
        jedis.select(5);
        jedis.set("in-db-5", "five");
        keys += 1;
        jedis.select(0);
        return keys;
    }

    private static byte[] randomBytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
