package io.forkline.pages;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Random map / unmap / write / copy / fork / read / close sequences checked step by step against a
 * model: a map from page number to the page's bytes for the live memory, and a deep copy of it taken
 * at each fork for the view.
 */
class PagedMemoryPropertyTest {

    static LongStream seeds() {
        return Seeded.seeds(12);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void smallPagesBehaveLikeTheModel(long seed) {
        Seeded.run(seed, random -> new Run(PageSize.KIB_4, random, 40).go(2500));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void hugePagesBehaveLikeTheModel(long seed) {
        Seeded.run(seed, random -> new Run(PageSize.MIB_2, random, 12).go(300));
    }

    /** One sequence of operations against one memory and its model. */
    private static final class Run {
        final PageSize pageSize;
        final int pageBytes;
        final Random random;
        final long[] candidatePages;
        final Map<Long, byte[]> live = new HashMap<>();
        Map<Long, byte[]> frozen;
        MemoryView view;

        Run(PageSize pageSize, Random random, int nearPages) {
            this.pageSize = pageSize;
            this.pageBytes = pageSize.bytes();
            this.random = random;
            // consecutive pages near the start, plus a few in later leaves of the table
            List<Long> pages = new ArrayList<>();
            for (long p = 1; p <= nearPages; p++) {
                pages.add(p);
            }
            for (long leaf = 1; leaf <= 3; leaf++) {
                pages.add(leaf * 512 - 1);
                pages.add(leaf * 512);
                pages.add(leaf * 512 + 1);
            }
            candidatePages = pages.stream().mapToLong(Long::longValue).toArray();
        }

        void go(int steps) {
            try (PagedMemory memory = PagedMemory.create(pageSize)) {
                for (int step = 0; step < steps; step++) {
                    step(memory, random.nextInt(100));
                    checkFrameAccounting(memory);
                    if (step % 97 == 0) {
                        checkEverything(memory);
                    }
                }
                checkEverything(memory);
                if (view != null) {
                    closeView(memory);
                }
            }
        }

        void step(PagedMemory memory, int dice) {
            if (dice < 8) {
                mapSome(memory);
            } else if (dice < 12) {
                unmapOne(memory);
            } else if (dice < 45) {
                writeRange(memory);
            } else if (dice < 60) {
                writeValue(memory);
            } else if (dice < 67) {
                copyRange(memory);
            } else if (dice < 72) {
                if (view == null) {
                    view = memory.fork();
                    frozen = deepCopy(live);
                } else {
                    assertThatThrownBy(memory::fork).isInstanceOf(IllegalStateException.class);
                }
            } else if (dice < 76) {
                if (view != null) {
                    closeView(memory);
                }
            } else {
                readRandom(memory, live);
                if (view != null) {
                    readRandom(view, frozen);
                }
            }
        }

        void mapSome(PagedMemory memory) {
            long page = candidatePages[random.nextInt(candidatePages.length)];
            int count = 1 + random.nextInt(3);
            boolean free = true;
            for (long p = page; p < page + count; p++) {
                free &= !live.containsKey(p);
            }
            if (!free) {
                assertThatThrownBy(() -> memory.map(page * pageBytes, (long) count * pageBytes))
                        .isInstanceOf(IllegalStateException.class);
                return;
            }
            memory.map(page * pageBytes, (long) count * pageBytes);
            for (long p = page; p < page + count; p++) {
                live.put(p, new byte[pageBytes]);
            }
        }

        void unmapOne(PagedMemory memory) {
            if (live.isEmpty()) {
                return;
            }
            long page = anyLivePage();
            memory.unmap(page * pageBytes, pageBytes);
            live.remove(page);
        }

        void writeRange(PagedMemory memory) {
            long address = randomAddress();
            int length = 1 + random.nextInt(random.nextBoolean() ? 64 : pageBytes + 64);
            byte[] data = new byte[length];
            random.nextBytes(data);
            if (allMapped(live, address, length)) {
                memory.putBytes(address, data, 0, length);
                modelPut(address, data);
            } else {
                assertThatThrownBy(() -> memory.putBytes(address, data, 0, length))
                        .isInstanceOf(InvalidAddressException.class);
            }
        }

        void writeValue(PagedMemory memory) {
            long address = randomAddress();
            long value = random.nextLong();
            int width = new int[] {1, 2, 4, 8}[random.nextInt(4)];
            byte[] bytes = new byte[width];
            for (int i = 0; i < width; i++) {
                bytes[i] = (byte) (value >>> (8 * i));
            }
            Runnable write = switch (width) {
                case 1 -> () -> memory.putByte(address, (byte) value);
                case 2 -> () -> memory.putShort(address, (short) value);
                case 4 -> () -> memory.putInt(address, (int) value);
                default -> () -> memory.putLong(address, value);
            };
            if (allMapped(live, address, width)) {
                write.run();
                modelPut(address, bytes);
            } else {
                assertThatThrownBy(write::run).isInstanceOf(InvalidAddressException.class);
            }
        }

        void copyRange(PagedMemory memory) {
            long from = randomAddress();
            long to = random.nextBoolean() ? randomAddress() : from + random.nextInt(200) - 100;
            // a quarter are a few bytes, often overlapping by one or two (a listpack's terminator moving)
            int length = random.nextInt(4) == 0 ? 1 + random.nextInt(20) : 1 + random.nextInt(pageBytes / 2 + 100);
            if (length <= 20 && random.nextBoolean()) {
                to = from + random.nextInt(7) - 3;
            }
            if (allMapped(live, from, length) && allMapped(live, to, length)) {
                byte[] data = modelGet(live, from, length);
                memory.copy(from, to, length);
                modelPut(to, data);
            } else {
                long target = to;
                assertThatThrownBy(() -> memory.copy(from, target, length)).isInstanceOf(InvalidAddressException.class);
            }
        }

        void readRandom(Memory memory, Map<Long, byte[]> model) {
            long address = randomAddress();
            int length = 1 + random.nextInt(pageBytes + 16);
            if (allMapped(model, address, length)) {
                byte[] read = new byte[length];
                memory.getBytes(address, read, 0, length);
                assertThat(read).isEqualTo(modelGet(model, address, length));
                if (length >= 8) {
                    assertThat(memory.getLong(address)).isEqualTo(littleEndian(modelGet(model, address, 8)));
                }
            } else {
                assertThatThrownBy(() -> memory.getBytes(address, new byte[length], 0, length))
                        .isInstanceOf(InvalidAddressException.class);
            }
        }

        void closeView(PagedMemory memory) {
            view.close();
            view = null;
            frozen = null;
            assertThat(memory.stats().framesInUse()).as("frames after the view closed").isEqualTo(live.size());
        }

        /** Every frame is held by the live table or by the view alone: nothing leaks, nothing is counted twice. */
        void checkFrameAccounting(PagedMemory memory) {
            PageStats stats = memory.stats();
            assertThat(stats.framesInUse()).as("frames in use")
                    .isEqualTo(live.size() + stats.cowBytes() / pageBytes);
            assertThat(stats.viewOpen()).isEqualTo(view != null);
        }

        void checkEverything(PagedMemory memory) {
            checkPages(memory, live);
            if (view != null) {
                checkPages(view, frozen);
            }
        }

        void checkPages(Memory memory, Map<Long, byte[]> model) {
            byte[] read = new byte[pageBytes];
            for (long page : candidatePages) {
                long address = page * pageBytes;
                byte[] expected = model.get(page);
                if (expected == null) {
                    assertThatThrownBy(() -> memory.getByte(address)).isInstanceOf(InvalidAddressException.class);
                } else {
                    memory.getBytes(address, read, 0, pageBytes);
                    assertThat(read).as("page %d", page).isEqualTo(expected);
                }
            }
        }

        long randomAddress() {
            long page = live.isEmpty() || random.nextInt(10) == 0
                    ? candidatePages[random.nextInt(candidatePages.length)]
                    : anyLivePage();
            int offset = random.nextBoolean() ? random.nextInt(pageBytes) : pageBytes - 1 - random.nextInt(12);
            return page * pageBytes + offset;
        }

        long anyLivePage() {
            long[] pages = live.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
            return pages[random.nextInt(pages.length)];
        }

        boolean allMapped(Map<Long, byte[]> model, long address, long length) {
            for (long p = address / pageBytes; p <= (address + length - 1) / pageBytes; p++) {
                if (!model.containsKey(p)) {
                    return false;
                }
            }
            return address >= 0;
        }

        void modelPut(long address, byte[] data) {
            for (int i = 0; i < data.length; i++) {
                long a = address + i;
                live.get(a / pageBytes)[(int) (a % pageBytes)] = data[i];
            }
        }

        byte[] modelGet(Map<Long, byte[]> model, long address, int length) {
            byte[] out = new byte[length];
            for (int i = 0; i < length; i++) {
                long a = address + i;
                out[i] = model.get(a / pageBytes)[(int) (a % pageBytes)];
            }
            return out;
        }

        static long littleEndian(byte[] b) {
            long v = 0;
            for (int i = 7; i >= 0; i--) {
                v = v << 8 | (b[i] & 0xFF);
            }
            return v;
        }

        static Map<Long, byte[]> deepCopy(Map<Long, byte[]> model) {
            Map<Long, byte[]> copy = new HashMap<>();
            model.forEach((page, bytes) -> copy.put(page, bytes.clone()));
            return copy;
        }
    }
}
