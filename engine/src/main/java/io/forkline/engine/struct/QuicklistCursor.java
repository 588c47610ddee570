package io.forkline.engine.struct;

import io.forkline.pages.Memory;

import java.util.Objects;

/**
 * A reusable position in a {@link Quicklist} that walks its elements head to tail or tail to head,
 * as Redis's quicklistIter does. Place it with {@link #start} or {@link #seek}, then each
 * {@link #next} fills an {@link Element} with the following element.
 *
 * <p>Reading through any {@link Memory}: a cursor over a fork's view walks the list as it was. While
 * walking the live list, the only write allowed is {@link Quicklist#delete(io.forkline.pages.alloc.Allocator,
 * QuicklistCursor)} of the element just returned, after which the walk goes on with the element that
 * followed it; {@link Quicklist#insert} ends the walk (the cursor must be placed again), and any other
 * write to the list leaves the cursor meaningless. Not thread-safe; one cursor per walk at a time.
 */
public final class QuicklistCursor {

    private Memory memory;
    private long quicklist;
    private boolean forward;
    /** The node of the current element; 0 when the walk is over. */
    private long node;
    /** The current element's position in the node's listpack; 0 in a PLAIN node. */
    private int position;
    /** The current element's index within its node. */
    private int offset;
    /** True when the current element has not been returned yet: the next {@link #next} returns it. */
    private boolean pending;

    /** Places the cursor before the first element (forward) or after the last one (backward). */
    public QuicklistCursor start(Memory memory, long quicklist, boolean forward) {
        open(memory, quicklist, forward);
        enterNode(forward ? Quicklist.head(memory, quicklist) : Quicklist.tail(memory, quicklist));
        return this;
    }

    /**
     * Places the cursor so that {@link #next} returns the element at {@code index} (negative counts
     * from the tail: -1 is the last) and then walks on in the given direction; when the index is out
     * of range, {@link #next} returns false. Starts from whichever end of the list is nearer.
     */
    public QuicklistCursor seek(Memory memory, long quicklist, long index, boolean forward) {
        open(memory, quicklist, forward);
        long count = Quicklist.size(memory, quicklist);
        long target = index < 0 ? count + index : index;
        node = 0;
        if (target < 0 || target >= count) {
            return this;
        }
        long found;
        long before;
        if (target <= (count - 1) / 2) {
            found = Quicklist.head(memory, quicklist);
            before = 0;
            while (before + Quicklist.nodeEntries(memory, found) <= target) {
                before += Quicklist.nodeEntries(memory, found);
                found = Quicklist.nodeNext(memory, found);
            }
        } else {
            found = Quicklist.tail(memory, quicklist);
            before = count - Quicklist.nodeEntries(memory, found);
            while (before > target) {
                found = Quicklist.nodePrevious(memory, found);
                before -= Quicklist.nodeEntries(memory, found);
            }
        }
        placeAt(found, (int) (target - before));
        return this;
    }

    /** Fills {@code out} with the next element and returns true, or returns false when there is none. */
    public boolean next(Element out) {
        if (node == 0) {
            return false;
        }
        if (!pending) {
            advance();
            if (node == 0) {
                return false;
            }
        }
        pending = false;
        if (Quicklist.isPlain(memory, node)) {
            out.setString(Quicklist.nodeEntry(memory, node), Math.toIntExact(Quicklist.nodeSize(memory, node)));
        } else {
            Listpack.get(memory, Quicklist.nodeEntry(memory, node), position, out);
        }
        return true;
    }

    /**
     * Whether the element last returned by {@link #next} equals {@code value[offset, offset + length)}
     * by its string form, as Redis's quicklistCompare: an integer element matches its decimal text.
     */
    public boolean matches(byte[] value, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, value.length);
        checkCurrent();
        long entry = Quicklist.nodeEntry(memory, node);
        if (Quicklist.isPlain(memory, node)) {
            return Quicklist.nodeSize(memory, node) == length && memory.contentEquals(entry, value, offset, length);
        }
        return Listpack.entryEquals(memory, entry, position, value, offset, length);
    }

    /** Whether the walk goes head to tail. */
    public boolean isForward() {
        return forward;
    }

    // ---------------------------------------------------------------------------------------------
    // For Quicklist's writes through a cursor

    long quicklist() {
        return quicklist;
    }

    long node() {
        return node;
    }

    int position() {
        return position;
    }

    int offset() {
        return offset;
    }

    /** Fails unless the cursor stands on an element that {@link #next} returned. */
    void checkCurrent() {
        if (node == 0 || pending) {
            throw new IllegalStateException("the cursor is not on an element returned by next()");
        }
    }

    /** After a delete: the next element is the one at this position and offset of the same node. */
    void stayAt(int newPosition, int newOffset) {
        position = newPosition;
        offset = newOffset;
        pending = true;
    }

    /** Makes the walk continue at the near end of {@code newNode} (0: the walk is over). */
    void enterNode(long newNode) {
        node = newNode;
        pending = true;
        if (newNode == 0) {
            return;
        }
        if (Quicklist.isPlain(memory, newNode)) {
            position = 0;
            offset = 0;
        } else {
            long listpack = Quicklist.nodeEntry(memory, newNode);
            position = forward ? Listpack.first(memory, listpack) : Listpack.last(memory, listpack);
            offset = forward ? 0 : Quicklist.nodeEntries(memory, newNode) - 1;
        }
    }

    /** Ends the walk: after an insert the cursor must be placed again. */
    void invalidate() {
        node = 0;
    }

    // ---------------------------------------------------------------------------------------------

    private void open(Memory memory, long quicklist, boolean forward) {
        this.memory = memory;
        this.quicklist = quicklist;
        this.forward = forward;
    }

    private void placeAt(long found, int indexInNode) {
        node = found;
        offset = indexInNode;
        pending = true;
        position = Quicklist.isPlain(memory, found) ? 0 : Listpack.seek(memory, Quicklist.nodeEntry(memory, found), indexInNode);
    }

    private void advance() {
        if (Quicklist.isPlain(memory, node)) {
            enterNode(neighbour());
            return;
        }
        long listpack = Quicklist.nodeEntry(memory, node);
        int following = forward ? Listpack.next(memory, listpack, position) : Listpack.prev(memory, listpack, position);
        if (following == -1) {
            enterNode(neighbour());
        } else {
            position = following;
            offset += forward ? 1 : -1;
        }
    }

    private long neighbour() {
        return forward ? Quicklist.nodeNext(memory, node) : Quicklist.nodePrevious(memory, node);
    }
}
