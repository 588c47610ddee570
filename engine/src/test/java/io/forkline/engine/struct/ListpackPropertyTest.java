package io.forkline.engine.struct;

import io.forkline.pages.Memory;
import io.forkline.pages.MemoryView;
import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.Seeded;
import io.forkline.pages.alloc.Allocator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static io.forkline.engine.struct.TestBytes.ascii;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sequences of every listpack write and read, checked against an ArrayList of byte arrays:
 * after each step the contents and size agree, and every few steps the blob is exactly what the
 * tests' own encoder makes of the model and passes deep validation. Each run forks the memory
 * mid-sequence, keeps writing, and checks that the view still reads the listpack as it was.
 */
class ListpackPropertyTest {

    private static final long[] BOUNDARIES = {0, 1, 127, 128, -1, -4096, -4097, 4095, 4096, 32767, 32768, -32768, -32769,
            (1 << 23) - 1, 1 << 23, -(1 << 23), -(1 << 23) - 1, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L,
            Integer.MIN_VALUE, Integer.MIN_VALUE - 1L, Long.MAX_VALUE, Long.MIN_VALUE};
    private static final String[] NOT_CANONICAL = {"007", "-0", "+1", " 1", "1 ", "", "-", "00", "9223372036854775808",
            "-9223372036854775809", "1.5", "0x10"};

    /** Beyond this many bytes the sequence deletes rather than grows, to keep a run quick. */
    private static final long SIZE_CAP = 300_000;

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

    /** One sequence: the memory, the listpack under test, its model, and an open fork if any. */
    private static final class Run {
        final Random random;
        final PageSize pageSize;
        final List<byte[]> model = new ArrayList<>();
        final Element element = new Element();
        PagedMemory memory;
        Allocator allocator;
        long lp;

        MemoryView view;
        long frozenListpack;
        List<byte[]> frozenModel;

        Run(PageSize pageSize, Random random) {
            this.pageSize = pageSize;
            this.random = random;
        }

        void steps(int count) {
            try (PagedMemory opened = PagedMemory.create(pageSize)) {
                memory = opened;
                allocator = new Allocator(memory);
                lp = Listpack.create(allocator);
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
                    assertThat(Listpack.size(memory, lp)).isEqualTo(model.size());
                    if (step % 10 == 0) {
                        checkEverything();
                    }
                }
                checkEverything();
                if (view != null) {
                    checkViewAndClose();
                }
                Listpack.free(allocator, lp);
                assertThat(allocator.usedBytes()).isZero();
            }
        }

        void step() {
            if (Listpack.totalBytes(memory, lp) > SIZE_CAP) {
                deleteRange(random.nextInt(model.size()), 1 + random.nextInt(model.size()));
                return;
            }
            int dice = random.nextInt(100);
            if (dice < 22 || model.isEmpty()) {
                append();
            } else if (dice < 30) {
                prepend();
            } else if (dice < 42) {
                insert();
            } else if (dice < 52) {
                replace();
            } else if (dice < 62) {
                delete();
            } else if (dice < 67) {
                deleteRange(random.nextInt(2 * model.size() + 2) - model.size() - 1, random.nextInt(6));
            } else if (dice < 80) {
                find();
            } else if (dice < 90) {
                seek();
            } else {
                entryEquals();
            }
        }

        // -----------------------------------------------------------------------------------------
        // Writes, each mirrored on the model

        void append() {
            if (random.nextInt(4) == 0) {
                long value = randomInteger();
                lp = Listpack.appendInteger(allocator, lp, value);
                model.add(ascii(Long.toString(value)));
                return;
            }
            byte[] value = randomValue();
            int pad = random.nextInt(3);
            byte[] padded = new byte[value.length + 2 * pad];
            System.arraycopy(value, 0, padded, pad, value.length);
            Arrays.fill(padded, 0, pad, (byte) '9');   // the slice must be honoured: padding would change integers
            lp = Listpack.append(allocator, lp, padded, pad, value.length);
            model.add(value);
        }

        void prepend() {
            byte[] value = randomValue();
            lp = Listpack.prepend(allocator, lp, value, 0, value.length);
            model.addFirst(value);
        }

        void insert() {
            int index = random.nextInt(model.size());
            boolean after = random.nextBoolean();
            byte[] value = randomValue();
            lp = Listpack.insert(allocator, lp, positionOf(index), after, value, 0, value.length);
            model.add(after ? index + 1 : index, value);
        }

        void replace() {
            int index = random.nextInt(model.size());
            if (random.nextInt(3) == 0) {
                long value = randomInteger();
                lp = Listpack.replaceInteger(allocator, lp, positionOf(index), value);
                model.set(index, ascii(Long.toString(value)));
            } else {
                byte[] value = randomValue();
                lp = Listpack.replace(allocator, lp, positionOf(index), value, 0, value.length);
                model.set(index, value);
            }
        }

        void delete() {
            int index = random.nextInt(model.size());
            lp = Listpack.delete(allocator, lp, positionOf(index));
            model.remove(index);
        }

        void deleteRange(long index, long count) {
            lp = Listpack.deleteRange(allocator, lp, index, count);
            long start = index < 0 ? index + model.size() : index;
            if (start >= 0 && start < model.size()) {
                model.subList((int) start, (int) Math.min(model.size(), start + count)).clear();
            }
        }

        /** The position of the model's index, found by walking (not by seek, which is under test too). */
        int positionOf(int index) {
            boolean fromEnd = random.nextBoolean();
            int position = fromEnd ? Listpack.last(memory, lp) : Listpack.first(memory, lp);
            for (int i = 0; i < (fromEnd ? model.size() - 1 - index : index); i++) {
                position = fromEnd ? Listpack.prev(memory, lp, position) : Listpack.next(memory, lp, position);
            }
            return position;
        }

        // -----------------------------------------------------------------------------------------
        // Reads, each compared with the model

        void find() {
            byte[] value = random.nextInt(3) == 0 || model.isEmpty() ? randomValue() : model.get(random.nextInt(model.size()));
            int skip = random.nextInt(3);
            int from = model.isEmpty() ? 0 : random.nextInt(model.size());
            int expected = -1;
            for (int i = from; i < model.size(); i += skip + 1) {
                if (Arrays.equals(model.get(i), value)) {
                    expected = i;
                    break;
                }
            }
            int start = model.isEmpty() ? -1 : Listpack.seek(memory, lp, from);
            int found = Listpack.find(memory, lp, start, value, 0, value.length, skip);
            assertThat(found).as("find from %d skipping %d", from, skip)
                    .isEqualTo(expected == -1 ? -1 : Listpack.seek(memory, lp, expected));
        }

        void seek() {
            long index = random.nextInt(2 * model.size() + 4) - model.size() - 2;
            int position = Listpack.seek(memory, lp, index);
            long normalized = index < 0 ? index + model.size() : index;
            if (normalized < 0 || normalized >= model.size()) {
                assertThat(position).as("seek %d of %d", index, model.size()).isEqualTo(-1);
            } else {
                assertThat(position).isEqualTo(positionOf((int) normalized));
                Listpack.get(memory, lp, position, element);
                assertThat(element.toBytes(memory)).isEqualTo(model.get((int) normalized));
            }
        }

        void entryEquals() {
            int index = random.nextInt(model.size());
            byte[] other = random.nextBoolean() ? model.get(index) : randomValue();
            assertThat(Listpack.entryEquals(memory, lp, positionOf(index), other, 0, other.length))
                    .isEqualTo(Arrays.equals(model.get(index), other));
        }

        // -----------------------------------------------------------------------------------------
        // Whole-structure checks, and the fork

        void checkEverything() {
            checkContents(memory, lp, model);
            byte[] blob = Listpack.toBlob(memory, lp);
            Listpack.validate(blob, true);
            assertThat(blob).as("the blob Redis would have").isEqualTo(ReferenceListpack.encode(model));
        }

        void fork() {
            view = memory.fork();
            frozenListpack = lp;
            frozenModel = new ArrayList<>(model);
        }

        void checkViewAndClose() {
            checkContents(view, frozenListpack, frozenModel);
            assertThat(Listpack.toBlob(view, frozenListpack)).isEqualTo(ReferenceListpack.encode(frozenModel));
            view.close();
            view = null;
        }

        void checkContents(Memory from, long listpack, List<byte[]> expected) {
            assertThat(Listpack.size(from, listpack)).isEqualTo(expected.size());
            int position = Listpack.first(from, listpack);
            for (byte[] value : expected) {
                Listpack.get(from, listpack, position, element);
                assertThat(element.toBytes(from)).isEqualTo(value);
                assertThat(element.isInteger()).isEqualTo(ReferenceListpack.canonicalInteger(value) != null);
                position = Listpack.next(from, listpack, position);
            }
            assertThat(position).isEqualTo(-1);
            position = Listpack.last(from, listpack);
            for (int i = expected.size() - 1; i >= 0; i--) {
                assertThat(Listpack.entryEquals(from, listpack, position, expected.get(i), 0, expected.get(i).length)).isTrue();
                position = Listpack.prev(from, listpack, position);
            }
            assertThat(position).isEqualTo(-1);
        }

        // -----------------------------------------------------------------------------------------
        // Values across every encoding

        long randomInteger() {
            return switch (random.nextInt(7)) {
                case 0 -> random.nextInt(128);
                case 1 -> random.nextInt(8192) - 4096;
                case 2 -> random.nextInt(65536) - 32768;
                case 3 -> random.nextInt(1 << 24) - (1 << 23);
                case 4 -> random.nextInt();
                case 5 -> random.nextLong();
                default -> BOUNDARIES[random.nextInt(BOUNDARIES.length)];
            };
        }

        byte[] randomValue() {
            int dice = random.nextInt(100);
            if (dice < 30) {
                return ascii(Long.toString(randomInteger()));
            } else if (dice < 36) {
                return ascii(NOT_CANONICAL[random.nextInt(NOT_CANONICAL.length)]);
            }
            byte[] value = new byte[randomLength()];
            random.nextBytes(value);
            return value;
        }

        int randomLength() {
            int dice = random.nextInt(200);
            if (dice < 120) {
                return random.nextInt(70);                   // 6-bit strings, and the 63/64 edge
            } else if (dice < 170) {
                return 60 + random.nextInt(200);             // 12-bit strings, backlen 127/128 edge
            } else if (dice < 190) {
                return 4085 + random.nextInt(20);            // the 4095/4096 edge
            } else if (dice < 198) {
                return 16370 + random.nextInt(20);           // backlen 16382/16383/16384 edge
            }
            return 70000;
        }
    }
}
