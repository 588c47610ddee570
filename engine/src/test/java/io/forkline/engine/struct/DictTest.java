package io.forkline.engine.struct;

import io.forkline.pages.Memory;
import io.forkline.pages.MemoryView;
import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.alloc.Allocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DictTest {

    private PagedMemory memory;
    private Allocator allocator;

    @BeforeEach
    void open() {
        memory = PagedMemory.create(PageSize.KIB_4);
        allocator = new Allocator(memory);
    }

    @AfterEach
    void close() {
        memory.close();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(Memory memory, long entry) {
        return new String(Dict.keyBytes(memory, entry), StandardCharsets.UTF_8);
    }

    private long insert(long dict, String key) {
        byte[] k = bytes(key);
        return Dict.insert(allocator, dict, k, 0, k.length);
    }

    private static long find(Memory memory, long dict, String key) {
        byte[] k = bytes(key);
        return Dict.find(memory, dict, k, 0, k.length);
    }

    private long unlink(long dict, String key) {
        byte[] k = bytes(key);
        return Dict.unlink(allocator, dict, k, 0, k.length);
    }

    private void finishRehash(long dict) {
        Dict.rehashFor(allocator, dict, Long.MAX_VALUE);
        assertThat(Dict.isRehashing(memory, dict)).isFalse();
    }

    // ---------------------------------------------------------------------------------------------
    // Basics

    @Test
    void aNewDictIsEmpty() {
        long dict = Dict.create(allocator, 8);
        assertThat(Dict.size(memory, dict)).isZero();
        assertThat(find(memory, dict, "absent")).isZero();
        assertThat(Dict.isRehashing(memory, dict)).isFalse();
        assertThat(Dict.tableBytes(memory, dict)).isEqualTo(DictDescriptor.HEADER_BYTES);
        assertThat(Dict.scan(memory, dict, 0, entry -> { throw new AssertionError(); })).isZero();
        assertThat(Dict.randomEntry(memory, dict, new Random(1))).isZero();
        assertThat(Dict.sample(memory, dict, 5, new Random(1), entry -> { throw new AssertionError(); })).isZero();
        assertThat(unlink(dict, "absent")).isZero();
        assertThat(Dict.rehashFor(allocator, dict, Long.MAX_VALUE)).isZero();
        assertThat(Dict.shrinkIfSparse(allocator, dict)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {-4, 1, 3, 6, 62, 64})
    void payloadSizesMustBeMultiplesOfFourUpToSixty(int payloadBytes) {
        assertThatThrownBy(() -> Dict.create(allocator, payloadBytes)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void insertFindUnlink() {
        long dict = Dict.create(allocator, 8);
        long a = insert(dict, "alpha");
        long b = insert(dict, "beta");
        assertThat(a).isNotZero().isNotEqualTo(b);
        assertThat(Dict.size(memory, dict)).isEqualTo(2);
        assertThat(find(memory, dict, "alpha")).isEqualTo(a);
        assertThat(find(memory, dict, "beta")).isEqualTo(b);
        assertThat(find(memory, dict, "gamma")).isZero();
        assertThat(find(memory, dict, "alph")).isZero();

        assertThat(unlink(dict, "alpha")).isEqualTo(a);
        assertThat(text(memory, a)).as("an unlinked entry is still readable").isEqualTo("alpha");
        Dict.freeEntry(allocator, a);
        assertThat(find(memory, dict, "alpha")).isZero();
        assertThat(unlink(dict, "alpha")).isZero();
        assertThat(find(memory, dict, "beta")).isEqualTo(b);
        assertThat(Dict.size(memory, dict)).isEqualTo(1);
    }

    @Test
    void keysAreTakenFromASliceOfTheArray() {
        long dict = Dict.create(allocator, 0);
        byte[] buffer = bytes("xxKEYyy");
        long entry = Dict.insert(allocator, dict, buffer, 2, 3);
        assertThat(text(memory, entry)).isEqualTo("KEY");
        assertThat(Dict.keyLength(memory, entry)).isEqualTo(3);
        assertThat(Dict.keyEquals(memory, entry, bytes("KEY"), 0, 3)).isTrue();
        assertThat(Dict.keyEquals(memory, entry, bytes("KEX"), 0, 3)).isFalse();
        assertThat(Dict.keyEquals(memory, entry, bytes("KEYS"), 0, 4)).isFalse();
        assertThat(Dict.find(memory, dict, bytes("aKEY"), 1, 3)).isEqualTo(entry);
        assertThat(memory.getByte(Dict.keyAddress(memory, entry))).isEqualTo((byte) 'K');
        assertThatThrownBy(() -> Dict.insert(allocator, dict, buffer, 5, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void insertingAPresentKeyFailsAndChangesNothing() {
        long dict = Dict.create(allocator, 8);
        long entry = insert(dict, "k");
        memory.putLong(Dict.payload(entry), 99);
        long used = allocator.usedBytes();
        assertThatThrownBy(() -> insert(dict, "k")).isInstanceOf(IllegalStateException.class);
        assertThat(Dict.size(memory, dict)).isEqualTo(1);
        assertThat(allocator.usedBytes()).isEqualTo(used);
        assertThat(memory.getLong(Dict.payload(find(memory, dict, "k")))).isEqualTo(99);
    }

    @Test
    void insertIfAbsentReturnsZeroForAPresentKeyAndChangesNothing() {
        long dict = Dict.create(allocator, 8);
        byte[] k = bytes("xkx");
        long entry = Dict.insertIfAbsent(allocator, dict, k, 1, 1);
        assertThat(entry).isNotZero();
        assertThat(text(memory, entry)).isEqualTo("k");
        memory.putLong(Dict.payload(entry), 7);
        long used = allocator.usedBytes();
        assertThat(Dict.insertIfAbsent(allocator, dict, bytes("k"), 0, 1)).isZero();
        assertThat(Dict.size(memory, dict)).isEqualTo(1);
        assertThat(allocator.usedBytes()).isEqualTo(used);
        assertThat(memory.getLong(Dict.payload(find(memory, dict, "k")))).isEqualTo(7);
    }

    @Test
    void expandSizesAnEmptyDictAtOnceAndInsertsThenNeverRehash() {
        long dict = Dict.create(allocator, 8);
        assertThat(Dict.expand(allocator, dict, 1000)).isTrue();
        assertThat(DictDescriptor.tableSize(memory, dict, 0)).isEqualTo(1024);
        assertThat(Dict.isRehashing(memory, dict)).isFalse();
        for (int i = 0; i < 1024; i++) {
            insert(dict, "k" + i);
            assertThat(Dict.isRehashing(memory, dict)).as("after %d inserts", i + 1).isFalse();
        }
        assertThat(DictDescriptor.tableSize(memory, dict, 0)).isEqualTo(1024);
        for (int i = 0; i < 1024; i++) {
            assertThat(find(memory, dict, "k" + i)).as("k%d", i).isNotZero();
        }
    }

    @Test
    void expandOfAFilledDictRehashesIntoTheLargerTableAndNeverShrinks() {
        long dict = Dict.create(allocator, 0);
        for (int i = 0; i < 10; i++) {
            insert(dict, "k" + i);
        }
        finishRehash(dict);
        assertThat(DictDescriptor.tableSize(memory, dict, 0)).isEqualTo(16);
        assertThat(Dict.expand(allocator, dict, 16)).as("16 buckets hold 16 keys already").isFalse();
        assertThat(Dict.expand(allocator, dict, 5)).isFalse();
        assertThat(Dict.expand(allocator, dict, 100)).isTrue();
        assertThat(Dict.isRehashing(memory, dict)).isTrue();
        assertThat(DictDescriptor.tableSize(memory, dict, 1)).isEqualTo(128);
        assertThat(Dict.expand(allocator, dict, 1000)).as("not while rehashing").isFalse();
        finishRehash(dict);
        assertThat(DictDescriptor.tableSize(memory, dict, 0)).isEqualTo(128);
        for (int i = 0; i < 10; i++) {
            assertThat(find(memory, dict, "k" + i)).as("k%d", i).isNotZero();
        }
    }

    @Test
    void theDuplicateCheckSeesBothTablesWhileRehashing() {
        long dict = Dict.create(allocator, 0);
        for (int i = 0; i < 1024; i++) {
            insert(dict, "k" + i);
        }
        finishRehash(dict);
        insert(dict, "k1024");   // 1024 used in 1024 buckets: grows, and k1024 goes to table 1
        assertThat(Dict.isRehashing(memory, dict)).isTrue();
        for (int i = 0; i < 200; i++) {
            String key = "k" + (i * 5 + 4);
            assertThatThrownBy(() -> insert(dict, key)).as(key).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> insert(dict, "k1024")).isInstanceOf(IllegalStateException.class);
        assertThat(Dict.isRehashing(memory, dict)).as("200 steps cannot empty 1024 buckets").isTrue();
        assertThat(DictDescriptor.used(memory, dict, 0)).isPositive();
        assertThat(DictDescriptor.used(memory, dict, 1)).isPositive();
        assertThat(Dict.size(memory, dict)).isEqualTo(1025);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 8, 12, 16, 24, 60})
    void payloadIsZeroedAtInsertAndTheKeyFollowsIt(int payloadBytes) {
        // leave garbage where the entries will go
        List<Long> dirty = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long address = allocator.allocate(16 + i % 120);
            memory.fill(address, allocator.usableSize(address), (byte) 0xA5);
            dirty.add(address);
        }
        dirty.forEach(allocator::free);
        long dict = Dict.create(allocator, payloadBytes);
        for (int i = 0; i < 100; i++) {
            long entry = insert(dict, "key-" + i);
            for (int b = 0; b < payloadBytes; b++) {
                assertThat(memory.getByte(Dict.payload(entry) + b)).as("payload byte %d", b).isZero();
            }
            memory.fill(Dict.payload(entry), payloadBytes, (byte) 0x7E);   // the key must survive its payload
        }
        for (int i = 0; i < 100; i++) {
            long entry = find(memory, dict, "key-" + i);
            assertThat(text(memory, entry)).isEqualTo("key-" + i);
            assertThat(Dict.keyAddress(memory, entry)).isEqualTo(Dict.payload(entry) + payloadBytes + 1);
        }
    }

    @Test
    void emptyKeysAreKeys() {
        long dict = Dict.create(allocator, 8);
        long empty = insert(dict, "");
        assertThat(Dict.keyLength(memory, empty)).isZero();
        assertThat(Dict.keyBytes(memory, empty)).isEmpty();
        assertThat(find(memory, dict, "")).isEqualTo(empty);
        assertThatThrownBy(() -> insert(dict, "")).isInstanceOf(IllegalStateException.class);
        assertThat(Dict.find(memory, dict, new byte[0], 0, 0)).isEqualTo(empty);
        assertThat(unlink(dict, "")).isEqualTo(empty);
        assertThat(Dict.size(memory, dict)).isZero();
    }

    @Test
    void longKeysCrossPagesAndTheirLengthTakesSeveralVarintBytes() {
        long dict = Dict.create(allocator, 8);
        Random random = new Random(3);
        List<byte[]> keys = new ArrayList<>();
        for (int length : new int[] {127, 128, 4095, 4096, 5000, 16_384, 16_385, 70_000}) {
            byte[] key = new byte[length];
            random.nextBytes(key);
            keys.add(key);
            long entry = Dict.insert(allocator, dict, key, 0, length);
            memory.putLong(Dict.payload(entry), length);
        }
        for (int i = 0; i < 30; i++) {   // grow and rehash under the long keys
            insert(dict, "small" + i);
        }
        finishRehash(dict);
        for (byte[] key : keys) {
            long entry = Dict.find(memory, dict, key, 0, key.length);
            assertThat(entry).as("key of %d bytes", key.length).isNotZero();
            assertThat(Dict.keyLength(memory, entry)).isEqualTo(key.length);
            assertThat(Dict.keyBytes(memory, entry)).isEqualTo(key);
            assertThat(memory.getLong(Dict.payload(entry))).isEqualTo(key.length);
            byte[] almost = key.clone();
            almost[almost.length - 1] ^= 1;
            assertThat(Dict.find(memory, dict, almost, 0, almost.length)).isZero();
        }
        byte[] last = keys.getLast();
        assertThat(Dict.unlink(allocator, dict, last, 0, last.length)).isNotZero();
        assertThat(Dict.find(memory, dict, last, 0, last.length)).isZero();
    }

    // ---------------------------------------------------------------------------------------------
    // Growth, shrinking, rehash

    @Test
    void tablesGrowToTheNextPowerOfTwoAboveTheEntries() {
        long dict = Dict.create(allocator, 8);
        for (int n = 1; n <= 1000; n++) {
            insert(dict, "key:" + n);
            Dict.rehashFor(allocator, dict, Long.MAX_VALUE);
            long expected = Math.max(4, Long.highestOneBit(n - 1) << 1);
            assertThat(DictDescriptor.tableSize(memory, dict, 0)).as("buckets after %d inserts", n).isEqualTo(expected);
            assertThat(DictDescriptor.tableSize(memory, dict, 1)).isZero();
            assertThat(Dict.tableBytes(memory, dict)).isEqualTo(DictDescriptor.HEADER_BYTES + expected * 8);
        }
    }

    @Test
    void forEachGatheredHandsOutWhatForEachDoesInTheSameOrderAcrossChainsAndBothTables() {
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            long dict = Dict.create(allocator, 8);
            int keys = 1 + random.nextInt(3000);
            for (int i = 0; i < keys; i++) {
                insert(dict, "key:" + random.nextInt(1_000_000) + ":" + i);
            }
            if (round % 2 == 0) {
                finishRehash(dict);   // one table; the odd rounds may stop in the middle of a rehash
            }
            java.util.List<Long> plain = new java.util.ArrayList<>();
            java.util.List<Long> gathered = new java.util.ArrayList<>();
            Dict.forEach(memory, dict, plain::add);
            Dict.forEachGathered(memory, dict, gathered::add);
            assertThat(gathered).as("round %d, %d keys", round, keys).hasSize(keys).isEqualTo(plain);
            java.util.List<Long> heads = new java.util.ArrayList<>();
            java.util.List<Long> ahead = new java.util.ArrayList<>();
            java.util.Set<Long> handedOut = new java.util.HashSet<>();
            Dict.forEachGathered(memory, dict, head -> {
                assertThat(handedOut).as("read ahead before it is handed out").doesNotContain(head);
                ahead.add(head);
            }, handedOut::add);
            heads.addAll(chainHeads(dict));
            assertThat(ahead).as("every chain head is read ahead, once, in order").isEqualTo(heads);
            Dict.free(allocator, dict, entry -> { });
        }
    }

    /** The first entry of every non-empty bucket, table 0 then table 1, in bucket order. */
    private java.util.List<Long> chainHeads(long dict) {
        java.util.List<Long> heads = new java.util.ArrayList<>();
        for (int table = 0; table < 2; table++) {
            long buckets = DictDescriptor.buckets(memory, dict, table);
            for (long i = 0; buckets != 0 && i < DictDescriptor.tableSize(memory, dict, table); i++) {
                long head = memory.getLong(buckets + i * 8);
                if (head != 0) {
                    heads.add(head);
                }
            }
        }
        return heads;
    }

    @Test
    void growthStartsARehashIntoTheSecondTable() {
        long dict = Dict.create(allocator, 8);
        for (int i = 0; i < 4; i++) {
            insert(dict, "k" + i);
        }
        assertThat(Dict.isRehashing(memory, dict)).isFalse();
        insert(dict, "k4");
        assertThat(Dict.isRehashing(memory, dict)).isTrue();
        assertThat(DictDescriptor.tableSize(memory, dict, 0)).isEqualTo(4);
        assertThat(DictDescriptor.tableSize(memory, dict, 1)).isEqualTo(8);
        assertThat(DictDescriptor.used(memory, dict, 1)).as("the new key went to table 1").isEqualTo(1);
        assertThat(Dict.tableBytes(memory, dict)).isEqualTo(DictDescriptor.HEADER_BYTES + 12 * 8);
    }

    @Test
    void whileAViewIsOpenTheDictGrowsOnlyPastFiveEntriesPerBucket() {
        long dict = Dict.create(allocator, 8);
        insert(dict, "first");
        MemoryView view = memory.fork();
        for (int i = 1; i < 24; i++) {
            insert(dict, "k" + i);
        }
        assertThat(Dict.isRehashing(memory, dict)).as("23 entries in 4 buckets, a view open").isFalse();
        insert(dict, "k24");   // 24 / 4 = 6 > 5: grows for 25
        assertThat(Dict.isRehashing(memory, dict)).isTrue();
        assertThat(DictDescriptor.tableSize(memory, dict, 1)).isEqualTo(32);
        assertThat(Dict.size(view, dict)).as("the view still sees one entry").isEqualTo(1);
        assertThat(find(view, dict, "first")).isNotZero();
        assertThat(find(view, dict, "k3")).isZero();
        view.close();
        finishRehash(dict);
        for (int i = 1; i <= 24; i++) {
            assertThat(find(memory, dict, "k" + i)).isNotZero();
        }
    }

    @Test
    void afterTheViewClosesTheDictGrowsAtLoadFactorOneAgain() {
        long dict = Dict.create(allocator, 0);
        MemoryView view = memory.fork();
        for (int i = 0; i < 10; i++) {
            insert(dict, "k" + i);
        }
        assertThat(Dict.isRehashing(memory, dict)).isFalse();
        view.close();
        insert(dict, "k10");
        assertThat(Dict.isRehashing(memory, dict)).isTrue();
        assertThat(DictDescriptor.tableSize(memory, dict, 1)).isEqualTo(16);
    }

    @Test
    void findWorksAtEveryStepOfARehashInBothTables() {
        long dict = Dict.create(allocator, 8);
        int keys = 512;
        for (int i = 0; i < keys; i++) {
            long entry = insert(dict, "key:" + i);
            memory.putLong(Dict.payload(entry), i);
        }
        finishRehash(dict);
        long entry = insert(dict, "key:" + keys);
        memory.putLong(Dict.payload(entry), keys);
        assertThat(DictDescriptor.tableSize(memory, dict, 1)).isEqualTo(1024);
        long previousIndex = DictDescriptor.rehashIndex(memory, dict);
        boolean sawBothTablesInUse = false;
        int steps = 0;
        byte[] probe = bytes("key:0");
        while (Dict.isRehashing(memory, dict)) {
            Dict.findForWrite(allocator, dict, probe, 0, probe.length);
            steps++;
            sawBothTablesInUse |= DictDescriptor.used(memory, dict, 0) > 0 && DictDescriptor.used(memory, dict, 1) > 0;
            if (Dict.isRehashing(memory, dict)) {
                long index = DictDescriptor.rehashIndex(memory, dict);
                assertThat(index).isGreaterThan(previousIndex);
                previousIndex = index;
            }
            assertThat(Dict.size(memory, dict)).isEqualTo(keys + 1);
            for (int i = 0; i <= keys; i++) {
                long found = find(memory, dict, "key:" + i);
                assertThat(found).as("key:%d after %d steps", i, steps).isNotZero();
                assertThat(memory.getLong(Dict.payload(found))).isEqualTo(i);
            }
        }
        assertThat(sawBothTablesInUse).isTrue();
        assertThat(steps).isLessThanOrEqualTo(512);
        assertThat(DictDescriptor.tableSize(memory, dict, 0)).isEqualTo(1024);
        assertThat(DictDescriptor.tableSize(memory, dict, 1)).isZero();
    }

    @Test
    void aRehashStepVisitsAtMostTenEmptyBuckets() {
        long dict = Dict.create(allocator, 0);
        for (int i = 0; i < 1000; i++) {
            insert(dict, "key:" + i);
        }
        finishRehash(dict);
        for (int i = 3; i < 1000; i++) {
            unlink(dict, "key:" + i);
        }
        assertThat(Dict.shrinkIfSparse(allocator, dict)).isTrue();
        byte[] probe = bytes("key:1");
        Dict.findForWrite(allocator, dict, probe, 0, probe.length);
        assertThat(DictDescriptor.rehashIndex(memory, dict))
                .as("three entries in 1024 buckets: the first step stops after ten empty ones, or after a hit")
                .isBetween(1L, 10L);
    }

    @Test
    void rehashForTakesStepsOfAHundredBuckets() {
        long dict = Dict.create(allocator, 0);
        for (int i = 0; i < 4096; i++) {
            insert(dict, "key:" + i);
        }
        finishRehash(dict);
        insert(dict, "one more");
        assertThat(Dict.rehashFor(allocator, dict, 0)).as("no time: one step").isEqualTo(1);
        assertThat(DictDescriptor.rehashIndex(memory, dict)).isGreaterThanOrEqualTo(100);
        int steps = Dict.rehashFor(allocator, dict, Long.MAX_VALUE);
        assertThat(steps).isBetween(1, 41);
        assertThat(Dict.isRehashing(memory, dict)).isFalse();
        assertThat(Dict.rehashFor(allocator, dict, Long.MAX_VALUE)).isZero();
        assertThat(Dict.size(memory, dict)).isEqualTo(4097);
    }

    @Test
    void sparseTablesShrinkOnRequest() {
        long dict = Dict.create(allocator, 8);
        for (int i = 0; i < 100; i++) {
            memory.putLong(Dict.payload(insert(dict, "key:" + i)), i * 7L);
        }
        finishRehash(dict);
        assertThat(DictDescriptor.tableSize(memory, dict, 0)).isEqualTo(128);
        assertThat(Dict.shrinkIfSparse(allocator, dict)).as("100 of 128 used").isFalse();
        for (int i = 5; i < 100; i++) {
            Dict.freeEntry(allocator, unlink(dict, "key:" + i));
        }
        finishRehash(dict);
        assertThat(Dict.shrinkIfSparse(allocator, dict)).as("5 of 128 used").isTrue();
        assertThat(Dict.isRehashing(memory, dict)).isTrue();
        assertThat(DictDescriptor.tableSize(memory, dict, 1)).isEqualTo(8);
        assertThat(Dict.shrinkIfSparse(allocator, dict)).as("already rehashing").isFalse();
        finishRehash(dict);
        assertThat(DictDescriptor.tableSize(memory, dict, 0)).isEqualTo(8);
        for (int i = 0; i < 5; i++) {
            assertThat(memory.getLong(Dict.payload(find(memory, dict, "key:" + i)))).isEqualTo(i * 7L);
        }
        assertThat(Dict.shrinkIfSparse(allocator, dict)).as("5 of 8 used").isFalse();
    }

    @Test
    void sparseMeansFewerThanATenthOfTheBucketsUsed() {
        long dict = Dict.create(allocator, 0);
        for (int i = 0; i < 64; i++) {
            insert(dict, "key:" + i);
        }
        finishRehash(dict);
        assertThat(DictDescriptor.tableSize(memory, dict, 0)).isEqualTo(64);
        for (int i = 7; i < 64; i++) {
            unlink(dict, "key:" + i);
        }
        assertThat(Dict.shrinkIfSparse(allocator, dict)).as("7 of 64: 70 >= 64").isFalse();
        unlink(dict, "key:6");
        assertThat(Dict.shrinkIfSparse(allocator, dict)).as("6 of 64: 60 < 64").isTrue();
        assertThat(DictDescriptor.tableSize(memory, dict, 1)).isEqualTo(8);
    }

    @Test
    void shrinkingStopsAtFourBucketsAndWaitsForTheViewToClose() {
        long dict = Dict.create(allocator, 0);
        for (int i = 0; i < 40; i++) {
            insert(dict, "key:" + i);
        }
        finishRehash(dict);
        for (int i = 0; i < 40; i++) {
            unlink(dict, "key:" + i);
        }
        finishRehash(dict);
        MemoryView view = memory.fork();
        assertThat(Dict.shrinkIfSparse(allocator, dict)).as("a view is open").isFalse();
        view.close();
        assertThat(Dict.shrinkIfSparse(allocator, dict)).isTrue();
        finishRehash(dict);
        assertThat(DictDescriptor.tableSize(memory, dict, 0)).isEqualTo(4);
        assertThat(Dict.shrinkIfSparse(allocator, dict)).as("the smallest table").isFalse();
        assertThat(Dict.size(memory, dict)).isZero();
    }

    @Test
    void payloadsSurviveGrowingAndShrinking() {
        long dict = Dict.create(allocator, 16);
        for (int i = 0; i < 3000; i++) {
            long entry = insert(dict, "key:" + i);
            memory.putLong(Dict.payload(entry), i);
            memory.putLong(Dict.payload(entry) + 8, -i);
        }
        for (int i = 100; i < 3000; i++) {
            Dict.freeEntry(allocator, unlink(dict, "key:" + i));
        }
        finishRehash(dict);
        assertThat(Dict.shrinkIfSparse(allocator, dict)).isTrue();
        finishRehash(dict);
        assertThat(DictDescriptor.tableSize(memory, dict, 0)).isEqualTo(128);
        for (int i = 0; i < 100; i++) {
            long entry = find(memory, dict, "key:" + i);
            assertThat(memory.getLong(Dict.payload(entry))).isEqualTo(i);
            assertThat(memory.getLong(Dict.payload(entry) + 8)).isEqualTo(-i);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Walks

    @Test
    void scanAndForEachReturnEveryEntryOnceWhenNothingChanges() {
        long dict = Dict.create(allocator, 0);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 700; i++) {
            insert(dict, "key:" + i);
            expected.add("key:" + i);
        }
        assertThat(Dict.isRehashing(memory, dict)).as("700 inserts leave a rehash of 512 into 1024 going").isTrue();
        assertSameKeysOnce(scanAll(memory, dict), expected);
        assertSameKeysOnce(forEachAll(memory, dict), expected);
        finishRehash(dict);
        assertSameKeysOnce(scanAll(memory, dict), expected);
        assertSameKeysOnce(forEachAll(memory, dict), expected);
    }

    @Test
    void scanCoversATableThatShrinksWhileRehashing() {
        long dict = Dict.create(allocator, 0);
        for (int i = 0; i < 1000; i++) {
            insert(dict, "key:" + i);
        }
        finishRehash(dict);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            if (i % 20 == 0) {
                expected.add("key:" + i);
            } else {
                unlink(dict, "key:" + i);
            }
        }
        finishRehash(dict);
        assertThat(Dict.shrinkIfSparse(allocator, dict)).isTrue();
        assertThat(DictDescriptor.tableSize(memory, dict, 1)).as("table 1 smaller than table 0").isEqualTo(64);
        assertSameKeysOnce(scanAll(memory, dict), expected);
    }

    static List<String> scanAll(Memory memory, long dict) {
        List<String> keys = new ArrayList<>();
        long cursor = 0;
        int calls = 0;
        do {
            cursor = Dict.scan(memory, dict, cursor, entry -> keys.add(text(memory, entry)));
            assertThat(++calls).as("scan calls").isLessThan(1 << 20);
        } while (cursor != 0);
        return keys;
    }

    /** Each key of {@code expected} exactly once, in any order (in linear time, unlike AssertJ's list checks). */
    static void assertSameKeysOnce(List<String> keys, Collection<String> expected) {
        Set<String> distinct = new HashSet<>(keys);
        assertThat(keys).as("keys returned, counting repeats").hasSize(distinct.size());
        assertThat(distinct).isEqualTo(new HashSet<>(expected));
    }

    static List<String> forEachAll(Memory memory, long dict) {
        List<String> keys = new ArrayList<>();
        Dict.forEach(memory, dict, entry -> keys.add(text(memory, entry)));
        return keys;
    }

    // ---------------------------------------------------------------------------------------------
    // Clearing and freeing

    @Test
    void clearFreesEveryEntryAfterShowingIt() {
        long baseline = allocator.usedBytes();
        long dict = Dict.create(allocator, 8);
        long headerOnly = allocator.usedBytes();
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            insert(dict, "key:" + i);
            expected.add("key:" + i);
        }
        assertThat(Dict.isRehashing(memory, dict)).isTrue();
        List<String> seen = new ArrayList<>();
        Dict.clear(allocator, dict, entry -> seen.add(text(memory, entry)));
        assertSameKeysOnce(seen, expected);
        assertThat(Dict.size(memory, dict)).isZero();
        assertThat(Dict.isRehashing(memory, dict)).isFalse();
        assertThat(Dict.tableBytes(memory, dict)).isEqualTo(DictDescriptor.HEADER_BYTES);
        assertThat(allocator.usedBytes()).isEqualTo(headerOnly);
        assertThat(find(memory, dict, "key:1")).isZero();

        long again = insert(dict, "key:1");   // a cleared dict is usable
        memory.putLong(Dict.payload(again), 5);
        assertThat(find(memory, dict, "key:1")).isEqualTo(again);

        List<Long> freed = new ArrayList<>();
        Dict.free(allocator, dict, entry -> freed.add(memory.getLong(Dict.payload(entry))));
        assertThat(freed).containsExactly(5L);
        assertThat(allocator.usedBytes()).isEqualTo(baseline);
    }

    @Test
    void unlinkedEntriesAreTheCallersToFree() {
        long dict = Dict.create(allocator, 8);
        insert(dict, "a");
        long before = allocator.usedBytes();
        long entry = unlink(dict, "a");
        assertThat(allocator.usedBytes()).isEqualTo(before);
        Dict.freeEntry(allocator, entry);
        assertThat(allocator.usedBytes()).isLessThan(before);
    }

    @Test
    void entriesAreCompact() {
        long dict = Dict.create(allocator, 8);
        long entry = insert(dict, "key:000000001");   // 8 next + 8 payload + 1 length + 13 key = 30
        assertThat(allocator.usableSize(entry)).isEqualTo(32);
        assertThat(DictDescriptor.entryBytes(8, 13)).isEqualTo(30);
        assertThat(DictDescriptor.entryBytes(0, 200)).isEqualTo(8 + 2 + 200);
        assertThat(Arrays.asList(DictDescriptor.varintBytes(0), DictDescriptor.varintBytes(127),
                DictDescriptor.varintBytes(128), DictDescriptor.varintBytes(16_383), DictDescriptor.varintBytes(16_384),
                DictDescriptor.varintBytes(Integer.MAX_VALUE))).containsExactly(1, 1, 2, 2, 3, 5);
    }
}
