package io.forkline.snapshot.rdb;

import io.forkline.engine.Engine;
import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.keyspace.Clock;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.engine.struct.Intset;
import io.forkline.engine.struct.Listpack;
import io.forkline.engine.struct.Quicklist;
import io.forkline.engine.types.HashValue;
import io.forkline.engine.types.ListValue;
import io.forkline.engine.types.SetValue;
import io.forkline.engine.types.SortedSetValue;
import io.forkline.engine.types.StringValue;
import io.forkline.pages.Memory;
import io.forkline.pages.PageSize;
import io.forkline.pages.Seeded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load's fast path against its definition: random values (sets of integers, strings and both; hashes;
 * sorted sets with tied, signed-zero and infinite scores; lengths around the thresholds; now and then a
 * repeated member or a NaN score) put by {@link KeyspaceLoader} through {@link BulkBuilder} into one engine
 * and element by element ({@link ElementwiseBuilder}) into a twin, under random thresholds. After every value
 * both engines hold the same: the same refusal and message, or the same encoding with the same listpack or
 * intset bytes, the same hashtable iteration order and skiplist footprint (so the same structure, not merely
 * the same members), the same memory in use, and random generators in the same state.
 */
class BulkBuilderPropertyTest {

    private static final long NOW = 1_700_000_000_000L;

    static LongStream seeds() {
        return Seeded.seeds(12);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void bulkBuildsWhatAddingElementByElementBuilds(long seed) {
        Seeded.run(seed, random -> {
            EngineConfig config = RdbRoundTripPropertyTest.randomThresholds(random);
            Engine bulk = new Engine(config, PageSize.KIB_4, new Clock.Manual(NOW), seed);
            Engine elementwise = new Engine(config, PageSize.KIB_4, new Clock.Manual(NOW), seed);
            try {
                BulkBuilder builder = new BulkBuilder();
                for (int i = 0; i < 300; i++) {
                    byte[] key = ("k" + i).getBytes(StandardCharsets.US_ASCII);
                    RdbValue value = randomValue(random);
                    String viaBulk = put(bulk, key, value, builder);
                    String viaElements = put(elementwise, key, value, null);
                    assertThat(viaBulk).as("key %d, a %s of %d", i, value.typeName(), value.size()).isEqualTo(viaElements);
                    assertThat(bulk.allocator().usedBytes()).as("memory in use after key %d", i)
                            .isEqualTo(elementwise.allocator().usedBytes());
                    if (viaBulk.startsWith("refused")) {
                        // a sorted set refused element by element has drawn skiplist levels for the members before
                        // the bad one; the bulk path refuses before drawing (only a hand-made value gets this far:
                        // the RDB decoder refuses repeats and NaNs itself). Start both afresh.
                        bulk.close();
                        elementwise.close();
                        bulk = new Engine(config, PageSize.KIB_4, new Clock.Manual(NOW), seed + i);
                        elementwise = new Engine(config, PageSize.KIB_4, new Clock.Manual(NOW), seed + i);
                        continue;
                    }
                    assertThat(bulk.context().random().nextLong()).as("random state after key %d", i)
                            .isEqualTo(elementwise.context().random().nextLong());
                }
            } finally {
                bulk.close();
                elementwise.close();
            }
        });
    }

    /** What {@code put} did: the refusal's message, or the key's type, encoding and structure. */
    private static String put(Engine engine, byte[] key, RdbValue value, BulkBuilder builder) {
        try {
            KeyspaceLoader.put(engine, 0, key, value, -1, NOW, builder);
        } catch (RdbContentException refused) {
            return "refused: " + refused.getMessage();
        }
        Memory memory = engine.memory();
        long entry = engine.keyspace().find(0, key, 0, key.length);
        ValueType type = KeyEntry.type(memory, entry);
        Encoding encoding = KeyEntry.encoding(memory, entry);
        long address = KeyEntry.value(memory, entry);
        List<String> parts = new ArrayList<>(List.of(type.typeName(), encoding.encodingName()));
        switch (encoding) {
            case LISTPACK -> parts.add(hex(Listpack.toBlob(memory, address)));
            case INTSET -> parts.add(hex(Intset.toBlob(memory, address)));
            default -> {
                switch (type) {
                    case STRING -> parts.add(hex(StringValue.bytes(memory, address, encoding)));
                    case LIST -> {
                        ListValue.forEach(memory, address, encoding, element -> parts.add(hex(element.toBytes(memory))));
                        for (long node = Quicklist.head(memory, address); node != 0; node = Quicklist.nodeNext(memory, node)) {
                            parts.add("node " + Quicklist.isPlain(memory, node) + " " + Quicklist.nodeSize(memory, node) + " "
                                    + Quicklist.nodeEntries(memory, node));
                        }
                    }
                    case SET -> SetValue.forEach(memory, address, encoding, element -> parts.add(hex(element.toBytes(memory))));
                    case HASH -> HashValue.forEach(memory, address, encoding,
                            (field, fieldValue) -> parts.add(hex(field.toBytes(memory)) + "=" + hex(fieldValue.toBytes(memory))));
                    case ZSET -> {
                        SortedSetValue.forEach(memory, address, encoding,
                                (member, score) -> parts.add(hex(member.toBytes(memory)) + "=" + score));
                        parts.add("bytes " + SortedSetValue.HANDLER.memoryUsage(memory, address, encoding, 0));
                    }
                }
            }
        }
        return String.join(" ", parts);
    }

    private static RdbValue randomValue(Random random) {
        int count = switch (random.nextInt(4)) {
            case 0 -> 1 + random.nextInt(3);
            case 1 -> 1 + random.nextInt(20);
            case 2 -> 100 + random.nextInt(60);
            default -> 1 + random.nextInt(700);
        };
        int kind = random.nextInt(4);   // the members' flavour for this value
        return switch (random.nextInt(4)) {
            case 0 -> new RdbValue.SetOf(members(random, count, kind));
            case 1 -> {
                List<byte[]> fields = members(random, count, kind);
                List<byte[]> pairs = new ArrayList<>();
                for (byte[] field : fields) {
                    pairs.add(field);
                    pairs.add(member(random, random.nextInt(4)));
                }
                yield new RdbValue.HashOf(pairs);
            }
            case 2 -> {
                List<byte[]> members = members(random, count, kind);
                double[] scores = new double[members.size()];
                for (int i = 0; i < scores.length; i++) {
                    scores[i] = score(random);
                }
                if (random.nextInt(20) == 0) {
                    scores[random.nextInt(scores.length)] = Double.NaN;
                }
                yield new RdbValue.SortedSetOf(members, scores);
            }
            default -> new RdbValue.ListOf(members(random, count, kind));
        };
    }

    /** Distinct members, but now and then one repeated. */
    private static List<byte[]> members(Random random, int count, int kind) {
        List<byte[]> members = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (members.size() < count) {
            byte[] member = member(random, kind);
            if (seen.add(HexFormat.of().formatHex(member))) {
                members.add(member);
            }
        }
        if (random.nextInt(12) == 0 && count > 1) {
            members.set(1 + random.nextInt(count - 1), members.get(random.nextInt(count - 1)).clone());
        }
        return members;
    }

    /** 0: integers; 1: short strings; 2: strings around the 64-byte limits; 3: any of those, and odd integers. */
    private static byte[] member(Random random, int kind) {
        int flavour = kind == 3 ? random.nextInt(5) : kind;
        return switch (flavour) {
            case 0 -> ascii(Long.toString(random.nextBoolean() ? random.nextInt(2000) - 1000 : random.nextLong() >> random.nextInt(64)));
            case 1 -> letters(random, 1 + random.nextInt(8));
            case 2 -> letters(random, 1 + random.nextInt(100));
            case 3 -> ascii(new String[] {"007", "-0", "+1", "", " 1"}[random.nextInt(5)] + random.nextInt(3));
            default -> ascii(random.nextBoolean() ? "" : "9223372036854775808");
        };
    }

    private static double score(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> 0.0;
            case 1 -> -0.0;
            case 2 -> random.nextInt(3);
            case 3 -> random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            case 4 -> random.nextGaussian() * 1e20;
            default -> random.nextDouble() - 0.5;
        };
    }

    private static byte[] letters(Random random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('a' + random.nextInt(26));
        }
        return bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
