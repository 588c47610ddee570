package io.forkline.engine.stream;

import io.forkline.engine.EffectsParser;
import io.forkline.engine.EngineTester;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.Keyspace;
import io.forkline.engine.struct.Dict;
import io.forkline.engine.struct.Element;
import io.forkline.pages.Memory;
import io.forkline.pages.MemoryView;
import io.forkline.pages.PageSize;
import io.forkline.pages.Seeded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;

import static io.forkline.engine.EngineTester.bulk;
import static io.forkline.engine.EngineTester.integer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random XADD, XDEL, XTRIM (exact and approximate, by length and by ID) and range reads on one stream through the
 * engine, each checked against a model: an ordered map from ID to fields. Nodes are small (2 to 6 entries, or
 * a few hundred bytes) so that entries share master fields, nodes fill and empty, and trims remove whole nodes.
 * An approximate trim may keep more than asked, so the model takes what the stream reports and checks that
 * only the oldest entries went and never below the threshold. What each command propagated is replayed on a
 * second engine, which must hold the same entries and counters (not necessarily the same nodes); a fork taken
 * mid-run must still read the stream as it was.
 */
class StreamPropertyTest {

    static LongStream seeds() {
        return Seeded.seeds(8);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomOperationsMatchTheModel(long seed) {
        Seeded.run(seed, random -> {
            EngineConfig config = new EngineConfig();
            config.streamNodeMaxEntries = 2 + random.nextInt(5);
            config.streamNodeMaxBytes = random.nextBoolean() ? 4096 : 200 + random.nextInt(300);
            new Run(config, random).run(3000);
        });
    }

    private static final class Run {
        final EngineConfig config;
        final Random random;
        final NavigableMap<StreamId, List<String>> model = new TreeMap<>();
        StreamId last = StreamId.MIN;
        EngineTester t;
        EngineTester replica;
        MemoryView view;
        NavigableMap<StreamId, List<String>> frozen;

        Run(EngineConfig config, Random random) {
            this.config = config;
            this.random = random;
        }

        void run(int steps) {
            try (EngineTester opened = new EngineTester(config, PageSize.KIB_4);
                 EngineTester mirror = new EngineTester(config, PageSize.KIB_4)) {
                t = opened;
                replica = mirror;
                int forkAt = random.nextInt(steps / 2);
                int checkViewAt = forkAt + 1 + random.nextInt(steps / 2);
                for (int step = 0; step < steps; step++) {
                    if (step == forkAt) {
                        view = t.engine.memory().fork();
                        frozen = new TreeMap<>(model);
                    }
                    if (step == checkViewAt) {
                        checkViewAndClose();
                    }
                    step();
                    for (Arguments effect : EffectsParser.parse(t.effects())) {
                        replica.call(effect);
                    }
                    if (step % 50 == 0) {
                        checkAll();
                    }
                }
                checkAll();
                if (view != null) {
                    checkViewAndClose();
                }
            }
        }

        void step() {
            int dice = random.nextInt(100);
            if (dice < 45) {
                xadd();
            } else if (dice < 60) {
                xdel();
            } else if (dice < 70) {
                xtrim();
            } else {
                xrange();
            }
        }

        void xadd() {
            StreamId id = new StreamId(last.ms() + random.nextInt(3), 0);
            boolean auto = id.ms() == last.ms() || random.nextBoolean();
            if (id.ms() == last.ms()) {
                id = new StreamId(last.ms(), last.seq() + 1);
            } else if (!auto) {
                id = new StreamId(id.ms(), random.nextInt(3));
            }
            List<String> fields = fields();
            List<String> command = new ArrayList<>(List.of("XADD", "s", auto ? id.ms() + "-*" : id.toString()));
            command.addAll(fields);
            assertThat(t.call(command.toArray(String[]::new))).as("%s", command).isEqualTo(bulk(id.toString()));
            model.put(id, fields);
            last = id;
        }

        /** Mostly the same field names (so entries share their node's master fields), sometimes others. */
        List<String> fields() {
            List<String> fields = new ArrayList<>();
            int pairs = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 2;
            for (int i = 0; i < pairs; i++) {
                fields.add(random.nextInt(5) == 0 ? "f" + random.nextInt(4) : "field" + i);
                fields.add(random.nextInt(3) == 0 ? Integer.toString(random.nextInt(1000) - 500) : "v" + "x".repeat(random.nextInt(40)));
            }
            return fields;
        }

        void xdel() {
            List<String> command = new ArrayList<>(List.of("XDEL", "s"));
            long deleted = 0;
            for (int i = 0; i < 1 + random.nextInt(3); i++) {
                StreamId id = someId();
                command.add(id.toString());
                if (model.remove(id) != null) {
                    deleted++;
                }
            }
            assertThat(t.call(command.toArray(String[]::new))).as("%s", command).isEqualTo(integer(deleted));
        }

        StreamId someId() {
            if (!model.isEmpty() && random.nextInt(4) > 0) {
                List<StreamId> ids = new ArrayList<>(model.keySet());
                return ids.get(random.nextInt(ids.size()));
            }
            return new StreamId(random.nextInt((int) last.ms() + 2), random.nextInt(3));
        }

        void xtrim() {
            boolean approximate = random.nextBoolean();
            boolean byLength = random.nextBoolean();
            long before = model.size();
            String threshold;
            if (byLength) {
                threshold = Integer.toString(random.nextInt((int) before + 3));
            } else {
                threshold = someId().toString();
            }
            String reply = t.call("XTRIM", "s", byLength ? "MAXLEN" : "MINID", approximate ? "~" : "=", threshold);
            long removed = Long.parseLong(reply.substring(1, reply.length() - 2));
            long expected = byLength ? Math.max(0, before - Long.parseLong(threshold))
                    : model.headMap(StreamId.parse(threshold.getBytes(), 0, threshold.length(), 0, true)).size();
            if (approximate) {
                assertThat(removed).as("XTRIM ~ %s removes no more than the exact trim", threshold).isBetween(0L, expected);
            } else {
                assertThat(removed).as("XTRIM = %s", threshold).isEqualTo(expected);
            }
            for (long i = 0; i < removed; i++) {
                model.pollFirstEntry();
            }
        }

        void xrange() {
            StreamId a = someId();
            StreamId b = someId();
            StreamId start = a.compareTo(b) <= 0 ? a : b;
            StreamId end = a.compareTo(b) <= 0 ? b : a;
            boolean reverse = random.nextBoolean();
            int count = random.nextInt(4) == 0 ? 1 + random.nextInt(5) : 0;
            List<String> command = new ArrayList<>(List.of(reverse ? "XREVRANGE" : "XRANGE", "s",
                    (reverse ? end : start).toString(), (reverse ? start : end).toString()));
            if (count > 0) {
                command.addAll(List.of("COUNT", Integer.toString(count)));
            }
            NavigableMap<StreamId, List<String>> range = model.subMap(start, true, end, true);
            assertThat(t.call(command.toArray(String[]::new))).as("%s", command)
                    .isEqualTo(entries(reverse ? range.descendingMap() : range, count));
        }

        void checkAll() {
            String all = entries(model, 0);
            assertThat(t.call("XRANGE", "s", "-", "+")).isEqualTo(all);
            assertThat(replica.call("XRANGE", "s", "-", "+")).as("on the replica").isEqualTo(all);
            assertThat(t.call("XLEN", "s")).isEqualTo(integer(model.size()));
            // The node count may differ: as in Redis, a trim keeps a node whose entries are all deleted, and an
            // approximate trim, replayed as an exact one, can drop such a node that the original left in place.
            assertThat(withoutNodeCounts(replica.call("XINFO", "STREAM", "s")))
                    .isEqualTo(withoutNodeCounts(t.call("XINFO", "STREAM", "s")));
        }

        void checkViewAndClose() {
            assertThat(streamIn(view, t.engine.keyspace().root())).isEqualTo(frozen);
            view.close();
            view = null;
        }
    }

    private static String withoutNodeCounts(String xinfo) {
        return xinfo.replaceAll("(radix-tree-(keys|nodes)\r\n):\\d+", "$1:?");
    }

    static String entries(Map<StreamId, List<String>> entries, int count) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (Map.Entry<StreamId, List<String>> entry : entries.entrySet()) {
            if (count > 0 && n == count) {
                break;
            }
            out.append("*2\r\n").append(bulk(entry.getKey().toString())).append('*').append(entry.getValue().size()).append("\r\n");
            entry.getValue().forEach(text -> out.append(bulk(text)));
            n++;
        }
        return "*" + n + "\r\n" + out;
    }

    /** The stream "s" as a frozen view holds it, read with {@link StreamCursor}. */
    static NavigableMap<StreamId, List<String>> streamIn(Memory memory, long root) {
        NavigableMap<StreamId, List<String>> entries = new TreeMap<>();
        Dict.forEach(memory, Keyspace.keys(memory, root, 0), entry -> {
            if (!new String(KeyEntry.keyBytes(memory, entry), StandardCharsets.UTF_8).equals("s")) {
                return;
            }
            StreamCursor cursor = new StreamCursor(memory, KeyEntry.value(memory, entry), StreamId.MIN, StreamId.MAX, false);
            Element element = new Element();
            while (cursor.next()) {
                List<String> fields = new ArrayList<>();
                for (int i = 0; i < cursor.fieldCount(); i++) {
                    cursor.field(i, element);
                    fields.add(text(memory, element));
                    cursor.value(i, element);
                    fields.add(text(memory, element));
                }
                entries.put(cursor.id(), fields);
            }
        });
        return entries;
    }

    private static String text(Memory memory, Element element) {
        return element.isInteger() ? Long.toString(element.integer()) : new String(element.toBytes(memory), StandardCharsets.UTF_8);
    }
}
