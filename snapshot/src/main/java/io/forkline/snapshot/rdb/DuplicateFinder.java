package io.forkline.snapshot.rdb;

import io.forkline.engine.struct.Hashing;

import java.util.Arrays;
import java.util.List;

/**
 * Finds the first string of a list that equals an earlier one, in list order: what a load must refuse in a
 * set, a hash's fields or a sorted set's members. An open-addressing table of indexes into the list, reused
 * from one call to the next, so that checking a value costs a hash per string and no object per string. A
 * handful of strings are compared pairwise instead. Not thread-safe: one per thread.
 */
final class DuplicateFinder {

    /** Up to this many strings are compared pairwise, which beats hashing them. */
    private static final int PAIRWISE = 8;

    /** Slots hold an index + 1 into the strings checked; 0 is an empty slot. */
    private int[] slots = new int[64];

    /**
     * The index of the first of {@code strings[0], strings[stride], strings[2 * stride] ...} that equals an
     * earlier one of them, or -1 when they are distinct.
     */
    int first(List<byte[]> strings, int stride) {
        int count = (strings.size() + stride - 1) / stride;
        if (count <= PAIRWISE) {
            return pairwise(strings, stride);
        }
        int capacity = Integer.highestOneBit(count * 2 - 1) << 1;   // at most half full
        if (slots.length < capacity) {
            slots = new int[capacity];
        } else {
            Arrays.fill(slots, 0, capacity, 0);
        }
        int mask = capacity - 1;
        for (int i = 0; i < strings.size(); i += stride) {
            byte[] string = strings.get(i);
            int slot = (int) Hashing.hash(string, 0, string.length) & mask;
            while (slots[slot] != 0) {
                if (Arrays.equals(strings.get(slots[slot] - 1), string)) {
                    return i;
                }
                slot = (slot + 1) & mask;
            }
            slots[slot] = i + 1;
        }
        return -1;
    }

    private static int pairwise(List<byte[]> strings, int stride) {
        for (int i = stride; i < strings.size(); i += stride) {
            byte[] string = strings.get(i);
            for (int j = 0; j < i; j += stride) {
                if (Arrays.equals(strings.get(j), string)) {
                    return i;
                }
            }
        }
        return -1;
    }
}
