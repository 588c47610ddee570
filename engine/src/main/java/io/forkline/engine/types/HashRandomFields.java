package io.forkline.engine.types;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.struct.Dict;
import io.forkline.engine.struct.Element;
import io.forkline.pages.Memory;

import java.util.HashSet;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * HRANDFIELD, with Redis 7.0's cases: no count, one random field; a negative count, that many independent
 * picks (fields may repeat); a positive count, that many distinct fields, the whole hash when it has no more.
 * WITHVALUES adds each field's value: flat in RESP2, a [field, value] pair per pick in RESP3.
 *
 * <p>Distinct picks follow Redis's strategies by size: a listpack is sampled in one ordered pass; a hashtable
 * asked for more than a third of its fields is shuffled partly, else drawn from until enough distinct
 * fields came up.
 */
final class HashRandomFields {

    /** Redis's HRANDFIELD_SUB_STRATEGY_MUL: above count * 3 fields, drawing beats shuffling. */
    private static final long DRAW_STRATEGY_FACTOR = 3;

    private static final CommandError COUNT_RANGE = CommandError.of(
            "ERR value is out of range, value must between " + -Long.MAX_VALUE + " and " + Long.MAX_VALUE);
    private static final CommandError WITHVALUES_COUNT_RANGE = CommandError.of("ERR value is out of range");

    private HashRandomFields() {
    }

    static void hrandfield(CommandContext context, Arguments args) {
        if (args.count() >= 3) {
            long count = Parse.longArg(args, 2);
            if (count == Long.MIN_VALUE) {
                throw COUNT_RANGE;
            }
            if (args.count() > 4 || (args.count() == 4 && !args.is(3, "withvalues"))) {
                throw CommandError.SYNTAX;
            }
            boolean withValues = args.count() == 4;
            if (withValues && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
                throw WITHVALUES_COUNT_RANGE;
            }
            withCount(context, args, count, withValues);
            return;
        }
        long entry = HashCommands.hashEntry(context, args, false);
        if (entry == 0) {
            context.reply().nullBulk();
            return;
        }
        Picker picker = new Picker(context.memory(), entry);
        picker.pick(context.random());
        HashCommands.replyElement(context.reply(), context.memory(), picker.field);
    }

    private static void withCount(CommandContext context, Arguments args, long count, boolean withValues) {
        long entry = HashCommands.hashEntry(context, args, false);
        Reply reply = context.reply();
        if (entry == 0 || count == 0) {
            reply.array(0);
            return;
        }
        Memory memory = context.memory();
        Picker picker = new Picker(memory, entry);
        Output output = new Output(reply, memory, withValues);
        long wanted = Math.abs(count);
        if (count < 0 || wanted == 1) {
            output.begin(wanted);
            for (long i = 0; i < wanted; i++) {
                picker.pick(context.random());
                output.pair(picker.field, picker.value);
            }
            return;
        }
        long size = picker.size;
        output.begin(Math.min(wanted, size));
        if (wanted >= size) {
            HashValue.forEach(memory, picker.hash, picker.encoding, output::pair);
        } else if (picker.encoding == Encoding.LISTPACK) {
            sampleInOrder(picker, (int) wanted, context.random(), output);
        } else if (wanted * DRAW_STRATEGY_FACTOR > size) {
            shuffleEntries(picker, (int) wanted, context.random(), output);
        } else {
            drawDistinct(picker, wanted, context.random(), output);
        }
    }

    /** Selection sampling (Knuth's algorithm S): each field kept with probability still-needed / still-left. */
    private static void sampleInOrder(Picker picker, int wanted, RandomGenerator random, Output output) {
        int[] positions = HashListpack.fieldPositions(picker.memory, picker.hash);
        int needed = wanted;
        for (int i = 0; i < positions.length && needed > 0; i++) {
            if (random.nextInt(positions.length - i) < needed) {
                HashListpack.pairAt(picker.memory, picker.hash, positions[i], picker.field, picker.value);
                output.pair(picker.field, picker.value);
                needed--;
            }
        }
    }

    /** The first {@code wanted} slots of a partial Fisher-Yates shuffle of every entry. */
    private static void shuffleEntries(Picker picker, int wanted, RandomGenerator random, Output output) {
        long[] entries = new long[Math.toIntExact(picker.size)];
        int[] filled = {0};
        Dict.forEach(picker.memory, picker.hash, entry -> entries[filled[0]++] = entry);
        for (int i = 0; i < wanted; i++) {
            int j = i + random.nextInt(entries.length - i);
            long chosen = entries[j];
            entries[j] = entries[i];
            entries[i] = chosen;
            picker.load(chosen);
            output.pair(picker.field, picker.value);
        }
    }

    /** Random entries, skipping repeats, until {@code wanted} distinct ones were replied. */
    private static void drawDistinct(Picker picker, long wanted, RandomGenerator random, Output output) {
        Set<Long> seen = new HashSet<>();
        while (seen.size() < wanted) {
            long entry = picker.fairRandomEntry(random);
            if (seen.add(entry)) {
                picker.load(entry);
                output.pair(picker.field, picker.value);
            }
        }
    }

    /** Picks random pairs of one hash into two reused holders. */
    private static final class Picker {
        final Memory memory;
        final long hash;
        final Encoding encoding;
        final long size;
        final Element field = new Element();
        final Element value = new Element();
        private int[] positions;
        private long[] sample;

        Picker(Memory memory, long entry) {
            this.memory = memory;
            this.hash = KeyEntry.value(memory, entry);
            this.encoding = KeyEntry.encoding(memory, entry);
            this.size = HashValue.size(memory, hash, encoding);
        }

        /** Loads a uniformly random pair of a listpack, or a fairly random pair of a hashtable. */
        void pick(RandomGenerator random) {
            if (encoding == Encoding.LISTPACK) {
                if (positions == null) {
                    positions = HashListpack.fieldPositions(memory, hash);
                }
                HashListpack.pairAt(memory, hash, positions[random.nextInt(positions.length)], field, value);
            } else {
                load(fairRandomEntry(random));
            }
        }

        long fairRandomEntry(RandomGenerator random) {
            if (sample == null) {
                sample = new long[HashDict.FAIR_SAMPLE];
            }
            return HashDict.fairRandomEntry(memory, hash, random, sample);
        }

        /** Loads the pair of a hashtable's entry. */
        void load(long entry) {
            HashDict.field(memory, entry, field);
            HashDict.value(memory, entry, value);
        }
    }

    /** Replies picks: fields alone, or with values flat (RESP2) or as pairs (RESP3). */
    private record Output(Reply reply, Memory memory, boolean withValues) {

        void begin(long picks) {
            reply.array(withValues && reply.protocol() == 2 ? picks * 2 : picks);
        }

        void pair(Element field, Element value) {
            if (withValues && reply.protocol() == 3) {
                reply.array(2);
            }
            HashCommands.replyElement(reply, memory, field);
            if (withValues) {
                HashCommands.replyElement(reply, memory, value);
            }
        }
    }
}
