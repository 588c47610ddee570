package io.forkline.engine.struct;

import io.forkline.pages.Memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The model a skiplist is checked against, a sorted list of (score, member), and the check itself: every link,
 * backward link, span, rank and level of a skiplist read through a {@link Memory} against that list.
 */
final class SkiplistModel {

    /** One element as the model holds it; the score is compared bit for bit against the node's. */
    record Element(double score, byte[] member) {

        @Override
        public String toString() {
            return score + ":" + Arrays.toString(member);
        }
    }

    /** Redis's order: scores as doubles compare (so -0 == 0), then members as unsigned bytes. */
    static final Comparator<Element> ORDER = (left, right) -> left.score < right.score ? -1
            : left.score > right.score ? 1 : Arrays.compareUnsigned(left.member, right.member);

    private SkiplistModel() {
    }

    /** The elements of the skiplist, lowest first, read through its level-0 links. */
    static List<Element> elements(Memory memory, long zsl) {
        List<Element> elements = new ArrayList<>();
        for (long node = Skiplist.first(memory, zsl); node != 0; node = Skiplist.next(memory, node)) {
            elements.add(new Element(Skiplist.score(memory, node), Skiplist.memberBytes(memory, node)));
        }
        return elements;
    }

    /** Checks everything the skiplist at {@code zsl} holds against {@code expected}, which is in order. */
    static void check(Memory memory, long zsl, List<Element> expected) {
        List<Long> nodes = checkLevelZero(memory, zsl, expected);
        for (int index = 0; index < nodes.size(); index++) {
            Element element = expected.get(index);
            assertThat(Skiplist.rank(memory, zsl, element.score, element.member, 0, element.member.length))
                    .as("rank of %s", element).isEqualTo(index + 1);
            assertThat(Skiplist.byRank(memory, zsl, index + 1)).as("byRank(%d)", index + 1).isEqualTo(nodes.get(index));
        }
        assertThat(Skiplist.byRank(memory, zsl, 0)).isZero();
        assertThat(Skiplist.byRank(memory, zsl, nodes.size() + 1)).isZero();
        checkLevels(memory, zsl, nodes);
    }

    /** The forward and backward walks, the tail and the length; returns the nodes in order. */
    private static List<Long> checkLevelZero(Memory memory, long zsl, List<Element> expected) {
        assertThat(Skiplist.length(memory, zsl)).as("length").isEqualTo(expected.size());
        List<Long> nodes = new ArrayList<>();
        long previous = 0;
        for (long node = Skiplist.first(memory, zsl); node != 0; node = Skiplist.next(memory, node)) {
            assertThat(nodes.size()).as("more nodes than elements").isLessThan(expected.size());
            Element element = expected.get(nodes.size());
            assertThat(Double.doubleToRawLongBits(Skiplist.score(memory, node)))
                    .as("score of node %d", nodes.size()).isEqualTo(Double.doubleToRawLongBits(element.score));
            assertThat(Skiplist.memberBytes(memory, node)).as("member of node %d", nodes.size()).isEqualTo(element.member);
            assertThat(Skiplist.memberLength(memory, node)).isEqualTo(element.member.length);
            assertThat(Skiplist.previous(memory, node)).as("backward of node %d", nodes.size()).isEqualTo(previous);
            nodes.add(node);
            previous = node;
        }
        assertThat(nodes).hasSize(expected.size());
        assertThat(Skiplist.last(memory, zsl)).as("tail").isEqualTo(previous);
        return nodes;
    }

    /** Each level links exactly the nodes that tall in order, with spans equal to rank differences. */
    private static void checkLevels(Memory memory, long zsl, List<Long> nodes) {
        int highest = 1;
        for (long node : nodes) {
            int levels = Skiplist.levelCount(memory, node);
            assertThat(levels).isBetween(1, SkiplistDescriptor.MAX_LEVEL);
            highest = Math.max(highest, levels);
        }
        assertThat(Skiplist.level(memory, zsl)).as("header level").isEqualTo(highest);
        long head = Skiplist.head(memory, zsl);
        for (int level = 0; level < SkiplistDescriptor.MAX_LEVEL; level++) {
            long at = head;
            long atRank = 0;
            for (int index = 0; index < nodes.size(); index++) {
                long node = nodes.get(index);
                if (Skiplist.levelCount(memory, node) > level) {
                    assertThat(Skiplist.forward(memory, at, level)).as("level %d link to rank %d", level, index + 1).isEqualTo(node);
                    assertThat(Skiplist.span(memory, at, level)).as("level %d span to rank %d", level, index + 1)
                            .isEqualTo(index + 1 - atRank);
                    at = node;
                    atRank = index + 1;
                }
            }
            assertThat(Skiplist.forward(memory, at, level)).as("end of level %d", level).isZero();
        }
    }
}
