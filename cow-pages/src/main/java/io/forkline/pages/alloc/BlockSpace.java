package io.forkline.pages.alloc;

import io.forkline.pages.MemoryExhaustedException;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The address space as 4 KiB blocks: hands out runs of consecutive blocks, best fit, from the holes
 * freed so far, else from the top; freed runs coalesce with their neighbours, and a hole that
 * would reach the top lowers it instead, so no hole ever touches the top. Knows nothing of pages or
 * frames.
 */
final class BlockSpace {

    private record Extent(long start, long length) {
    }

    private static final Comparator<Extent> BY_LENGTH =
            Comparator.comparingLong(Extent::length).thenComparingLong(Extent::start);

    private final long first;
    private final long limit;
    private final TreeMap<Long, Extent> holesByStart = new TreeMap<>();
    private final TreeSet<Extent> holesByLength = new TreeSet<>(BY_LENGTH);
    private long top;

    /** Blocks {@code [first, limit)} may be handed out. */
    BlockSpace(long first, long limit) {
        this.first = first;
        this.limit = limit;
        this.top = first;
    }

    /** The first block of {@code count} consecutive free blocks, now taken. */
    long take(long count) {
        Extent hole = holesByLength.ceiling(new Extent(Long.MIN_VALUE, count));
        if (hole != null) {
            removeHole(hole);
            if (hole.length() > count) {
                addHole(new Extent(hole.start() + count, hole.length() - count));
            }
            return hole.start();
        }
        if (top + count > limit) {
            throw new MemoryExhaustedException("address space exhausted: " + count + " blocks of "
                    + Allocator.BLOCK + " bytes wanted, " + (limit - top) + " left at the top and no hole large enough");
        }
        long start = top;
        top += count;
        return start;
    }

    /** Takes the {@code count} blocks at {@code start} if they are all free; used to grow in place. */
    boolean takeAt(long start, long count) {
        if (start == top) {
            if (count > limit - top) {
                return false;
            }
            top += count;
            return true;
        }
        Map.Entry<Long, Extent> entry = holesByStart.floorEntry(start);
        if (entry == null) {
            return false;
        }
        Extent hole = entry.getValue();
        long holeEnd = hole.start() + hole.length();
        if (holeEnd < start + count) {   // holes never reach the top, so the hole must hold it all
            return false;
        }
        removeHole(hole);
        if (hole.start() < start) {
            addHole(new Extent(hole.start(), start - hole.start()));
        }
        if (holeEnd > start + count) {
            addHole(new Extent(start + count, holeEnd - start - count));
        }
        return true;
    }

    /** Returns {@code count} blocks at {@code start}. */
    void give(long start, long count) {
        long end = start + count;
        Map.Entry<Long, Extent> before = holesByStart.lowerEntry(start);
        if (before != null && before.getValue().start() + before.getValue().length() == start) {
            removeHole(before.getValue());
            start = before.getValue().start();
        }
        Extent after = holesByStart.get(end);
        if (after != null) {
            removeHole(after);
            end = after.start() + after.length();
        }
        if (end == top) {
            top = start;
        } else {
            addHole(new Extent(start, end - start));
        }
    }

    /** The first block never handed out. */
    long top() {
        return top;
    }

    long firstBlock() {
        return first;
    }

    /** Free blocks below the top: the address space's own fragmentation. */
    long holeBlocks() {
        long sum = 0;
        for (Extent hole : holesByLength) {
            sum += hole.length();
        }
        return sum;
    }

    private void addHole(Extent hole) {
        holesByStart.put(hole.start(), hole);
        holesByLength.add(hole);
    }

    private void removeHole(Extent hole) {
        holesByStart.remove(hole.start());
        holesByLength.remove(hole);
    }
}
