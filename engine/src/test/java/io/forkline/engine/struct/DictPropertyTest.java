package io.forkline.engine.struct;

import io.forkline.pages.Memory;
import io.forkline.pages.MemoryView;
import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.Seeded;
import io.forkline.pages.alloc.Allocator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Random insert / unlink / find / payload update / rehash / shrink sequences over about 3000 keys, checked
 * against a {@code HashMap<String, Long>} whose values are the 8-byte payloads; a fork taken mid-sequence
 * must keep showing the dict as it was at the fork through find, forEach, scan, size and randomEntry while
 * the live dict goes on changing.
 */
class DictPropertyTest {

    private static final int UNIVERSE = 3000;
    /** The population each third of a run heads for: up to thousands of keys, down to a sparse few, up again. */
    private static final int[] TARGETS = {2500, 60, 2500};

    static LongStream seeds() {
        return Seeded.seeds(12);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void smallPages(long seed) {
        Seeded.run(seed, random -> {
            Run run = new Run(PageSize.KIB_4, random);
            run.steps(15_000);
            assertThat(run.shrinks).as("shrinks started").isPositive();
            assertThat(run.peak).as("most keys at once").isGreaterThan(2000);
        });
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void hugePages(long seed) {
        Seeded.run(seed, random -> new Run(PageSize.MIB_2, random).steps(5_000));
    }

    /** Keys of many shapes: the empty key, short ones, and every 40th a few hundred bytes long. */
    static String keyOf(int index) {
        if (index == 0) {
            return "";
        }
        String key = "k" + index;
        return index % 40 == 0 ? key.repeat(300 / key.length() + 1) : key;
    }

    private static final class Run {
        final Random random;
        final PagedMemory memory;
        final Allocator allocator;
        final long dict;
        final Map<String, Long> model = new HashMap<>();
        /** The model's keys in an indexable list, with each key's index, to unlink a random present key. */
        final List<String> present = new ArrayList<>();
        final Map<String, Integer> presentIndex = new HashMap<>();
        int shrinks;
        int peak;
        MemoryView view;
        Map<String, Long> frozen;

        Run(PageSize pageSize, Random random) {
            this.random = random;
            this.memory = PagedMemory.create(pageSize);
            this.allocator = new Allocator(memory);
            this.dict = Dict.create(allocator, 8);
        }

        void steps(int count) {
            try (memory) {
                int phase = count / TARGETS.length + 1;
                for (int step = 0; step < count; step++) {
                    step(TARGETS[step / phase]);
                    peak = Math.max(peak, model.size());
                    if (step % 500 == 499) {
                        checkLive();
                    }
                    if (view != null && step % 400 == 399) {
                        checkView();
                    }
                }
                checkLive();
                if (view != null) {
                    checkView();
                    view.close();
                }
                freeEverything();
            }
        }

        void step(int target) {
            int dice = random.nextInt(100);
            if (dice < 50) {   // head for the target, so that tables grow and shrink
                String key = model.size() < target ? absentKey() : present.isEmpty() ? null : presentKey();
                if (key != null) {
                    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
                    if (model.size() < target) {
                        insert(key, bytes);
                    } else {
                        unlink(key, bytes);
                    }
                }
                return;
            }
            String key = keyOf(random.nextInt(UNIVERSE));
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            if (dice < 56) {
                insert(key, bytes);
            } else if (dice < 62) {
                unlink(key, bytes);
            } else if (dice < 72) {
                long entry = Dict.find(memory, dict, bytes, 0, bytes.length);
                checkEntry(memory, entry, key, model);
            } else if (dice < 80) {
                long entry = Dict.findForWrite(allocator, dict, bytes, 0, bytes.length);
                checkEntry(memory, entry, key, model);
                if (entry != 0) {
                    long value = random.nextLong();
                    memory.putLong(Dict.payload(entry), value);
                    model.put(key, value);
                }
            } else if (dice < 87) {
                Dict.rehashFor(allocator, dict, 0);
            } else if (dice < 94) {
                shrink();
            } else if (dice < 96) {
                toggleView();
            } else {
                checkRandomEntry(memory, model);
            }
        }

        String absentKey() {
            while (true) {
                String key = keyOf(random.nextInt(UNIVERSE));
                if (!model.containsKey(key)) {
                    return key;
                }
            }
        }

        String presentKey() {
            return present.get(random.nextInt(present.size()));
        }

        void insert(String key, byte[] bytes) {
            if (model.containsKey(key)) {
                assertThatThrownBy(() -> Dict.insert(allocator, dict, bytes, 0, bytes.length))
                        .isInstanceOf(IllegalStateException.class);
                return;
            }
            long entry = Dict.insert(allocator, dict, bytes, 0, bytes.length);
            assertThat(memory.getLong(Dict.payload(entry))).as("a new payload").isZero();
            long value = random.nextLong();
            memory.putLong(Dict.payload(entry), value);
            model.put(key, value);
            presentIndex.put(key, present.size());
            present.add(key);
        }

        void unlink(String key, byte[] bytes) {
            long entry = Dict.unlink(allocator, dict, bytes, 0, bytes.length);
            checkEntry(memory, entry, key, model);
            if (entry != 0) {
                model.remove(key);
                int at = presentIndex.remove(key);
                String last = present.removeLast();
                if (at < present.size()) {
                    present.set(at, last);
                    presentIndex.put(last, at);
                }
                Dict.freeEntry(allocator, entry);
            }
        }

        void shrink() {
            boolean sparse = !Dict.isRehashing(memory, dict) && view == null
                    && DictDescriptor.tableSize(memory, dict, 0) > 4 && model.size() * 10L < DictDescriptor.tableSize(memory, dict, 0);
            assertThat(Dict.shrinkIfSparse(allocator, dict)).isEqualTo(sparse);
            if (sparse) {
                shrinks++;
                assertThat(DictDescriptor.tableSize(memory, dict, 1))
                        .isEqualTo(Math.max(4, Long.highestOneBit(Math.max(1, model.size() - 1)) << 1))
                        .isLessThan(DictDescriptor.tableSize(memory, dict, 0));
            }
        }

        void toggleView() {
            if (view == null) {
                view = memory.fork();
                frozen = new HashMap<>(model);
            } else {
                checkView();
                view.close();
                view = null;
                frozen = null;
            }
        }

        void checkLive() {
            check(memory, model);
        }

        void checkView() {
            check(view, frozen);
            for (int i = 0; i < 50; i++) {   // and what is not there, whatever the live dict holds now
                String key = keyOf(random.nextInt(UNIVERSE));
                byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
                checkEntry(view, Dict.find(view, dict, bytes, 0, bytes.length), key, frozen);
            }
            checkRandomEntry(view, frozen);
        }

        /** Size, every key's payload, and the keys forEach and a full scan return, against a model. */
        void check(Memory memory, Map<String, Long> expected) {
            assertThat(Dict.size(memory, dict)).isEqualTo(expected.size());
            for (var e : expected.entrySet()) {
                byte[] bytes = e.getKey().getBytes(StandardCharsets.UTF_8);
                long entry = Dict.find(memory, dict, bytes, 0, bytes.length);
                assertThat(entry).as("entry of '%s'", e.getKey()).isNotZero();
                assertThat(memory.getLong(Dict.payload(entry))).as("payload of '%s'", e.getKey()).isEqualTo(e.getValue());
            }
            Map<String, Long> walked = new HashMap<>();
            Dict.forEach(memory, dict, entry -> walked.put(DictTest.text(memory, entry), memory.getLong(Dict.payload(entry))));
            assertThat(walked).isEqualTo(expected);
            List<String> scanned = new ArrayList<>(DictTest.scanAll(memory, dict));
            DictTest.assertSameKeysOnce(scanned, expected.keySet());
        }

        void checkRandomEntry(Memory memory, Map<String, Long> expected) {
            long entry = Dict.randomEntry(memory, dict, random);
            if (expected.isEmpty()) {
                assertThat(entry).isZero();
            } else {
                assertThat(expected).containsKey(DictTest.text(memory, entry));
            }
        }

        static void checkEntry(Memory memory, long entry, String key, Map<String, Long> expected) {
            Long value = expected.get(key);
            if (value == null) {
                assertThat(entry).as("entry of absent '%s'", key).isZero();
            } else {
                assertThat(entry).as("entry of '%s'", key).isNotZero();
                assertThat(DictTest.text(memory, entry)).isEqualTo(key);
                assertThat(memory.getLong(Dict.payload(entry))).as("payload of '%s'", key).isEqualTo(value);
            }
        }

        void freeEverything() {
            Map<String, Long> freed = new HashMap<>();
            Dict.free(allocator, dict, entry -> freed.put(DictTest.text(memory, entry), memory.getLong(Dict.payload(entry))));
            assertThat(freed).isEqualTo(model);
            assertThat(allocator.usedBytes()).as("bytes left after freeing the dict").isZero();
        }
    }
}
