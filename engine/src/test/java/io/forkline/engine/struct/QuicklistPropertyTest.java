package io.forkline.engine.struct;

import io.forkline.pages.MemoryView;
import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.Seeded;
import io.forkline.pages.alloc.Allocator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sequences of every quicklist operation, checked against an ArrayList of strings: pushes and
 * pops at both ends, reads and writes by index, inserts and deletes through cursors walking either
 * way, range deletes, whole listpacks and PLAIN nodes appended, copies. Fills and PLAIN thresholds
 * are drawn per run so that nodes split, merge and turn PLAIN often. After each step the contents
 * agree; every few steps the invariants hold ({@link QuicklistChecks#checkInvariants}) and the list
 * reads the same backwards. Each run forks the memory mid-sequence, keeps writing, and checks that
 * the view still reads the list as it was, then closes the view; at the end every byte is freed.
 */
class QuicklistPropertyTest {

    private static final int[] FILLS = {-5, -4, -3, -2, -1, 0, 1, 2, 3, 5, 16, 128, 1000};
    private static final long[] THRESHOLDS = {Quicklist.DEFAULT_PACKED_THRESHOLD, 12, 100, 1000};

    static LongStream seeds() {
        return Seeded.seeds(16);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void smallPages(long seed) {
        Seeded.run(seed, random -> new Run(PageSize.KIB_4, random).steps(1500));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void hugePages(long seed) {
        Seeded.run(seed, random -> new Run(PageSize.MIB_2, random).steps(400));
    }

    /** One sequence: the memory, the list under test, its model, and an open fork if any. */
    private static final class Run {
        final Random random;
        final PageSize pageSize;
        final List<String> model = new ArrayList<>();
        final Element element = new Element();
        final int fill;
        final long threshold;
        PagedMemory memory;
        Allocator allocator;
        long quicklist;

        MemoryView view;
        List<String> frozenModel;
        String frozenLayout;

        Run(PageSize pageSize, Random random) {
            this.pageSize = pageSize;
            this.random = random;
            this.fill = FILLS[random.nextInt(FILLS.length)];
            this.threshold = THRESHOLDS[random.nextInt(THRESHOLDS.length)];
        }

        void steps(int count) {
            try (PagedMemory opened = PagedMemory.create(pageSize)) {
                memory = opened;
                allocator = new Allocator(memory);
                quicklist = Quicklist.create(allocator, fill, threshold);
                int forkAt = random.nextInt(count / 2);
                int checkViewAt = forkAt + 1 + random.nextInt(count / 2);
                for (int step = 0; step < count; step++) {
                    if (step == forkAt) {
                        fork();
                    }
                    if (step == checkViewAt) {
                        checkViewAndClose();
                    }
                    step();
                    assertThat(Quicklist.size(memory, quicklist)).as("size after step %d", step).isEqualTo(model.size());
                    if (step % 10 == 0) {
                        checkEverything();
                    }
                }
                checkEverything();
                if (view != null) {
                    checkViewAndClose();
                }
                Quicklist.free(allocator, quicklist);
                assertThat(allocator.usedBytes()).isZero();
            }
        }

        void step() {
            int dice = random.nextInt(100);
            if (model.size() > 400) {
                deleteRange();
            } else if (dice < 25 || model.isEmpty()) {
                push();
            } else if (dice < 35) {
                pop();
            } else if (dice < 45) {
                get();
            } else if (dice < 53) {
                set();
            } else if (dice < 68) {
                insert();
            } else if (dice < 76) {
                deleteWhileWalking();
            } else if (dice < 82) {
                deleteRange();
            } else if (dice < 90) {
                walkFrom();
            } else if (dice < 93) {
                appendListpack();
            } else if (dice < 95) {
                appendPlain();
            } else if (dice < 97) {
                duplicate();
            } else {
                ends();
            }
        }

        // -----------------------------------------------------------------------------------------
        // Operations

        void push() {
            boolean head = random.nextBoolean();
            String value = value();
            Quicklist.push(allocator, quicklist, head, bytes(value), 0, value.length());
            if (head) {
                model.addFirst(value);
            } else {
                model.addLast(value);
            }
        }

        void pop() {
            boolean head = random.nextBoolean();
            if (random.nextBoolean()) {
                byte[] popped = Quicklist.pop(allocator, quicklist, head);
                if (model.isEmpty()) {
                    assertThat(popped).isNull();
                } else {
                    assertThat(text(popped)).isEqualTo(head ? model.removeFirst() : model.removeLast());
                }
            } else {
                boolean removed = head ? Quicklist.removeHead(allocator, quicklist) : Quicklist.removeTail(allocator, quicklist);
                assertThat(removed).isEqualTo(!model.isEmpty());
                if (removed) {
                    model.remove(head ? 0 : model.size() - 1);
                }
            }
        }

        void get() {
            long index = index();
            boolean found = Quicklist.get(memory, quicklist, index, element);
            String expected = modelAt(index);
            assertThat(found).as("get %d of %d", index, model.size()).isEqualTo(expected != null);
            if (found) {
                assertThat(text(element.toBytes(memory))).isEqualTo(expected);
            }
        }

        void set() {
            long index = index();
            String value = value();
            boolean replaced = Quicklist.set(allocator, quicklist, index, bytes(value), 0, value.length());
            String old = modelAt(index);
            assertThat(replaced).isEqualTo(old != null);
            if (replaced) {
                model.set((int) (index < 0 ? model.size() + index : index), value);
            }
        }

        /** Walks to a random element from a random end, then inserts before or after it. */
        void insert() {
            int target = random.nextInt(model.size());
            boolean forward = random.nextBoolean();
            QuicklistCursor cursor = new QuicklistCursor().start(memory, quicklist, forward);
            int steps = forward ? target + 1 : model.size() - target;
            for (int i = 0; i < steps; i++) {
                assertThat(cursor.next(element)).isTrue();
            }
            assertThat(cursor.matches(bytes(model.get(target)), 0, model.get(target).length())).isTrue();
            boolean after = random.nextBoolean();
            String value = value();
            Quicklist.insert(allocator, cursor, after, bytes(value), 0, value.length());
            model.add(after ? target + 1 : target, value);
            assertThat(cursor.next(element)).as("an insert ends the walk").isFalse();
        }

        /** Like LREM: walks one way deleting every element that a random predicate picks, up to a limit. */
        void deleteWhileWalking() {
            boolean forward = random.nextBoolean();
            int modulus = 1 + random.nextInt(4);
            int limit = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(5);
            QuicklistCursor cursor = new QuicklistCursor().start(memory, quicklist, forward);
            List<String> kept = new ArrayList<>();
            int removed = 0;
            int visited = 0;
            List<String> walkOrder = forward ? model : model.reversed();
            while (cursor.next(element)) {
                String seen = text(element.toBytes(memory));
                assertThat(seen).isEqualTo(walkOrder.get(visited));
                boolean pick = (limit == 0 || removed < limit) && (seen.hashCode() & 0x7FFF) % modulus == 0;
                if (pick) {
                    Quicklist.delete(allocator, cursor);
                    removed++;
                } else {
                    kept.add(seen);
                }
                visited++;
            }
            assertThat(visited).isEqualTo(model.size());
            model.clear();
            model.addAll(forward ? kept : kept.reversed());
        }

        void deleteRange() {
            long start = random.nextInt(2 * model.size() + 3) - model.size() - 1L;
            long count = random.nextInt(4) == 0 ? random.nextInt(model.size() + 2) : random.nextInt(8) - 1;
            long deleted = Quicklist.deleteRange(allocator, quicklist, start, count);
            long first = start < 0 ? model.size() + start : start;
            long expected = count <= 0 || first < 0 || first >= model.size() ? 0 : Math.min(count, model.size() - first);
            assertThat(deleted).as("deleteRange(%d, %d) of %d", start, count, model.size()).isEqualTo(expected);
            if (expected > 0) {
                model.subList((int) first, (int) (first + expected)).clear();
            }
        }

        /** A cursor placed by index reads a few elements on from there, either way. */
        void walkFrom() {
            long index = index();
            boolean forward = random.nextBoolean();
            QuicklistCursor cursor = new QuicklistCursor().seek(memory, quicklist, index, forward);
            String first = modelAt(index);
            if (first == null) {
                assertThat(cursor.next(element)).isFalse();
                return;
            }
            int at = (int) (index < 0 ? model.size() + index : index);
            for (int i = 0; i < 12 && at >= 0 && at < model.size(); i++) {
                assertThat(cursor.next(element)).isTrue();
                assertThat(text(element.toBytes(memory))).isEqualTo(model.get(at));
                at += forward ? 1 : -1;
            }
            if (at < 0 || at >= model.size()) {
                assertThat(cursor.next(element)).isFalse();
            }
        }

        void appendListpack() {
            long listpack = Listpack.create(allocator);
            int entries = 1 + random.nextInt(6);
            for (int i = 0; i < entries; i++) {
                String value = shortValue();
                listpack = Listpack.append(allocator, listpack, bytes(value), 0, value.length());
                model.addLast(value);
            }
            Quicklist.appendListpack(allocator, quicklist, listpack);
        }

        void appendPlain() {
            String value = random.nextBoolean() ? shortValue() : value();
            Quicklist.appendPlain(allocator, quicklist, bytes(value), 0, value.length());
            model.addLast(value);
        }

        void duplicate() {
            long copy = Quicklist.duplicate(allocator, quicklist);
            assertThat(QuicklistChecks.layout(memory, copy)).isEqualTo(QuicklistChecks.layout(memory, quicklist));
            assertThat(QuicklistChecks.contents(memory, copy)).isEqualTo(model);
            assertThat(Quicklist.fill(memory, copy)).isEqualTo(Quicklist.fill(memory, quicklist));
            assertThat(Quicklist.packedThreshold(memory, copy)).isEqualTo(threshold);
            String value = value();
            Quicklist.pushHead(allocator, copy, bytes(value), 0, value.length());   // the copy is independent
            assertThat(QuicklistChecks.contents(memory, quicklist)).isEqualTo(model);
            Quicklist.free(allocator, copy);
        }

        void ends() {
            assertThat(Quicklist.first(memory, quicklist, element)).isEqualTo(!model.isEmpty());
            if (!model.isEmpty()) {
                assertThat(text(element.toBytes(memory))).isEqualTo(model.getFirst());
                assertThat(Quicklist.last(memory, quicklist, element)).isTrue();
                assertThat(text(element.toBytes(memory))).isEqualTo(model.getLast());
            }
        }

        // -----------------------------------------------------------------------------------------
        // Checks

        void checkEverything() {
            QuicklistChecks.checkInvariants(memory, quicklist);
            assertThat(QuicklistChecks.contents(memory, quicklist)).isEqualTo(model);
            assertThat(QuicklistChecks.contentsBackward(memory, quicklist)).isEqualTo(model.reversed());
            List<String> each = new ArrayList<>();
            Quicklist.forEach(memory, quicklist, e -> each.add(text(e.toBytes(memory))));
            assertThat(each).isEqualTo(model);
        }

        void fork() {
            view = memory.fork();
            frozenModel = List.copyOf(model);
            frozenLayout = QuicklistChecks.layout(memory, quicklist);
        }

        void checkViewAndClose() {
            QuicklistChecks.checkInvariants(view, quicklist);
            assertThat(QuicklistChecks.layout(view, quicklist)).isEqualTo(frozenLayout);
            assertThat(QuicklistChecks.contents(view, quicklist)).isEqualTo(frozenModel);
            assertThat(QuicklistChecks.contentsBackward(view, quicklist)).isEqualTo(frozenModel.reversed());
            List<String> each = new ArrayList<>();
            Quicklist.forEach(view, quicklist, e -> each.add(text(e.toBytes(view))));
            assertThat(each).isEqualTo(frozenModel);
            view.close();
            view = null;
        }

        // -----------------------------------------------------------------------------------------
        // Values and indexes

        /** Integers of every listpack width, short strings, and lengths on both sides of the fills and the threshold. */
        String value() {
            int dice = random.nextInt(10);
            if (dice < 3) {
                return shortValue();
            } else if (dice < 6) {
                return "v" + random.nextInt(50) + "-" + "x".repeat(random.nextInt(40));
            } else if (dice < 8) {
                return "w" + random.nextInt(20) + "-" + "y".repeat(random.nextInt(1200));
            } else if (dice < 9) {
                long around = Math.min(threshold, 20_000);
                return "t" + "z".repeat((int) Math.max(0, around - 3 + random.nextInt(5)));
            }
            return "u" + "q".repeat(3000 + random.nextInt(6000));
        }

        String shortValue() {
            long[] integers = {0, 1, -1, 127, 128, 4095, -4096, 32767, 32768, 8_388_607, 8_388_608, Integer.MAX_VALUE,
                    Integer.MIN_VALUE - 1L, Long.MAX_VALUE, Long.MIN_VALUE, random.nextInt()};
            return random.nextBoolean() ? Long.toString(integers[random.nextInt(integers.length)]) : "s" + random.nextInt(30);
        }

        long index() {
            return random.nextInt(2 * model.size() + 5) - model.size() - 2L;
        }

        String modelAt(long index) {
            long at = index < 0 ? model.size() + index : index;
            return at < 0 || at >= model.size() ? null : model.get((int) at);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
