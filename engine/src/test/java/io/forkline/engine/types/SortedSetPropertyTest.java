package io.forkline.engine.types;

import io.forkline.engine.EngineTester;
import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.Keyspace;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.struct.Dict;
import io.forkline.engine.struct.DoubleText;
import io.forkline.pages.MemoryView;
import io.forkline.pages.PageSize;
import io.forkline.pages.Seeded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;

import static io.forkline.engine.EngineTester.NIL;
import static io.forkline.engine.EngineTester.bulk;
import static io.forkline.engine.EngineTester.integer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random sorted-set commands against a java.util model: every reply that the model can predict is checked,
 * every key's elements and OBJECT ENCODING are checked against Redis's conversion rules now and then, and a fork of
 * the memory taken mid-sequence must keep reading, through {@link SortedSetValue}'s static readers on the
 * {@link MemoryView}, the sorted sets as they were while the writes go on. Runs with thresholds low enough that
 * conversions happen all the time, and with Redis's defaults.
 */
class SortedSetPropertyTest {

    private static final String[] KEYS = {"k0", "k1", "k2"};
    private static final String DESTINATION = "d";
    /** A key whose members all score 0, for the lex commands. */
    private static final String LEX = "lex";

    static LongStream seeds() {
        return Seeded.seeds(6);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void smallThresholds(long seed) {
        EngineConfig config = new EngineConfig();
        config.zsetMaxListpackEntries = 8;
        config.zsetMaxListpackValue = 12;
        Seeded.run(seed, random -> {
            try (EngineTester t = new EngineTester(config, PageSize.KIB_4)) {
                new Run(t, random, 40, 16).run(2500);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void defaultThresholds(long seed) {
        Seeded.run(seed, random -> {
            try (EngineTester t = new EngineTester(new EngineConfig(), PageSize.KIB_4)) {
                new Run(t, random, 260, 70).run(4000);
            }
        });
    }

    /** A member's bytes in a sorted set's order: unsigned, then shorter first. */
    private static final Comparator<Map.Entry<String, Double>> ORDER = (a, b) -> {
        int byScore = Double.compare(a.getValue(), b.getValue());
        return byScore != 0 ? byScore : Arrays.compareUnsigned(a.getKey().getBytes(StandardCharsets.UTF_8),
                b.getKey().getBytes(StandardCharsets.UTF_8));
    };

    /** One key of the model: its members and the encoding Redis would give it. */
    private static final class Model {
        final Map<String, Double> scores = new HashMap<>();
        String encoding;

        Model copy() {
            Model copy = new Model();
            copy.scores.putAll(scores);
            copy.encoding = encoding;
            return copy;
        }

        List<Map.Entry<String, Double>> sorted() {
            List<Map.Entry<String, Double>> entries = new ArrayList<>(scores.entrySet());
            entries.sort(ORDER);
            return entries;
        }
    }

    private static final class Run {
        private final EngineTester t;
        private final Random random;
        private final EngineConfig config;
        private final String[] members;
        private final Map<String, Model> model = new LinkedHashMap<>();
        private MemoryView view;
        private Map<String, Model> frozen;
        private int views;

        Run(EngineTester t, Random random, int memberCount, int longestMember) {
            this.t = t;
            this.random = random;
            this.config = t.engine.config();
            this.members = new String[memberCount];
            for (int i = 0; i < memberCount; i++) {
                members[i] = switch (i % 4) {
                    case 0 -> Integer.toString(i * 7 - 50);              // canonical integers: integer entries
                    case 1 -> "m" + i;
                    case 2 -> "w" + "x".repeat(random.nextInt(longestMember)) + i;   // some past the value threshold
                    default -> "0" + i;                                  // integer-looking, but not canonical
                };
            }
        }

        void run(int steps) {
            for (int step = 0; step < steps; step++) {
                int dice = random.nextInt(100);
                if (dice < 30) {
                    zadd(key());
                } else if (dice < 36) {
                    zincrby(key());
                } else if (dice < 44) {
                    zrem(key());
                } else if (dice < 48) {
                    zpop(key());
                } else if (dice < 53) {
                    zremrange(key());
                } else if (dice < 57) {
                    zrangestore(key());
                } else if (dice < 61) {
                    algebraStore();
                } else if (dice < 63) {
                    t.call("DEL", key());
                    model.remove(lastKey);
                } else if (dice < 70) {
                    lexStep();
                } else if (dice < 82) {
                    readOne(key());
                } else if (dice < 88) {
                    readRange(key());
                } else if (dice < 90) {
                    forkOrCheckView();
                } else {
                    checkKey(key());
                }
            }
            for (String key : List.of("k0", "k1", "k2", DESTINATION, LEX)) {
                checkKey(key);
            }
            if (view != null) {
                checkView();
            }
            assertThat(views).as("forks taken").isPositive();
            assertThat(encodings).as("encodings checked").containsExactlyInAnyOrder("listpack", "skiplist");
            assertThat(largest).as("the largest set checked").isGreaterThan(config.zsetMaxListpackEntries);
        }

        private final Set<String> encodings = new HashSet<>();
        private int largest;

        private String lastKey;

        private String key() {
            lastKey = KEYS[random.nextInt(KEYS.length)];
            return lastKey;
        }

        private String member() {
            return members[random.nextInt(members.length)];
        }

        /** Small integers and halves: exact sums, many ties. */
        private double score() {
            return (random.nextInt(41) - 20) / (random.nextBoolean() ? 1.0 : 2.0);
        }

        private static String text(double score) {
            return new String(DoubleText.format(score), StandardCharsets.US_ASCII);
        }

        // -----------------------------------------------------------------------------------------
        // Writes, each applied to the model as Redis would

        private void zadd(String key) {
            String[] options = switch (random.nextInt(8)) {
                case 0 -> new String[] {"NX"};
                case 1 -> new String[] {"XX"};
                case 2 -> new String[] {"GT"};
                case 3 -> new String[] {"LT", "CH"};
                case 4 -> new String[] {"XX", "GT", "CH"};
                default -> new String[0];
            };
            int pairs = 1 + random.nextInt(random.nextInt(8) == 0 ? 60 : 4);   // now and then a big one, to grow past 128
            List<String> args = new ArrayList<>(List.of("ZADD", key));
            args.addAll(List.of(options));
            double[] scores = new double[pairs];
            String[] names = new String[pairs];
            for (int i = 0; i < pairs; i++) {
                scores[i] = score();
                names[i] = member();
                args.add(text(scores[i]));
                args.add(names[i]);
            }
            List<String> flags = List.of(options);
            boolean nx = flags.contains("NX");
            boolean xx = flags.contains("XX");
            boolean gt = flags.contains("GT");
            boolean lt = flags.contains("LT");
            Model set = model.get(key);
            if (set == null && !xx) {
                set = create(key, names[0]);
            }
            long added = 0;
            long changed = 0;
            for (int i = 0; set != null && i < pairs; i++) {
                Double current = set.scores.get(names[i]);
                if (current == null && !xx) {
                    insert(set, names[i], scores[i]);
                    added++;
                } else if (current != null && !nx && !(gt && scores[i] <= current) && !(lt && scores[i] >= current)
                        && scores[i] != current) {
                    set.scores.put(names[i], scores[i]);
                    changed++;
                }
            }
            assertThat(t.call(args.toArray(String[]::new))).as("%s", args)
                    .isEqualTo(integer(flags.contains("CH") ? added + changed : added));
        }

        private Model create(String key, String firstMember) {
            Model set = new Model();
            set.encoding = config.zsetMaxListpackEntries == 0 || length(firstMember) > config.zsetMaxListpackValue
                    ? "skiplist" : "listpack";
            model.put(key, set);
            return set;
        }

        /** Adds a new member, converting as zsetAdd does first. */
        private void insert(Model set, String member, double score) {
            if (set.encoding.equals("listpack") && (set.scores.size() + 1 > config.zsetMaxListpackEntries
                    || length(member) > config.zsetMaxListpackValue)) {
                set.encoding = "skiplist";
            }
            set.scores.put(member, score);
        }

        private static int length(String member) {
            return member.getBytes(StandardCharsets.UTF_8).length;
        }

        private void zincrby(String key) {
            double increment = score();
            String member = member();
            Model set = model.get(key);
            if (set == null) {
                set = create(key, member);
            }
            Double current = set.scores.get(member);
            double result = current == null ? increment : current + increment;
            if (current == null) {
                insert(set, member, result);
            } else {
                set.scores.put(member, result);
            }
            assertThat(t.call("ZINCRBY", key, text(increment), member)).isEqualTo(bulk(text(result)));
        }

        private void zrem(String key) {
            int count = 1 + random.nextInt(3);
            List<String> args = new ArrayList<>(List.of("ZREM", key));
            long removed = 0;
            Model set = model.get(key);
            for (int i = 0; i < count; i++) {
                String member = member();
                args.add(member);
                if (set != null && set.scores.remove(member) != null) {
                    removed++;
                }
            }
            dropIfEmpty(key);
            assertThat(t.call(args.toArray(String[]::new))).isEqualTo(integer(removed));
        }

        private void zpop(String key) {
            boolean max = random.nextBoolean();
            int count = 1 + random.nextInt(3);
            Model set = model.get(key);
            StringBuilder expected = new StringBuilder();
            int popped = 0;
            if (set != null) {
                List<Map.Entry<String, Double>> sorted = set.sorted();
                for (int i = 0; i < count && i < sorted.size(); i++) {
                    Map.Entry<String, Double> element = sorted.get(max ? sorted.size() - 1 - i : i);
                    expected.append(bulk(element.getKey())).append(bulk(text(element.getValue())));
                    set.scores.remove(element.getKey());
                    popped++;
                }
            }
            dropIfEmpty(key);
            assertThat(t.call(max ? "ZPOPMAX" : "ZPOPMIN", key, Integer.toString(count)))
                    .isEqualTo("*" + popped * 2 + "\r\n" + expected);
        }

        private void zremrange(String key) {
            Model set = model.get(key);
            List<Map.Entry<String, Double>> sorted = set == null ? List.of() : set.sorted();
            long removed = 0;
            String reply;
            if (random.nextBoolean()) {
                int start = random.nextInt(10) - 5;
                int stop = random.nextInt(10) - 3;
                int size = sorted.size();
                int from = start < 0 ? Math.max(0, size + start) : start;
                int to = Math.min(stop < 0 ? size + stop : stop, size - 1);
                for (int i = from; i <= to && i < size; i++) {
                    set.scores.remove(sorted.get(i).getKey());
                    removed++;
                }
                reply = t.call("ZREMRANGEBYRANK", key, Integer.toString(start), Integer.toString(stop));
            } else {
                double low = score();
                double high = low + random.nextInt(6);
                for (Map.Entry<String, Double> element : sorted) {
                    if (element.getValue() > low && element.getValue() <= high) {
                        set.scores.remove(element.getKey());
                        removed++;
                    }
                }
                reply = t.call("ZREMRANGEBYSCORE", key, "(" + text(low), text(high));
            }
            dropIfEmpty(key);
            assertThat(reply).isEqualTo(integer(removed));
        }

        private void zrangestore(String key) {
            Model set = model.get(key);
            List<Map.Entry<String, Double>> sorted = set == null ? List.of() : set.sorted();
            int start = random.nextInt(12);
            int stop = start + random.nextInt(12);
            List<Map.Entry<String, Double>> range = start >= sorted.size() ? List.of()
                    : sorted.subList(start, Math.min(stop, sorted.size() - 1) + 1);
            storeModel(range);
            assertThat(t.call("ZRANGESTORE", DESTINATION, key, Integer.toString(start), Integer.toString(stop)))
                    .isEqualTo(integer(range.size()));
        }

        private void algebraStore() {
            String first = key();
            String second = key();
            Map<String, Double> a = model.containsKey(first) ? model.get(first).scores : Map.of();
            Map<String, Double> b = model.containsKey(second) ? model.get(second).scores : Map.of();
            Map<String, Double> result = new HashMap<>();
            String command;
            switch (random.nextInt(3)) {
                case 0 -> {
                    command = "ZUNIONSTORE";
                    result.putAll(a);
                    b.forEach((member, score) -> result.merge(member, score, Double::sum));   // a key twice: doubled
                }
                case 1 -> {
                    command = "ZINTERSTORE";
                    a.forEach((member, score) -> {
                        if (b.containsKey(member)) {
                            result.put(member, score + b.get(member));
                        }
                    });
                }
                default -> {
                    command = "ZDIFFSTORE";
                    a.forEach((member, score) -> {
                        if (!b.containsKey(member)) {
                            result.put(member, score);
                        }
                    });
                }
            }
            List<Map.Entry<String, Double>> entries = new ArrayList<>(result.entrySet());
            entries.sort(ORDER);
            storeModel(entries);
            assertThat(t.call(command, DESTINATION, "2", first, second)).isEqualTo(integer(entries.size()));
        }

        /** What a STORE command leaves at the destination: the elements, in the encoding their count and size call for. */
        private void storeModel(List<Map.Entry<String, Double>> elements) {
            if (elements.isEmpty()) {
                model.remove(DESTINATION);
                return;
            }
            Model stored = new Model();
            int longest = 0;
            for (Map.Entry<String, Double> element : elements) {
                stored.scores.put(element.getKey(), element.getValue());
                longest = Math.max(longest, length(element.getKey()));
            }
            stored.encoding = elements.size() <= config.zsetMaxListpackEntries && longest <= config.zsetMaxListpackValue
                    ? "listpack" : "skiplist";
            model.put(DESTINATION, stored);
        }

        private void dropIfEmpty(String key) {
            Model set = model.get(key);
            if (set != null && set.scores.isEmpty()) {
                model.remove(key);
            }
        }

        /** ZADD of score 0, ZREMRANGEBYLEX and the lex reads, on the key whose scores are all 0. */
        private void lexStep() {
            String low = member();
            String high = member();
            if (low.compareTo(high) > 0) {
                String swap = low;
                low = high;
                high = swap;
            }
            Model set = model.get(LEX);
            List<String> inRange = new ArrayList<>();
            if (set != null) {
                for (Map.Entry<String, Double> element : set.sorted()) {
                    String member = element.getKey();
                    if (compare(member, low) >= 0 && compare(member, high) < 0) {
                        inRange.add(member);
                    }
                }
            }
            switch (random.nextInt(4)) {
                case 0, 1 -> {
                    String member = member();
                    boolean isNew = set == null || !set.scores.containsKey(member);
                    if (set == null) {
                        set = create(LEX, member);
                    }
                    if (isNew) {
                        insert(set, member, 0.0);
                    }
                    assertThat(t.call("ZADD", LEX, "0", member)).isEqualTo(integer(isNew ? 1 : 0));
                }
                case 2 -> {
                    inRange.forEach(set == null ? m -> { } : set.scores::remove);
                    dropIfEmpty(LEX);
                    assertThat(t.call("ZREMRANGEBYLEX", LEX, "[" + low, "(" + high)).isEqualTo(integer(inRange.size()));
                }
                default -> {
                    assertThat(t.call("ZLEXCOUNT", LEX, "[" + low, "(" + high)).isEqualTo(integer(inRange.size()));
                    assertThat(t.call("ZRANGEBYLEX", LEX, "[" + low, "(" + high)).isEqualTo(bulks(inRange));
                }
            }
        }

        private static int compare(String a, String b) {
            return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
        }

        // -----------------------------------------------------------------------------------------
        // Reads

        private void readOne(String key) {
            Model set = model.get(key);
            String member = member();
            Double score = set == null ? null : set.scores.get(member);
            assertThat(t.call("ZSCORE", key, member)).isEqualTo(score == null ? NIL : bulk(text(score)));
            List<Map.Entry<String, Double>> sorted = set == null ? List.of() : set.sorted();
            int rank = -1;
            for (int i = 0; i < sorted.size(); i++) {
                if (sorted.get(i).getKey().equals(member)) {
                    rank = i;
                }
            }
            assertThat(t.call("ZRANK", key, member)).isEqualTo(rank < 0 ? NIL : integer(rank));
            assertThat(t.call("ZREVRANK", key, member)).isEqualTo(rank < 0 ? NIL : integer(sorted.size() - 1 - rank));
            double low = score();
            double high = low + random.nextInt(8);
            long count = sorted.stream().filter(e -> e.getValue() >= low && e.getValue() <= high).count();
            assertThat(t.call("ZCOUNT", key, text(low), text(high))).isEqualTo(integer(count));
            assertThat(t.call("ZCARD", key)).isEqualTo(integer(sorted.size()));
        }

        private void readRange(String key) {
            Model set = model.get(key);
            List<Map.Entry<String, Double>> sorted = set == null ? List.of() : set.sorted();
            double low = score();
            double high = low + random.nextInt(10);
            int offset = random.nextInt(4);
            int limit = random.nextInt(6) - 1;
            List<Map.Entry<String, Double>> inRange = sorted.stream().filter(e -> e.getValue() >= low && e.getValue() <= high).toList();
            boolean reverse = random.nextBoolean();
            if (reverse) {
                inRange = new ArrayList<>(inRange);
                Collections.reverse(inRange);
            }
            List<Map.Entry<String, Double>> page = inRange.stream().skip(offset).limit(limit < 0 ? Long.MAX_VALUE : limit).toList();
            String reply = reverse
                    ? t.call("ZREVRANGEBYSCORE", key, text(high), text(low), "WITHSCORES", "LIMIT", Integer.toString(offset), Integer.toString(limit))
                    : t.call("ZRANGEBYSCORE", key, text(low), text(high), "WITHSCORES", "LIMIT", Integer.toString(offset), Integer.toString(limit));
            assertThat(reply).isEqualTo(withScores(page));
        }

        private void checkKey(String key) {
            Model set = model.get(key);
            if (set == null) {
                assertThat(t.call("EXISTS", key)).as("EXISTS %s", key).isEqualTo(integer(0));
                return;
            }
            assertThat(t.call("ZRANGE", key, "0", "-1", "WITHSCORES")).as("ZRANGE %s", key).isEqualTo(withScores(set.sorted()));
            assertThat(t.call("OBJECT", "ENCODING", key)).as("OBJECT ENCODING %s", key).isEqualTo(bulk(set.encoding));
            encodings.add(set.encoding);
            largest = Math.max(largest, set.scores.size());
        }

        private static String withScores(List<Map.Entry<String, Double>> elements) {
            StringBuilder out = new StringBuilder("*" + elements.size() * 2 + "\r\n");
            for (Map.Entry<String, Double> element : elements) {
                out.append(bulk(element.getKey())).append(bulk(text(element.getValue())));
            }
            return out.toString();
        }

        private static String bulks(List<String> members) {
            StringBuilder out = new StringBuilder("*" + members.size() + "\r\n");
            members.forEach(member -> out.append(bulk(member)));
            return out.toString();
        }

        // -----------------------------------------------------------------------------------------
        // Forks

        private void forkOrCheckView() {
            if (view == null) {
                view = t.engine.memory().fork();
                frozen = new LinkedHashMap<>();
                model.forEach((key, set) -> frozen.put(key, set.copy()));
                views++;
            } else {
                checkView();
            }
        }

        /** The view reads, through the static readers, every sorted set as it was at the fork; then it is closed. */
        private void checkView() {
            long root = t.engine.keyspace().root();
            long keys = Keyspace.keys(view, root, 0);
            Map<String, Model> seen = new LinkedHashMap<>();
            Dict.forEach(view, keys, entry -> {
                if (KeyEntry.type(view, entry) != ValueType.ZSET) {
                    return;
                }
                Model set = new Model();
                long value = KeyEntry.value(view, entry);
                Encoding encoding = KeyEntry.encoding(view, entry);
                set.encoding = encoding.encodingName();
                List<Map.Entry<String, Double>> walked = new ArrayList<>();
                SortedSetValue.forEach(view, value, encoding, (member, score) ->
                        walked.add(Map.entry(new String(member.toBytes(view), StandardCharsets.UTF_8), score)));
                walked.forEach(e -> set.scores.put(e.getKey(), e.getValue()));
                assertThat(walked).as("order through the view").isSortedAccordingTo(ORDER);
                assertThat(SortedSetValue.size(view, value, encoding)).isEqualTo(walked.size());
                for (int i = 0; i < walked.size(); i += 1 + walked.size() / 8) {
                    byte[] member = walked.get(i).getKey().getBytes(StandardCharsets.UTF_8);
                    assertThat(SortedSetValue.score(view, value, encoding, member, 0, member.length)).isEqualTo(walked.get(i).getValue());
                    assertThat(SortedSetValue.rank(view, value, encoding, member, 0, member.length)).isEqualTo(i);
                }
                seen.put(new String(KeyEntry.keyBytes(view, entry), StandardCharsets.UTF_8), set);
            });
            assertThat(seen.keySet()).as("keys through the view").containsExactlyInAnyOrderElementsOf(frozen.keySet());
            frozen.forEach((key, set) -> {
                assertThat(seen.get(key).scores).as("%s through the view", key).isEqualTo(set.scores);
                assertThat(seen.get(key).encoding).as("%s's encoding through the view", key).isEqualTo(set.encoding);
            });
            view.close();
            view = null;
            frozen = null;
        }
    }
}
