package io.forkline.engine.types;

import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.struct.Element;
import io.forkline.engine.struct.Listpack;
import io.forkline.engine.struct.Skiplist;
import io.forkline.pages.Memory;

/**
 * A position among a sorted set's elements, in either encoding, that walks up or down the order: what range
 * replies, pops and scans read through. Reads only, through the {@link Memory} it was opened on, so it walks a
 * fork's view as well as the live store. One instance per command (it reuses its element holders); valid until
 * the sorted set is next written.
 */
final class SortedSetCursor {

    private final Memory memory;
    private final long value;
    private final boolean listpack;
    private final long skiplist;
    private final Element member = new Element();
    private final Element scoreEntry = new Element();
    /** LISTPACK: the member entry's position, -1 when off the ends. */
    private int position = -1;
    /** SKIPLIST: the node, 0 when off the ends. */
    private long node;

    SortedSetCursor(Memory memory, long value, Encoding encoding) {
        this.memory = memory;
        this.value = value;
        this.listpack = SortedSetValue.isListpack(encoding);
        this.skiplist = listpack ? 0 : SortedSetValue.skiplist(memory, value);
    }

    Memory memory() {
        return memory;
    }

    boolean valid() {
        return listpack ? position != -1 : node != 0;
    }

    /** Moves to the lowest element; false when the set is empty. */
    boolean seekFirst() {
        if (listpack) {
            position = Listpack.first(memory, value);
        } else {
            node = Skiplist.first(memory, skiplist);
        }
        return valid();
    }

    /** Moves to the highest element; false when the set is empty. */
    boolean seekLast() {
        if (listpack) {
            int last = Listpack.last(memory, value);
            position = last == -1 ? -1 : Listpack.prev(memory, value, last);
        } else {
            node = Skiplist.last(memory, skiplist);
        }
        return valid();
    }

    /** Moves to the element of 0-based {@code rank} in ascending order; false (and off the ends) when out of range. */
    boolean seekRank(long rank) {
        if (rank < 0) {
            return invalidate();
        }
        if (listpack) {
            position = rank > Integer.MAX_VALUE ? -1 : Listpack.seek(memory, value, 2 * rank);
        } else {
            node = Skiplist.byRank(memory, skiplist, rank + 1);
        }
        return valid();
    }

    /** Moves to the lowest element in {@code range}; false when none is. */
    boolean seekFirstIn(SortedSetRange range) {
        if (range.isEmpty()) {
            return invalidate();
        }
        if (!listpack) {
            node = range.firstNode(memory, skiplist);
            return valid();
        }
        if (!mayOverlap(range)) {
            return invalidate();
        }
        for (seekFirst(); valid(); next()) {
            if (range.satisfiesMin(this)) {
                return range.satisfiesMax(this) || invalidate();
            }
        }
        return false;
    }

    /** Moves to the highest element in {@code range}; false when none is. */
    boolean seekLastIn(SortedSetRange range) {
        if (range.isEmpty()) {
            return invalidate();
        }
        if (!listpack) {
            node = range.lastNode(memory, skiplist);
            return valid();
        }
        if (!mayOverlap(range)) {
            return invalidate();
        }
        for (seekLast(); valid(); previous()) {
            if (range.satisfiesMax(this)) {
                return range.satisfiesMin(this) || invalidate();
            }
        }
        return false;
    }

    /**
     * False when the highest element is below the range or the lowest above it (Redis's zzlIsInRange and
     * zzlIsInLexRange, which matter when a lex range meets unequal scores).
     */
    private boolean mayOverlap(SortedSetRange range) {
        return seekLast() && range.satisfiesMin(this) && seekFirst() && range.satisfiesMax(this);
    }

    /** Moves up the order; off the end after the highest. */
    void next() {
        if (listpack) {
            position = Listpack.next(memory, value, Listpack.next(memory, value, position));
        } else {
            node = Skiplist.next(memory, node);
        }
    }

    /** Moves down the order; off the end before the lowest. */
    void previous() {
        if (listpack) {
            int scorePosition = Listpack.prev(memory, value, position);
            position = scorePosition == -1 ? -1 : Listpack.prev(memory, value, scorePosition);
        } else {
            node = Skiplist.previous(memory, node);
        }
    }

    double score() {
        if (listpack) {
            return SortedSetListpack.scoreOf(memory, value, position, scoreEntry);
        }
        return Skiplist.score(memory, node);
    }

    /** The member, in a holder this cursor reuses: an integer (LISTPACK only) or a string in memory. */
    Element member() {
        if (listpack) {
            Listpack.get(memory, value, position, member);
        } else {
            member.setString(Skiplist.memberAddress(memory, node), Skiplist.memberLength(memory, node));
        }
        return member;
    }

    /** The score entry as the listpack stores it (what ZSCAN of a LISTPACK set replies); LISTPACK only. */
    Element storedScore() {
        if (!listpack) {
            throw new IllegalStateException("a skiplist stores scores as doubles, not as listpack entries");
        }
        Listpack.get(memory, value, Listpack.next(memory, value, position), scoreEntry);
        return scoreEntry;
    }

    /** A heap copy of the member's bytes (an integer member in decimal). */
    byte[] memberBytes() {
        return member().toBytes(memory);
    }

    /** SKIPLIST: the node under the cursor. */
    long node() {
        return node;
    }

    private boolean invalidate() {
        position = -1;
        node = 0;
        return false;
    }
}
