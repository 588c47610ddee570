package io.forkline.server.persistence;

import io.forkline.pages.Seeded;
import io.forkline.server.ForklineServer;
import io.forkline.server.RespConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static io.forkline.server.persistence.Servers.await;
import static io.forkline.server.persistence.Servers.number;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random writes (strings, counters, lists, hashes, sets, sorted sets, expires, transactions, four
 * databases) against a server with the AOF on, rewrites started at random moments (some still running
 * when the server stops), restarts at random moments: after each restart the server holds exactly what a
 * simple model holds.
 */
class AofPropertyTest {

    private static final int DATABASES = 4;
    private static final long FAR_FUTURE = 4_000_000_000_000L;

    @TempDir
    Path root;

    /** The model: per database, each key's type and its value as the reply the server gives for it. */
    private static final class Model {
        final List<Map<String, Entry>> dbs = new ArrayList<>();

        Model() {
            for (int db = 0; db < DATABASES; db++) {
                dbs.add(new TreeMap<>());
            }
        }
    }

    /** A key in the model: its values (list order; hash as field=value; sets sorted by the comparison), its expire or -1. */
    private static final class Entry {
        final String type;
        final List<String> list = new ArrayList<>();
        final Map<String, String> map = new TreeMap<>();
        String string;
        long expireAt = -1;

        Entry(String type) {
            this.type = type;
        }
    }

    @Test
    void afterEachRestartTheServerHoldsWhatTheModelHolds() {
        Seeded.seeds(5).forEach(seed -> Seeded.run(seed, random -> check(random, root.resolve("seed-" + Long.toHexString(seed)))));
    }

    private void check(Random random, Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        String[] directives = {"--save", "", "--appendonly", "yes", "--aof-use-rdb-preamble", random.nextBoolean() ? "yes" : "no",
                "--appendfsync", List.of("always", "everysec", "no").get(random.nextInt(3)), "--aof-timestamp-enabled",
                random.nextBoolean() ? "yes" : "no"};
        Model model = new Model();
        ForklineServer server = Servers.start(dir, directives);
        RespConnection connection = new RespConnection(server.port());
        try {
            int[] db = {0};
            for (int step = 0; step < 400; step++) {
                int roll = random.nextInt(100);
                if (roll < 3) {
                    String reply = connection.call("BGREWRITEAOF");
                    assertThat(reply).matches("\\+Background append only file rewriting (started|scheduled)\r\n|-ERR Background append only "
                            + "file rewriting already in progress\r\n");
                    if (random.nextBoolean()) {
                        RespConnection waiting = connection;
                        await("the rewrite", () -> number(waiting, "persistence", "aof_rewrite_in_progress") == 0);
                    }
                } else if (roll < 5) {
                    connection.close();
                    server.close();
                    server = Servers.start(dir, directives);
                    connection = new RespConnection(server.port());
                    db[0] = 0;
                    verify(connection, model);
                } else if (roll < 12) {
                    db[0] = random.nextInt(DATABASES);
                    assertThat(connection.call("SELECT", Integer.toString(db[0]))).isEqualTo("+OK\r\n");
                } else if (roll < 20) {
                    assertThat(connection.call("MULTI")).isEqualTo("+OK\r\n");
                    int count = 1 + random.nextInt(3);
                    for (int i = 0; i < count; i++) {
                        assertThat(connection.call(write(random, model.dbs.get(db[0])))).isEqualTo("+QUEUED\r\n");
                    }
                    assertThat(connection.call("EXEC")).startsWith("*" + count + "\r\n");
                } else {
                    String reply = connection.call(write(random, model.dbs.get(db[0])));
                    assertThat(reply).doesNotStartWith("-");
                }
            }
            connection.close();
            server.close();
            server = Servers.start(dir, directives);
            connection = new RespConnection(server.port());
            verify(connection, model);
        } finally {
            connection.close();
            server.close();
        }
    }

    /** A random write, applied to {@code keys} (the model of the selected database); returns the command. */
    private static String[] write(Random random, Map<String, Entry> keys) {
        int kind = random.nextInt(9);
        String key = switch (kind) {
            case 0, 1 -> "s:" + random.nextInt(8);
            case 2 -> "n:" + random.nextInt(4);
            case 3, 4 -> "l:" + random.nextInt(4);
            case 5 -> "h:" + random.nextInt(4);
            case 6 -> "set:" + random.nextInt(4);
            case 7 -> "z:" + random.nextInt(4);
            default -> "s:" + random.nextInt(8);
        };
        String value = "v" + random.nextInt(1000);
        switch (kind) {
            case 0 -> {
                Entry entry = new Entry("string");
                entry.string = value;
                keys.put(key, entry);
                return new String[] {"SET", key, value};
            }
            case 1 -> {
                keys.remove(key);
                return new String[] {"DEL", key};
            }
            case 2 -> {
                Entry entry = keys.computeIfAbsent(key, k -> {
                    Entry counter = new Entry("string");
                    counter.string = "0";
                    return counter;
                });
                entry.string = Long.toString(Long.parseLong(entry.string) + 1);
                return new String[] {"INCR", key};
            }
            case 3 -> {
                keys.computeIfAbsent(key, k -> new Entry("list")).list.add(value);
                return new String[] {"RPUSH", key, value};
            }
            case 4 -> {
                Entry entry = keys.get(key);
                if (entry != null) {
                    entry.list.removeFirst();
                    if (entry.list.isEmpty()) {
                        keys.remove(key);
                    }
                }
                return new String[] {"LPOP", key};
            }
            case 5 -> {
                String field = "f" + random.nextInt(5);
                keys.computeIfAbsent(key, k -> new Entry("hash")).map.put(field, value);
                return new String[] {"HSET", key, field, value};
            }
            case 6 -> {
                String member = "m" + random.nextInt(6);
                keys.computeIfAbsent(key, k -> new Entry("set")).map.put(member, "");
                return new String[] {"SADD", key, member};
            }
            case 7 -> {
                String member = "m" + random.nextInt(6);
                String score = Integer.toString(random.nextInt(100) - 50);
                keys.computeIfAbsent(key, k -> new Entry("zset")).map.put(member, score);
                return new String[] {"ZADD", key, score, member};
            }
            default -> {
                Entry entry = keys.get(key);
                long at = FAR_FUTURE + random.nextInt(1000);
                if (entry != null) {
                    entry.expireAt = at;
                }
                return new String[] {"PEXPIREAT", key, Long.toString(at)};
            }
        }
    }

    private static void verify(RespConnection connection, Model model) throws IOException {
        for (int db = 0; db < DATABASES; db++) {
            assertThat(connection.call("SELECT", Integer.toString(db))).isEqualTo("+OK\r\n");
            Map<String, Entry> keys = model.dbs.get(db);
            assertThat(connection.call("DBSIZE")).as("db %d", db).isEqualTo(":" + keys.size() + "\r\n");
            for (Map.Entry<String, Entry> pair : keys.entrySet()) {
                String key = pair.getKey();
                Entry entry = pair.getValue();
                String where = "db " + db + " key " + key;
                assertThat(connection.call("PEXPIRETIME", key)).as(where).isEqualTo(":" + entry.expireAt + "\r\n");
                switch (entry.type) {
                    case "string" -> assertThat(bulks(connection.call("GET", key))).as(where).containsExactly(entry.string);
                    case "list" -> assertThat(bulks(connection.call("LRANGE", key, "0", "-1"))).as(where).isEqualTo(entry.list);
                    case "hash" -> assertThat(pairs(bulks(connection.call("HGETALL", key)))).as(where).isEqualTo(entry.map);
                    case "set" -> assertThat(new java.util.TreeSet<>(bulks(connection.call("SMEMBERS", key)))).as(where)
                            .isEqualTo(entry.map.keySet());
                    case "zset" -> assertThat(pairs(bulks(connection.call("ZRANGE", key, "0", "-1", "WITHSCORES")))).as(where)
                            .isEqualTo(entry.map);
                    default -> throw new AssertionError(entry.type);
                }
            }
        }
        assertThat(connection.call("SELECT", "0")).isEqualTo("+OK\r\n");
    }

    /** The bulk strings of a reply (a bulk string or an array of them), in order. */
    private static List<String> bulks(String reply) {
        List<String> values = new ArrayList<>();
        String[] lines = reply.split("\r\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("$") && !lines[i].equals("$-1")) {
                values.add(lines[++i]);
            }
        }
        return values;
    }

    private static Map<String, String> pairs(List<String> flat) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < flat.size(); i += 2) {
            map.put(flat.get(i), flat.get(i + 1));
        }
        return new TreeMap<>(map);
    }
}
