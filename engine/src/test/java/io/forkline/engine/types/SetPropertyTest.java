package io.forkline.engine.types;

import io.forkline.engine.EngineTester;
import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.Keyspace;
import io.forkline.engine.struct.Dict;
import io.forkline.pages.Memory;
import io.forkline.pages.MemoryView;
import io.forkline.pages.PageSize;
import io.forkline.pages.Seeded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static io.forkline.engine.EngineTester.command;
import static io.forkline.engine.EngineTester.integer;
import static io.forkline.engine.types.SetCommandsTest.members;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random set commands against a model of sets ({@link SetModel}): replies, effects, contents and
 * OBJECT ENCODING after every command, with thresholds set low (conversions all the time) and at Redis's
 * defaults (big SADDs cross 128 and 512). A fork taken mid-sequence must keep reading, through
 * {@link SetValue}'s readers over its view, the sets as they were; and after FLUSHALL the allocator must
 * hold no more than it did before the first command.
 */
class SetPropertyTest {

    static LongStream seeds() {
        return Seeded.seeds(10);
    }

    static LongStream fewSeeds() {
        return Seeded.seeds(3);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void lowThresholds(long seed) {
        EngineConfig config = new EngineConfig();
        config.setMaxIntsetEntries = 8;
        config.setMaxListpackEntries = 6;
        config.setMaxListpackValue = 5;
        Seeded.run(seed, random -> new Run(config, random, 20, 8, 2500).run());
    }

    @ParameterizedTest
    @MethodSource("fewSeeds")
    void defaultThresholds(long seed) {
        Seeded.run(seed, random -> new Run(new EngineConfig(), random, 700, 200, 500).run());
    }

    /** One random sequence: {@code pool} integers and strings to draw from, SADDs of up to {@code batch} members. */
    private static final class Run {

        private static final String[] KEYS = {"a", "b", "c", "d", "e"};

        private final EngineConfig config;
        private final Random random;
        private final int pool;
        private final int batch;
        private final int steps;
        private final Map<String, SetModel> model = new HashMap<>();
        private final EngineTester t;
        private final long emptyBytes;
        private MemoryView view;
        private Map<String, SetModel> frozen;

        Run(EngineConfig config, Random random, int pool, int batch, int steps) {
            this.config = config;
            this.random = random;
            this.pool = pool;
            this.batch = batch;
            this.steps = steps;
            this.t = new EngineTester(config, PageSize.KIB_4);
            this.emptyBytes = t.engine.allocator().usedBytes();
        }

        void run() {
            try (t) {
                int forkAt = random.nextInt(steps / 2);
                int checkAt = forkAt + 1 + random.nextInt(steps / 2);
                for (int step = 0; step < steps; step++) {
                    if (step == forkAt) {
                        fork();
                    }
                    if (step == checkAt) {
                        checkView();
                    }
                    step();
                    if (step % 100 == 0) {
                        checkAll();
                    }
                }
                checkAll();
                if (view != null) {
                    checkView();
                }
                t.call("FLUSHALL");
                assertThat(t.engine.allocator().usedBytes()).as("every set, scratch set and old encoding freed")
                        .isEqualTo(emptyBytes);
            }
        }

        private void step() {
            String key = key();
            int dice = random.nextInt(100);
            if (dice < 25) {
                sadd(key);
            } else if (dice < 35) {
                srem(key);
            } else if (dice < 42) {
                smove(key, key());
            } else if (dice < 50) {
                spop(key);
            } else if (dice < 55) {
                srandmember(key);
            } else if (dice < 65) {
                store(random.nextInt(3), key(), keys());
            } else if (dice < 75) {
                combine(random.nextInt(4), keys());
            } else if (dice < 80) {
                sscan(key);
            } else if (dice < 82) {
                t.call("DEL", key);
                model.remove(key);
            } else {
                membership(key);
            }
        }

        // -----------------------------------------------------------------------------------------
        // Commands and their models

        private void sadd(String key) {
            List<String> added = draw(1 + random.nextInt(batch));
            SetModel set = model.get(key);
            if (set == null) {
                set = SetModel.create(config, added.get(0), added.size());
            } else {
                set.prepareFor(added.size());
            }
            long count = added.stream().filter(set::add).count();
            model.put(key, set);
            assertThat(t.call(args("SADD", key, added))).isEqualTo(integer(count));
            assertThat(t.effects()).isEqualTo(count > 0 ? command(args("SADD", key, added)) : "");
            checkEncoding(key);
        }

        private void srem(String key) {
            List<String> removed = draw(1 + random.nextInt(Math.max(1, batch / 2)));
            SetModel set = model.get(key);
            long count = 0;
            for (String member : removed) {
                if (set != null && set.remove(member)) {
                    count++;
                    if (set.members.isEmpty()) {
                        break;
                    }
                }
            }
            if (set != null && set.members.isEmpty()) {
                model.remove(key);
            }
            assertThat(t.call(args("SREM", key, removed))).isEqualTo(integer(count));
            checkEncoding(key);
        }

        private void smove(String source, String destination) {
            String member = random.nextBoolean() && model.containsKey(source)
                    ? List.copyOf(model.get(source).members).get(random.nextInt(model.get(source).members.size()))
                    : draw(1).get(0);
            SetModel from = model.get(source);
            boolean moved = from != null && from.members.contains(member);
            if (moved && !source.equals(destination)) {
                from.remove(member);
                if (from.members.isEmpty()) {
                    model.remove(source);
                }
                model.computeIfAbsent(destination, k -> SetModel.create(config, member, 1)).add(member);
            }
            assertThat(t.call("SMOVE", source, destination, member)).isEqualTo(integer(moved ? 1 : 0));
            checkEncoding(source);
            checkEncoding(destination);
        }

        private void spop(String key) {
            SetModel set = model.get(key);
            if (random.nextInt(3) == 0) {
                List<String> popped = members("*1\r\n" + t.call("SPOP", key));
                if (set == null) {
                    assertThat(popped).isEmpty();
                    return;
                }
                assertThat(set.members).contains(popped.get(0));
                assertThat(t.effects()).isEqualTo(command("SREM", key, popped.get(0)));
                set.remove(popped.get(0));
            } else {
                int size = set == null ? 0 : set.members.size();
                int count = random.nextBoolean() ? Math.max(0, size - 1 - random.nextInt(2)) : random.nextInt(size + 2);
                List<String> popped = members(t.call("SPOP", key, Integer.toString(count)));
                assertThat(popped).hasSize(Math.min(count, size)).doesNotHaveDuplicates();
                if (set == null || count == 0) {
                    assertThat(t.effects()).isEmpty();
                    return;
                }
                assertThat(set.members).containsAll(popped);
                popped.forEach(set::remove);
                if (count >= size) {
                    assertThat(t.effects()).isEqualTo(command("DEL", key));
                } else {
                    StringBuilder srems = new StringBuilder();
                    popped.forEach(member -> srems.append(command("SREM", key, member)));
                    assertThat(t.effects()).isEqualTo(srems.toString());
                    if ((long) (size - count) * 5 <= count) {
                        model.put(key, rebuilt(set));
                    }
                }
            }
            if (model.get(key).members.isEmpty()) {
                model.remove(key);
            }
            checkEncoding(key);
        }

        /** What SPOP keeps of most of a set: a new set, an intset from an intset and a listpack otherwise. */
        private SetModel rebuilt(SetModel set) {
            SetModel kept = SetModel.empty(config, set.encoding.equals("intset") ? "intset" : "listpack");
            set.members.forEach(kept::add);
            return kept;
        }

        private void srandmember(String key) {
            SetModel set = model.get(key);
            int count = random.nextInt(2 * pool) - pool;
            List<String> drawn = members(t.call("SRANDMEMBER", key, Integer.toString(count)));
            int size = set == null ? 0 : set.members.size();
            if (count < 0) {
                assertThat(drawn).hasSize(size == 0 ? 0 : -count);
            } else {
                assertThat(drawn).hasSize(Math.min(count, size)).doesNotHaveDuplicates();
            }
            if (set != null) {
                assertThat(set.members).containsAll(drawn);
            }
            assertThat(t.effects()).isEmpty();
        }

        private void store(int operation, String destination, List<String> sources) {
            String name = new String[] {"SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"}[operation];
            Map<String, List<String>> orders = new HashMap<>();
            for (String source : sources) {
                orders.put(source, members(t.call("SMEMBERS", source)));   // each source's walking order
            }
            SetModel result = switch (operation) {
                case 0 -> intersection(sources);
                case 1 -> union(sources, orders);
                default -> difference(sources, orders);
            };
            boolean existed = model.containsKey(destination);
            if (result.members.isEmpty()) {
                model.remove(destination);
            } else {
                model.put(destination, result);
            }
            List<String> args = new ArrayList<>(List.of(name, destination));
            args.addAll(sources);
            assertThat(t.call(args.toArray(String[]::new))).isEqualTo(integer(result.members.size()));
            boolean changed = existed || !result.members.isEmpty();
            assertThat(t.effects()).isEqualTo(changed ? command(args.toArray(String[]::new)) : "");
            checkEncoding(destination);
        }

        private SetModel intersection(List<String> sources) {
            if (sources.stream().anyMatch(source -> !model.containsKey(source))) {
                return SetModel.empty(config, "intset");
            }
            List<SetModel> bySize = sources.stream().map(model::get)
                    .sorted(Comparator.comparingInt(set -> set.members.size())).toList();
            SetModel result = SetModel.empty(config, bySize.get(0).encoding.equals("intset") ? "intset" : "listpack");
            for (String member : bySize.get(0).members) {
                if (bySize.stream().allMatch(set -> set.members.contains(member))) {
                    result.add(member);
                }
            }
            result.compactToIntset();
            return result;
        }

        private SetModel union(List<String> sources, Map<String, List<String>> orders) {
            SetModel result = SetModel.empty(config, "intset");
            sources.forEach(source -> orders.get(source).forEach(result::add));
            return result;
        }

        /** Redis's two algorithms, chosen as Redis chooses: the encoding depends on which adds happen. */
        private SetModel difference(List<String> sources, Map<String, List<String>> orders) {
            SetModel result = SetModel.empty(config, "intset");
            SetModel first = model.get(sources.get(0));
            if (first == null || sources.subList(1, sources.size()).contains(sources.get(0))) {
                return result;
            }
            long walk = 0;
            long copy = 0;
            for (String source : sources) {
                if (model.containsKey(source)) {
                    walk += first.members.size();
                    copy += model.get(source).members.size();
                }
            }
            List<SetModel> others = sources.subList(1, sources.size()).stream().filter(model::containsKey).map(model::get).toList();
            if (walk / 2 <= copy) {
                for (String member : orders.get(sources.get(0))) {
                    if (others.stream().noneMatch(set -> set.members.contains(member))) {
                        result.add(member);
                    }
                }
            } else {
                orders.get(sources.get(0)).forEach(result::add);
                others.forEach(other -> other.members.forEach(result::remove));
            }
            return result;
        }

        private void combine(int operation, List<String> sources) {
            String name = new String[] {"SINTER", "SUNION", "SDIFF", "SINTERCARD"}[operation];
            Set<String> expected = new HashSet<>();
            List<Set<String>> sets = sources.stream()
                    .map(source -> model.containsKey(source) ? model.get(source).members : Set.<String>of()).toList();
            switch (operation) {
                case 0, 3 -> {
                    expected.addAll(sets.get(0));
                    sets.forEach(expected::retainAll);
                }
                case 1 -> sets.forEach(expected::addAll);
                default -> {
                    expected.addAll(sets.get(0));
                    sets.subList(1, sets.size()).forEach(expected::removeAll);
                }
            }
            List<String> args = new ArrayList<>(List.of(name));
            if (operation == 3) {
                args.add(Integer.toString(sources.size()));
            }
            args.addAll(sources);
            String reply = t.call(args.toArray(String[]::new));
            if (operation == 3) {
                assertThat(reply).isEqualTo(integer(expected.size()));
            } else {
                assertThat(new TreeSet<>(members(reply))).as(String.join(" ", args)).isEqualTo(new TreeSet<>(expected));
                assertThat(members(reply)).hasSize(expected.size());
            }
        }

        private void sscan(String key) {
            Set<String> seen = new HashSet<>();
            String cursor = "0";
            do {
                List<String> page = members(t.call("SSCAN", key, cursor, "COUNT", Integer.toString(1 + random.nextInt(20))));
                cursor = page.get(0);
                seen.addAll(page.subList(1, page.size()));
            } while (!cursor.equals("0"));
            assertThat(seen).isEqualTo(model.containsKey(key) ? model.get(key).members : Set.of());
        }

        private void membership(String key) {
            List<String> probes = draw(1 + random.nextInt(5));
            SetModel set = model.get(key);
            String expected = "*" + probes.size() + "\r\n" + String.join("", probes.stream()
                    .map(probe -> integer(set != null && set.members.contains(probe) ? 1 : 0)).toList());
            assertThat(t.call(args("SMISMEMBER", key, probes))).isEqualTo(expected);
            assertThat(t.call("SCARD", key)).isEqualTo(integer(set == null ? 0 : set.members.size()));
        }

        // -----------------------------------------------------------------------------------------
        // Checks

        private void checkEncoding(String key) {
            SetModel set = model.get(key);
            String reply = t.call("OBJECT", "ENCODING", key);
            assertThat(reply).as("OBJECT ENCODING %s of %s", key, set == null ? "nothing" : set.members)
                    .isEqualTo(set == null ? "$-1\r\n" : "$" + set.encoding.length() + "\r\n" + set.encoding + "\r\n");
        }

        private void checkAll() {
            for (String key : KEYS) {
                SetModel set = model.get(key);
                List<String> members = members(t.call("SMEMBERS", key));
                assertThat(new HashSet<>(members)).as("SMEMBERS %s", key).isEqualTo(set == null ? Set.of() : set.members);
                assertThat(members).hasSize(set == null ? 0 : set.members.size());
                checkEncoding(key);
            }
        }

        private void fork() {
            view = t.engine.memory().fork();
            frozen = new HashMap<>();
            model.forEach((key, set) -> frozen.put(key, set.copy()));
        }

        /** The view reads, through SetValue's readers, exactly the sets of the model at the fork. */
        private void checkView() {
            Memory memory = view;
            long keys = Keyspace.keys(memory, t.engine.keyspace().root(), 0);
            assertThat(Dict.size(memory, keys)).isEqualTo(frozen.size());
            for (Map.Entry<String, SetModel> expected : frozen.entrySet()) {
                byte[] name = expected.getKey().getBytes(StandardCharsets.UTF_8);
                long entry = Dict.find(memory, keys, name, 0, name.length);
                assertThat(entry).isNotZero();
                long value = KeyEntry.value(memory, entry);
                var encoding = KeyEntry.encoding(memory, entry);
                SetModel set = expected.getValue();
                assertThat(encoding.encodingName()).isEqualTo(set.encoding);
                assertThat(SetValue.size(memory, value, encoding)).isEqualTo(set.members.size());
                List<String> read = new ArrayList<>();
                SetValue.forEach(memory, value, encoding, element ->
                        read.add(new String(element.toBytes(memory), StandardCharsets.UTF_8)));
                assertThat(read).hasSize(set.members.size());
                assertThat(new HashSet<>(read)).as("set %s through the view", expected.getKey()).isEqualTo(set.members);
                SetMember probe = new SetMember();
                for (String candidate : draw(5)) {
                    byte[] bytes = candidate.getBytes(StandardCharsets.UTF_8);
                    assertThat(SetValue.contains(memory, value, encoding, probe.load(bytes, 0, bytes.length)))
                            .isEqualTo(set.members.contains(candidate));
                }
            }
            view.close();
            view = null;
        }

        // -----------------------------------------------------------------------------------------
        // Drawing

        private String key() {
            return KEYS[random.nextInt(KEYS.length)];
        }

        private List<String> keys() {
            return IntStream.range(0, 1 + random.nextInt(3)).mapToObj(i -> key()).toList();
        }

        /** Members: integers of the pool (sometimes huge or negative), and strings short and long. */
        private List<String> draw(int count) {
            List<String> drawn = new ArrayList<>(count);
            boolean integersOnly = random.nextInt(3) == 0;
            for (int i = 0; i < count; i++) {
                int dice = random.nextInt(100);
                if (integersOnly || dice < 50) {
                    drawn.add(Integer.toString(random.nextInt(pool)));
                } else if (dice < 55) {
                    drawn.add(Long.toString(random.nextLong() >> random.nextInt(64)));
                } else if (dice < 60) {
                    drawn.add("0" + random.nextInt(10));
                } else {
                    int length = 1 + random.nextInt(random.nextInt(10) == 0 ? config.setMaxListpackValue + 8 : 3);
                    drawn.add(("s" + random.nextInt(pool) + "-".repeat(length)).substring(0, length));
                }
            }
            return drawn;
        }

        private static String[] args(String name, String key, List<String> members) {
            List<String> args = new ArrayList<>(List.of(name, key));
            args.addAll(members);
            return args.toArray(String[]::new);
        }
    }
}
