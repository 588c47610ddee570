package io.forkline.pages;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * Where the frame pool's slabs come from. On Linux, when this module may call native code
 * ({@code --enable-native-access}), a slab is an anonymous mapping: the kernel's zero pages, faulted in on first
 * touch, so that nothing zeroes a slab twice (an arena's allocation is zeroed by Java, and again by the kernel as
 * each page is first touched). By default it is left in 4 KiB pages, as Redis keeps its memory (its
 * {@code disable-thp yes}).
 *
 * <p>With {@code -Dforkline.pages.hugepages=true}, the mapping (always aligned to 2 MiB) is advised
 * {@code MADV_HUGEPAGE}, so that the kernel backs it with transparent huge pages where it can (in its
 * default "madvise" mode, only advised memory gets them). The store is reached at random addresses, and
 * with 4 KiB pages nearly every key lookup misses the TLB, which a virtual machine pays with a
 * two-dimensional page walk; one TLB entry per 2 MiB removes most of those walks: measured on two cores,
 * a 1.6-million-key store serves random GETs (redis-benchmark -P 16) 10% faster and SETs 8-14% faster.
 * Not the default, because a huge page must come whole from the kernel: on a virtual machine whose
 * memory was just churned in small pages (by another process, such as a Redis started before), those
 * come from memory the host has to fault in again, and the zeroing of a 2-million-key load's slabs took
 * 0.56 s of CPU instead of 0.14 s (the load: 1.11-1.46 s instead of 1.02-1.06 s). The simulated page size
 * ({@link PageSize}) is unaffected either way: this is only how the frames' bytes are backed.
 *
 * <p>Anywhere else, or if the mapping fails, a slab is an ordinary allocation of the arena. Either way the slab
 * lives as long as the arena.
 */
final class SlabMapper {

    /** Transparent huge pages on x86-64 and arm64 Linux are 2 MiB. */
    static final long HUGE_PAGE = 2L << 20;

    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
    private static final int MADV_HUGEPAGE = 14;

    private static final Native NATIVE = Native.load();

    private SlabMapper() {
    }

    /** Whether slabs are advised huge pages in this process: asked for ({@code forkline.pages.hugepages}), and possible. */
    static boolean hugePages() {
        return NATIVE != null && Boolean.getBoolean("forkline.pages.hugepages");
    }

    /** A zero-filled slab of {@code bytes} (a multiple of {@code alignment}) that lives as long as {@code arena}. */
    static MemorySegment allocate(Arena arena, long bytes, long alignment) {
        if (NATIVE != null && bytes >= HUGE_PAGE) {
            MemorySegment mapped = NATIVE.map(arena, bytes, hugePages());
            if (mapped != null) {
                return mapped;
            }
        }
        return arena.allocate(bytes, alignment);
    }

    /** The native calls, or null where they are not to be used. */
    private record Native(MethodHandle mmap, MethodHandle munmap, MethodHandle madvise) {

        @SuppressWarnings("restricted")   // native access is checked enabled first: no warning, no failure
        static Native load() {
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
                    || !SlabMapper.class.getModule().isNativeAccessEnabled()) {
                return null;
            }
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                MethodHandle mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_LONG));
                MethodHandle munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
                MethodHandle madvise = linker.downcallHandle(libc.find("madvise").orElseThrow(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
                return new Native(mmap, munmap, madvise);
            } catch (RuntimeException unavailable) {
                return null;
            }
        }

        /**
         * Maps {@code bytes} plus one huge page, trims both ends to a 2 MiB-aligned stretch of {@code bytes}, advises
         * it huge pages if {@code hugePages}, and ties its unmapping to the arena's close. Null if the kernel refuses
         * the mapping.
         */
        @SuppressWarnings("restricted")
        MemorySegment map(Arena arena, long bytes, boolean hugePages) {
            try {
                long reserved = bytes + HUGE_PAGE;
                MemorySegment raw = (MemorySegment) mmap.invokeExact(MemorySegment.NULL, reserved, PROT_READ_WRITE,
                        MAP_PRIVATE_ANONYMOUS, -1, 0L);
                long start = raw.address();
                if (start == -1L || start == 0L) {
                    return null;   // MAP_FAILED
                }
                long aligned = (start + HUGE_PAGE - 1) & -HUGE_PAGE;
                unmap(start, aligned - start);
                unmap(aligned + bytes, start + reserved - (aligned + bytes));
                if (hugePages) {
                    int ignored = (int) madvise.invokeExact(MemorySegment.ofAddress(aligned), bytes, MADV_HUGEPAGE);   // advice only
                }
                return MemorySegment.ofAddress(aligned).reinterpret(bytes, arena, slab -> unmap(slab.address(), bytes));
            } catch (Error error) {
                throw error;
            } catch (Throwable failed) {
                return null;
            }
        }

        private void unmap(long address, long bytes) {
            if (bytes == 0) {
                return;
            }
            try {
                int ignored = (int) munmap.invokeExact(MemorySegment.ofAddress(address), bytes);
            } catch (Throwable failed) {
                throw new IllegalStateException("munmap of " + bytes + " bytes at 0x" + Long.toHexString(address) + " failed", failed);
            }
        }
    }
}
