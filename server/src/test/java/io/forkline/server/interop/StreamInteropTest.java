package io.forkline.server.interop;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stream commands against forkline and Debian's redis-server 7.0.15 (on free loopback ports, stopped by the
 * test), in the same order from empty databases: every reply must be byte for byte the same, errors included.
 * IDs are explicit, so no reply depends on the clock; the few fields that do (idle times) and the one that
 * depends on Redis's radix tree's inner shape (radix-tree-nodes) are masked. Small nodes make trimming by whole
 * nodes visible; a seeded run of random adds, deletes and trims follows.
 */
class StreamInteropTest extends SideBySideFixture {

    private static final UnaryOperator<String> TREE_NODES = reply -> reply.replaceAll("(radix-tree-nodes\r\n):\\d+", "$1:?");
    private static final UnaryOperator<String> IDLE = reply -> reply.replaceAll("(idle\r\n):\\d+", "$1:?");

    private static final String[][] CASES = {
            {"CONFIG", "SET", "stream-node-max-entries", "4"},
            {"XADD", "s", "1-1", "a", "1", "b", "2"},
            {"XADD", "s", "1-2", "a", "3", "b", "4"},
            {"XADD", "s", "1-*", "a", "5"},
            {"XADD", "s", "2", "c", "6", "d", "7"},
            {"XADD", "s", "2-0", "c", "6"},
            {"XADD", "s", "1-9", "c", "6"},
            {"XADD", "s", "0-0", "c", "6"},
            {"XADD", "t", "0-0", "c", "6"},
            {"EXISTS", "t"},
            {"XADD", "s", "3-1", "a"},
            {"XADD", "s", "3-1", "a", "1", "b"},
            {"XADD", "s", "abc", "a", "1"},
            {"XADD", "s", "3-x", "a", "1"},
            {"XADD", "s", "-", "a", "1"},
            {"XADD", "s", "NOMKSTREAM", "3-1", "a", "1"},
            {"XADD", "missing", "NOMKSTREAM", "3-1", "a", "1"},
            {"EXISTS", "missing"},
            {"XADD", "s", "4-1", "12", "345", "-7", "text"},
            {"XADD", "s", "5-0", "a", "1", "b", "2"},
            {"XADD", "s", "5-1", "a", "1", "b", "2"},
            {"XADD", "s", "6-0", "b", "1", "a", "2"},
            {"XLEN", "s"},
            {"XLEN", "missing"},
            {"XRANGE", "s", "-", "+"},
            {"XRANGE", "s", "1", "2"},
            {"XRANGE", "s", "(1-1", "(5-1"},
            {"XRANGE", "s", "-", "+", "COUNT", "3"},
            {"XRANGE", "s", "-", "+", "COUNT", "0"},
            {"XRANGE", "s", "-", "+", "COUNT", "-1"},
            {"XRANGE", "s", "(-", "+"},
            {"XRANGE", "s", "-", "(0-0"},
            {"XRANGE", "s", "-", "+", "LIMIT", "3"},
            {"XRANGE", "s", "x", "+"},
            {"XRANGE", "missing", "-", "+"},
            {"XREVRANGE", "s", "+", "-"},
            {"XREVRANGE", "s", "5", "(1-2", "COUNT", "2"},
            {"XDEL", "s", "1-2", "1-2", "9-9"},
            {"XDEL", "s", "1-1"},
            {"XDEL", "s", "bad"},
            {"XDEL", "missing", "1-1"},
            {"XRANGE", "s", "-", "+"},
            {"XINFO", "STREAM", "s"},
            {"XINFO", "STREAM", "s", "FULL"},
            {"XINFO", "STREAM", "s", "FULL", "COUNT", "2"},
            {"XINFO", "STREAM", "s", "BAD"},
            {"XINFO", "STREAM", "missing"},
            {"XINFO", "HELP"},
            {"XTRIM", "s", "MAXLEN", "5"},
            {"XTRIM", "s", "MAXLEN", "~", "2"},
            {"XTRIM", "s", "MAXLEN", "=", "5"},
            {"XTRIM", "s", "MINID", "5-0"},
            {"XTRIM", "s", "MAXLEN", "-1"},
            {"XTRIM", "s", "MAXLEN", "1", "LIMIT", "10"},
            {"XTRIM", "s", "MAXLEN", "~", "1", "LIMIT", "-1"},
            {"XTRIM", "s", "MAXLEN", "1", "MINID", "1"},
            {"XTRIM", "s"},
            {"XTRIM", "s", "LIMIT", "1"},
            {"XTRIM", "missing", "MAXLEN", "1"},
            {"XRANGE", "s", "-", "+"},
            {"XINFO", "STREAM", "s"},
            {"XSETID", "s", "1-1"},
            {"XSETID", "s", "100-1", "ENTRIESADDED", "1"},
            {"XSETID", "s", "100-1", "ENTRIESADDED", "50", "MAXDELETEDID", "200-0"},
            {"XSETID", "s", "100-1", "ENTRIESADDED", "50", "MAXDELETEDID", "20-0"},
            {"XSETID", "missing", "1-1"},
            {"XINFO", "STREAM", "s"},
            {"XADD", "s", "100-1", "a", "1"},
            {"XADD", "s", "MAXLEN", "2", "101-1", "a", "1"},
            {"XADD", "s", "MINID", "=", "101-0", "LIMIT", "5", "102-1", "a", "1"},
            {"XADD", "s", "MAXLEN", "1", "MINID", "1", "103-1", "a", "1"},
            {"XRANGE", "s", "-", "+"},
            {"SET", "str", "x"},
            {"XADD", "str", "1-1", "a", "1"},
            {"XRANGE", "str", "-", "+"},
            {"XLEN", "str"},
            {"TYPE", "s"},
            {"OBJECT", "ENCODING", "s"},
            // Groups
            {"DEL", "q"},
            {"XADD", "q", "1-0", "f", "v1"},
            {"XADD", "q", "2-0", "f", "v2"},
            {"XADD", "q", "3-0", "f", "v3"},
            {"XADD", "q", "4-0", "f", "v4"},
            {"XGROUP", "CREATE", "q", "g1", "0"},
            {"XGROUP", "CREATE", "q", "g1", "0"},
            {"XGROUP", "CREATE", "q", "g2", "$"},
            {"XGROUP", "CREATE", "q", "g3", "2-0", "ENTRIESREAD", "2"},
            {"XGROUP", "CREATE", "q", "g4", "0", "ENTRIESREAD", "-5"},
            {"XGROUP", "CREATE", "nokey", "g", "$"},
            {"XGROUP", "CREATE", "nokey", "g", "$", "MKSTREAM"},
            {"XINFO", "STREAM", "nokey"},
            {"XGROUP", "CREATE", "q", "g5", "bad"},
            {"XGROUP", "CREATE", "q", "g5", "0", "BAD"},
            {"XGROUP", "CREATE", "str", "g", "$"},
            {"XINFO", "GROUPS", "q"},
            {"XREADGROUP", "GROUP", "g1", "alice", "COUNT", "2", "STREAMS", "q", ">"},
            {"XREADGROUP", "GROUP", "g1", "bob", "STREAMS", "q", ">"},
            {"XREADGROUP", "GROUP", "g1", "bob", "STREAMS", "q", ">"},
            {"XREADGROUP", "GROUP", "g1", "alice", "STREAMS", "q", "0"},
            {"XREADGROUP", "GROUP", "g1", "alice", "COUNT", "1", "STREAMS", "q", "1-0"},
            {"XREADGROUP", "GROUP", "g1", "carol", "STREAMS", "q", "0"},
            {"XREADGROUP", "GROUP", "g3", "dan", "NOACK", "STREAMS", "q", ">"},
            {"XREADGROUP", "GROUP", "nogroup", "x", "STREAMS", "q", ">"},
            {"XREADGROUP", "GROUP", "g1", "x", "STREAMS", "q", "$"},
            {"XREADGROUP", "GROUP", "g1", "x", "STREAMS", "q"},
            {"XREADGROUP", "STREAMS", "q", ">"},
            {"XREAD", "GROUP", "g1", "x", "STREAMS", "q", ">"},
            {"XREAD", "NOACK", "STREAMS", "q", "0"},
            {"XREAD", "STREAMS", "q", ">"},
            {"XREAD", "COUNT", "2", "STREAMS", "q", "s", "0", "0"},
            {"XREAD", "STREAMS", "q", "s", "4-0", "$"},
            {"XREAD", "STREAMS", "q", "nokey", "0", "0"},
            {"XREAD", "STREAMS", "q", "0", "0"},
            {"XREAD", "BLOCK", "-1", "STREAMS", "q", "0"},
            {"XREAD", "BLOCK", "x", "STREAMS", "q", "0"},
            {"XPENDING", "q", "g1"},
            {"XPENDING", "q", "g2"},
            {"XPENDING", "q", "nogroup"},
            {"XPENDING", "q", "g1", "-", "+", "0"},
            {"XPENDING", "q", "g1", "-", "+", "10", "nobody"},
            {"XPENDING", "q", "g1", "-", "+"},
            {"XPENDING", "q", "g1", "IDLE", "10", "-", "+"},
            {"XPENDING", "q", "g1", "x", "+", "5"},
            {"XINFO", "GROUPS", "q"},
            {"XINFO", "CONSUMERS", "q", "g1"},
            {"XINFO", "CONSUMERS", "q", "nogroup"},
            {"XACK", "q", "g1", "1-0", "9-0"},
            {"XACK", "q", "g1", "1-0"},
            {"XACK", "q", "nogroup", "1-0"},
            {"XACK", "q", "g1", "bad"},
            {"XPENDING", "q", "g1"},
            {"XCLAIM", "q", "g1", "carol", "0", "2-0", "JUSTID"},
            {"XCLAIM", "q", "g1", "carol", "0", "3-0", "4-0"},
            {"XCLAIM", "q", "g1", "carol", "3600000", "3-0", "JUSTID"},
            {"XCLAIM", "q", "g1", "erin", "0", "1-0", "FORCE", "JUSTID"},
            {"XCLAIM", "q", "g1", "erin", "0", "9-0", "FORCE", "JUSTID"},
            {"XCLAIM", "q", "g1", "erin", "0", "2-0", "BADOPT"},
            {"XCLAIM", "q", "g1", "erin", "x", "2-0"},
            {"XCLAIM", "q", "nogroup", "erin", "0", "2-0"},
            {"XCLAIM", "q", "g1", "erin", "0", "2-0", "JUSTID", "LASTID", "10-0"},
            {"XPENDING", "q", "g1"},
            {"XDEL", "q", "3-0"},
            {"XAUTOCLAIM", "q", "g1", "frank", "0", "0", "COUNT", "1"},
            {"XAUTOCLAIM", "q", "g1", "frank", "0", "0", "JUSTID"},
            {"XAUTOCLAIM", "q", "g1", "frank", "0", "(1-0"},
            {"XAUTOCLAIM", "q", "g1", "frank", "0", "0", "COUNT", "0"},
            {"XAUTOCLAIM", "q", "g1", "frank", "0", "0", "BAD"},
            {"XAUTOCLAIM", "q", "nogroup", "frank", "0", "0"},
            {"XPENDING", "q", "g1"},
            {"XINFO", "GROUPS", "q"},
            {"XINFO", "STREAM", "q"},
            {"XGROUP", "SETID", "q", "g2", "0"},
            {"XGROUP", "SETID", "q", "g2", "$", "ENTRIESREAD", "3"},
            {"XGROUP", "SETID", "q", "nogroup", "0"},
            {"XGROUP", "CREATECONSUMER", "q", "g2", "zed"},
            {"XGROUP", "CREATECONSUMER", "q", "g2", "zed"},
            {"XGROUP", "CREATECONSUMER", "q", "nogroup", "zed"},
            {"XGROUP", "DELCONSUMER", "q", "g1", "frank"},
            {"XGROUP", "DELCONSUMER", "q", "g1", "nobody"},
            {"XPENDING", "q", "g1"},
            {"XGROUP", "DESTROY", "q", "g3"},
            {"XGROUP", "DESTROY", "q", "g3"},
            {"XGROUP", "DESTROY", "nokey2", "g3"},
            {"XGROUP", "HELP"},
            {"XGROUP", "BAD", "q", "g"},
            {"XINFO", "GROUPS", "q"},
            {"XINFO", "STREAM", "nokey", "FULL"},
            // A trim that deletes a node's last live entry keeps the node (XDEL would free it), as Redis does.
            {"XADD", "t2", "1-1", "a", "1"},
            {"XADD", "t2", "1-2", "a", "2"},
            {"XDEL", "t2", "1-2"},
            {"XTRIM", "t2", "MINID", "=", "1-2"},
            {"XINFO", "STREAM", "t2"},
            {"XADD", "t2", "2-1", "a", "1"},
            {"XINFO", "STREAM", "t2", "FULL"},
            {"XADD", "t3", "1-1", "a", "1"},
            {"XADD", "t3", "1-2", "a", "2"},
            {"XDEL", "t3", "1-1", "1-2"},
            {"XINFO", "STREAM", "t3"},
            {"COMMAND", "GETKEYS", "XREAD", "COUNT", "1", "STREAMS", "a", "b", "0", "0"},
            {"COMMAND", "GETKEYS", "XREADGROUP", "GROUP", "g", "c", "STREAMS", "a", ">"},
    };

    @Test
    void repliesAgree() throws Exception {
        for (String[] command : CASES) {
            servers.compare(reply -> IDLE.apply(TREE_NODES.apply(reply)), command);
        }
        assertThat(servers.differences()).isEmpty();
    }

    /**
     * Random consumer-group work on one stream (reads by three consumers, history reads, acks, claims, automatic
     * claims, deletes, trims, SETID), each reply compared; replies that carry delivery times are left out (JUSTID
     * claims, summary XPENDING).
     */
    @Test
    void randomGroupOperationsAgree() throws Exception {
        long seed = 20261127L;
        SplittableRandom random = new SplittableRandom(seed);
        servers.compare("XGROUP", "CREATE", "q2", "g", "0", "MKSTREAM");
        long ms = 0;
        for (int i = 0; i < 800; i++) {
            String consumer = "c" + random.nextInt(3);
            String id = random.nextInt((int) ms + 2) + "-0";
            switch (random.nextInt(12)) {
                case 0, 1, 2 -> servers.compare("XADD", "q2", ++ms + "-0", "f", Integer.toString(i));
                case 3 -> servers.compare("XREADGROUP", "GROUP", "g", consumer, "COUNT", Integer.toString(1 + random.nextInt(4)),
                        "STREAMS", "q2", ">");
                case 4 -> servers.compare("XREADGROUP", "GROUP", "g", consumer, "NOACK", "COUNT", "1", "STREAMS", "q2", ">");
                case 5 -> servers.compare("XREADGROUP", "GROUP", "g", consumer, "COUNT", "3", "STREAMS", "q2", id);
                case 6 -> servers.compare("XACK", "q2", "g", id, random.nextInt((int) ms + 2) + "-0");
                case 7 -> servers.compare("XCLAIM", "q2", "g", consumer, "0", id, random.nextInt((int) ms + 2) + "-0", "JUSTID");
                case 8 -> servers.compare("XAUTOCLAIM", "q2", "g", consumer, "0", id, "COUNT", Integer.toString(1 + random.nextInt(5)),
                        "JUSTID");
                case 9 -> servers.compare("XDEL", "q2", id);
                case 10 -> servers.compare("XTRIM", "q2", "MAXLEN", "=", Integer.toString(20 + random.nextInt(40)));
                default -> servers.compare("XGROUP", "SETID", "q2", "g", random.nextInt(8) == 0 ? "0" : "$");
            }
            if (i % 20 == 0) {
                servers.compare("XPENDING", "q2", "g");
                servers.compare("XINFO", "GROUPS", "q2");
            }
        }
        servers.compare("XPENDING", "q2", "g");
        servers.compare("XINFO", "GROUPS", "q2");
        servers.compare(IDLE, "XINFO", "CONSUMERS", "q2", "g");
        assertThat(servers.differences()).as("seed %d", seed).isEmpty();
    }

    /** Random adds (some with new field names), deletes and exact or approximate trims, then every view of it. */
    @Test
    void randomOperationsLeaveTheSameStream() throws Exception {
        long seed = 20261126L;
        SplittableRandom random = new SplittableRandom(seed);
        servers.compare("CONFIG", "SET", "stream-node-max-entries", "8");
        long ms = 1;
        for (int i = 0; i < 600; i++) {
            int op = random.nextInt(10);
            if (op < 6) {
                ms += random.nextInt(3);
                String field = random.nextInt(4) == 0 ? "f" + random.nextInt(3) : "name";
                servers.compare("XADD", "r", ms + "-*", field, Integer.toString(random.nextInt(1000)), "k", "v" + i);
            } else if (op < 8) {
                servers.compare("XDEL", "r", (1 + random.nextInt((int) ms)) + "-" + random.nextInt(3));
            } else if (op == 8) {
                servers.compare("XTRIM", "r", "MAXLEN", random.nextBoolean() ? "~" : "=", Integer.toString(50 + random.nextInt(100)));
            } else {
                servers.compare("XTRIM", "r", "MINID", random.nextBoolean() ? "~" : "=", Math.max(1, ms - 200) + "-0");
            }
        }
        servers.compare("XRANGE", "r", "-", "+");
        servers.compare("XREVRANGE", "r", "+", "-", "COUNT", "17");
        servers.compare(TREE_NODES, "XINFO", "STREAM", "r");
        servers.compare(TREE_NODES, "XINFO", "STREAM", "r", "FULL", "COUNT", "0");
        assertThat(servers.differences()).as("seed %d", seed).isEmpty();
    }
}
