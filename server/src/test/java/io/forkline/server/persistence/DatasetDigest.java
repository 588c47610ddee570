package io.forkline.server.persistence;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything a server holds, as text that two servers (forkline or Redis) agree on exactly when they hold
 * the same data: per database and key, the type, the expire time and the value (set members and hash
 * fields sorted, lists and sorted sets in their order), bytes in hex.
 */
final class DatasetDigest {

    private DatasetDigest() {
    }

    static Map<String, String> of(Jedis jedis, int databases) {
        Map<String, String> digest = new TreeMap<>();
        for (int db = 0; db < databases; db++) {
            jedis.select(db);
            for (byte[] key : jedis.keys("*".getBytes())) {
                String type = jedis.type(key);
                String value = switch (type) {
                    case "string" -> hex(jedis.get(key));
                    case "list" -> hexes(jedis.lrange(key, 0, -1));
                    case "set" -> sorted(jedis.smembers(key));
                    case "hash" -> hash(jedis.hgetAll(key));
                    case "zset" -> zset(jedis.zrangeWithScores(key, 0, -1));
                    case "stream" -> stream(jedis, key);
                    default -> throw new AssertionError("unexpected type " + type);
                };
                digest.put(db + ":" + hex(key), type + " expire=" + jedis.pexpireTime(key) + " " + value);
            }
        }
        jedis.select(0);
        return digest;
    }

    /**
     * A stream as XINFO STREAM FULL shows it (entries, IDs and counters, groups with their PELs and consumers),
     * without what no two servers share: consumers' seen-times, and the radix tree's inner node count.
     */
    private static String stream(Jedis jedis, byte[] key) {
        Object full = jedis.sendCommand(redis.clients.jedis.Protocol.Command.XINFO, "STREAM".getBytes(), key,
                "FULL".getBytes(), "COUNT".getBytes(), "0".getBytes());
        return render(full).replaceAll("seen-time, \\d+", "seen-time, ?").replaceAll("radix-tree-nodes, \\d+", "radix-tree-nodes, ?");
    }

    private static String render(Object reply) {
        if (reply instanceof byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        if (reply instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(item -> items.add(render(item)));
            return items.toString();
        }
        return String.valueOf(reply);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static String hexes(List<byte[]> values) {
        List<String> text = new ArrayList<>();
        values.forEach(value -> text.add(hex(value)));
        return text.toString();
    }

    private static String sorted(Set<byte[]> members) {
        List<String> text = new ArrayList<>();
        members.forEach(member -> text.add(hex(member)));
        text.sort(null);
        return text.toString();
    }

    private static String hash(Map<byte[], byte[]> fields) {
        List<String> text = new ArrayList<>();
        fields.forEach((field, value) -> text.add(hex(field) + "=" + hex(value)));
        text.sort(null);
        return text.toString();
    }

    private static String zset(List<Tuple> members) {
        List<String> text = new ArrayList<>();
        members.forEach(member -> text.add(hex(member.getBinaryElement()) + "@" + member.getScore()));
        return text.toString();
    }
}
