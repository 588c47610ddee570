package io.forkline.engine.types;

import io.forkline.engine.EngineTester;
import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.Keyspace;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.struct.Dict;
import io.forkline.engine.struct.Element;
import io.forkline.pages.MemoryView;
import io.forkline.pages.PageSize;
import io.forkline.pages.Seeded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;

import static io.forkline.engine.EngineTester.WRONGTYPE;
import static io.forkline.engine.EngineTester.bulk;
import static io.forkline.engine.EngineTester.error;
import static io.forkline.engine.EngineTester.integer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random hash commands on a few keys, checked after every step against a model: an insertion-ordered map
 * per key (a listpack's order is insertion order, so HGETALL of a listpack must match it exactly) and
 * whether Redis's rules have made the key a hashtable. Thresholds are low in one profile so that
 * conversions happen all the time, Redis's defaults in the other. Each run forks the memory mid-sequence,
 * keeps writing, then reads the frozen keyspace through the view with {@link HashValue}'s static readers,
 * and at the end deletes everything and finds the allocator back where it started.
 */
class HashPropertyTest {

    /**
     * A run's shape: thresholds, how many distinct fields, how many pairs an HSET sets, how many steps, and
     * the odds (one in so many) that a field or value is longer than the value limit.
     */
    record Profile(int maxEntries, int maxValue, int fieldRange, int maxPairs, int steps, int longOdds) {
    }

    /** The model of one key: its pairs in insertion order, and whether it has become a hashtable. */
    static final class Model {
        final LinkedHashMap<String, String> pairs = new LinkedHashMap<>();
        boolean hashtable;

        Model copy() {
            Model copy = new Model();
            copy.pairs.putAll(pairs);
            copy.hashtable = hashtable;
            return copy;
        }
    }

    private static final String[] KEYS = {"h0", "h1", "h2", "h3"};

    static LongStream seeds() {
        return Seeded.seeds(8);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void lowThresholdsConvertOften(long seed) {
        Seeded.run(seed, random -> new Run(new Profile(6, 10, 16, 3, 2500, 30), random).run());
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void redisDefaults(long seed) {
        Seeded.run(seed, random -> new Run(new Profile(128, 64, 260, 8, 2000, 600), random).run());
    }

    /** One random sequence against one engine. */
    private static final class Run {
        final Profile profile;
        final Random random;
        final EngineTester t;
        final Map<String, Model> model = new HashMap<>();

        Run(Profile profile, Random random) {
            this.profile = profile;
            this.random = random;
            EngineConfig config = new EngineConfig();
            config.hashMaxListpackEntries = profile.maxEntries();
            config.hashMaxListpackValue = profile.maxValue();
            this.t = new EngineTester(config, PageSize.KIB_4);
        }

        void run() {
            try (t) {
                for (String key : KEYS) {
                    t.call("SET", key, "warm-up");   // the keyspace table reaches its size before the baseline
                }
                t.call("SET", "s", "a string");
                t.call("DEL", "h0", "h1", "h2", "h3");
                t.engine.keyspace().rehashFor(1_000_000_000L);
                long baseline = t.engine.allocator().usedBytes();
                int forkAt = random.nextInt(profile.steps() / 2);
                int checkAt = forkAt + 1 + random.nextInt(profile.steps() / 2);
                MemoryView view = null;
                Map<String, Model> frozen = null;
                long root = 0;
                for (int step = 0; step < profile.steps(); step++) {
                    if (step == forkAt) {
                        view = t.engine.memory().fork();
                        frozen = deepCopy(model);
                        root = t.engine.keyspace().root();
                    }
                    if (step == checkAt) {
                        checkView(view, root, frozen);
                        view.close();
                        view = null;
                    }
                    step();
                    if (step % 250 == 0) {
                        checkEverything();
                    }
                }
                checkEverything();
                if (view != null) {
                    checkView(view, root, frozen);
                    view.close();
                }
                for (String key : KEYS) {
                    t.call("DEL", key);
                }
                assertThat(t.engine.allocator().usedBytes()).as("bytes left after deleting every hash").isEqualTo(baseline);
            }
        }

        // -----------------------------------------------------------------------------------------
        // Steps

        void step() {
            String key = KEYS[random.nextInt(KEYS.length)];
            int dice = random.nextInt(100);
            if (dice < 25) {
                hset(key);
            } else if (dice < 30) {
                hsetnx(key);
            } else if (dice < 42) {
                hdel(key);
            } else if (dice < 48) {
                hincrby(key);
            } else if (dice < 53) {
                hincrbyfloat(key);
            } else if (dice < 68) {
                checkField(key, field());
            } else if (dice < 72) {
                checkAll(key);
            } else if (dice < 75) {
                checkScan(key);
            } else if (dice < 80) {
                checkRandomFields(key);
            } else if (dice < 81) {
                t.call("DEL", key);
                model.remove(key);
            } else if (dice < 82) {
                assertThat(t.call("HSET", "s", field(), "x")).isEqualTo(WRONGTYPE);
            } else {
                hset(key);
            }
            checkEncoding(key);
        }

        String field() {
            if (random.nextInt(profile.longOdds()) == 0) {
                return "F" + "x".repeat(profile.maxValue() - 3 + random.nextInt(6));   // around the value limit
            }
            return random.nextInt(10) == 0 ? Integer.toString(random.nextInt(profile.fieldRange()))
                    : "f" + random.nextInt(profile.fieldRange());
        }

        String value() {
            return switch (random.nextInt(4)) {
                case 0 -> Long.toString(random.nextInt(2001) - 1000);
                case 1 -> (random.nextInt(200) - 100) + "." + new String[] {"25", "5", "75"}[random.nextInt(3)];
                default -> {
                    boolean tooLong = random.nextInt(profile.longOdds()) == 0;
                    int length = tooLong ? profile.maxValue() + 1 + random.nextInt(3) : 1 + random.nextInt(profile.maxValue());
                    yield "v" + "abcdefghij".repeat(10).substring(0, length - 1);
                }
            };
        }

        Model modelOf(String key) {
            return model.computeIfAbsent(key, k -> new Model());
        }

        /** Redis's rule for one set: a long field or value converts first, too many fields afterwards. */
        void modelSet(Model hash, String field, String value) {
            if (field.length() > profile.maxValue() || value.length() > profile.maxValue()) {
                hash.hashtable = true;
            }
            hash.pairs.put(field, value);
            if (hash.pairs.size() > profile.maxEntries()) {
                hash.hashtable = true;
            }
        }

        void hset(String key) {
            int pairs = 1 + random.nextInt(profile.maxPairs());
            List<String> args = new ArrayList<>(List.of("HSET", key));
            Model hash = modelOf(key);
            Set<String> added = new HashSet<>();
            for (int i = 0; i < pairs; i++) {
                String field = field();
                String value = value();
                args.add(field);
                args.add(value);
                if (!hash.pairs.containsKey(field)) {
                    added.add(field);
                }
                modelSet(hash, field, value);
            }
            assertThat(t.call(args.toArray(String[]::new))).as("%s", args).isEqualTo(integer(added.size()));
        }

        void hsetnx(String key) {
            String field = field();
            String value = value();
            Model hash = modelOf(key);
            boolean absent = !hash.pairs.containsKey(field);
            assertThat(t.call("HSETNX", key, field, value)).isEqualTo(integer(absent ? 1 : 0));
            if (absent) {
                modelSet(hash, field, value);
            }
        }

        void hdel(String key) {
            List<String> args = new ArrayList<>(List.of("HDEL", key));
            Model hash = model.get(key);
            int deleted = 0;
            for (int i = random.nextInt(3); i >= 0; i--) {
                String field = field();
                args.add(field);
                if (hash != null && hash.pairs.remove(field) != null) {
                    deleted++;
                }
            }
            if (hash != null && hash.pairs.isEmpty()) {
                model.remove(key);
            }
            assertThat(t.call(args.toArray(String[]::new))).as("%s", args).isEqualTo(integer(deleted));
        }

        void hincrby(String key) {
            String field = field();
            long increment = random.nextInt(2001) - 1000;
            Model hash = model.get(key);
            String old = hash == null ? null : hash.pairs.get(field);
            String reply = t.call("HINCRBY", key, field, Long.toString(increment));
            if (old != null && !isCanonicalLong(old)) {
                assertThat(reply).isEqualTo(error("ERR hash value is not an integer"));
                return;
            }
            long result = (old == null ? 0 : Long.parseLong(old)) + increment;
            assertThat(reply).isEqualTo(integer(result));
            modelSet(modelOf(key), field, Long.toString(result));
        }

        void hincrbyfloat(String key) {
            String field = field();
            BigDecimal increment = BigDecimal.valueOf(random.nextInt(801) - 400).divide(BigDecimal.valueOf(4));   // exact in binary
            Model hash = model.get(key);
            String old = hash == null ? null : hash.pairs.get(field);
            String reply = t.call("HINCRBYFLOAT", key, field, increment.toPlainString());
            if (old != null && old.startsWith("v")) {
                assertThat(reply).isEqualTo(error("ERR hash value is not a float"));
                return;
            }
            BigDecimal sum = (old == null ? BigDecimal.ZERO : new BigDecimal(old)).add(increment);
            String text = sum.signum() == 0 ? "0" : sum.stripTrailingZeros().toPlainString();
            assertThat(reply).as("%s + %s", old, increment).isEqualTo(bulk(text));
            modelSet(modelOf(key), field, text);
        }

        // -----------------------------------------------------------------------------------------
        // Checks against the model

        void checkEncoding(String key) {
            Model hash = model.get(key);
            String expected = hash == null ? EngineTester.NIL : bulk(hash.hashtable ? "hashtable" : "listpack");
            assertThat(t.call("OBJECT", "ENCODING", key)).as("encoding of %s", key).isEqualTo(expected);
        }

        void checkField(String key, String field) {
            Model hash = model.get(key);
            String value = hash == null ? null : hash.pairs.get(field);
            assertThat(t.call("HGET", key, field)).isEqualTo(value == null ? EngineTester.NIL : bulk(value));
            assertThat(t.call("HEXISTS", key, field)).isEqualTo(integer(value == null ? 0 : 1));
            assertThat(t.call("HSTRLEN", key, field)).isEqualTo(integer(value == null ? 0 : value.length()));
            assertThat(t.call("HMGET", key, field, "nope")).isEqualTo(
                    "*2\r\n" + (value == null ? EngineTester.NIL : bulk(value)) + EngineTester.NIL);
        }

        void checkAll(String key) {
            Model hash = model.get(key);
            Map<String, String> expected = hash == null ? Map.of() : hash.pairs;
            assertThat(t.call("HLEN", key)).isEqualTo(integer(expected.size()));
            List<String> all = HashCommandsTest.bulks(t.call("HGETALL", key));
            List<String> fields = HashCommandsTest.bulks(t.call("HKEYS", key));
            List<String> values = HashCommandsTest.bulks(t.call("HVALS", key));
            Map<String, String> seen = new LinkedHashMap<>();
            for (int i = 0; i < all.size(); i += 2) {
                seen.put(all.get(i), all.get(i + 1));
                assertThat(fields.get(i / 2)).isEqualTo(all.get(i));
                assertThat(values.get(i / 2)).isEqualTo(all.get(i + 1));
            }
            assertThat(all).hasSize(2 * expected.size());
            if (hash != null && !hash.hashtable) {
                assertThat(new ArrayList<>(seen.entrySet())).as("listpack order of %s", key)
                        .isEqualTo(new ArrayList<>(expected.entrySet()));
            } else {
                assertThat(seen).isEqualTo(expected);
            }
        }

        void checkScan(String key) {
            Model hash = model.get(key);
            Map<String, String> expected = new HashMap<>(hash == null ? Map.of() : hash.pairs);
            boolean match = random.nextBoolean();
            if (match) {
                expected.keySet().removeIf(field -> !field.startsWith("f1"));
            }
            Map<String, String> seen = new HashMap<>();
            String cursor = "0";
            int calls = 0;
            do {
                List<String> args = new ArrayList<>(List.of("HSCAN", key, cursor, "COUNT", Integer.toString(1 + random.nextInt(20))));
                if (match) {
                    args.addAll(List.of("MATCH", "f1*"));
                }
                List<String> reply = HashCommandsTest.parseScan(t.call(args.toArray(String[]::new)));
                cursor = reply.get(0);
                for (int i = 1; i < reply.size(); i += 2) {
                    seen.put(reply.get(i), reply.get(i + 1));
                }
                assertThat(++calls).isLessThan(10_000);
            } while (!cursor.equals("0"));
            assertThat(seen).isEqualTo(expected);
        }

        void checkRandomFields(String key) {
            Model hash = model.get(key);
            Map<String, String> pairs = hash == null ? Map.of() : hash.pairs;
            int count = random.nextInt(2 * pairs.size() + 3) - pairs.size() - 1;
            List<String> reply = HashCommandsTest.bulks(t.call("HRANDFIELD", key, Integer.toString(count), "WITHVALUES"));
            int expectedSize = count >= 0 ? Math.min(count, pairs.size()) : (pairs.isEmpty() ? 0 : -count);
            assertThat(reply).hasSize(2 * expectedSize);
            Set<String> fields = new HashSet<>();
            for (int i = 0; i < reply.size(); i += 2) {
                assertThat(pairs).containsEntry(reply.get(i), reply.get(i + 1));
                fields.add(reply.get(i));
            }
            if (count > 0) {
                assertThat(fields).hasSize(expectedSize);
            }
        }

        void checkEverything() {
            for (String key : KEYS) {
                checkEncoding(key);
                checkAll(key);
            }
        }

        /** The keyspace as it was at the fork, read through the view with HashValue's static readers. */
        void checkView(MemoryView view, long root, Map<String, Model> frozen) {
            long keys = Keyspace.keys(view, root, 0);
            assertThat(Dict.size(view, keys)).isEqualTo(frozen.size() + 1);   // and the string "s"
            for (String key : KEYS) {
                byte[] name = key.getBytes(StandardCharsets.UTF_8);
                long entry = Dict.find(view, keys, name, 0, name.length);
                Model hash = frozen.get(key);
                if (hash == null) {
                    assertThat(entry).isZero();
                    continue;
                }
                assertThat(KeyEntry.type(view, entry)).isEqualTo(ValueType.HASH);
                Encoding encoding = KeyEntry.encoding(view, entry);
                assertThat(encoding).isEqualTo(hash.hashtable ? Encoding.HASHTABLE : Encoding.LISTPACK);
                long value = KeyEntry.value(view, entry);
                assertThat(HashValue.size(view, value, encoding)).isEqualTo(hash.pairs.size());
                Map<String, String> seen = HashValueTest.contents(view, value, encoding);
                if (encoding == Encoding.LISTPACK) {
                    assertThat(new ArrayList<>(seen.entrySet())).isEqualTo(new ArrayList<>(hash.pairs.entrySet()));
                } else {
                    assertThat(seen).isEqualTo(hash.pairs);
                }
                Element out = new Element();
                for (Map.Entry<String, String> pair : hash.pairs.entrySet()) {
                    byte[] field = pair.getKey().getBytes(StandardCharsets.UTF_8);
                    assertThat(HashValue.get(view, value, encoding, field, 0, field.length, out)).isTrue();
                    assertThat(new String(out.toBytes(view), StandardCharsets.UTF_8)).isEqualTo(pair.getValue());
                }
            }
        }
    }

    private static Map<String, Model> deepCopy(Map<String, Model> model) {
        Map<String, Model> copy = new HashMap<>();
        model.forEach((key, hash) -> copy.put(key, hash.copy()));
        return copy;
    }

    private static boolean isCanonicalLong(String text) {
        try {
            return Long.toString(Long.parseLong(text)).equals(text);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
