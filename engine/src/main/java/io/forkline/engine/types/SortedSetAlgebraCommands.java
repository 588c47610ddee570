package io.forkline.engine.types;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.keyspace.ValueType;
import io.forkline.pages.Memory;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.forkline.engine.command.Specs.command;

/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD, as Redis 7.0's zunionInterDiffGenericCommand: sorted
 * sets and sets as sources (a set's members score 1), WEIGHTS and AGGREGATE SUM|MIN|MAX, sources taken smallest
 * first for union and intersection, a NaN product or sum counted as 0. The result is computed on the heap and then
 * replied in order or stored.
 */
final class SortedSetAlgebraCommands {

    private static final CommandError WEIGHT_NOT_A_FLOAT = CommandError.of("ERR weight value is not a float");
    private static final CommandError LIMIT_NEGATIVE = CommandError.of("ERR LIMIT can't be negative");

    private enum Operation { UNION, INTER, DIFF }

    private enum Aggregate { SUM, MIN, MAX }

    private SortedSetAlgebraCommands() {
    }

    static List<CommandSpec> specs(SetMembers sets) {
        String g = SortedSetCommands.GROUP;
        return List.of(
                command(g, "zunion", -3, "readonly movablekeys", 0, 0, 0, "Add multiple sorted sets", (c, a) -> new Run(c, a, sets, Operation.UNION, "zunion").execute()),
                command(g, "zinter", -3, "readonly movablekeys", 0, 0, 0, "Intersect multiple sorted sets", (c, a) -> new Run(c, a, sets, Operation.INTER, "zinter").execute()),
                command(g, "zdiff", -3, "readonly movablekeys", 0, 0, 0, "Subtract multiple sorted sets", (c, a) -> new Run(c, a, sets, Operation.DIFF, "zdiff").execute()),
                command(g, "zunionstore", -4, "write denyoom movablekeys", 1, 1, 1, "Add multiple sorted sets and store the resulting sorted set in a new key", (c, a) -> new Run(c, a, sets, Operation.UNION, "zunionstore").execute()),
                command(g, "zinterstore", -4, "write denyoom movablekeys", 1, 1, 1, "Intersect multiple sorted sets and store the resulting sorted set in a new key", (c, a) -> new Run(c, a, sets, Operation.INTER, "zinterstore").execute()),
                command(g, "zdiffstore", -4, "write denyoom movablekeys", 1, 1, 1, "Subtract multiple sorted sets and store the resulting sorted set in a new key", (c, a) -> new Run(c, a, sets, Operation.DIFF, "zdiffstore").execute()),
                command(g, "zintercard", -3, "readonly movablekeys", 0, 0, 0, "Intersect multiple sorted sets and return the cardinality of the result", (c, a) -> new Run(c, a, sets, Operation.INTER, "zintercard").execute()));
    }

    /** One source key: absent, a sorted set or a set; its weight; its size, by which sources are ordered. */
    private static final class Source {
        final ValueType type;   // null when the key is absent
        final long value;
        final Encoding encoding;
        final long size;
        double weight = 1;

        Source(ValueType type, long value, Encoding encoding, long size) {
            this.type = type;
            this.value = value;
            this.encoding = encoding;
            this.size = size;
        }

        boolean sameAs(Source other) {
            return type != null && type == other.type && value == other.value;
        }
    }

    /** A member as a hash-map key. */
    private record MemberKey(byte[] bytes) {
        @Override
        public boolean equals(Object other) {
            return other instanceof MemberKey key && Arrays.equals(bytes, key.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    /** One execution: the command's arguments parsed, its sources read, its result computed and delivered. */
    private static final class Run {
        private final CommandContext context;
        private final Arguments args;
        private final SetMembers sets;
        private final Operation operation;
        private final String name;
        private final boolean store;
        private final boolean cardinalityOnly;
        private final int numkeysIndex;
        private Source[] sources;
        private Aggregate aggregate = Aggregate.SUM;
        private boolean withScores;
        private long limit;

        Run(CommandContext context, Arguments args, SetMembers sets, Operation operation, String name) {
            this.context = context;
            this.args = args;
            this.sets = sets;
            this.operation = operation;
            this.name = name;
            this.store = name.endsWith("store");
            this.cardinalityOnly = name.equals("zintercard");
            this.numkeysIndex = store ? 2 : 1;
        }

        void execute() {
            long count = Parse.longArg(args, numkeysIndex);
            if (count < 1) {
                throw CommandError.of("ERR at least 1 input key is needed for '" + name + "' command");
            }
            if (count > args.count() - (numkeysIndex + 1)) {
                throw CommandError.SYNTAX;
            }
            readSources((int) count);
            parseOptions(numkeysIndex + 1 + (int) count);
            if (operation != Operation.DIFF) {
                Arrays.sort(sources, Comparator.comparingLong(source -> source.size));   // stable, as glibc's qsort
            }
            ScoredMembers result = new ScoredMembers();
            long cardinality = switch (operation) {
                case INTER -> intersect(result);
                case UNION -> union(result);
                case DIFF -> difference(result);
            };
            deliver(result, cardinality);
        }

        private void readSources(int count) {
            Memory memory = context.memory();
            sources = new Source[count];
            for (int i = 0; i < count; i++) {
                long entry = context.lookupRead(args, numkeysIndex + 1 + i);
                if (entry == 0) {
                    sources[i] = new Source(null, 0, null, 0);
                    continue;
                }
                ValueType type = KeyEntry.type(memory, entry);
                long value = KeyEntry.value(memory, entry);
                Encoding encoding = KeyEntry.encoding(memory, entry);
                long size = switch (type) {
                    case ZSET -> SortedSetValue.size(memory, value, encoding);
                    case SET -> sets.size(memory, value, encoding);
                    default -> throw CommandError.WRONGTYPE;
                };
                sources[i] = new Source(type, value, encoding, size);
            }
        }

        private void parseOptions(int from) {
            int j = from;
            int remaining = args.count() - j;
            boolean weighted = operation != Operation.DIFF && !cardinalityOnly;
            while (remaining > 0) {
                if (weighted && remaining >= sources.length + 1 && args.is(j, "weights")) {
                    j++;
                    for (Source source : sources) {
                        source.weight = SortedSetCommands.doubleArg(args, j++, WEIGHT_NOT_A_FLOAT);
                    }
                    remaining -= sources.length + 1;
                } else if (weighted && remaining >= 2 && args.is(j, "aggregate")) {
                    aggregate = parseAggregate(j + 1);
                    j += 2;
                    remaining -= 2;
                } else if (!store && !cardinalityOnly && args.is(j, "withscores")) {
                    withScores = true;
                    j++;
                    remaining--;
                } else if (cardinalityOnly && remaining >= 2 && args.is(j, "limit")) {
                    limit = Parse.longArg(args, j + 1, 0, Long.MAX_VALUE, LIMIT_NEGATIVE);
                    j += 2;
                    remaining -= 2;
                } else {
                    throw CommandError.SYNTAX;
                }
            }
        }

        private Aggregate parseAggregate(int index) {
            if (args.is(index, "sum")) {
                return Aggregate.SUM;
            } else if (args.is(index, "min")) {
                return Aggregate.MIN;
            } else if (args.is(index, "max")) {
                return Aggregate.MAX;
            }
            throw CommandError.SYNTAX;
        }

        // -----------------------------------------------------------------------------------------
        // The three operations; each returns the result's cardinality

        private long intersect(ScoredMembers result) {
            Source first = sources[0];
            if (first.size == 0) {
                return 0;
            }
            ScoredMembers candidates = elementsOf(first);
            long cardinality = 0;
            for (int e = 0; e < candidates.size(); e++) {
                byte[] member = candidates.member(e);
                double score = zeroIfNaN(first.weight * candidates.score(e));
                int j = 1;
                for (; j < sources.length; j++) {
                    double found = sources[j].sameAs(first) ? candidates.score(e) : scoreIn(sources[j], member);
                    if (Double.isNaN(found)) {
                        break;
                    }
                    score = aggregate(score, found * sources[j].weight);
                }
                if (j == sources.length) {
                    cardinality++;
                    if (cardinalityOnly && limit > 0 && cardinality >= limit) {
                        break;
                    }
                    if (!cardinalityOnly) {
                        result.add(member, score);
                    }
                }
            }
            return cardinality;
        }

        private long union(ScoredMembers result) {
            Map<MemberKey, Integer> index = new HashMap<>();
            for (Source source : sources) {
                if (source.size == 0) {
                    continue;
                }
                ScoredMembers elements = elementsOf(source);
                for (int e = 0; e < elements.size(); e++) {
                    double score = zeroIfNaN(source.weight * elements.score(e));
                    Integer at = index.putIfAbsent(new MemberKey(elements.member(e)), result.size());
                    if (at == null) {
                        result.add(elements.member(e), score);
                    } else {
                        result.setScore(at, aggregate(result.score(at), score));
                    }
                }
            }
            return result.size();
        }

        private long difference(ScoredMembers result) {
            Source first = sources[0];
            if (first.size == 0) {
                return 0;
            }
            for (int j = 1; j < sources.length; j++) {
                if (sources[j].sameAs(first)) {
                    return 0;
                }
            }
            ScoredMembers elements = elementsOf(first);
            for (int e = 0; e < elements.size(); e++) {
                int j = 1;
                while (j < sources.length && Double.isNaN(scoreIn(sources[j], elements.member(e)))) {
                    j++;
                }
                if (j == sources.length) {
                    result.add(elements.member(e), elements.score(e));
                }
            }
            return result.size();
        }

        /** Redis's zunionInterAggregate: a NaN sum (inf + -inf) is 0; MIN and MAX keep the target against NaN. */
        private double aggregate(double target, double value) {
            return switch (aggregate) {
                case SUM -> zeroIfNaN(target + value);
                case MIN -> value < target ? value : target;
                case MAX -> value > target ? value : target;
            };
        }

        private static double zeroIfNaN(double score) {
            return Double.isNaN(score) ? 0 : score;
        }

        /** Every element of a source, its score unweighted (a set member's is 1). */
        private ScoredMembers elementsOf(Source source) {
            ScoredMembers elements = new ScoredMembers();
            Memory memory = context.memory();
            if (source.type == ValueType.SET) {
                sets.forEach(memory, source.value, source.encoding, member -> elements.add(member, 1.0));
            } else if (source.type == ValueType.ZSET) {
                SortedSetValue.forEach(memory, source.value, source.encoding,
                        (member, score) -> elements.add(member.toBytes(memory), score));
            }
            return elements;
        }

        /** The member's unweighted score in a source, NaN when it is not there. */
        private double scoreIn(Source source, byte[] member) {
            Memory memory = context.memory();
            if (source.type == ValueType.SET) {
                return sets.contains(memory, source.value, source.encoding, member, 0, member.length) ? 1.0 : Double.NaN;
            } else if (source.type == ValueType.ZSET) {
                return SortedSetValue.score(memory, source.value, source.encoding, member, 0, member.length);
            }
            return Double.NaN;
        }

        // -----------------------------------------------------------------------------------------

        private void deliver(ScoredMembers result, long cardinality) {
            if (cardinalityOnly) {
                context.reply().integer(cardinality);
                return;
            }
            result.sort();
            if (store) {
                SortedSetCommands.storeResult(context, args, 1, result);
                return;
            }
            Reply reply = context.reply();
            reply.array(withScores && reply.protocol() == 2 ? 2L * result.size() : result.size());
            for (int e = 0; e < result.size(); e++) {
                if (withScores && reply.protocol() > 2) {
                    reply.array(2);
                }
                reply.bulk(result.member(e));
                if (withScores) {
                    SortedSetCommands.replyScore(reply, result.score(e));
                }
            }
        }
    }
}
