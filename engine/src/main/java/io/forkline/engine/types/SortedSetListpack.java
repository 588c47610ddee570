package io.forkline.engine.types;

import io.forkline.engine.struct.CorruptEncodingException;
import io.forkline.engine.struct.DoubleText;
import io.forkline.engine.struct.Element;
import io.forkline.engine.struct.IntegerText;
import io.forkline.engine.struct.Listpack;
import io.forkline.pages.Memory;
import io.forkline.pages.alloc.Allocator;

import java.util.Arrays;

/**
 * The LISTPACK encoding of a sorted set, worked as Redis's zzl* functions work it: member and score entries in
 * pairs, ordered by score and then by member bytes ({@link SortedSetDescriptor}). A pair is named by the listpack
 * position of its member entry; its score is the entry after it.
 *
 * <p>Reads take a {@link Memory} and never write; writes take the {@link Allocator}, run on the writer, and return
 * the listpack's address, which a write may move.
 */
final class SortedSetListpack {

    /** What {@link #insert} reuses from one call to the next on a thread: ZADD allocates nothing for it. */
    private record Scratch(byte[] scoreText, Element element) {
    }

    private static final ThreadLocal<Scratch> SCRATCH =
            ThreadLocal.withInitial(() -> new Scratch(new byte[DoubleText.MAX_LENGTH], new Element()));

    private SortedSetListpack() {
    }

    /** The number of pairs. */
    static long size(Memory memory, long listpack) {
        return Listpack.size(memory, listpack) / 2;
    }

    /** The position of {@code member}'s entry, or -1 when the sorted set does not hold it (Redis's zzlFind). */
    static int find(Memory memory, long listpack, byte[] member, int offset, int length) {
        return Listpack.find(memory, listpack, Listpack.first(memory, listpack), member, offset, length, 1);
    }

    /** The score of the pair whose member entry is at {@code memberPosition}. */
    static double scoreOf(Memory memory, long listpack, int memberPosition, Element scratch) {
        Listpack.get(memory, listpack, Listpack.next(memory, listpack, memberPosition), scratch);
        return scoreOf(memory, scratch);
    }

    /** The score a score entry holds: an integer entry as it is, a string entry as the number it spells. */
    static double scoreOf(Memory memory, Element scoreEntry) {
        if (scoreEntry.isInteger()) {
            return scoreEntry.integer();
        }
        byte[] text = scoreEntry.toBytes(memory);
        try {
            return DoubleText.parse(text, 0, text.length);
        } catch (NumberFormatException notAScore) {
            throw new CorruptEncodingException("sorted set listpack", scoreEntry.address(), "a score",
                    '"' + new String(text, java.nio.charset.StandardCharsets.ISO_8859_1) + '"');
        }
    }

    /**
     * Negative, zero or positive as the member entry {@code entry} orders before, equal to or after
     * {@code member[offset, offset + length)}: unsigned bytes, then the shorter first (Redis's zzlCompareElements).
     */
    static int compare(Memory memory, Element entry, byte[] member, int offset, int length) {
        if (entry.isInteger()) {
            byte[] digits = IntegerText.formatLong(entry.integer());
            return Arrays.compareUnsigned(digits, 0, digits.length, member, offset, offset + length);
        }
        long address = entry.address();
        int common = Math.min(entry.length(), length);
        for (int index = 0; index < common; index++) {
            int difference = (memory.getByte(address + index) & 0xFF) - (member[offset + index] & 0xFF);
            if (difference != 0) {
                return difference;
            }
        }
        return Integer.compare(entry.length(), length);
    }

    /**
     * Inserts the pair (member, score) at its place in the order (Redis's zzlInsert); the member must be absent.
     * Returns the listpack's new address.
     */
    static long insert(Allocator allocator, long listpack, double score, byte[] member, int offset, int length) {
        Memory memory = allocator.memory();
        Scratch held = SCRATCH.get();
        byte[] scoreText = held.scoreText;
        int scoreLength = formatScore(score, scoreText);
        Element scratch = held.element;
        for (int position = Listpack.first(memory, listpack); position != -1; ) {
            int scorePosition = Listpack.next(memory, listpack, position);
            Listpack.get(memory, listpack, scorePosition, scratch);
            double current = scoreOf(memory, scratch);
            boolean after = current > score;
            if (!after && current == score) {
                Listpack.get(memory, listpack, position, scratch);
                after = compare(memory, scratch, member, offset, length) > 0;
            }
            if (after) {
                listpack = Listpack.insert(allocator, listpack, position, false, member, offset, length);
                return Listpack.insert(allocator, listpack, position, true, scoreText, 0, scoreLength);
            }
            position = Listpack.next(memory, listpack, scorePosition);
        }
        listpack = Listpack.append(allocator, listpack, member, offset, length);
        return Listpack.append(allocator, listpack, scoreText, 0, scoreLength);
    }

    /** Appends the pair (member, score), which must order after every pair here; returns the new address. */
    static long append(Allocator allocator, long listpack, double score, byte[] member, int offset, int length) {
        byte[] scoreText = new byte[DoubleText.MAX_LENGTH];
        int scoreLength = formatScore(score, scoreText);
        listpack = Listpack.append(allocator, listpack, member, offset, length);
        return Listpack.append(allocator, listpack, scoreText, 0, scoreLength);
    }

    /**
     * The score entry's text, as Redis 7.0's zzlInsertAt chooses it: an integer when double2ll takes the score
     * (so -0 is stored as the integer 0), else d2string's text. Returns its length in {@code text}.
     */
    static int formatScore(double score, byte[] text) {
        return DoubleText.formatForListpack(score == 0 ? 0.0 : score, text, 0);
    }

    /** Removes the pair whose member entry is at {@code memberPosition}; returns the new address. */
    static long delete(Allocator allocator, long listpack, int memberPosition) {
        listpack = Listpack.delete(allocator, listpack, memberPosition);
        return Listpack.delete(allocator, listpack, memberPosition);
    }

    /** Removes {@code count} pairs from the 0-based pair index {@code start}; returns the new address. */
    static long deleteByRank(Allocator allocator, long listpack, long start, long count) {
        return Listpack.deleteRange(allocator, listpack, 2 * start, 2 * count);
    }
}
