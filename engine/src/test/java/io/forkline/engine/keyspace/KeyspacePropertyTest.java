package io.forkline.engine.keyspace;

import io.forkline.engine.EngineTester;
import io.forkline.engine.struct.Dict;
import io.forkline.engine.types.StringValue;
import io.forkline.pages.Memory;
import io.forkline.pages.MemoryView;
import io.forkline.pages.Seeded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static io.forkline.engine.EngineTester.NIL;
import static io.forkline.engine.EngineTester.bulk;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random SET / APPEND / INCR / DEL / EXPIRE / RENAME / time passing across several databases, checked
 * against a model of keys, values and expire times; the active expiry cycle runs now and then; a
 * fork mid-sequence must keep reading, through its view, the keyspace as it was.
 */
class KeyspacePropertyTest {

    record Value(String text, long expireAt) {
    }

    static LongStream seeds() {
        return Seeded.seeds(8);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void keyspaceBehavesLikeAMapWithExpiry(long seed) {
        Seeded.run(seed, random -> {
            try (EngineTester t = new EngineTester()) {
                run(t, random);
            }
        });
    }

    private static void run(EngineTester t, Random random) {
        List<Map<String, Value>> model = List.of(new HashMap<>(), new HashMap<>(), new HashMap<>());
        List<Map<String, Value>> frozen = null;
        MemoryView view = null;
        long frozenAt = 0;
        Keyspace keyspace = t.engine.keyspace();
        for (int step = 0; step < 3000; step++) {
            int db = random.nextInt(model.size());
            t.select(db);
            long now = t.clock.millis();
            dropExpired(model.get(db), now);
            String key = "k" + random.nextInt(300);
            int dice = random.nextInt(100);
            if (dice < 30) {
                String value = random.nextInt(3) == 0 ? Long.toString(random.nextLong() % 100000) : "v".repeat(random.nextInt(80));
                t.call("SET", key, value);
                model.get(db).put(key, new Value(value, -1));
            } else if (dice < 40) {
                Value old = model.get(db).get(key);
                if (old == null || !isNumber(old.text())) {
                    continue;
                }
                t.call("INCRBY", key, "3");
                model.get(db).put(key, new Value(Long.toString(Long.parseLong(old.text()) + 3), old.expireAt()));
            } else if (dice < 48) {
                Value old = model.get(db).get(key);
                String suffix = "x".repeat(random.nextInt(40));
                t.call("APPEND", key, suffix);
                model.get(db).put(key, new Value((old == null ? "" : old.text()) + suffix, old == null ? -1 : old.expireAt()));
            } else if (dice < 58) {
                t.call("DEL", key);
                model.get(db).remove(key);
            } else if (dice < 70) {
                long ms = 1 + random.nextInt(2000);
                String reply = t.call("PEXPIRE", key, Long.toString(ms));
                Value old = model.get(db).get(key);
                assertThat(reply).isEqualTo(old == null ? ":0\r\n" : ":1\r\n");
                if (old != null) {
                    model.get(db).put(key, new Value(old.text(), now + ms));
                }
            } else if (dice < 75) {
                String target = "k" + random.nextInt(300);
                Value old = model.get(db).get(key);
                t.call("RENAME", key, target);
                if (old != null && !target.equals(key)) {
                    model.get(db).remove(key);
                    model.get(db).put(target, old);
                }
            } else if (dice < 82) {
                t.clock.advance(random.nextInt(300));
            } else if (dice < 85) {
                t.engine.keyspace().activeExpireCycle(t.clock.millis(), 1_000_000_000L, new SplittableRandom(random.nextLong()));
                for (int d = 0; d < model.size(); d++) {
                    dropExpired(model.get(d), t.clock.millis());
                }
            } else if (dice < 88 && view == null) {
                view = t.engine.memory().fork();
                frozen = copy(model);
                frozenAt = t.clock.millis();
            } else if (dice < 90 && view != null) {
                checkView(view, keyspace.root(), frozen, frozenAt);
                view.close();
                view = null;
            } else {
                Value expected = model.get(db).get(key);
                assertThat(t.call("GET", key)).as("GET %s in db %d", key, db)
                        .isEqualTo(expected == null ? NIL : bulk(expected.text()));
            }
            if (step % 500 == 0) {
                checkAll(t, model);
            }
        }
        checkAll(t, model);
        if (view != null) {
            checkView(view, keyspace.root(), frozen, frozenAt);
            view.close();
        }
    }

    /** Everything the model holds reads back, and the sizes agree once expired keys are gone. */
    private static void checkAll(EngineTester t, List<Map<String, Value>> model) {
        for (int db = 0; db < model.size(); db++) {
            t.select(db);
            dropExpired(model.get(db), t.clock.millis());
            for (var e : model.get(db).entrySet()) {
                assertThat(t.call("GET", e.getKey())).isEqualTo(bulk(e.getValue().text()));
                long ttl = e.getValue().expireAt() < 0 ? -1 : e.getValue().expireAt() - t.clock.millis();
                assertThat(t.call("PTTL", e.getKey())).isEqualTo(":" + ttl + "\r\n");
            }
            t.engine.keyspace().activeExpireCycle(t.clock.millis(), 1_000_000_000L, new SplittableRandom(1));
            String keys = t.call("KEYS", "*");
            assertThat(keys).startsWith("*" + model.get(db).size() + "\r\n");
        }
    }

    /** The view holds exactly the keys and values of the model at the fork, read through the Memory contract. */
    private static void checkView(Memory view, long root, List<Map<String, Value>> frozen, long frozenAt) {
        for (int db = 0; db < frozen.size(); db++) {
            Map<String, String> seen = new HashMap<>();
            int d = db;
            Dict.forEach(view, Keyspace.keys(view, root, db), entry -> {
                String key = new String(KeyEntry.keyBytes(view, entry), StandardCharsets.UTF_8);
                long expire = Keyspace.expireOf(view, root, d, entry);
                if (expire >= 0 && expire <= frozenAt) {
                    return;   // expired at the fork, not yet deleted
                }
                byte[] bytes = StringValue.bytes(view, KeyEntry.value(view, entry), KeyEntry.encoding(view, entry));
                seen.put(key, new String(bytes, StandardCharsets.UTF_8));
            });
            Map<String, String> expected = new HashMap<>();
            frozen.get(db).forEach((k, v) -> {
                if (v.expireAt() < 0 || v.expireAt() > frozenAt) {
                    expected.put(k, v.text());
                }
            });
            assertThat(seen).as("db %d through the view", db).isEqualTo(expected);
        }
    }

    private static void dropExpired(Map<String, Value> db, long now) {
        db.values().removeIf(v -> v.expireAt() >= 0 && v.expireAt() <= now);
    }

    private static boolean isNumber(String s) {
        try {
            return Long.toString(Long.parseLong(s)).equals(s) && Math.abs(Long.parseLong(s)) < 1_000_000_000L;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static List<Map<String, Value>> copy(List<Map<String, Value>> model) {
        return model.stream().map(db -> (Map<String, Value>) new HashMap<>(db)).toList();
    }
}
