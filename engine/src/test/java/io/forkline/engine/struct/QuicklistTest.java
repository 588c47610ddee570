package io.forkline.engine.struct;

import io.forkline.pages.MemoryView;
import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.alloc.Allocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each quicklist operation on its own: node shapes as Redis 7.0 makes them, edge cases, and errors. */
class QuicklistTest {

    private final PagedMemory memory = PagedMemory.create(PageSize.KIB_4);
    private final Allocator allocator = new Allocator(memory);
    private final Element element = new Element();

    @AfterEach
    void close() {
        memory.close();
    }

    private long listOf(int fill, long threshold, String... values) {
        long quicklist = Quicklist.create(allocator, fill, threshold);
        for (String value : values) {
            pushTail(quicklist, value);
        }
        return quicklist;
    }

    private long listOf(int fill, String... values) {
        return listOf(fill, Quicklist.DEFAULT_PACKED_THRESHOLD, values);
    }

    private void pushTail(long quicklist, String value) {
        Quicklist.pushTail(allocator, quicklist, bytes(value), 0, value.length());
    }

    private void pushHead(long quicklist, String value) {
        Quicklist.pushHead(allocator, quicklist, bytes(value), 0, value.length());
    }

    private List<String> contents(long quicklist) {
        List<String> forward = QuicklistChecks.contents(memory, quicklist);
        assertThat(QuicklistChecks.contentsBackward(memory, quicklist)).isEqualTo(forward.reversed());
        QuicklistChecks.checkInvariants(memory, quicklist);
        return forward;
    }

    private String layout(long quicklist) {
        return QuicklistChecks.layout(memory, quicklist);
    }

    private static List<String> numbers(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add("e" + i);
        }
        return out;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---------------------------------------------------------------------------------------------
    // Creating, freeing, copying

    @Test
    void anEmptyListHasNoNodesAndNothingToRead() {
        long quicklist = Quicklist.create(allocator, -2);
        assertThat(Quicklist.size(memory, quicklist)).isZero();
        assertThat(Quicklist.nodes(memory, quicklist)).isZero();
        assertThat(Quicklist.head(memory, quicklist)).isZero();
        assertThat(Quicklist.tail(memory, quicklist)).isZero();
        assertThat(Quicklist.get(memory, quicklist, 0, element)).isFalse();
        assertThat(Quicklist.get(memory, quicklist, -1, element)).isFalse();
        assertThat(Quicklist.first(memory, quicklist, element)).isFalse();
        assertThat(Quicklist.last(memory, quicklist, element)).isFalse();
        assertThat(Quicklist.removeHead(allocator, quicklist)).isFalse();
        assertThat(Quicklist.removeTail(allocator, quicklist)).isFalse();
        assertThat(Quicklist.pop(allocator, quicklist, true)).isNull();
        assertThat(Quicklist.deleteRange(allocator, quicklist, 0, 10)).isZero();
        assertThat(Quicklist.set(allocator, quicklist, 0, bytes("x"), 0, 1)).isFalse();
        assertThat(new QuicklistCursor().start(memory, quicklist, true).next(element)).isFalse();
        assertThat(new QuicklistCursor().start(memory, quicklist, false).next(element)).isFalse();
        assertThat(contents(quicklist)).isEmpty();
        Quicklist.free(allocator, quicklist);
        assertThat(allocator.usedBytes()).isZero();
    }

    @Test
    void fillIsClampedToRedisRangeAndThresholdMustBePositive() {
        assertThat(Quicklist.fill(memory, Quicklist.create(allocator, 100_000))).isEqualTo(32767);
        assertThat(Quicklist.fill(memory, Quicklist.create(allocator, -9))).isEqualTo(-5);
        assertThat(Quicklist.fill(memory, Quicklist.create(allocator, -2))).isEqualTo(-2);
        assertThat(Quicklist.packedThreshold(memory, Quicklist.create(allocator, -2))).isEqualTo(1L << 30);
        assertThatThrownBy(() -> Quicklist.create(allocator, -2, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The container codes are what an RDB file's LIST_QUICKLIST_2 writes; the sizes are the layout's. */
    @Test
    void layoutConstantsAreFrozen() {
        assertThat(QuicklistDescriptor.CONTAINER_PLAIN).isEqualTo(1);
        assertThat(QuicklistDescriptor.CONTAINER_PACKED).isEqualTo(2);
        assertThat(QuicklistDescriptor.HEADER_SIZE).isEqualTo(48);
        assertThat(QuicklistDescriptor.NODE_SIZE).isEqualTo(32);
        assertThat(QuicklistDescriptor.NODE_CONTAINER_OFFSET).isEqualTo(30);
        assertThat(Quicklist.FILL_MAX).isEqualTo(32767);
        assertThat(Quicklist.FILL_MIN).isEqualTo(-5);
    }

    @Test
    void freeReturnsEveryNodeAndElement() {
        long quicklist = listOf(2, 5, "a", "bbbbbbbb", "c", "12", "dddddd", "e");
        assertThat(layout(quicklist)).isEqualTo("1 P1 2 P1 1");
        Quicklist.free(allocator, quicklist);
        assertThat(allocator.usedBytes()).isZero();
    }

    @Test
    void duplicateIsADeepCopyWithTheSameNodes() {
        long quicklist = listOf(3, 4, "a", "b", "plain", "c", "d", "e", "f");
        long copy = Quicklist.duplicate(allocator, quicklist);
        assertThat(layout(copy)).isEqualTo(layout(quicklist)).isEqualTo("2 P1 3 1");
        assertThat(contents(copy)).isEqualTo(contents(quicklist));
        assertThat(Quicklist.fill(memory, copy)).isEqualTo(3);
        assertThat(Quicklist.packedThreshold(memory, copy)).isEqualTo(4);
        Quicklist.set(allocator, copy, 0, bytes("changed"), 0, 7);
        Quicklist.removeTail(allocator, copy);
        assertThat(contents(quicklist)).containsExactly("a", "b", "plain", "c", "d", "e", "f");
        Quicklist.free(allocator, quicklist);
        assertThat(contents(copy)).containsExactly("changed", "b", "plain", "c", "d", "e");
        Quicklist.free(allocator, copy);
        assertThat(allocator.usedBytes()).isZero();
    }

    // ---------------------------------------------------------------------------------------------
    // Pushing: when a node has room

    @Test
    void aCountFillCapsEntriesPerNode() {
        long quicklist = listOf(3, numbers(0, 7).toArray(String[]::new));
        assertThat(layout(quicklist)).isEqualTo("3 3 1");
        pushHead(quicklist, "h1");
        assertThat(layout(quicklist)).isEqualTo("1 3 3 1");
        pushHead(quicklist, "h2");
        assertThat(layout(quicklist)).isEqualTo("2 3 3 1");
        assertThat(contents(quicklist)).startsWith("h2", "h1", "e0").endsWith("e6");
        QuicklistChecks.checkFill(memory, quicklist);
    }

    @Test
    void fillZeroAndOneGiveOneElementPerNode() {
        assertThat(layout(listOf(0, "a", "b", "c"))).isEqualTo("1 1 1");
        assertThat(layout(listOf(1, "a", "b", "c"))).isEqualTo("1 1 1");
    }

    @Test
    void aSizeFillCapsNodeBytesUsingRedisEstimate() {
        String kilobyte = "k".repeat(1000);
        long quicklist = listOf(-1, kilobyte, kilobyte, kilobyte, kilobyte, kilobyte);
        // 7 + 3 * 1004 + 1000 + 8 = 4027 fits 4 KiB; 7 + 4 * 1004 + 1008 = 5031 does not
        assertThat(layout(quicklist)).isEqualTo("4 1");
        assertThat(Quicklist.nodeSize(memory, Quicklist.head(memory, quicklist))).isEqualTo(7 + 4 * 1004);
        QuicklistChecks.checkFill(memory, quicklist);
        assertThat(layout(listOf(-2, kilobyte, kilobyte, kilobyte, kilobyte, kilobyte, kilobyte, kilobyte, kilobyte, kilobyte)))
                .isEqualTo("8 1");
    }

    @Test
    void aCountFillStillStopsAtTheEightKilobyteSafetyLimit() {
        String value = "v".repeat(500);
        long quicklist = Quicklist.create(allocator, 1000);
        for (int i = 0; i < 40; i++) {
            pushTail(quicklist, value);
        }
        // an entry is 504 bytes: 7 + 15 * 504 + 500 + 8 = 8075 fits, 16 entries, 8583 does not
        assertThat(layout(quicklist)).isEqualTo("16 16 8");
        QuicklistChecks.checkFill(memory, quicklist);
    }

    @Test
    void anElementLargerThanANodeStillGetsAPackedNodeOfItsOwn() {
        String big = "b".repeat(10_000);
        long quicklist = listOf(-2, "a", big, "c");
        assertThat(layout(quicklist)).isEqualTo("1 1 1");
        assertThat(Quicklist.isPlain(memory, Quicklist.nodeNext(memory, Quicklist.head(memory, quicklist)))).isFalse();
        assertThat(contents(quicklist)).containsExactly("a", big, "c");
    }

    @Test
    void elementsAtTheThresholdGetPlainNodes() {
        long quicklist = listOf(-2, 8, "1234567", "12345678", "abcdefgh", "x");
        pushHead(quicklist, "headplain");
        assertThat(layout(quicklist)).isEqualTo("P1 1 P1 P1 1");
        long head = Quicklist.head(memory, quicklist);
        assertThat(Quicklist.container(memory, head)).isEqualTo(QuicklistDescriptor.CONTAINER_PLAIN);
        assertThat(Quicklist.nodeSize(memory, head)).isEqualTo(9);
        assertThat(memory.contentEquals(Quicklist.nodeEntry(memory, head), bytes("headplain"), 0, 9)).isTrue();
        assertThat(contents(quicklist)).containsExactly("headplain", "1234567", "12345678", "abcdefgh", "x");
        // a plain element reads back as a string, even when it is a canonical integer
        assertThat(Quicklist.get(memory, quicklist, 2, element)).isTrue();
        assertThat(element.isInteger()).isFalse();
        assertThat(Quicklist.get(memory, quicklist, 1, element)).isTrue();
        assertThat(element.isInteger()).isTrue();
        assertThat(element.integer()).isEqualTo(1234567);
    }

    @Test
    void canonicalIntegersAreStoredAsListpackIntegers() {
        long quicklist = listOf(-2, "-9223372036854775808", "007", "42", "-0");
        assertThat(Quicklist.get(memory, quicklist, 0, element)).isTrue();
        assertThat(element.integer()).isEqualTo(Long.MIN_VALUE);
        assertThat(Quicklist.get(memory, quicklist, 1, element)).isTrue();
        assertThat(element.isInteger()).isFalse();
        assertThat(Quicklist.get(memory, quicklist, -2, element)).isTrue();
        assertThat(element.integer()).isEqualTo(42);
        assertThat(contents(quicklist)).containsExactly("-9223372036854775808", "007", "42", "-0");
    }

    // ---------------------------------------------------------------------------------------------
    // Popping and reading by index

    @Test
    void popAndRemoveAtBothEndsDropEmptiedNodes() {
        long quicklist = listOf(2, 4, "a", "b", "c", "plain");
        assertThat(layout(quicklist)).isEqualTo("2 1 P1");
        assertThat(new String(Quicklist.pop(allocator, quicklist, false), StandardCharsets.US_ASCII)).isEqualTo("plain");
        assertThat(layout(quicklist)).isEqualTo("2 1");
        assertThat(Quicklist.removeTail(allocator, quicklist)).isTrue();
        assertThat(layout(quicklist)).isEqualTo("2");
        assertThat(new String(Quicklist.pop(allocator, quicklist, true), StandardCharsets.US_ASCII)).isEqualTo("a");
        assertThat(Quicklist.removeHead(allocator, quicklist)).isTrue();
        assertThat(layout(quicklist)).isEmpty();
        assertThat(Quicklist.head(memory, quicklist)).isZero();
        assertThat(Quicklist.tail(memory, quicklist)).isZero();
        pushHead(quicklist, "again");
        assertThat(contents(quicklist)).containsExactly("again");
    }

    @Test
    void getCountsFromEitherEndAcrossNodesOfEverySize() {
        long quicklist = listOf(3, 6, "e0", "e1", "e2", "plain3", "e4", "e5", "e6", "e7", "e8", "e9");
        assertThat(layout(quicklist)).isEqualTo("3 P1 3 3");
        for (int i = 0; i < 10; i++) {
            assertThat(Quicklist.get(memory, quicklist, i, element)).isTrue();
            String expected = i == 3 ? "plain3" : "e" + i;
            assertThat(new String(element.toBytes(memory), StandardCharsets.US_ASCII)).isEqualTo(expected);
            assertThat(Quicklist.get(memory, quicklist, i - 10, element)).isTrue();
            assertThat(new String(element.toBytes(memory), StandardCharsets.US_ASCII)).isEqualTo(expected);
        }
        assertThat(Quicklist.get(memory, quicklist, 10, element)).isFalse();
        assertThat(Quicklist.get(memory, quicklist, -11, element)).isFalse();
        assertThat(Quicklist.get(memory, quicklist, Long.MIN_VALUE, element)).isFalse();
        assertThat(Quicklist.first(memory, quicklist, element)).isTrue();
        assertThat(new String(element.toBytes(memory), StandardCharsets.US_ASCII)).isEqualTo("e0");
        assertThat(Quicklist.last(memory, quicklist, element)).isTrue();
        assertThat(new String(element.toBytes(memory), StandardCharsets.US_ASCII)).isEqualTo("e9");
    }

    // ---------------------------------------------------------------------------------------------
    // Replacing

    @Test
    void setReplacesInPlaceInAPackedNode() {
        long quicklist = listOf(3, "a", "b", "c", "d");
        assertThat(Quicklist.set(allocator, quicklist, 1, bytes("longer value"), 0, 12)).isTrue();
        assertThat(Quicklist.set(allocator, quicklist, -1, bytes("7"), 0, 1)).isTrue();
        assertThat(Quicklist.set(allocator, quicklist, 4, bytes("x"), 0, 1)).isFalse();
        assertThat(Quicklist.set(allocator, quicklist, -5, bytes("x"), 0, 1)).isFalse();
        assertThat(layout(quicklist)).isEqualTo("3 1");
        assertThat(contents(quicklist)).containsExactly("a", "longer value", "c", "7");
    }

    @Test
    void setMovesElementsBetweenPlainAndPackedNodesAsRedisDoes() {
        long quicklist = listOf(4, 5, "a", "b", "c", "d", "e", "f");
        assertThat(layout(quicklist)).isEqualTo("4 2");
        // packed -> plain in the middle of a node: split after it, plain node between, old element deleted
        Quicklist.set(allocator, quicklist, 1, bytes("PLAIN1"), 0, 6);
        assertThat(layout(quicklist)).isEqualTo("1 P1 2 2");
        assertThat(contents(quicklist)).containsExactly("a", "PLAIN1", "c", "d", "e", "f");
        // plain -> plain: the bytes are replaced in place
        Quicklist.set(allocator, quicklist, 1, bytes("PLAIN22"), 0, 7);
        assertThat(layout(quicklist)).isEqualTo("1 P1 2 2");
        // plain -> small: inserted at the head of the next node, the plain node removed
        Quicklist.set(allocator, quicklist, 1, bytes("b"), 0, 1);
        assertThat(layout(quicklist)).isEqualTo("1 3 2");
        // packed -> plain at a node's last element, and of a node's only element
        Quicklist.set(allocator, quicklist, 3, bytes("PLAIN3"), 0, 6);
        assertThat(layout(quicklist)).isEqualTo("1 2 P1 2");
        Quicklist.set(allocator, quicklist, 0, bytes("PLAIN0"), 0, 6);
        assertThat(layout(quicklist)).isEqualTo("P1 2 P1 2");
        assertThat(contents(quicklist)).containsExactly("PLAIN0", "b", "c", "PLAIN3", "e", "f");
        Quicklist.free(allocator, quicklist);
        assertThat(allocator.usedBytes()).isZero();
    }

    // ---------------------------------------------------------------------------------------------
    // Inserting: into a node, next to it, or splitting it

    private QuicklistCursor cursorOn(long quicklist, String value) {
        QuicklistCursor cursor = new QuicklistCursor().start(memory, quicklist, true);
        while (cursor.next(element)) {
            if (cursor.matches(bytes(value), 0, value.length())) {
                return cursor;
            }
        }
        throw new AssertionError(value + " is not in the list");
    }

    private void insert(long quicklist, String pivot, boolean after, String value) {
        Quicklist.insert(allocator, cursorOn(quicklist, pivot), after, bytes(value), 0, value.length());
    }

    @Test
    void insertIntoANodeWithRoom() {
        long quicklist = listOf(4, "a", "c");
        insert(quicklist, "a", true, "b");
        insert(quicklist, "a", false, "0");
        assertThat(layout(quicklist)).isEqualTo("4");
        assertThat(contents(quicklist)).containsExactly("0", "a", "b", "c");
    }

    @Test
    void insertAtTheEdgeOfAFullNodeUsesTheNeighbourOrANewNode() {
        long quicklist = listOf(2, "a", "b", "c");
        assertThat(layout(quicklist)).isEqualTo("2 1");
        insert(quicklist, "b", true, "b2");        // full, at tail, next has room: head of next
        assertThat(layout(quicklist)).isEqualTo("2 2");
        insert(quicklist, "b2", false, "b1");      // full, at head, previous full: a new node before
        assertThat(layout(quicklist)).isEqualTo("2 1 2");
        insert(quicklist, "c", true, "d");         // full, at tail, no next: a new node after
        assertThat(layout(quicklist)).isEqualTo("2 1 2 1");
        insert(quicklist, "b2", false, "b15");     // full, at head, previous has room: tail of previous
        assertThat(layout(quicklist)).isEqualTo("2 2 2 1");
        assertThat(contents(quicklist)).containsExactly("a", "b", "b1", "b15", "b2", "c", "d");
    }

    @Test
    void insertInTheMiddleOfAFullNodeSplitsIt() {
        long quicklist = listOf(4, "a0", "a1", "a2", "a3", "b0", "b1", "b2", "b3", "c0", "c1", "c2", "c3");
        insert(quicklist, "b1", true, "new");
        // B keeps [b0 b1]; the split half takes [new b2 b3]; nothing fits together with fill 4
        assertThat(layout(quicklist)).isEqualTo("4 2 3 4");
        assertThat(contents(quicklist)).containsExactly("a0", "a1", "a2", "a3", "b0", "b1", "new", "b2", "b3", "c0", "c1", "c2",
                "c3");
    }

    @Test
    void aSplitMergesTheNeighbourhoodWhereNodesFitTogether() {
        long quicklist = listOf(4, "a0", "a1", "a2", "a3", "b0", "b1", "b2", "b3", "c0", "c1", "c2", "c3");
        Quicklist.deleteRange(allocator, quicklist, 5, 3);
        assertThat(layout(quicklist)).isEqualTo("4 1 4");
        insert(quicklist, "a1", true, "new");
        // A keeps [a0 a1], the half [new a2 a3] is then merged with B [b0]: 3 + 1 <= 4
        assertThat(layout(quicklist)).isEqualTo("2 4 4");
        assertThat(contents(quicklist)).containsExactly("a0", "a1", "new", "a2", "a3", "b0", "c0", "c1", "c2", "c3");
        insert(quicklist, "a2", false, "before");
        assertThat(contents(quicklist)).containsExactly("a0", "a1", "new", "before", "a2", "a3", "b0", "c0", "c1", "c2", "c3");
        assertThat(layout(quicklist)).isEqualTo("4 3 4");
    }

    @Test
    void insertingAPlainSizedElementSplitsAroundIt() {
        long quicklist = listOf(4, 6, "a", "b", "c", "d");
        insert(quicklist, "b", true, "PLAIN1");
        assertThat(layout(quicklist)).isEqualTo("2 P1 2");
        insert(quicklist, "a", false, "PLAIN0");
        insert(quicklist, "d", true, "PLAIN9");
        insert(quicklist, "PLAIN1", true, "PLAIN2");
        assertThat(layout(quicklist)).isEqualTo("P1 2 P1 P1 2 P1");
        insert(quicklist, "PLAIN2", false, "x");   // next to a plain node: the neighbour or a new node
        assertThat(layout(quicklist)).isEqualTo("P1 2 P1 1 P1 2 P1");
        assertThat(contents(quicklist)).containsExactly("PLAIN0", "a", "b", "PLAIN1", "x", "PLAIN2", "c", "d", "PLAIN9");
    }

    @Test
    void anInsertEndsTheCursorWalk() {
        long quicklist = listOf(4, "a", "b");
        QuicklistCursor cursor = cursorOn(quicklist, "a");
        Quicklist.insert(allocator, cursor, true, bytes("x"), 0, 1);
        assertThat(cursor.next(element)).isFalse();
        assertThatThrownBy(() -> Quicklist.insert(allocator, cursor, true, bytes("y"), 0, 1))
                .isInstanceOf(IllegalStateException.class);
    }

    // ---------------------------------------------------------------------------------------------
    // Deleting

    @Test
    void deletingThroughAForwardCursorGoesOnWithTheNextElement() {
        long quicklist = listOf(3, 3, "x", "a", "x", "x", "PLN", "x", "b", "x", "x");
        assertThat(layout(quicklist)).isEqualTo("3 1 P1 3 1");
        QuicklistCursor cursor = new QuicklistCursor().start(memory, quicklist, true);
        List<String> seen = new ArrayList<>();
        while (cursor.next(element)) {
            String value = new String(element.toBytes(memory), StandardCharsets.US_ASCII);
            seen.add(value);
            if (!value.equals("a") && !value.equals("b")) {
                Quicklist.delete(allocator, cursor);
            }
        }
        assertThat(seen).containsExactly("x", "a", "x", "x", "PLN", "x", "b", "x", "x");
        assertThat(contents(quicklist)).containsExactly("a", "b");
        assertThat(layout(quicklist)).isEqualTo("1 1");
    }

    @Test
    void deletingThroughABackwardCursorGoesOnWithThePreviousElement() {
        long quicklist = listOf(3, 3, "x", "a", "x", "x", "PLN", "x", "b", "x", "x");
        QuicklistCursor cursor = new QuicklistCursor().start(memory, quicklist, false);
        List<String> seen = new ArrayList<>();
        while (cursor.next(element)) {
            String value = new String(element.toBytes(memory), StandardCharsets.US_ASCII);
            seen.add(value);
            if (!value.equals("a")) {
                Quicklist.delete(allocator, cursor);
            }
        }
        assertThat(seen).containsExactly("x", "x", "b", "x", "PLN", "x", "x", "a", "x");
        assertThat(contents(quicklist)).containsExactly("a");
        Quicklist.delete(allocator, cursorOn(quicklist, "a"));
        assertThat(contents(quicklist)).isEmpty();
        assertThat(Quicklist.nodes(memory, quicklist)).isZero();
    }

    @Test
    void deleteNeedsAnElementReturnedByNext() {
        long quicklist = listOf(4, "a");
        QuicklistCursor cursor = new QuicklistCursor().start(memory, quicklist, true);
        assertThatThrownBy(() -> Quicklist.delete(allocator, cursor)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cursor.matches(bytes("a"), 0, 1)).isInstanceOf(IllegalStateException.class);
        cursor.next(element);
        Quicklist.delete(allocator, cursor);
        assertThatThrownBy(() -> Quicklist.delete(allocator, cursor)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void deleteRangeTrimsPartialNodesAndUnlinksWholeOnes() {
        long quicklist = listOf(3, numbers(0, 10).toArray(String[]::new));
        assertThat(layout(quicklist)).isEqualTo("3 3 3 1");
        assertThat(Quicklist.deleteRange(allocator, quicklist, 1, 5)).isEqualTo(5);
        assertThat(layout(quicklist)).isEqualTo("1 3 1");
        assertThat(contents(quicklist)).containsExactly("e0", "e6", "e7", "e8", "e9");
        assertThat(Quicklist.deleteRange(allocator, quicklist, -2, 10)).isEqualTo(2);
        assertThat(contents(quicklist)).containsExactly("e0", "e6", "e7");
        assertThat(Quicklist.deleteRange(allocator, quicklist, -4, 1)).isZero();
        assertThat(Quicklist.deleteRange(allocator, quicklist, 3, 1)).isZero();
        assertThat(Quicklist.deleteRange(allocator, quicklist, 0, 0)).isZero();
        assertThat(Quicklist.deleteRange(allocator, quicklist, 0, -1)).isZero();
        assertThat(Quicklist.deleteRange(allocator, quicklist, 0, Long.MAX_VALUE)).isEqualTo(3);
        assertThat(contents(quicklist)).isEmpty();
    }

    @Test
    void deleteRangeRemovesPlainNodesWhole() {
        long quicklist = listOf(4, 3, "a", "PPP", "b", "QQQ");
        assertThat(Quicklist.deleteRange(allocator, quicklist, 1, 2)).isEqualTo(2);
        assertThat(layout(quicklist)).isEqualTo("1 P1");
        assertThat(contents(quicklist)).containsExactly("a", "QQQ");
    }

    // ---------------------------------------------------------------------------------------------
    // Cursors

    @Test
    void seekStartsAtTheIndexAndWalksEitherWay() {
        long quicklist = listOf(2, 3, "e0", "e1", "BIG", "e3", "e4", "e5");
        QuicklistCursor cursor = new QuicklistCursor().seek(memory, quicklist, -3, false);
        List<String> seen = new ArrayList<>();
        while (cursor.next(element)) {
            seen.add(new String(element.toBytes(memory), StandardCharsets.US_ASCII));
        }
        assertThat(seen).containsExactly("e3", "BIG", "e1", "e0");
        cursor.seek(memory, quicklist, 2, true);
        seen.clear();
        while (cursor.next(element)) {
            seen.add(new String(element.toBytes(memory), StandardCharsets.US_ASCII));
        }
        assertThat(seen).containsExactly("BIG", "e3", "e4", "e5");
        assertThat(cursor.seek(memory, quicklist, 6, true).next(element)).isFalse();
        assertThat(cursor.seek(memory, quicklist, -7, false).next(element)).isFalse();
        assertThat(cursor.isForward()).isFalse();
    }

    @Test
    void matchesComparesTheStringFormOfPackedAndPlainElements() {
        long quicklist = listOf(4, 4, "12", "abc", "PLAIN");
        QuicklistCursor cursor = new QuicklistCursor().start(memory, quicklist, true);
        cursor.next(element);
        assertThat(cursor.matches(bytes("12"), 0, 2)).isTrue();
        assertThat(cursor.matches(bytes("012"), 0, 3)).isFalse();
        assertThat(cursor.matches(bytes("x12x"), 1, 2)).isTrue();
        cursor.next(element);
        assertThat(cursor.matches(bytes("abc"), 0, 3)).isTrue();
        assertThat(cursor.matches(bytes("ab"), 0, 2)).isFalse();
        cursor.next(element);
        assertThat(cursor.matches(bytes("PLAIN"), 0, 5)).isTrue();
        assertThat(cursor.matches(bytes("PLAIn"), 0, 5)).isFalse();
        assertThat(cursor.matches(bytes("PLAI"), 0, 4)).isFalse();
    }

    // ---------------------------------------------------------------------------------------------
    // Loading nodes as they are

    @Test
    void appendListpackAndPlainKeepNodesAsGiven() {
        long quicklist = Quicklist.create(allocator, 2);
        long listpack = Listpack.create(allocator);
        for (String value : List.of("a", "b", "c", "d", "e")) {
            listpack = Listpack.append(allocator, listpack, bytes(value), 0, 1);
        }
        Quicklist.appendListpack(allocator, quicklist, listpack);
        Quicklist.appendPlain(allocator, quicklist, bytes("tiny"), 0, 4);
        assertThat(layout(quicklist)).isEqualTo("5 P1");
        assertThat(contents(quicklist)).containsExactly("a", "b", "c", "d", "e", "tiny");
        long empty = Listpack.create(allocator);
        assertThatThrownBy(() -> Quicklist.appendListpack(allocator, quicklist, empty)).isInstanceOf(IllegalArgumentException.class);
        Listpack.free(allocator, empty);
        Quicklist.free(allocator, quicklist);
        assertThat(allocator.usedBytes()).isZero();
    }

    // ---------------------------------------------------------------------------------------------
    // Reading a fork's view

    @Test
    void aForkKeepsReadingTheListAsItWas() {
        long quicklist = listOf(2, 4, "a", "b", "PLAIN", "c");
        MemoryView view = memory.fork();
        Quicklist.set(allocator, quicklist, 0, bytes("A"), 0, 1);
        insert(quicklist, "b", true, "b2");
        Quicklist.removeTail(allocator, quicklist);
        Quicklist.deleteRange(allocator, quicklist, 0, 1);
        assertThat(QuicklistChecks.contents(view, quicklist)).containsExactly("a", "b", "PLAIN", "c");
        assertThat(QuicklistChecks.contentsBackward(view, quicklist)).containsExactly("c", "PLAIN", "b", "a");
        assertThat(QuicklistChecks.layout(view, quicklist)).isEqualTo("2 P1 1");
        assertThat(Quicklist.get(view, quicklist, 2, element)).isTrue();
        assertThat(new String(element.toBytes(view), StandardCharsets.US_ASCII)).isEqualTo("PLAIN");
        view.close();
        assertThat(contents(quicklist)).containsExactly("b", "b2", "PLAIN");
    }
}
