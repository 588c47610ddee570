package io.forkline.bench.crash;

import java.util.List;

/**
 * What one round's recovered state says about the server.
 *
 * @param violations         broken invariants and broken promises, one sentence each; empty when the round passed
 * @param acknowledged       writes acknowledged before the fault
 * @param inFlight           writes sent and not answered when the fault struck
 * @param lostAcknowledged   acknowledged writes missing after the restart (whether or not the policy allowed it)
 * @param oldestLostAgeNanos the oldest lost acknowledged write's age at the fault (on the promise's clock), or -1
 * @param recoveredPrefixes  per client, how many of its writes the recovered state holds (-1: no prefix matches)
 */
public record Verdict(List<String> violations, long acknowledged, long inFlight, long lostAcknowledged,
                      long oldestLostAgeNanos, List<Integer> recoveredPrefixes) {

    public Verdict {
        violations = List.copyOf(violations);
        recoveredPrefixes = List.copyOf(recoveredPrefixes);
    }

    public boolean kept() {
        return violations.isEmpty();
    }
}
