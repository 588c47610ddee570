package io.forkline.engine.struct;

import io.forkline.engine.struct.SkiplistModel.Element;
import io.forkline.pages.MemoryView;
import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.alloc.Allocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

class SkiplistTest {

    private PagedMemory memory;
    private Allocator allocator;
    private long zsl;
    private final Random random = new Random(42);

    @BeforeEach
    void createSkiplist() {
        memory = PagedMemory.create(PageSize.KIB_4);
        allocator = new Allocator(memory);
        zsl = Skiplist.create(allocator);
    }

    @AfterEach
    void closeMemory() {
        memory.close();
    }

    // ---------------------------------------------------------------------------------------------
    // Empty

    @Test
    void anEmptySkiplistHasNoElementsAndFindsNothing() {
        assertThat(Skiplist.length(memory, zsl)).isZero();
        assertThat(Skiplist.first(memory, zsl)).isZero();
        assertThat(Skiplist.last(memory, zsl)).isZero();
        assertThat(Skiplist.byRank(memory, zsl, 1)).isZero();
        assertThat(Skiplist.rank(memory, zsl, 1, bytes("a"), 0, 1)).isZero();
        assertThat(Skiplist.firstInRange(memory, zsl, ScoreRange.all())).isZero();
        assertThat(Skiplist.lastInRange(memory, zsl, ScoreRange.all())).isZero();
        assertThat(Skiplist.firstInRange(memory, zsl, LexRange.all())).isZero();
        assertThat(Skiplist.lastInRange(memory, zsl, LexRange.all())).isZero();
        assertThat(Skiplist.delete(allocator, zsl, 1, bytes("a"), 0, 1)).isFalse();
        assertThat(Skiplist.deleteRange(allocator, zsl, ScoreRange.all(), node -> { })).isZero();
        assertThat(Skiplist.deleteRange(allocator, zsl, LexRange.all(), node -> { })).isZero();
        assertThat(Skiplist.deleteRangeByRank(allocator, zsl, 1, 10, node -> { })).isZero();
        assertThat(Skiplist.totalBytes(memory, zsl)).isEqualTo(allocator.usedBytes());
        SkiplistModel.check(memory, zsl, List.of());
    }

    @Test
    void freeGivesBackEveryByte() {
        for (int index = 0; index < 500; index++) {
            insert(index % 7, "member" + index);
        }
        Skiplist.free(allocator, zsl);
        assertThat(allocator.usedBytes()).isZero();
    }

    // ---------------------------------------------------------------------------------------------
    // Order

    @Test
    void ordersByScoreThenByMemberAsUnsignedBytesShorterFirst() {
        insert(1, "b");
        insert(1, "a");
        insert(0.5, "z");
        insert(1, new byte[] {(byte) 0x80});
        insert(1, new byte[] {0x7F});
        insert(1, "");
        insert(1, "ab");
        insert(Double.NEGATIVE_INFINITY, "x");
        insert(Double.POSITIVE_INFINITY, "y");
        assertThat(members()).containsExactly("x", "z", "", "a", "ab", "b", "\u007f", "\u0080", "y");
    }

    @Test
    void membersThatDifferPastEightBytesOrderByTheFirstDifference() {
        insert(0, "aaaaaaaaaaaaaaaaY");
        insert(0, "aaaaaaaaaaaaaaaaX");
        insert(0, "aaaaaaaa\u00ff");
        insert(0, "aaaaaaaa");
        insert(0, "aaaaaaaaaaaaaaaa");
        assertThat(members()).containsExactly("aaaaaaaa", "aaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaX", "aaaaaaaaaaaaaaaaY",
                "aaaaaaaa\u00ff");
    }

    @Test
    void negativeZeroAndZeroAreOneScore() {
        insert(0.0, "b");
        insert(-0.0, "a");
        assertThat(members()).containsExactly("a", "b");
        assertThat(Skiplist.rank(memory, zsl, 0.0, bytes("a"), 0, 1)).isEqualTo(1);
        assertThatThrownBy(() -> insert(0.0, "a")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Skiplist.delete(allocator, zsl, 0.0, bytes("a"), 0, 1)).isTrue();
        assertThat(members()).containsExactly("b");
    }

    @Test
    void aNaNScoreIsRefused() {
        insert(1, "a");
        assertThatThrownBy(() -> insert(Double.NaN, "b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Skiplist.updateScore(allocator, zsl, 1, bytes("a"), 0, 1, Double.NaN, random))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Skiplist.length(memory, zsl)).isEqualTo(1);
    }

    @Test
    void insertingAPairThatIsAlreadyThereIsRefusedAndChangesNothing() {
        insert(2, "a");
        long bytesBefore = allocator.usedBytes();
        assertThatThrownBy(() -> insert(2, "a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already holds");
        assertThat(allocator.usedBytes()).isEqualTo(bytesBefore);
        SkiplistModel.check(memory, zsl, List.of(new Element(2, bytes("a"))));
    }

    @Test
    void insertReturnsTheNodeAndMembersCanBeReadFromIt() {
        byte[] buffer = bytes("--member--");
        long node = Skiplist.insert(allocator, zsl, 3.5, buffer, 2, 6, random);
        assertThat(Skiplist.score(memory, node)).isEqualTo(3.5);
        assertThat(Skiplist.memberLength(memory, node)).isEqualTo(6);
        assertThat(Skiplist.memberBytes(memory, node)).isEqualTo(bytes("member"));
        assertThat(memory.contentEquals(Skiplist.memberAddress(memory, node), bytes("member"), 0, 6)).isTrue();
        assertThat(Skiplist.next(memory, node)).isZero();
        assertThat(Skiplist.previous(memory, node)).isZero();
    }

    @Test
    void anEmptyMemberIsAMember() {
        long node = insert(1, "");
        assertThat(Skiplist.memberLength(memory, node)).isZero();
        assertThat(Skiplist.memberBytes(memory, node)).isEmpty();
        assertThat(Skiplist.rank(memory, zsl, 1, new byte[0], 0, 0)).isEqualTo(1);
    }

    @Test
    void longMembersSpanPagesAndTakeLongerLengthVarints() {
        List<Element> expected = new ArrayList<>();
        for (int length : new int[] {127, 128, 5000, 16384, 9000}) {
            byte[] member = new byte[length];
            random.nextBytes(member);
            Skiplist.insert(allocator, zsl, length, member, 0, length, random);
            expected.add(new Element(length, member));
        }
        expected.sort(SkiplistModel.ORDER);
        SkiplistModel.check(memory, zsl, expected);
    }

    // ---------------------------------------------------------------------------------------------
    // Delete and update

    @Test
    void deleteNeedsTheScoreAndTheMember() {
        insert(1, "a");
        insert(2, "b");
        assertThat(Skiplist.delete(allocator, zsl, 2, bytes("a"), 0, 1)).isFalse();
        assertThat(Skiplist.delete(allocator, zsl, 1, bytes("c"), 0, 1)).isFalse();
        assertThat(Skiplist.delete(allocator, zsl, 1, bytes("a"), 0, 1)).isTrue();
        assertThat(Skiplist.delete(allocator, zsl, 1, bytes("a"), 0, 1)).isFalse();
        assertThat(members()).containsExactly("b");
        assertThat(Skiplist.previous(memory, Skiplist.first(memory, zsl))).isZero();
    }

    @Test
    void updateScoreStaysInPlaceWhileTheOrderHolds() {
        insert(1, "a");
        long node = insert(2, "b");
        insert(3, "c");
        long updated = Skiplist.updateScore(allocator, zsl, 2, bytes("b"), 0, 1, 2.75, random);
        assertThat(updated).isEqualTo(node);
        assertThat(Skiplist.score(memory, node)).isEqualTo(2.75);
        SkiplistModel.check(memory, zsl, elements(1, "a", 2.75, "b", 3, "c"));
    }

    @Test
    void updateScoreMovesTheElementPastItsNeighbours() {
        insert(1, "a");
        insert(2, "b");
        insert(3, "c");
        long moved = Skiplist.updateScore(allocator, zsl, 1, bytes("a"), 0, 1, 5, random);
        assertThat(Skiplist.score(memory, moved)).isEqualTo(5);
        assertThat(Skiplist.last(memory, zsl)).isEqualTo(moved);
        SkiplistModel.check(memory, zsl, elements(2, "b", 3, "c", 5, "a"));
        Skiplist.updateScore(allocator, zsl, 5, bytes("a"), 0, 1, Double.NEGATIVE_INFINITY, random);
        SkiplistModel.check(memory, zsl, elements(Double.NEGATIVE_INFINITY, "a", 2, "b", 3, "c"));
    }

    @Test
    void updateScoreToANeighboursScoreReinsertsAndOrdersByMember() {
        insert(1, "b");
        insert(2, "a");
        Skiplist.updateScore(allocator, zsl, 2, bytes("a"), 0, 1, 1, random);
        SkiplistModel.check(memory, zsl, elements(1, "a", 1, "b"));
        assertThat(Skiplist.totalBytes(memory, zsl)).isEqualTo(allocator.usedBytes());
    }

    @Test
    void updateScoreOfAnAbsentElementFails() {
        insert(1, "a");
        assertThatThrownBy(() -> Skiplist.updateScore(allocator, zsl, 2, bytes("a"), 0, 1, 3, random))
                .isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> Skiplist.updateScore(allocator, zsl, 1, bytes("b"), 0, 1, 3, random))
                .isInstanceOf(NoSuchElementException.class);
    }

    // ---------------------------------------------------------------------------------------------
    // Ranks

    @Test
    void ranksCountFromOneAndByRankInvertsThem() {
        List<Element> expected = new ArrayList<>();
        for (int index = 0; index < 1000; index++) {
            String member = "m" + random.nextInt(1_000_000) + "-" + index;
            double score = random.nextInt(50);
            insert(score, member);
            expected.add(new Element(score, bytes(member)));
        }
        expected.sort(SkiplistModel.ORDER);
        SkiplistModel.check(memory, zsl, expected);
        assertThat(Skiplist.byRank(memory, zsl, -1)).isZero();
        assertThat(Skiplist.byRank(memory, zsl, 1001)).isZero();
        assertThat(Skiplist.rank(memory, zsl, 50, bytes("m1-1"), 0, 4)).isZero();
    }

    // ---------------------------------------------------------------------------------------------
    // Ranges

    @Test
    void scoreRangesFindTheirFirstAndLastElements() {
        for (int score = 1; score <= 10; score++) {
            insert(score, "m" + score);
        }
        assertThat(rangeEnds(ScoreRange.parse(bytes("3"), bytes("6")))).containsExactly("m3", "m6");
        assertThat(rangeEnds(ScoreRange.parse(bytes("(3"), bytes("(6")))).containsExactly("m4", "m5");
        assertThat(rangeEnds(ScoreRange.parse(bytes("2.5"), bytes("3.5")))).containsExactly("m3", "m3");
        assertThat(rangeEnds(ScoreRange.parse(bytes("-inf"), bytes("+inf")))).containsExactly("m1", "m10");
        assertThat(rangeEnds(ScoreRange.parse(bytes("(10"), bytes("+inf")))).isEmpty();
        assertThat(rangeEnds(ScoreRange.parse(bytes("-inf"), bytes("(1")))).isEmpty();
        assertThat(rangeEnds(ScoreRange.parse(bytes("3.2"), bytes("3.8")))).isEmpty();
        assertThat(rangeEnds(ScoreRange.parse(bytes("5"), bytes("(5")))).isEmpty();
        assertThat(rangeEnds(ScoreRange.parse(bytes("6"), bytes("3")))).isEmpty();
    }

    @Test
    void lexRangesFindTheirFirstAndLastElements() {
        for (String member : List.of("a", "b", "c", "d", "e", "f")) {
            insert(0, member);
        }
        assertThat(lexEnds("[b", "[d")).containsExactly("b", "d");
        assertThat(lexEnds("(b", "(d")).containsExactly("c", "c");
        assertThat(lexEnds("-", "+")).containsExactly("a", "f");
        assertThat(lexEnds("[bb", "+")).containsExactly("c", "f");
        assertThat(lexEnds("-", "[a")).containsExactly("a", "a");
        assertThat(lexEnds("(f", "+")).isEmpty();
        assertThat(lexEnds("+", "-")).isEmpty();
        assertThat(lexEnds("[c", "(c")).isEmpty();
        assertThat(lexEnds("[d", "[b")).isEmpty();
    }

    @Test
    void deleteRangeByScoreShowsEachNodeBeforeFreeingIt() {
        for (int score = 1; score <= 10; score++) {
            insert(score, "m" + score);
        }
        List<String> seen = new ArrayList<>();
        long removed = Skiplist.deleteRange(allocator, zsl, ScoreRange.parse(bytes("(2"), bytes("5")),
                node -> seen.add(new String(Skiplist.memberBytes(memory, node), StandardCharsets.ISO_8859_1)));
        assertThat(removed).isEqualTo(3);
        assertThat(seen).containsExactly("m3", "m4", "m5");
        assertThat(members()).containsExactly("m1", "m2", "m6", "m7", "m8", "m9", "m10");
        assertThat(Skiplist.totalBytes(memory, zsl)).isEqualTo(allocator.usedBytes());
    }

    @Test
    void deleteRangeByLexRemovesTheMembersInRange() {
        for (String member : List.of("a", "b", "c", "d", "e")) {
            insert(0, member);
        }
        assertThat(Skiplist.deleteRange(allocator, zsl, LexRange.parse(bytes("(a"), bytes("[c")), node -> { })).isEqualTo(2);
        assertThat(members()).containsExactly("a", "d", "e");
        assertThat(Skiplist.deleteRange(allocator, zsl, LexRange.parse(bytes("+"), bytes("+")), node -> { })).isZero();
    }

    @Test
    void deleteRangeByRankIsOneBasedInclusiveAndStopsAtTheEnd() {
        for (int score = 1; score <= 6; score++) {
            insert(score, "m" + score);
        }
        assertThat(Skiplist.deleteRangeByRank(allocator, zsl, 2, 3, node -> { })).isEqualTo(2);
        assertThat(members()).containsExactly("m1", "m4", "m5", "m6");
        assertThat(Skiplist.deleteRangeByRank(allocator, zsl, 3, 2, node -> { })).isZero();
        assertThat(Skiplist.deleteRangeByRank(allocator, zsl, 3, 100, node -> { })).isEqualTo(2);
        assertThat(members()).containsExactly("m1", "m4");
        assertThatThrownBy(() -> Skiplist.deleteRangeByRank(allocator, zsl, 0, 1, node -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRangeDeleteMayWriteAnotherSkiplistFromItsCallback() {
        long other = Skiplist.create(allocator);
        for (int score = 1; score <= 20; score++) {
            insert(score, "m" + score);
        }
        Skiplist.deleteRange(allocator, zsl, ScoreRange.parse(bytes("5"), bytes("15")), node -> {
            byte[] member = Skiplist.memberBytes(memory, node);
            Skiplist.insert(allocator, other, -Skiplist.score(memory, node), member, 0, member.length, random);
        });
        assertThat(Skiplist.length(memory, zsl)).isEqualTo(9);
        assertThat(Skiplist.length(memory, other)).isEqualTo(11);
        assertThat(new String(Skiplist.memberBytes(memory, Skiplist.first(memory, other)), StandardCharsets.ISO_8859_1))
                .isEqualTo("m15");
        SkiplistModel.check(memory, other, SkiplistModel.elements(memory, other));
        SkiplistModel.check(memory, zsl, SkiplistModel.elements(memory, zsl));
    }

    // ---------------------------------------------------------------------------------------------
    // Levels and bytes

    @Test
    void levelsAreGeometricWithAQuarterAndCappedAt32() {
        RandomGenerator seeded = new Random(7);
        int draws = 200_000;
        int[] atLeast = new int[SkiplistDescriptor.MAX_LEVEL + 2];
        for (int draw = 0; draw < draws; draw++) {
            int level = Skiplist.randomLevel(seeded);
            assertThat(level).isBetween(1, SkiplistDescriptor.MAX_LEVEL);
            for (int at = 1; at <= level; at++) {
                atLeast[at]++;
            }
        }
        assertThat(atLeast[2] / (double) draws).isCloseTo(0.25, offset(0.005));
        assertThat(atLeast[3] / (double) draws).isCloseTo(0.0625, offset(0.003));
        assertThat(Skiplist.randomLevel(zeros())).isEqualTo(SkiplistDescriptor.MAX_LEVEL);
    }

    @Test
    void aNodeOfAllLevelsRaisesTheHeaderLevelAndItsDeleteLowersIt() {
        insert(1, "a");
        insert(3, "c");
        Skiplist.insert(allocator, zsl, 2, bytes("b"), 0, 1, zeros());
        assertThat(Skiplist.level(memory, zsl)).isEqualTo(SkiplistDescriptor.MAX_LEVEL);
        SkiplistModel.check(memory, zsl, elements(1, "a", 2, "b", 3, "c"));
        Skiplist.delete(allocator, zsl, 2, bytes("b"), 0, 1);
        SkiplistModel.check(memory, zsl, elements(1, "a", 3, "c"));
    }

    @Test
    void totalBytesCountsTheHeaderTheHeadAndEveryNodeAsTheAllocatorDoes() {
        long empty = Skiplist.totalBytes(memory, zsl);
        assertThat(empty).isEqualTo(allocator.usedBytes()).isGreaterThan(SkiplistDescriptor.nodeSize(32, 0));
        long node = insert(1, "x".repeat(300));
        assertThat(Skiplist.totalBytes(memory, zsl)).isEqualTo(empty + allocator.usableSize(node));
        Skiplist.delete(allocator, zsl, 1, bytes("x".repeat(300)), 0, 300);
        assertThat(Skiplist.totalBytes(memory, zsl)).isEqualTo(empty);
    }

    // ---------------------------------------------------------------------------------------------
    // Forks

    @Test
    void aForksViewKeepsReadingTheSkiplistAsItWas() {
        for (int score = 1; score <= 100; score++) {
            insert(score, "m" + score);
        }
        List<Element> before = SkiplistModel.elements(memory, zsl);
        MemoryView view = memory.fork();
        Skiplist.deleteRangeByRank(allocator, zsl, 1, 50, node -> { });
        Skiplist.updateScore(allocator, zsl, 99, bytes("m99"), 0, 3, -1, random);
        insert(0.5, "new");
        assertThat(Skiplist.length(memory, zsl)).isEqualTo(51);
        SkiplistModel.check(view, zsl, before);
        assertThat(Skiplist.firstInRange(view, zsl, ScoreRange.parse(bytes("(10"), bytes("+inf"))))
                .isEqualTo(Skiplist.byRank(view, zsl, 11));
        view.close();
    }

    @Test
    void aViewCanBeReadOnAnotherThread() throws InterruptedException {
        for (int score = 1; score <= 200; score++) {
            insert(score % 13, "m" + score);
        }
        List<Element> before = SkiplistModel.elements(memory, zsl);
        MemoryView view = memory.fork();
        Skiplist.deleteRange(allocator, zsl, ScoreRange.all(), node -> { });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                SkiplistModel.check(view, zsl, before);
            } catch (Throwable thrown) {
                failure.set(thrown);
            }
        });
        reader.start();
        reader.join();
        view.close();
        assertThat(failure.get()).isNull();
        assertThat(Skiplist.length(memory, zsl)).isZero();
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    private long insert(double score, String member) {
        return insert(score, bytes(member));
    }

    private long insert(double score, byte[] member) {
        return Skiplist.insert(allocator, zsl, score, member, 0, member.length, random);
    }

    private List<String> members() {
        return SkiplistModel.elements(memory, zsl).stream()
                .map(element -> new String(element.member(), StandardCharsets.ISO_8859_1)).toList();
    }

    private List<String> rangeEnds(ScoreRange range) {
        return ends(Skiplist.firstInRange(memory, zsl, range), Skiplist.lastInRange(memory, zsl, range));
    }

    private List<String> lexEnds(String min, String max) {
        LexRange range = LexRange.parse(bytes(min), bytes(max));
        return ends(Skiplist.firstInRange(memory, zsl, range), Skiplist.lastInRange(memory, zsl, range));
    }

    private List<String> ends(long first, long last) {
        assertThat(first == 0).as("first and last are both found or both not").isEqualTo(last == 0);
        if (first == 0) {
            return List.of();
        }
        return List.of(new String(Skiplist.memberBytes(memory, first), StandardCharsets.ISO_8859_1),
                new String(Skiplist.memberBytes(memory, last), StandardCharsets.ISO_8859_1));
    }

    /** Elements from alternating scores and members. */
    private static List<Element> elements(Object... scoresAndMembers) {
        List<Element> elements = new ArrayList<>();
        for (int index = 0; index < scoresAndMembers.length; index += 2) {
            double score = ((Number) scoresAndMembers[index]).doubleValue();
            elements.add(new Element(score, bytes((String) scoresAndMembers[index + 1])));
        }
        return elements;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A generator whose every long is 0: every node drawn from it has all 32 levels. */
    private static RandomGenerator zeros() {
        return () -> 0L;
    }
}
