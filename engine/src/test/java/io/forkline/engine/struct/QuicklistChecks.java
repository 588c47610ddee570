package io.forkline.engine.struct;

import io.forkline.pages.Memory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the quicklist tests read back: contents both ways, the node layout, and the structure's invariants. */
final class QuicklistChecks {

    private QuicklistChecks() {
    }

    /** The elements head to tail, as text, through a forward cursor. */
    static List<String> contents(Memory memory, long quicklist) {
        return walk(memory, quicklist, true);
    }

    /** The elements tail to head, as text, through a backward cursor. */
    static List<String> contentsBackward(Memory memory, long quicklist) {
        return walk(memory, quicklist, false);
    }

    private static List<String> walk(Memory memory, long quicklist, boolean forward) {
        List<String> out = new ArrayList<>();
        Element element = new Element();
        QuicklistCursor cursor = new QuicklistCursor().start(memory, quicklist, forward);
        while (cursor.next(element)) {
            out.add(new String(element.toBytes(memory), StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    /** Each node's entry count, a PLAIN node's with a 'P' before it: {@code "4 2 P1 3"}. */
    static String layout(Memory memory, long quicklist) {
        StringBuilder out = new StringBuilder();
        for (long node = Quicklist.head(memory, quicklist); node != 0; node = Quicklist.nodeNext(memory, node)) {
            out.append(out.isEmpty() ? "" : " ").append(Quicklist.isPlain(memory, node) ? "P" : "")
                    .append(Quicklist.nodeEntries(memory, node));
        }
        return out.toString();
    }

    /**
     * The links, counts and sizes agree: prev/next mirror each other and end at head and tail; the
     * header's count and node count are the sums; no node is empty; a PACKED node's listpack is valid,
     * of the recorded size and entries; a PLAIN node holds one element. (A node may outgrow the fill:
     * Redis lets an insert into a split half, an LSET or an RDB listpack do so.)
     */
    static void checkInvariants(Memory memory, long quicklist) {
        long count = 0;
        long nodes = 0;
        long previous = 0;
        for (long node = Quicklist.head(memory, quicklist); node != 0; node = Quicklist.nodeNext(memory, node)) {
            assertThat(Quicklist.nodePrevious(memory, node)).as("prev of node %d", nodes).isEqualTo(previous);
            int entries = Quicklist.nodeEntries(memory, node);
            assertThat(entries).as("entries of node %d", nodes).isPositive();
            if (Quicklist.isPlain(memory, node)) {
                assertThat(entries).isEqualTo(1);
            } else {
                long listpack = Quicklist.nodeEntry(memory, node);
                byte[] blob = Listpack.toBlob(memory, listpack);
                Listpack.validate(blob, true);
                assertThat((long) blob.length).as("size of node %d", nodes).isEqualTo(Quicklist.nodeSize(memory, node));
                assertThat(Listpack.size(memory, listpack)).as("listpack count of node %d", nodes).isEqualTo(entries);
            }
            count += entries;
            nodes++;
            previous = node;
        }
        assertThat(Quicklist.tail(memory, quicklist)).isEqualTo(previous);
        assertThat(Quicklist.size(memory, quicklist)).isEqualTo(count);
        assertThat(Quicklist.nodes(memory, quicklist)).isEqualTo(nodes);
    }

    /**
     * Every multi-element PACKED node respects the fill: at most 4, 8, 16, 32 or 64 KiB for fills -1
     * to -5; at most {@code fill} entries and 8 KiB for a positive fill. What pushes guarantee.
     */
    static void checkFill(Memory memory, long quicklist) {
        int fill = Quicklist.fill(memory, quicklist);
        for (long node = Quicklist.head(memory, quicklist); node != 0; node = Quicklist.nodeNext(memory, node)) {
            int entries = Quicklist.nodeEntries(memory, node);
            long bytes = Quicklist.nodeSize(memory, node);
            if (Quicklist.isPlain(memory, node) || entries == 1) {
                continue;
            }
            if (fill < 0) {
                assertThat(bytes).isLessThanOrEqualTo(2048L << -fill);
            } else {
                assertThat(entries).isLessThanOrEqualTo(fill);
                assertThat(bytes).isLessThanOrEqualTo(8192L);
            }
        }
    }
}
