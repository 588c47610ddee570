package io.forkline.snapshot.rdb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Seeded random commands against an engine and, beside it, a plain Java model of what the keyspace must
 * hold: strings of every encoding, lists that grow past one node and get inserts in the middle, hashes,
 * sets and sorted sets that cross their listpack and intset limits, expires, deletes, FLUSHDB and SWAPDB.
 * Time stands still, so nothing expires; every expire is in the future.
 */
public final class Workload {

    static final int DATABASES = 3;

    private final EngineDriver driver;
    private final Random random;
    /** db -> key -> value. */
    private final Map<Integer, Map<String, Value>> values = new TreeMap<>();
    /** db -> key -> expire. */
    private final Map<Integer, Map<String, Long>> expires = new TreeMap<>();
    private int operations;

    public Workload(EngineDriver driver, Random random) {
        this.driver = driver;
        this.random = random;
        for (int db = 0; db < DATABASES; db++) {
            values.put(db, new HashMap<>());
            expires.put(db, new HashMap<>());
        }
    }

    public int operations() {
        return operations;
    }

    /** The model's values, deep-copied, without empty databases (as a file holds them). */
    public Map<Integer, Map<String, Value>> values() {
        Map<Integer, Map<String, Value>> copy = new TreeMap<>();
        values.forEach((db, keys) -> {
            if (!keys.isEmpty()) {
                Map<String, Value> byKey = new HashMap<>();
                keys.forEach((key, value) -> byKey.put(key, value.copy()));
                copy.put(db, byKey);
            }
        });
        return copy;
    }

    public Map<Integer, Map<String, Long>> expires() {
        Map<Integer, Map<String, Long>> copy = new TreeMap<>();
        expires.forEach((db, keys) -> {
            if (!keys.isEmpty()) {
                copy.put(db, new HashMap<>(keys));
            }
        });
        return copy;
    }

    /** Adds {@code count} small strings, spread over the databases (a keyspace of many keys, as a benchmark's). */
    public void populate(int count) {
        for (int i = 0; i < count; i++) {
            int db = i % DATABASES;
            String key = "bulk:" + i;
            String value = random.nextInt(10) == 0 ? Integer.toString(i) : "value-" + i;
            call(db, "SET", key, value);
            values.get(db).put(key, new Value.Str(value));
        }
    }

    public void run(int count) {
        for (int i = 0; i < count; i++) {
            step();
        }
    }

    /** One random command, applied to the engine and the model. */
    public void step() {
        operations++;
        int db = random.nextInt(DATABASES);
        int pick = random.nextInt(1000);
        if (pick < 140) {
            string(db);
        } else if (pick < 300) {
            list(db);
        } else if (pick < 460) {
            hash(db);
        } else if (pick < 620) {
            set(db);
        } else if (pick < 780) {
            sortedSet(db);
        } else if (pick < 880) {
            expire(db);
        } else if (pick < 996) {
            delete(db);
        } else if (pick < 998) {
            driver.call(db, "FLUSHDB");
            values.get(db).clear();
            expires.get(db).clear();
        } else {
            int other = random.nextInt(DATABASES);
            driver.call(db, "SWAPDB", Integer.toString(db), Integer.toString(other));
            swap(values, db, other);
            swap(expires, db, other);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Per type

    private void string(int db) {
        String key = random.nextInt(4) == 0 ? Integer.toString(1000 + random.nextInt(30) * (random.nextBoolean() ? 1 : -100))
                : "s:" + random.nextInt(30);
        String value = element();
        if (random.nextInt(5) == 0 && values.get(db).get(key) instanceof Value.Str(String old)) {
            call(db, "APPEND", key, value);
            values.get(db).put(key, new Value.Str(old + value));
            return;
        }
        call(db, "SET", key, value);
        values.get(db).put(key, new Value.Str(value));
        expires.get(db).remove(key);
    }

    private void list(int db) {
        String key = "l:" + skewedIndex();
        List<String> model = values.get(db).get(key) instanceof Value.ListOf(List<String> elements) ? elements : null;
        int op = random.nextInt(10);
        if (model != null && op == 0) {
            call(db, "LPOP", key);
            model.removeFirst();
            removeIfEmpty(db, key, model.isEmpty());
        } else if (model != null && op == 1) {
            String pivot = model.get(random.nextInt(model.size()));
            String element = element();
            call(db, "LINSERT", key, "BEFORE", pivot, element);
            model.add(model.indexOf(pivot), element);
        } else {
            boolean head = op < 4;
            List<String> pushed = elements(1 + random.nextInt(random.nextInt(8) == 0 ? 200 : 8));
            List<String> args = new ArrayList<>(List.of(head ? "LPUSH" : "RPUSH", key));
            args.addAll(pushed);
            call(db, args.toArray(String[]::new));
            List<String> list = model != null ? model : new ArrayList<>();
            for (String element : pushed) {
                if (head) {
                    list.addFirst(element);
                } else {
                    list.addLast(element);
                }
            }
            values.get(db).put(key, new Value.ListOf(list));
        }
    }

    private void hash(int db) {
        String key = "h:" + skewedIndex();
        Map<String, String> model = values.get(db).get(key) instanceof Value.HashOf(Map<String, String> fields) ? fields : null;
        if (model != null && random.nextInt(6) == 0) {
            String field = random.nextBoolean() ? List.copyOf(model.keySet()).get(random.nextInt(model.size())) : element();
            call(db, "HDEL", key, field);
            model.remove(field);
            removeIfEmpty(db, key, model.isEmpty());
            return;
        }
        Map<String, String> map = model != null ? model : new HashMap<>();
        List<String> args = new ArrayList<>(List.of("HSET", key));
        int pairs = 1 + random.nextInt(random.nextInt(6) == 0 ? 150 : 6);
        Map<String, String> set = new HashMap<>();
        for (int i = 0; i < pairs; i++) {
            String field = random.nextInt(8) == 0 ? Integer.toString(random.nextInt(2000) - 1000) : "f" + random.nextInt(800);
            String value = random.nextInt(40) == 0 ? "v".repeat(65 + random.nextInt(40)) : shortElement();
            args.add(field);
            args.add(value);
            set.put(field, value);
        }
        call(db, args.toArray(String[]::new));
        map.putAll(set);
        values.get(db).put(key, new Value.HashOf(map));
    }

    private void set(int db) {
        boolean integers = random.nextBoolean();
        String key = (integers ? "i:" : "t:") + skewedIndex();
        Value existing = values.get(db).get(key);
        java.util.Set<String> model = existing instanceof Value.SetOf(java.util.Set<String> members) ? members : null;
        if (model != null && random.nextInt(6) == 0) {
            String member = List.copyOf(model).get(random.nextInt(model.size()));
            call(db, "SREM", key, member);
            model.remove(member);
            removeIfEmpty(db, key, model.isEmpty());
            return;
        }
        java.util.Set<String> members = model != null ? model : new HashSet<>();
        List<String> args = new ArrayList<>(List.of("SADD", key));
        int count = 1 + random.nextInt(random.nextInt(5) == 0 ? 200 : 5);
        for (int i = 0; i < count; i++) {
            String member = integers ? integerText() : random.nextInt(60) == 0 ? "m".repeat(70) + random.nextInt(5) : "m" + random.nextInt(400);
            args.add(member);
            members.add(member);
        }
        call(db, args.toArray(String[]::new));
        values.get(db).put(key, new Value.SetOf(members));
    }

    private void sortedSet(int db) {
        String key = "z:" + skewedIndex();
        Map<String, Double> model = values.get(db).get(key) instanceof Value.SortedSetOf(Map<String, Double> scores) ? scores : null;
        if (model != null && random.nextInt(6) == 0) {
            String member = List.copyOf(model.keySet()).get(random.nextInt(model.size()));
            call(db, "ZREM", key, member);
            model.remove(member);
            removeIfEmpty(db, key, model.isEmpty());
            return;
        }
        Map<String, Double> scores = model != null ? model : new HashMap<>();
        List<String> args = new ArrayList<>(List.of("ZADD", key));
        Map<String, Double> added = new HashMap<>();
        int count = 1 + random.nextInt(random.nextInt(5) == 0 ? 100 : 5);
        for (int i = 0; i < count; i++) {
            String member = random.nextInt(80) == 0 ? "z".repeat(66) + random.nextInt(3)
                    : random.nextInt(5) == 0 ? Integer.toString(random.nextInt(100)) : "m" + random.nextInt(300);
            String score = scoreText();
            args.add(score);
            args.add(member);
            added.put(member, parseScore(score));
        }
        call(db, args.toArray(String[]::new));
        scores.putAll(added);
        values.get(db).put(key, new Value.SortedSetOf(scores));
    }

    private void expire(int db) {
        List<String> keys = List.copyOf(values.get(db).keySet());
        if (keys.isEmpty()) {
            return;
        }
        String key = keys.get(random.nextInt(keys.size()));
        if (random.nextInt(4) == 0) {
            call(db, "PERSIST", key);
            expires.get(db).remove(key);
        } else {
            long at = driver.clock.millis() + 1 + random.nextInt(1_000_000_000);
            call(db, "PEXPIREAT", key, Long.toString(at));
            expires.get(db).put(key, at);
        }
    }

    private void delete(int db) {
        List<String> keys = List.copyOf(values.get(db).keySet());
        if (keys.isEmpty()) {
            return;
        }
        String key = keys.get(random.nextInt(keys.size()));
        call(db, "DEL", key);
        values.get(db).remove(key);
        expires.get(db).remove(key);
    }

    // ---------------------------------------------------------------------------------------------
    // Data

    /** Mostly a few hot keys (which grow past the compact limits), sometimes one of many. */
    private int skewedIndex() {
        return random.nextInt(3) == 0 ? random.nextInt(20) : random.nextInt(3);
    }

    private List<String> elements(int count) {
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            elements.add(element());
        }
        return elements;
    }

    /** Integers of every width, short and long text, compressible runs, binary bytes, the empty string. */
    private String element() {
        return switch (random.nextInt(9)) {
            case 0 -> integerText();
            case 1 -> Long.toString(random.nextLong());
            case 2 -> "x".repeat(21 + random.nextInt(300));
            case 3 -> {
                byte[] bytes = new byte[random.nextInt(40)];
                random.nextBytes(bytes);
                yield Value.text(bytes);
            }
            case 4 -> "";
            case 5 -> "0" + random.nextInt(100);
            default -> shortElement();
        };
    }

    private String shortElement() {
        return "e" + random.nextInt(1000);
    }

    private String integerText() {
        return switch (random.nextInt(4)) {
            case 0 -> Integer.toString(random.nextInt(256) - 128);
            case 1 -> Integer.toString(random.nextInt(65536) - 32768);
            case 2 -> Integer.toString(random.nextInt());
            default -> Long.toString(random.nextLong() >> random.nextInt(64));
        };
    }

    private String scoreText() {
        return switch (random.nextInt(12)) {
            case 0 -> "inf";
            case 1 -> "-inf";
            case 2, 3 -> (random.nextInt(2000) - 1000) + ".5";
            case 4 -> Double.toString(random.nextDouble() * 1e6);
            default -> Integer.toString(random.nextInt(2000) - 1000);
        };
    }

    private static double parseScore(String text) {
        return switch (text) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private void call(int db, String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            bytes[i] = Value.bytes(args[i]);
        }
        driver.call(db, bytes);
    }

    private void removeIfEmpty(int db, String key, boolean empty) {
        if (empty) {
            values.get(db).remove(key);
            expires.get(db).remove(key);
        }
    }

    private static <T> void swap(Map<Integer, T> map, int a, int b) {
        T first = map.get(a);
        map.put(a, map.get(b));
        map.put(b, first);
    }
}
