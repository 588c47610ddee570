package io.forkline.bench.crash;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The verifier on synthetic histories: a pure prefix passes; every way of not being a prefix is caught. */
class RecoveryVerifierTest {

    private static final long MS = 1_000_000;
    private static final Promise ALL = new Promise.EveryAcknowledged();

    private final Workload workload = new Workload(7, 2, 20);
    private final History history = new History(3);
    private long now;

    /** Client {@code client} sends its next {@code count} writes one at a time, each acknowledged 1 ms later. */
    private List<History.Write> acknowledged(Workload.Source source, int count) {
        List<History.Write> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            History.Write write = history.sent(source.next(), now, now);
            now += MS;
            write.acknowledge(now, now);
            now += MS;
            writes.add(write);
        }
        return writes;
    }

    /** The keys after applying {@code writes}, computed independently of the verifier (whole lists, plain maps). */
    private static RecoveredState stateAfter(List<History.Write> writes) {
        Map<String, Object> values = new HashMap<>();
        Map<String, List<String>> lists = new HashMap<>();
        for (History.Write write : writes) {
            for (String[] command : write.operation().commands()) {
                switch (command[0]) {
                    case "INCR" -> values.merge(command[1], 1L, (a, b) -> (Long) a + (Long) b);
                    case "RPUSH" -> lists.computeIfAbsent(command[1], key -> new ArrayList<>()).add(command[2]);
                    case "SET" -> values.put(command[1], command[2]);
                    case "MSET" -> {
                        for (int i = 1; i < command.length; i += 2) {
                            values.put(command[i], command[i + 1]);
                        }
                    }
                    default -> {
                        // MULTI and EXEC only frame the block
                    }
                }
            }
        }
        lists.forEach((key, list) -> values.put(key, ListDigest.of(list)));
        return new RecoveredState(values);
    }

    private static List<History.Write> concat(List<History.Write> a, List<History.Write> b) {
        List<History.Write> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private Verdict verify(RecoveredState state, Promise promise) {
        return RecoveryVerifier.verify(history, state, promise, now, now);
    }

    @Test
    void aPurePrefixPasses() {
        List<History.Write> preload = acknowledged(workload.source(2), 0);
        List<History.Write> zero = acknowledged(workload.source(0), 30);
        List<History.Write> one = acknowledged(workload.source(1), 30);
        History.Write inFlight = history.sent(workload.source(0).next(), now, now);   // a second source: index 0 again
        assertThat(inFlight.inFlight()).isTrue();
        history.of(0).remove(inFlight);
        Verdict verdict = verify(stateAfter(concat(concat(preload, zero), one)), ALL);
        assertThat(verdict.violations()).isEmpty();
        assertThat(verdict.recoveredPrefixes()).containsExactly(30, 30, 0);
        assertThat(verdict.acknowledged()).isEqualTo(60);
        assertThat(verdict.lostAcknowledged()).isZero();
        assertThat(verdict.oldestLostAgeNanos()).isEqualTo(-1);
    }

    @Test
    void aWriteInFlightMayBeInOrOut() {
        Workload.Source source = workload.source(0);
        List<History.Write> done = acknowledged(source, 10);
        History.Write inFlight = history.sent(source.next(), now, now);
        assertThat(verify(stateAfter(done), ALL).violations()).isEmpty();
        assertThat(verify(stateAfter(concat(done, List.of(inFlight))), ALL).violations()).isEmpty();
        assertThat(verify(stateAfter(concat(done, List.of(inFlight))), ALL).inFlight()).isEqualTo(1);
    }

    @Test
    void aLostMiddleWriteIsCaught() {
        List<History.Write> writes = acknowledged(workload.source(0), 20);
        List<History.Write> withoutOne = new ArrayList<>(writes);
        withoutOne.remove(7);
        Verdict verdict = verify(stateAfter(withoutOne), ALL);
        assertThat(verdict.kept()).isFalse();
        assertThat(verdict.violations()).anyMatch(v -> v.contains("client 0: no prefix of its 20 writes"));
        assertThat(verdict.recoveredPrefixes()).startsWith(-1);
    }

    @Test
    void aDuplicatedWriteIsCaught() {
        List<History.Write> writes = acknowledged(workload.source(0), 20);
        List<History.Write> doubled = concat(writes, List.of(writes.get(5)));
        assertThat(verify(stateAfter(doubled), ALL).violations()).anyMatch(v -> v.contains("no prefix"));
    }

    @Test
    void aHalfAppliedMultiIsCaught() {
        Workload.Source source = workload.source(0);
        List<History.Write> writes = new ArrayList<>();
        while (writes.isEmpty() || writes.getLast().operation().kind() != Operation.Kind.MULTI) {
            writes.addAll(acknowledged(source, 1));
        }
        Map<String, Object> values = new HashMap<>(stateAfter(writes).values());
        values.remove(Operation.setKey(0, writes.getLast().operation().index()));   // the block's SET did not land
        assertThat(verify(new RecoveredState(values), ALL).violations()).anyMatch(v -> v.contains("half-applied MULTI"));

        Map<String, Object> counterMissed = new HashMap<>(stateAfter(writes).values());
        counterMissed.merge(Operation.GLOBAL_COUNTER, -1L, (a, b) -> (Long) a + (Long) b);   // the block's INCR g did not
        assertThat(verify(new RecoveredState(counterMissed), ALL).violations())
                .anyMatch(v -> v.contains("global counter"));
    }

    @Test
    void aLostMiddleAcrossClientsIsCaught() {
        Workload.Source zero = workload.source(0);
        Workload.Source one = workload.source(1);
        List<History.Write> early = acknowledged(zero, 5);
        List<History.Write> lostOne = acknowledged(zero, 1);      // acknowledged before client 1 sent anything
        List<History.Write> later = acknowledged(one, 5);
        Verdict verdict = verify(stateAfter(concat(early, later)), new Promise.RecentWindow(Duration.ofHours(1), false));
        assertThat(verdict.recoveredPrefixes()).containsExactly(5, 5, 0);
        assertThat(verdict.violations()).singleElement().asString().startsWith("lost middle: " + lostOne.getFirst().operation());
    }

    @Test
    void concurrentWritesMaySurviveInEitherOrder() {
        Workload.Source zero = workload.source(0);
        Workload.Source one = workload.source(1);
        History.Write a = history.sent(zero.next(), now, now);
        History.Write b = history.sent(one.next(), now + MS, now + MS);
        a.acknowledge(now + 2 * MS, now + 2 * MS);   // a and b overlap: neither was acknowledged before the other was sent
        b.acknowledge(now + 3 * MS, now + 3 * MS);
        now += 4 * MS;
        Promise window = new Promise.RecentWindow(Duration.ofSeconds(2), false);
        assertThat(verify(stateAfter(List.of(b)), window).violations()).isEmpty();
        assertThat(verify(stateAfter(List.of(a)), window).violations()).isEmpty();
    }

    @Test
    void theWindowPromiseAllowsRecentLossesOnly() {
        Workload.Source source = workload.source(0);
        List<History.Write> old = acknowledged(source, 5);
        now += 3_000 * MS;
        List<History.Write> recent = acknowledged(source, 5);
        Promise twoSeconds = new Promise.RecentWindow(Duration.ofSeconds(2), false);
        Verdict keptOld = verify(stateAfter(old), twoSeconds);
        assertThat(keptOld.violations()).isEmpty();
        assertThat(keptOld.lostAcknowledged()).isEqualTo(5);
        assertThat(keptOld.oldestLostAgeNanos()).isEqualTo(9 * MS);   // the first recent one, acknowledged 9 ms before
        assertThat(verify(stateAfter(old), ALL).violations()).singleElement().asString()
                .startsWith("5 acknowledged writes lost against the promise");
        Verdict lostOld = verify(stateAfter(old.subList(0, 3)), twoSeconds);
        assertThat(lostOld.lostAcknowledged()).isEqualTo(7);
        assertThat(lostOld.violations()).singleElement().asString().startsWith("2 acknowledged writes lost against the promise");
        assertThat(recent).hasSize(5);
    }

    @Test
    void theSavePromiseCoversWritesAcknowledgedBeforeTheSaveWasRequested() {
        Workload.Source source = workload.source(0);
        List<History.Write> saved = acknowledged(source, 5);
        long saveSent = now;
        acknowledged(source, 5);
        assertThat(verify(stateAfter(saved), new Promise.SinceLastSave(saveSent)).violations()).isEmpty();
        assertThat(verify(stateAfter(saved.subList(0, 4)), new Promise.SinceLastSave(saveSent)).kept()).isFalse();
        assertThat(verify(new RecoveredState(Map.of()), new Promise.SinceLastSave(Long.MIN_VALUE)).kept()).isTrue();
    }

    @Test
    void refusedWritesAreNotExpectedAndKeysNobodyWroteAreCaught() {
        Workload.Source source = workload.source(0);
        List<History.Write> before = acknowledged(source, 3);
        History.Write refused = history.sent(source.next(), now, now);
        refused.refuse("MISCONF");
        List<History.Write> after = acknowledged(source, 3);
        assertThat(verify(stateAfter(concat(before, after)), ALL).violations()).isEmpty();
        Map<String, Object> extra = new HashMap<>(stateAfter(before).values());
        extra.put("stranger", "x");
        assertThat(verify(new RecoveredState(extra), ALL).violations()).anyMatch(v -> v.contains("'stranger' was never written"));
        Map<String, Object> wrongType = new HashMap<>(stateAfter(before).values());
        wrongType.put(Operation.counterKey(0), "-WRONGTYPE");
        assertThat(verify(new RecoveredState(wrongType), ALL).kept()).isFalse();
    }

    @Test
    void thePreloadIsAClientLikeTheOthers() {
        Workload.Source zero = workload.source(0);
        List<History.Write> preload = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            History.Write write = history.sent(workload.preload(i), now, now);
            write.acknowledge(now + MS, now + MS);
            preload.add(write);
            now += 2 * MS;
        }
        List<History.Write> writes = acknowledged(zero, 4);
        assertThat(verify(stateAfter(concat(preload, writes)), ALL).recoveredPrefixes()).containsExactly(4, 0, 3);
        Map<String, Object> halfMset = new HashMap<>(stateAfter(concat(preload, writes)).values());
        halfMset.remove(Operation.preloadKey(2, 50));
        assertThat(verify(new RecoveredState(halfMset), ALL).violations()).anyMatch(v -> v.startsWith("client 2: no prefix"));
    }
}
