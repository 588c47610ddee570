package io.forkline.engine.types;

import io.forkline.engine.EffectsParser;
import io.forkline.engine.EngineTester;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.Keyspace;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.struct.Dict;
import io.forkline.pages.Memory;
import io.forkline.pages.MemoryView;
import io.forkline.pages.PageSize;
import io.forkline.pages.Seeded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import static io.forkline.engine.EngineTester.NIL;
import static io.forkline.engine.EngineTester.OK;
import static io.forkline.engine.EngineTester.WRONGTYPE;
import static io.forkline.engine.EngineTester.bulk;
import static io.forkline.engine.EngineTester.integer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random list commands on a few keys through the engine, each reply checked against a model of
 * {@code Map<String, List<String>>}: small nodes (list-max-listpack-size 1..4 or 4 KiB, so that
 * nodes split and merge all the time) and the default 8 KiB, with values from one byte to several
 * KiB. Every existing list reports the "quicklist" encoding and every emptied one is gone. What each
 * command propagated is replayed on a second engine, which must end up with the same lists. Each
 * run forks the memory mid-sequence, keeps going, and reads the frozen keyspace through the view with
 * {@link ListValue#forEach}, which must give the lists as they were; then the view is closed.
 */
class ListPropertyTest {

    private static final String NULL_ARRAY = "*-1\r\n";
    private static final int[] SMALL_FILLS = {1, 2, 3, 4, -1};

    static LongStream seeds() {
        return Seeded.seeds(8);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void smallNodes(long seed) {
        Seeded.run(seed, random -> {
            EngineConfig config = new EngineConfig();
            config.listMaxListpackSize = SMALL_FILLS[random.nextInt(SMALL_FILLS.length)];
            new Run(config, random, 1500).run(2500);
        });
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void defaultNodes(long seed) {
        Seeded.run(seed, random -> new Run(new EngineConfig(), random, 3000).run(2500));
    }

    /** One sequence: the engine under test, the replica fed its effects, and the model. */
    private static final class Run {
        final Random random;
        final EngineConfig config;
        final int longestValue;
        final Map<String, List<String>> model = new HashMap<>();
        final List<String> keys = List.of("k0", "k1", "k2", "k3", "k4");
        EngineTester t;
        EngineTester replica;

        MemoryView view;
        Map<String, List<String>> frozen;

        Run(EngineConfig config, Random random, int longestValue) {
            this.config = config;
            this.random = random;
            this.longestValue = longestValue;
        }

        void run(int steps) {
            try (EngineTester opened = new EngineTester(config, PageSize.KIB_4);
                 EngineTester mirror = new EngineTester(config, PageSize.KIB_4)) {
                t = opened;
                replica = mirror;
                t.call("SET", "s", "a string");
                replicate();
                int forkAt = random.nextInt(steps / 2);
                int checkViewAt = forkAt + 1 + random.nextInt(steps / 2);
                for (int step = 0; step < steps; step++) {
                    if (step == forkAt) {
                        view = t.engine.memory().fork();
                        frozen = copy(model);
                    }
                    if (step == checkViewAt) {
                        checkViewAndClose();
                    }
                    step();
                    replicate();
                    if (step % 100 == 0) {
                        checkAll();
                    }
                }
                checkAll();
                if (view != null) {
                    checkViewAndClose();
                }
            }
        }

        void step() {
            String key = keys.get(random.nextInt(keys.size()));
            List<String> list = model.get(key);
            int dice = random.nextInt(100);
            if (dice < 22) {
                push(key);
            } else if (dice < 25) {
                pushx(key, list);
            } else if (dice < 33) {
                pop(key, list);
            } else if (dice < 38) {
                expect(list == null ? integer(0) : integer(list.size()), "LLEN", key);
            } else if (dice < 44) {
                lrange(key, list);
            } else if (dice < 48) {
                lindex(key, list);
            } else if (dice < 53) {
                lset(key, list);
            } else if (dice < 61) {
                linsert(key, list);
            } else if (dice < 66) {
                lrem(key, list);
            } else if (dice < 70) {
                ltrim(key, list);
            } else if (dice < 75) {
                lpos(key, list);
            } else if (dice < 83) {
                move(key);
            } else if (dice < 89) {
                lmpop();
            } else if (dice < 91) {
                expect(integer(list == null ? 0 : 1), "DEL", key);
                model.remove(key);
            } else if (dice < 93) {
                expect(WRONGTYPE, random.nextBoolean() ? new String[] {"LPUSH", "s", value()} : new String[] {"LPOP", "s"});
            } else {
                expect(list == null ? NIL : bulk("quicklist"), "OBJECT", "ENCODING", key);
            }
        }

        // -----------------------------------------------------------------------------------------
        // Commands and what the model says they reply

        void push(String key) {
            boolean head = random.nextBoolean();
            List<String> args = new ArrayList<>(List.of(head ? "LPUSH" : "RPUSH", key));
            List<String> list = model.computeIfAbsent(key, k -> new ArrayList<>());
            for (int i = 1 + random.nextInt(random.nextInt(10) == 0 ? 40 : 4); i > 0; i--) {
                String value = value();
                args.add(value);
                if (head) {
                    list.addFirst(value);
                } else {
                    list.addLast(value);
                }
            }
            expect(integer(list.size()), args.toArray(String[]::new));
        }

        void pushx(String key, List<String> list) {
            String value = value();
            boolean head = random.nextBoolean();
            if (list != null) {
                if (head) {
                    list.addFirst(value);
                } else {
                    list.addLast(value);
                }
            }
            expect(integer(list == null ? 0 : list.size()), head ? "LPUSHX" : "RPUSHX", key, value);
        }

        void pop(String key, List<String> list) {
            boolean head = random.nextBoolean();
            String name = head ? "LPOP" : "RPOP";
            if (random.nextBoolean()) {
                String expected = list == null ? NIL : bulk(head ? list.removeFirst() : list.removeLast());
                dropIfEmpty(key);
                expect(expected, name, key);
                return;
            }
            int count = random.nextInt(6);
            if (list == null) {
                expect(NULL_ARRAY, name, key, Integer.toString(count));
                return;
            }
            List<String> popped = new ArrayList<>();
            for (int i = 0; i < count && !list.isEmpty(); i++) {
                popped.add(head ? list.removeFirst() : list.removeLast());
            }
            dropIfEmpty(key);
            expect(bulks(popped), name, key, Integer.toString(count));
        }

        void lrange(String key, List<String> list) {
            int size = list == null ? 0 : list.size();
            long start = random.nextInt(2 * size + 5) - size - 2L;
            long end = random.nextInt(2 * size + 5) - size - 2L;
            List<String> expected = new ArrayList<>();
            if (list != null) {
                long from = start < 0 ? Math.max(0, size + start) : start;
                long to = Math.min(end < 0 ? size + end : end, size - 1L);
                for (long i = from; i <= to; i++) {
                    expected.add(list.get((int) i));
                }
            }
            expect(bulks(expected), "LRANGE", key, Long.toString(start), Long.toString(end));
        }

        void lindex(String key, List<String> list) {
            long index = index(list);
            String element = at(list, index);
            expect(element == null ? NIL : bulk(element), "LINDEX", key, Long.toString(index));
        }

        void lset(String key, List<String> list) {
            long index = index(list);
            String value = value();
            String old = at(list, index);
            if (list == null) {
                expect(EngineTester.error("ERR no such key"), "LSET", key, Long.toString(index), value);
            } else if (old == null) {
                expect(EngineTester.error("ERR index out of range"), "LSET", key, Long.toString(index), value);
            } else {
                list.set((int) (index < 0 ? list.size() + index : index), value);
                expect(OK, "LSET", key, Long.toString(index), value);
            }
        }

        void linsert(String key, List<String> list) {
            String pivot = list != null && random.nextInt(5) > 0 ? list.get(random.nextInt(list.size())) : value();
            boolean after = random.nextBoolean();
            String value = value();
            String reply;
            if (list == null) {
                reply = integer(0);
            } else if (list.indexOf(pivot) < 0) {
                reply = integer(-1);
            } else {
                list.add(list.indexOf(pivot) + (after ? 1 : 0), value);
                reply = integer(list.size());
            }
            expect(reply, "LINSERT", key, after ? "AFTER" : "BEFORE", pivot, value);
        }

        void lrem(String key, List<String> list) {
            String target = list != null && random.nextInt(4) > 0 ? list.get(random.nextInt(list.size())) : value();
            int count = random.nextInt(7) - 3;
            long removed = 0;
            if (list != null) {
                List<String> order = count >= 0 ? list : list.reversed();
                for (int i = 0; i < order.size() && (count == 0 || removed < Math.abs(count)); ) {
                    if (order.get(i).equals(target)) {
                        order.remove(i);
                        removed++;
                    } else {
                        i++;
                    }
                }
                dropIfEmpty(key);
            }
            expect(integer(removed), "LREM", key, Integer.toString(count), target);
        }

        void ltrim(String key, List<String> list) {
            int size = list == null ? 0 : list.size();
            long start = random.nextInt(size + 4) - 3L;
            long end = random.nextInt(size + 4) - 3L;
            if (list != null) {
                long from = start < 0 ? Math.max(0, size + start) : start;
                long to = Math.min(end < 0 ? size + end : end, size - 1L);
                List<String> kept = from > to ? List.of() : new ArrayList<>(list.subList((int) from, (int) to + 1));
                list.clear();
                list.addAll(kept);
                dropIfEmpty(key);
            }
            expect(OK, "LTRIM", key, Long.toString(start), Long.toString(end));
        }

        void lpos(String key, List<String> list) {
            String target = list != null && random.nextInt(4) > 0 ? list.get(random.nextInt(list.size())) : value();
            long rank = random.nextBoolean() ? 1 : (random.nextBoolean() ? 1 : -1) * (1 + random.nextInt(3));
            long count = random.nextBoolean() ? -1 : random.nextInt(3);
            long maxlen = random.nextBoolean() ? 0 : random.nextInt(8);
            List<String> args = new ArrayList<>(List.of("LPOS", key, target, "RANK", Long.toString(rank)));
            if (count != -1) {
                args.addAll(List.of("COUNT", Long.toString(count)));
            }
            args.addAll(List.of("MAXLEN", Long.toString(maxlen)));
            List<Long> found = new ArrayList<>();
            int size = list == null ? 0 : list.size();
            long matches = 0;
            for (int scanned = 0; scanned < size && (maxlen == 0 || scanned < maxlen); scanned++) {
                int index = rank > 0 ? scanned : size - 1 - scanned;
                if (list.get(index).equals(target) && ++matches >= Math.abs(rank)) {
                    found.add((long) index);
                    if (count != -1 && count != 0 && found.size() >= count || count == -1) {
                        break;
                    }
                }
            }
            String reply;
            if (count != -1) {
                StringBuilder out = new StringBuilder("*" + found.size() + "\r\n");
                found.forEach(index -> out.append(integer(index)));
                reply = out.toString();
            } else {
                reply = found.isEmpty() ? NIL : integer(found.getFirst());
            }
            expect(reply, args.toArray(String[]::new));
        }

        void move(String source) {
            String destination = random.nextInt(8) == 0 ? "s" : keys.get(random.nextInt(keys.size()));
            boolean fromHead = random.nextBoolean();
            boolean toHead = random.nextBoolean();
            boolean rpoplpush = random.nextInt(3) == 0;
            if (rpoplpush) {
                fromHead = false;
                toHead = true;
            }
            String[] args = rpoplpush ? new String[] {"RPOPLPUSH", source, destination}
                    : new String[] {"LMOVE", source, destination, fromHead ? "LEFT" : "RIGHT", toHead ? "LEFT" : "RIGHT"};
            List<String> list = model.get(source);
            if (list == null) {
                expect(NIL, args);
            } else if (destination.equals("s")) {
                expect(WRONGTYPE, args);
            } else {
                String value = fromHead ? list.removeFirst() : list.removeLast();
                List<String> target = model.computeIfAbsent(destination, k -> new ArrayList<>());
                if (toHead) {
                    target.addFirst(value);
                } else {
                    target.addLast(value);
                }
                dropIfEmpty(source);
                expect(bulk(value), args);
            }
        }

        void lmpop() {
            int count = 1 + random.nextInt(3);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                names.add(keys.get(random.nextInt(keys.size())));
            }
            boolean head = random.nextBoolean();
            long popCount = random.nextBoolean() ? 1 : 1 + random.nextInt(5);
            List<String> args = new ArrayList<>(List.of("LMPOP", Integer.toString(count)));
            args.addAll(names);
            args.add(head ? "LEFT" : "RIGHT");
            if (popCount > 1 || random.nextBoolean()) {
                args.addAll(List.of("COUNT", Long.toString(popCount)));
            }
            String reply = NULL_ARRAY;
            for (String name : names) {
                List<String> list = model.get(name);
                if (list != null) {
                    List<String> popped = new ArrayList<>();
                    for (int i = 0; i < popCount && !list.isEmpty(); i++) {
                        popped.add(head ? list.removeFirst() : list.removeLast());
                    }
                    dropIfEmpty(name);
                    reply = "*2\r\n" + bulk(name) + bulks(popped);
                    break;
                }
            }
            expect(reply, args.toArray(String[]::new));
        }

        // -----------------------------------------------------------------------------------------
        // Checks

        void expect(String reply, String... args) {
            assertThat(t.call(args)).as(String.join(" ", Arrays.stream(args).map(Run::shorten).toList())).isEqualTo(reply);
        }

        /** Replays what the last command propagated on the replica. */
        void replicate() {
            for (Arguments effect : EffectsParser.parse(t.effects())) {
                replica.call(effect);
            }
        }

        void checkAll() {
            for (String key : keys) {
                List<String> list = model.get(key);
                String expected = list == null ? "*0\r\n" : bulks(list);
                assertThat(t.call("LRANGE", key, "0", "-1")).as("LRANGE %s", key).isEqualTo(expected);
                assertThat(replica.call("LRANGE", key, "0", "-1")).as("LRANGE %s on the replica", key).isEqualTo(expected);
                assertThat(t.call("OBJECT", "ENCODING", key)).isEqualTo(list == null ? NIL : bulk("quicklist"));
            }
            assertThat(t.call("DBSIZE")).isEqualTo(integer(model.size() + 1));
            assertThat(replica.call("DBSIZE")).isEqualTo(integer(model.size() + 1));
        }

        /** The view holds the lists of the model at the fork, read through the type's static reader. */
        void checkViewAndClose() {
            assertThat(listsIn(view, t.engine.keyspace().root())).isEqualTo(frozen);
            view.close();
            view = null;
        }

        // -----------------------------------------------------------------------------------------

        void dropIfEmpty(String key) {
            if (model.get(key) != null && model.get(key).isEmpty()) {
                model.remove(key);
            }
        }

        /** Small integers, short strings, and lengths up to several node sizes. */
        String value() {
            int dice = random.nextInt(10);
            if (dice < 3) {
                return Integer.toString(random.nextInt(200) - 100);
            } else if (dice < 7) {
                return "v" + random.nextInt(30);
            } else if (dice < 9) {
                return "m" + random.nextInt(10) + "-" + "x".repeat(random.nextInt(200));
            }
            return "L" + random.nextInt(5) + "-" + "y".repeat(random.nextInt(longestValue));
        }

        long index(List<String> list) {
            int size = list == null ? 0 : list.size();
            return random.nextInt(2 * size + 5) - size - 2L;
        }

        static String at(List<String> list, long index) {
            if (list == null) {
                return null;
            }
            long at = index < 0 ? list.size() + index : index;
            return at < 0 || at >= list.size() ? null : list.get((int) at);
        }

        static String shorten(String text) {
            return text.length() > 40 ? text.substring(0, 20) + "...(" + text.length() + ")" : text;
        }
    }

    /** Every list in database 0 of the keyspace at {@code root}, read through {@code memory}. */
    static Map<String, List<String>> listsIn(Memory memory, long root) {
        Map<String, List<String>> lists = new HashMap<>();
        Dict.forEach(memory, Keyspace.keys(memory, root, 0), entry -> {
            if (KeyEntry.type(memory, entry) != ValueType.LIST) {
                return;
            }
            List<String> elements = new ArrayList<>();
            ListValue.forEach(memory, KeyEntry.value(memory, entry), KeyEntry.encoding(memory, entry),
                    element -> elements.add(new String(element.toBytes(memory), StandardCharsets.UTF_8)));
            assertThat(ListValue.length(memory, KeyEntry.value(memory, entry), KeyEntry.encoding(memory, entry)))
                    .isEqualTo(elements.size());
            lists.put(new String(KeyEntry.keyBytes(memory, entry), StandardCharsets.UTF_8), elements);
        });
        return lists;
    }

    static String bulks(List<String> values) {
        StringBuilder out = new StringBuilder("*" + values.size() + "\r\n");
        values.forEach(value -> out.append(bulk(value)));
        return out.toString();
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> model) {
        Map<String, List<String>> copy = new HashMap<>();
        model.forEach((key, list) -> copy.put(key, List.copyOf(list)));
        return copy;
    }
}
