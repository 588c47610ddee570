package io.forkline.engine.struct;

import io.forkline.engine.struct.SkiplistModel.Element;
import io.forkline.pages.MemoryView;
import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.Seeded;
import io.forkline.pages.alloc.Allocator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Random insert / delete / update / rank / range / range-delete sequences against a TreeSet of (score, member)
 * in Redis's order and a map of each member's score (the sorted set's dict). Small runs check every link, span and
 * rank after every step; large runs every few hundred steps. Each run forks the memory part-way, keeps writing, and
 * checks through the view that the skiplist still reads as it was at the fork, then closes the view; at the end
 * the skiplist is freed and the allocator must be back to zero bytes.
 */
class SkiplistPropertyTest {

    private static final double[] SCORES = {
            Double.NEGATIVE_INFINITY, -1e300, -2.5, -1, -0.0, 0.0, 0.5, 1, 1, 2, 2.5, 3, 1e300, Double.POSITIVE_INFINITY};
    private static final byte[] ALPHABET = {0, 1, 'a', 'b', 'c', 0x7F, (byte) 0x80, (byte) 0xFE, (byte) 0xFF};

    static LongStream seeds() {
        return Seeded.seeds(12);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void smallSetsByScoreCheckedEveryStep(long seed) {
        Seeded.run(seed, random -> new Run(PageSize.KIB_4, random, 40, false, 1).go(1200));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void smallSetsByMemberCheckedEveryStep(long seed) {
        Seeded.run(seed, random -> new Run(PageSize.KIB_4, random, 40, true, 1).go(1000));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void largeSetsByScore(long seed) {
        Seeded.run(seed, random -> new Run(PageSize.KIB_4, random, 1500, false, 400).go(6000));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void largeSetsByMemberOnHugePages(long seed) {
        Seeded.run(seed, random -> new Run(PageSize.MIB_2, random, 800, true, 400).go(3000));
    }

    /** One sequence of operations against one skiplist and its model. */
    private static final class Run {
        final Random random;
        final PageSize pageSize;
        final int targetSize;
        final boolean byMember;
        final int checkEvery;
        final double sharedScore;
        final TreeSet<Element> model = new TreeSet<>(SkiplistModel.ORDER);
        final Map<String, Element> byName = new HashMap<>();
        PagedMemory memory;
        Allocator allocator;
        long zsl;
        MemoryView view;
        List<Element> frozen;
        long frozenBytes;
        int forkAt;

        /**
         * @param byMember all scores equal (one of 0 and -0, which are the same score), lex ranges instead of score
         *                 ranges and no score updates, as ZRANGEBYLEX assumes
         */
        Run(PageSize pageSize, Random random, int targetSize, boolean byMember, int checkEvery) {
            this.random = random;
            this.pageSize = pageSize;
            this.targetSize = targetSize;
            this.byMember = byMember;
            this.checkEvery = checkEvery;
            this.sharedScore = random.nextBoolean() ? 0.0 : 7.25;
        }

        void go(int steps) {
            try (PagedMemory live = PagedMemory.create(pageSize)) {
                memory = live;
                allocator = new Allocator(live);
                zsl = Skiplist.create(allocator);
                forkAt = random.nextInt(steps / 2);
                for (int step = 0; step < steps; step++) {
                    if (step == forkAt) {
                        fork();
                    }
                    step(random.nextInt(100));
                    if (step % checkEvery == 0) {
                        checkEverything();
                    }
                    if (view != null && random.nextInt(steps / 4) == 0) {
                        closeView();
                        forkAt = step + 1 + random.nextInt(steps / 4);
                    }
                }
                checkEverything();
                if (view != null) {
                    closeView();
                }
                Skiplist.free(allocator, zsl);
                assertThat(allocator.usedBytes()).as("bytes left after free").isZero();
            }
        }

        void step(int dice) {
            boolean grow = model.size() < targetSize;
            if (dice < (grow ? 40 : 25)) {
                insertNew();
            } else if (dice < 45) {
                deleteOne();
            } else if (dice < 58) {
                updateOne();
            } else if (dice < 66) {
                checkRank();
            } else if (dice < 72) {
                checkByRank();
            } else if (dice < 90) {
                checkRangeEnds();
            } else if (dice < 94) {
                deleteRange();
            } else if (dice < 97) {
                deleteRangeByRank();
            } else {
                rejectMisuse();
            }
        }

        // -----------------------------------------------------------------------------------------
        // Writes

        void insertNew() {
            byte[] member = randomMember();
            if (byName.containsKey(key(member))) {
                return;
            }
            double score = randomScore();
            long node = Skiplist.insert(allocator, zsl, score, member, 0, member.length, random);
            assertThat(Skiplist.score(memory, node)).isEqualTo(score);
            assertThat(Skiplist.memberBytes(memory, node)).isEqualTo(member);
            add(new Element(score, member));
        }

        void deleteOne() {
            if (model.isEmpty() || random.nextInt(5) == 0) {
                byte[] member = randomMember();
                Element present = byName.get(key(member));
                double score = present == null ? randomScore() : otherThan(present.score());
                assertThat(Skiplist.delete(allocator, zsl, score, member, 0, member.length)).as("delete of an absent pair").isFalse();
                return;
            }
            Element element = pickPresent();
            assertThat(Skiplist.delete(allocator, zsl, element.score(), element.member(), 0, element.member().length)).isTrue();
            remove(element);
        }

        void updateOne() {
            if (model.isEmpty() || byMember) {
                insertNew();
                return;
            }
            Element element = pickPresent();
            double newScore = random.nextBoolean() ? randomScore() : element.score() + random.nextGaussian();
            long node = Skiplist.updateScore(allocator, zsl, element.score(), element.member(), 0, element.member().length,
                    newScore, random);
            assertThat(Skiplist.score(memory, node)).isEqualTo(newScore);
            assertThat(Skiplist.memberBytes(memory, node)).isEqualTo(element.member());
            remove(element);
            add(new Element(newScore, element.member()));
        }

        void deleteRange() {
            List<byte[]> seen = new ArrayList<>();
            long removed;
            Predicate<Element> inRange;
            if (byMember) {
                LexRange range = randomLexRange();
                inRange = element -> range.contains(element.member());
                removed = Skiplist.deleteRange(allocator, zsl, range, node -> seen.add(Skiplist.memberBytes(memory, node)));
            } else {
                ScoreRange range = randomScoreRange();
                inRange = element -> range.contains(element.score());
                removed = Skiplist.deleteRange(allocator, zsl, range, node -> seen.add(Skiplist.memberBytes(memory, node)));
            }
            List<Element> expected = model.stream().filter(inRange).toList();
            assertThat(removed).isEqualTo(expected.size());
            assertThat(seen).containsExactlyElementsOf(expected.stream().map(Element::member).toList());
            expected.forEach(this::remove);
        }

        void deleteRangeByRank() {
            int size = model.size();
            long start = 1 + random.nextInt(size + 2);
            long end = start - 1 + random.nextInt(Math.max(1, size / 4 + 2));
            List<byte[]> seen = new ArrayList<>();
            long removed = Skiplist.deleteRangeByRank(allocator, zsl, start, end,
                    node -> seen.add(Skiplist.memberBytes(memory, node)));
            List<Element> ordered = new ArrayList<>(model);
            List<Element> expected = start > size ? List.of() : ordered.subList((int) start - 1, (int) Math.min(end, size));
            assertThat(removed).isEqualTo(expected.size());
            assertThat(seen).containsExactlyElementsOf(expected.stream().map(Element::member).toList());
            List.copyOf(expected).forEach(this::remove);
        }

        void rejectMisuse() {
            if (model.isEmpty()) {
                return;
            }
            Element element = pickPresent();
            byte[] member = element.member();
            assertThatThrownBy(() -> Skiplist.insert(allocator, zsl, element.score(), member, 0, member.length, random))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Skiplist.updateScore(allocator, zsl, otherThan(element.score()), member, 0, member.length, 0, random))
                    .isInstanceOf(NoSuchElementException.class);
        }

        // -----------------------------------------------------------------------------------------
        // Reads

        void checkRank() {
            List<Element> ordered = new ArrayList<>(model);
            if (!ordered.isEmpty() && random.nextBoolean()) {
                int index = random.nextInt(ordered.size());
                Element element = ordered.get(index);
                assertThat(Skiplist.rank(memory, zsl, element.score(), element.member(), 0, element.member().length))
                        .isEqualTo(index + 1);
                return;
            }
            byte[] member = randomMember();
            double score = randomScore();
            Element present = byName.get(key(member));
            long expected = present != null && present.score() == score ? model.headSet(present, true).size() : 0;
            assertThat(Skiplist.rank(memory, zsl, score, member, 0, member.length)).isEqualTo(expected);
        }

        void checkByRank() {
            List<Element> ordered = new ArrayList<>(model);
            long rank = random.nextInt(ordered.size() + 3) - 1;
            long node = Skiplist.byRank(memory, zsl, rank);
            if (rank < 1 || rank > ordered.size()) {
                assertThat(node).isZero();
            } else {
                assertThat(Skiplist.memberBytes(memory, node)).isEqualTo(ordered.get((int) rank - 1).member());
            }
        }

        void checkRangeEnds() {
            Predicate<Element> inRange;
            long first;
            long last;
            if (byMember) {
                LexRange range = randomLexRange();
                inRange = element -> range.contains(element.member());
                first = Skiplist.firstInRange(memory, zsl, range);
                last = Skiplist.lastInRange(memory, zsl, range);
            } else {
                ScoreRange range = randomScoreRange();
                inRange = element -> range.contains(element.score());
                first = Skiplist.firstInRange(memory, zsl, range);
                last = Skiplist.lastInRange(memory, zsl, range);
            }
            List<Element> expected = model.stream().filter(inRange).toList();
            if (expected.isEmpty()) {
                assertThat(first).isZero();
                assertThat(last).isZero();
            } else {
                assertThat(Skiplist.memberBytes(memory, first)).isEqualTo(expected.getFirst().member());
                assertThat(Skiplist.memberBytes(memory, last)).isEqualTo(expected.getLast().member());
            }
        }

        void checkEverything() {
            SkiplistModel.check(memory, zsl, new ArrayList<>(model));
            assertThat(Skiplist.totalBytes(memory, zsl)).as("total bytes").isEqualTo(allocator.usedBytes());
            if (view != null) {
                SkiplistModel.check(view, zsl, frozen);
                assertThat(Skiplist.totalBytes(view, zsl)).isEqualTo(frozenBytes);
            }
        }

        // -----------------------------------------------------------------------------------------
        // Fork

        void fork() {
            view = memory.fork();
            frozen = new ArrayList<>(model);
            frozenBytes = Skiplist.totalBytes(memory, zsl);
        }

        void closeView() {
            SkiplistModel.check(view, zsl, frozen);
            assertThat(SkiplistModel.elements(view, zsl)).usingElementComparator(SkiplistModel.ORDER)
                    .containsExactlyElementsOf(frozen);
            view.close();
            view = null;
        }

        // -----------------------------------------------------------------------------------------
        // Model and random input

        void add(Element element) {
            assertThat(model.add(element)).isTrue();
            byName.put(key(element.member()), element);
        }

        void remove(Element element) {
            assertThat(model.remove(element)).isTrue();
            byName.remove(key(element.member()));
        }

        Element pickPresent() {
            List<Element> all = new ArrayList<>(model);
            return all.get(random.nextInt(all.size()));
        }

        /** A score that is not {@code score}, for looking up a member at the wrong score. */
        static double otherThan(double score) {
            return score == 1 ? 2 : 1;
        }

        double randomScore() {
            if (byMember) {
                return random.nextBoolean() && sharedScore == 0.0 ? -0.0 : sharedScore;
            }
            return switch (random.nextInt(4)) {
                case 0, 1 -> SCORES[random.nextInt(SCORES.length)];
                case 2 -> random.nextInt(20);
                default -> random.nextGaussian() * 100;
            };
        }

        byte[] randomMember() {
            int dice = random.nextInt(100);
            int length = dice < 60 ? random.nextInt(5) : dice < 93 ? 5 + random.nextInt(20) : 100 + random.nextInt(600);
            byte[] member = new byte[length];
            for (int index = 0; index < length; index++) {
                member[index] = dice < 80 ? ALPHABET[random.nextInt(ALPHABET.length)] : (byte) random.nextInt(256);
            }
            return member;
        }

        /** A member for a bound: often one the set holds, so that inclusive and exclusive ends matter. */
        byte[] boundMember() {
            if (!byName.isEmpty() && random.nextBoolean()) {
                return pickPresent().member();
            }
            return randomMember();
        }

        ScoreRange randomScoreRange() {
            double min = random.nextInt(4) == 0 ? randomScore() : boundScore();
            double max = random.nextInt(3) == 0 ? min + random.nextInt(3) : boundScore();
            return new ScoreRange(min, random.nextBoolean(), max, random.nextBoolean());
        }

        double boundScore() {
            return !byName.isEmpty() && random.nextBoolean() ? pickPresent().score() : randomScore();
        }

        LexRange randomLexRange() {
            LexRange.Bound[] kinds = LexRange.Bound.values();
            LexRange.Bound minKind = random.nextInt(5) == 0 ? kinds[random.nextInt(4)] : kinds[1 + random.nextInt(2)];
            LexRange.Bound maxKind = random.nextInt(5) == 0 ? kinds[random.nextInt(4)] : kinds[1 + random.nextInt(2)];
            byte[] min = boundMember();
            byte[] max = random.nextInt(4) == 0 ? min : boundMember();
            return new LexRange(minKind, min, maxKind, max);
        }

        static String key(byte[] member) {
            return new String(member, StandardCharsets.ISO_8859_1);
        }
    }
}
