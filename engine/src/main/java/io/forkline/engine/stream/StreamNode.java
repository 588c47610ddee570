package io.forkline.engine.stream;

import io.forkline.engine.struct.CorruptEncodingException;
import io.forkline.engine.struct.Element;
import io.forkline.engine.struct.Listpack;
import io.forkline.pages.Memory;

import java.util.Arrays;

/**
 * One node's entries located: the master entry's field names and where each entry starts, read once so that
 * entries can be visited in either direction. Entries are read as they are first asked for, so the listpack must
 * not change before {@link #entries} has read them all. Reused from node to node; holds no paged memory, only
 * positions in the listpack it last loaded.
 */
final class StreamNode {

    private final Element element = new Element();
    private Memory memory;
    private long listpack;
    private StreamId master;
    private int masterFieldCount;
    private int[] masterFields = new int[8];
    /** Entries read so far, and where the next one starts (-1 past the last). */
    private int parsed;
    private int unparsed;
    private int[] flagsPositions = new int[128];
    private int[] flags = new int[128];
    private long[] msDeltas = new long[128];
    private long[] seqDeltas = new long[128];
    /** Where each entry's field count (or, for SAMEFIELDS, its first value) is. */
    private int[] bodies = new int[128];

    /**
     * Starts on the node whose master ID is {@code master} and whose listpack is at {@code listpack}: reads its master
     * entry now and its entries as they are asked for, so a read of the first few entries of a node costs only
     * those (as Redis's iterator, which walks a node from its start).
     */
    void load(Memory memory, StreamId master, long listpack) {
        this.memory = memory;
        this.listpack = listpack;
        this.master = master;
        int position = Listpack.first(memory, listpack);   // count
        position = next(position);                          // deleted
        position = next(position);                          // num-fields
        masterFieldCount = (int) Stream.integer(memory, listpack, position, element);
        if (masterFields.length < masterFieldCount) {
            masterFields = new int[masterFieldCount];
        }
        for (int i = 0; i < masterFieldCount; i++) {
            position = next(position);
            masterFields[i] = position;
        }
        position = next(position);                          // the master entry's 0 terminator
        parsed = 0;
        unparsed = Listpack.next(memory, listpack, position);
    }

    /** Whether the node has an entry {@code i} (deleted or not), reading entries up to it. */
    boolean has(int i) {
        while (parsed <= i && unparsed != -1) {
            parseNext();
        }
        return i < parsed;
    }

    /** Reads the entry at {@code unparsed}: its flags, ID deltas and where its fields start. */
    private void parseNext() {
        if (parsed == flags.length) {
            grow();
        }
        int position = unparsed;
        flagsPositions[parsed] = position;
        flags[parsed] = (int) Stream.integer(memory, listpack, position, element);
        position = next(position);
        msDeltas[parsed] = Stream.integer(memory, listpack, position, element);
        position = next(position);
        seqDeltas[parsed] = Stream.integer(memory, listpack, position, element);
        position = next(position);
        bodies[parsed] = position;
        long skip;
        if ((flags[parsed] & Stream.FLAG_SAMEFIELDS) != 0) {
            skip = masterFieldCount;
        } else {
            skip = 2 * Stream.integer(memory, listpack, position, element) + 1;
        }
        for (long i = 0; i < skip; i++) {
            position = next(position);
        }
        parsed++;
        unparsed = Listpack.next(memory, listpack, position);   // past lp-count
    }

    private int next(int position) {
        int next = Listpack.next(memory, listpack, position);
        if (next == -1) {
            throw new CorruptEncodingException("stream listpack", position, "another element of the entry", "the end");
        }
        return next;
    }

    private void grow() {
        int size = flags.length * 2;
        flagsPositions = Arrays.copyOf(flagsPositions, size);
        flags = Arrays.copyOf(flags, size);
        msDeltas = Arrays.copyOf(msDeltas, size);
        seqDeltas = Arrays.copyOf(seqDeltas, size);
        bodies = Arrays.copyOf(bodies, size);
    }

    long listpack() {
        return listpack;
    }

    /** Entries in the node, deleted ones included (reading all of them). */
    int entries() {
        while (unparsed != -1) {
            parseNext();
        }
        return parsed;
    }

    StreamId id(int i) {
        return new StreamId(master.ms() + msDeltas[i], master.seq() + seqDeltas[i]);
    }

    boolean deleted(int i) {
        return (flags[i] & Stream.FLAG_DELETED) != 0;
    }

    int flags(int i) {
        return flags[i];
    }

    int flagsPosition(int i) {
        return flagsPositions[i];
    }

    int fieldCount(int i) {
        if ((flags[i] & Stream.FLAG_SAMEFIELDS) != 0) {
            return masterFieldCount;
        }
        return (int) Stream.integer(memory, listpack, bodies[i], element);
    }

    /**
     * Fills {@code fields} and {@code values} with the positions of entry {@code i}'s field names and values,
     * {@link #fieldCount} of each; the arrays must be long enough.
     */
    void fields(int i, int[] fields, int[] values) {
        int count = fieldCount(i);
        if ((flags[i] & Stream.FLAG_SAMEFIELDS) != 0) {
            int position = bodies[i];
            for (int f = 0; f < count; f++) {
                fields[f] = masterFields[f];
                values[f] = position;
                position = Listpack.next(memory, listpack, position);
            }
            return;
        }
        int position = bodies[i];
        for (int f = 0; f < count; f++) {
            position = Listpack.next(memory, listpack, position);
            fields[f] = position;
            position = Listpack.next(memory, listpack, position);
            values[f] = position;
        }
    }
}
