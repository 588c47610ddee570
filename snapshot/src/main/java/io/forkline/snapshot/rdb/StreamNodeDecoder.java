package io.forkline.snapshot.rdb;

import io.forkline.engine.stream.Stream;
import io.forkline.engine.stream.StreamId;
import io.forkline.engine.struct.CorruptEncodingException;
import io.forkline.engine.struct.Listpack;

import java.util.ArrayList;
import java.util.List;

/**
 * A stream node's listpack from an RDB file, checked before the engine takes it as it is, and its entries decoded.
 * The layout (t_stream.c's), every count and ID part an integer:
 *
 * <pre>
 *   master entry:  count deleted num-fields field_1 ... field_n 0
 *   each entry:    flags ms-diff seq-diff num-fields field_1 value_1 ... field_k value_k lp-count
 *                  flags ms-diff seq-diff value_1 ... value_n lp-count          (flag SAMEFIELDS: the master's names)
 * </pre>
 *
 * {@link #check} is Redis's {@code streamValidateListpackIntegrity} with deep sanitization: a valid listpack, the
 * master entry's shape, each entry's shape, each lp-count equal to the entry's other elements (fields + 3, or 2
 * &times; fields + 4 with its own names), exactly count + deleted entries and nothing after them. It also checks what
 * the engine relies on and Redis's writes always keep: counts of at least 0, at least one entry, entries flagged
 * DELETED exactly {@code deleted} of them, and IDs (the master ID plus each entry's deltas) ascending from the master
 * ID. Errors are {@link CorruptEncodingException}s at an offset in the blob.
 */
final class StreamNodeDecoder {

    private static final String STRUCTURE = "stream listpack";

    /** What a checked node holds: its entries not deleted, the first of them (null if none), and its last entry's ID. */
    record Shape(long live, StreamId firstLive, StreamId last) {
    }

    private StreamNodeDecoder() {
    }

    /** Checks the node whose master ID is {@code master}; returns its shape. */
    static Shape check(byte[] blob, StreamId master) {
        Listpack.validate(blob, true);
        return new Walk(blob, master, null).run();
    }

    /** Adds the live entries of a checked node to {@code into}, in ID order. */
    static void entries(byte[] blob, StreamId master, List<RdbValue.StreamOf.Entry> into) {
        new Walk(blob, master, into).run();
    }

    private static CorruptEncodingException corrupt(long offset, String expected, String found) {
        return new CorruptEncodingException(STRUCTURE, offset, expected, found);
    }

    /** One walk over a node: its master entry, then each entry checked, the live ones added to a list unless it is null. */
    private static final class Walk {

        private final Elements elements;
        private final StreamId master;
        private final List<RdbValue.StreamOf.Entry> into;
        private final List<byte[]> masterFields = new ArrayList<>();
        private long masterFieldCount;
        private long live;
        private long dead;
        private StreamId firstLive;
        private StreamId previous;

        Walk(byte[] blob, StreamId master, List<RdbValue.StreamOf.Entry> into) {
            this.elements = new Elements(blob);
            this.master = master;
            this.into = into;
        }

        Shape run() {
            int masterEntry = elements.position();
            long count = elements.count("the master entry's count of live entries");
            long deleted = elements.count("the master entry's count of deleted entries");
            readMasterFields();
            if (!elements.hasNext()) {
                throw corrupt(elements.end(), "a node of at least one entry", "none after the master entry");
            }
            while (elements.hasNext()) {
                readEntry();
            }
            if (live != count || dead != deleted) {
                throw corrupt(masterEntry, "a master entry counting the node's " + live + " live and " + dead + " deleted entries",
                        count + " live and " + deleted + " deleted");
            }
            return new Shape(live, firstLive, previous);
        }

        private void readMasterFields() {
            masterFieldCount = elements.count("the master entry's number of fields");
            for (long i = 0; i < masterFieldCount; i++) {
                byte[] field = elements.take(into != null);
                if (into != null) {
                    masterFields.add(field);
                }
            }
            elements.zero("the master entry's terminating 0");
        }

        private void readEntry() {
            int start = elements.position();
            long flags = elements.integer("an entry's flags");
            StreamId id = readId(start);
            boolean sameFields = (flags & Stream.FLAG_SAMEFIELDS) != 0;
            boolean isLive = (flags & Stream.FLAG_DELETED) == 0;
            List<byte[]> fieldsAndValues = into != null && isLive ? new ArrayList<>() : null;
            long fields = readFields(sameFields, fieldsAndValues);
            checkLpCount(sameFields ? fields + 3 : 2 * fields + 4);
            if (!isLive) {
                dead++;
                return;
            }
            live++;
            firstLive = firstLive == null ? id : firstLive;
            if (fieldsAndValues != null) {
                into.add(new RdbValue.StreamOf.Entry(id, fieldsAndValues));
            }
        }

        /** The master ID plus the entry's deltas, which must be above the previous entry's ID (or at least the master ID). */
        private StreamId readId(int start) {
            StreamId id = new StreamId(master.ms() + elements.integer("an entry's ms-diff"),
                    master.seq() + elements.integer("an entry's seq-diff"));
            if (previous == null ? id.compareTo(master) < 0 : id.compareTo(previous) <= 0) {
                throw corrupt(start, previous == null ? "an entry ID at or above the master ID " + master
                        : "an entry ID above the previous entry's " + previous, id.toString());
            }
            previous = id;
            return id;
        }

        /** Reads the entry's fields (its own names and values, or the master's names' values); returns how many. */
        private long readFields(boolean sameFields, List<byte[]> fieldsAndValues) {
            long fields = sameFields ? masterFieldCount : elements.count("an entry's number of fields");
            boolean keep = fieldsAndValues != null;
            for (long i = 0; i < fields; i++) {
                byte[] field = sameFields ? null : elements.take(keep);
                byte[] value = elements.take(keep);
                if (keep) {
                    fieldsAndValues.add(sameFields ? masterFields.get((int) i) : field);
                    fieldsAndValues.add(value);
                }
            }
            return fields;
        }

        private void checkLpCount(long expected) {
            int at = elements.position();
            long lpCount = elements.integer("an entry's lp-count");
            if (lpCount != expected) {
                throw corrupt(at, "an lp-count of " + expected + " (the entry's other elements)", Long.toString(lpCount));
            }
        }
    }

    /** The elements of a checked listpack, taken one by one; running out where an element is due is corrupt. */
    private static final class Elements {

        private final byte[] blob;
        private int position;

        Elements(byte[] blob) {
            this.blob = blob;
            this.position = ListpackDecoder.first(blob);
        }

        boolean hasNext() {
            return position != -1;
        }

        /** The next element's offset, or -1 at the end. */
        int position() {
            return position;
        }

        /** Moves past the next element; returns its bytes when {@code keep}, else null. */
        byte[] take(boolean keep) {
            int at = due("another element of the entry");
            advance();
            return keep ? ListpackDecoder.element(blob, at) : null;
        }

        /** The next element, which must be an integer ({@code what} names it for errors). */
        long integer(String what) {
            int at = due(what);
            if (!ListpackDecoder.holdsInteger(blob, at)) {
                throw corrupt(at, what + " (an integer)", "a string");
            }
            long value = ListpackDecoder.integer(blob, at);
            advance();
            return value;
        }

        /** The next element, an integer of at least 0. */
        long count(String what) {
            int at = position;
            long value = integer(what);
            if (value < 0) {
                throw corrupt(at, what + " (at least 0)", Long.toString(value));
            }
            return value;
        }

        void zero(String what) {
            int at = position;
            long value = integer(what);
            if (value != 0) {
                throw corrupt(at, what, Long.toString(value));
            }
        }

        /** The terminator's offset. */
        int end() {
            return blob.length - 1;
        }

        private int due(String what) {
            if (position == -1) {
                throw corrupt(end(), what, "the end of the listpack");
            }
            return position;
        }

        private void advance() {
            position = ListpackDecoder.next(blob, position);
        }
    }
}
