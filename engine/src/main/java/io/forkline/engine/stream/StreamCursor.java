package io.forkline.engine.stream;

import io.forkline.engine.struct.Element;
import io.forkline.engine.struct.Listpack;
import io.forkline.pages.Memory;

/**
 * Walks a stream's live entries between two IDs, inclusive, forward or in reverse (Redis's streamIterator).
 * After {@link #next} returns true the entry's ID and fields can be read. Reads only: the stream must not
 * change while a cursor walks it.
 */
public final class StreamCursor {

    private final Memory memory;
    private final StreamId start;
    private final StreamId end;
    private final boolean reverse;
    private final StreamNode view = new StreamNode();
    private long node;
    private int entry;
    private StreamId id;
    private int[] fields = new int[16];
    private int[] values = new int[16];
    private int fieldCount;

    public StreamCursor(Memory memory, long stream, StreamId start, StreamId end, boolean reverse) {
        this.memory = memory;
        this.start = start;
        this.end = end;
        this.reverse = reverse;
        long index = Stream.nodes(memory, stream);
        if (start.compareTo(end) > 0) {
            node = 0;
        } else if (reverse) {
            node = StreamIndex.floor(memory, index, end);
        } else {
            node = StreamIndex.floor(memory, index, start);
            if (node == 0) {
                node = StreamIndex.first(memory, index);
            }
        }
        if (node != 0) {
            load();
        }
    }

    private void load() {
        view.load(memory, StreamIndex.id(memory, node), Stream.listpack(memory, node));
        entry = reverse ? view.entries() - 1 : 0;
    }

    /** Moves to the next live entry in range; false when there is none. */
    public boolean next() {
        while (node != 0) {
            while (reverse ? entry >= 0 : view.has(entry)) {
                int i = entry;
                entry += reverse ? -1 : 1;
                if (view.deleted(i)) {
                    continue;
                }
                StreamId candidate = view.id(i);
                if (reverse ? candidate.compareTo(end) > 0 : candidate.compareTo(start) < 0) {
                    continue;
                }
                if (reverse ? candidate.compareTo(start) < 0 : candidate.compareTo(end) > 0) {
                    node = 0;
                    return false;
                }
                id = candidate;
                fieldCount = view.fieldCount(i);
                if (fields.length < fieldCount) {
                    fields = new int[fieldCount];
                    values = new int[fieldCount];
                }
                view.fields(i, fields, values);
                return true;
            }
            node = reverse ? StreamIndex.previous(memory, node) : StreamIndex.next(memory, node);
            if (node != 0) {
                load();
            }
        }
        return false;
    }

    public StreamId id() {
        return id;
    }

    public int fieldCount() {
        return fieldCount;
    }

    /** Field {@code i}'s name. */
    public void field(int i, Element out) {
        Listpack.get(memory, view.listpack(), fields[i], out);
    }

    /** Field {@code i}'s value. */
    public void value(int i, Element out) {
        Listpack.get(memory, view.listpack(), values[i], out);
    }
}
