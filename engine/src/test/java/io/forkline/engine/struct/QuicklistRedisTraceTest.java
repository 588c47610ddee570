package io.forkline.engine.struct;

import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.alloc.Allocator;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden node layouts from a real Redis 7.0.15: {@code quicklist-redis-7.0.15.trace} holds 3900
 * list commands on one key, under thirteen fills and PLAIN thresholds, each followed by the entry
 * count of every node as Redis's DUMP of the key showed it ({@code quicklist_trace.py}, next to it,
 * made it: run it against a {@code redis-server --enable-debug-command yes --rdbcompression no}).
 * In the last three runs, pushed and inserted lengths are chosen to land a node within a byte of
 * its size limit, so that the size estimates must agree to the byte. The test replays each command
 * on a {@link Quicklist} the way Redis's t_list.c drives its quicklist and requires the same nodes,
 * then the same contents as a plain model.
 */
class QuicklistRedisTraceTest {

    @Test
    void nodesSplitAndMergeExactlyAsInRedis() throws IOException {
        try (PagedMemory memory = PagedMemory.create(PageSize.KIB_4)) {
            Allocator allocator = new Allocator(memory);
            Replay replay = null;
            int lineNumber = 0;
            for (String line : lines()) {
                lineNumber++;
                String[] sides = line.split(" => ?", -1);
                String[] words = sides[0].split(" ");
                if (words[0].equals("NEW")) {
                    if (replay != null) {
                        replay.close();
                    }
                    replay = new Replay(allocator, Integer.parseInt(words[1]), Long.parseLong(words[2]));
                    continue;
                }
                replay.apply(words);
                String expected = sides.length > 1 ? sides[1].trim() : "";
                assertThat(QuicklistChecks.layout(memory, replay.quicklist)).as("line %d: %s", lineNumber, sides[0])
                        .isEqualTo(expected);
                QuicklistChecks.checkInvariants(memory, replay.quicklist);
                assertThat(QuicklistChecks.contents(memory, replay.quicklist)).as("line %d", lineNumber).isEqualTo(replay.model);
            }
            assertThat(lineNumber).isGreaterThan(3000);
            replay.close();
            assertThat(allocator.usedBytes()).isZero();
        }
    }

    private static List<String> lines() throws IOException {
        List<String> lines = new ArrayList<>();
        try (InputStream in = QuicklistRedisTraceTest.class.getResourceAsStream("quicklist-redis-7.0.15.trace");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** A value token of the trace: {@code s<id>_<len>} is padded with '.' to len bytes; others stand as they are. */
    static String expand(String token) {
        int underscore = token.indexOf('_');
        if (token.startsWith("s") && underscore > 0) {
            int length = Integer.parseInt(token.substring(underscore + 1));
            return token + ".".repeat(Math.max(0, length - token.length()));
        }
        return token;
    }

    /** One key's list: the quicklist under test and the model of its contents. */
    private static final class Replay {
        final Allocator allocator;
        final long quicklist;
        final List<String> model = new ArrayList<>();

        Replay(Allocator allocator, int fill, long threshold) {
            this.allocator = allocator;
            this.quicklist = Quicklist.create(allocator, fill, threshold);
        }

        void close() {
            Quicklist.free(allocator, quicklist);
        }

        void apply(String[] words) {
            switch (words[0]) {
                case "LPUSH", "RPUSH" -> {
                    for (int i = 2; i < words.length; i++) {
                        byte[] value = bytes(expand(words[i]));
                        Quicklist.push(allocator, quicklist, words[0].equals("LPUSH"), value, 0, value.length);
                        if (words[0].equals("LPUSH")) {
                            model.addFirst(expand(words[i]));
                        } else {
                            model.addLast(expand(words[i]));
                        }
                    }
                }
                case "LINSERT" -> linsert(words[2].equals("AFTER"), expand(words[3]), expand(words[4]));
                case "LSET" -> lset(Long.parseLong(words[2]), expand(words[3]));
                case "LREM" -> lrem(Long.parseLong(words[2]), expand(words[3]));
                case "LTRIM" -> ltrim(Long.parseLong(words[2]), Long.parseLong(words[3]));
                case "LPOP", "RPOP" -> pop(words[0].equals("LPOP"), words.length > 2 ? Integer.parseInt(words[2]) : -1);
                default -> throw new IllegalArgumentException("unknown trace command " + words[0]);
            }
        }

        private void linsert(boolean after, String pivot, String value) {
            QuicklistCursor cursor = new QuicklistCursor().start(allocator.memory(), quicklist, true);
            Element element = new Element();
            byte[] pivotBytes = bytes(pivot);
            for (int index = 0; cursor.next(element); index++) {
                if (cursor.matches(pivotBytes, 0, pivotBytes.length)) {
                    byte[] valueBytes = bytes(value);
                    Quicklist.insert(allocator, cursor, after, valueBytes, 0, valueBytes.length);
                    model.add(after ? index + 1 : index, value);
                    return;
                }
            }
        }

        private void lset(long index, String value) {
            byte[] bytes = bytes(value);
            assertThat(Quicklist.set(allocator, quicklist, index, bytes, 0, bytes.length)).isTrue();
            model.set((int) (index < 0 ? model.size() + index : index), value);
        }

        private void lrem(long count, String value) {
            boolean forward = count >= 0;
            long limit = Math.abs(count);
            QuicklistCursor cursor = new QuicklistCursor().start(allocator.memory(), quicklist, forward);
            Element element = new Element();
            byte[] bytes = bytes(value);
            long removed = 0;
            while (cursor.next(element) && (limit == 0 || removed < limit)) {
                if (cursor.matches(bytes, 0, bytes.length)) {
                    Quicklist.delete(allocator, cursor);
                    removed++;
                }
            }
            for (long i = 0; i < removed; i++) {
                if (forward) {
                    model.remove(value);
                } else {
                    model.remove(model.lastIndexOf(value));
                }
            }
        }

        private void ltrim(long start, long end) {
            long length = model.size();
            start = start < 0 ? Math.max(0, length + start) : start;
            end = end < 0 ? length + end : end;
            long left;
            long right;
            if (start > end || start >= length) {
                left = length;
                right = 0;
            } else {
                end = Math.min(end, length - 1);
                left = start;
                right = length - end - 1;
            }
            Quicklist.deleteRange(allocator, quicklist, 0, left);
            Quicklist.deleteRange(allocator, quicklist, -right, right);
            List<String> kept = new ArrayList<>(model.subList((int) left, (int) (length - right)));
            model.clear();
            model.addAll(kept);
        }

        private void pop(boolean head, int count) {
            if (count < 0) {
                assertThat(head ? Quicklist.removeHead(allocator, quicklist) : Quicklist.removeTail(allocator, quicklist))
                        .isEqualTo(!model.isEmpty());
                if (!model.isEmpty()) {
                    model.remove(head ? 0 : model.size() - 1);
                }
                return;
            }
            int removed = Math.min(count, model.size());
            Quicklist.deleteRange(allocator, quicklist, head ? 0 : -removed, removed);
            for (int i = 0; i < removed; i++) {
                model.remove(head ? 0 : model.size() - 1);
            }
        }

        private static byte[] bytes(String text) {
            return text.getBytes(StandardCharsets.US_ASCII);
        }
    }
}
