package io.forkline.bench.crash;

import java.util.List;

/**
 * One round's outcome.
 *
 * @param configuration  the table cell it belongs to
 * @param round          its number within the configuration
 * @param seed           the seed that replays it
 * @param moment         when the fault struck
 * @param verdict        what the recovered state showed; null when the server refused to start or the harness failed
 * @param refusal        why the restarted server refused to load, or null if it loaded
 * @param refusalAllowed whether a refusal is within the contract: only with aof-load-truncated no, and only with a
 *                       clear error ({@link #clearRefusal})
 * @param detail         what the fault did (the power loss's summary), for the log
 * @param error          a harness failure (the first start failed, a connection broke while reading back), or null
 * @param elapsedNanos   the round's wall-clock time
 */
public record RoundResult(CrashConfiguration configuration, int round, long seed, Moment moment, Verdict verdict,
                          String refusal, boolean refusalAllowed, String detail, String error, long elapsedNanos) {

    /** A refusal is clear when it says which file (or where in it) the server could not trust. */
    public static boolean clearRefusal(String message) {
        return message != null && (message.contains(".aof") || message.contains(".rdb") || message.contains("manifest")
                || message.contains("offset"));
    }

    public boolean passed() {
        if (error != null) {
            return false;
        }
        return refusal != null ? refusalAllowed : verdict.kept();
    }

    /** The line the campaign prints for it (more lines when it failed, ending with the command that replays it). */
    public String line(String campaignOptions) {
        StringBuilder line = new StringBuilder();
        line.append(String.format("%-28s round %3d seed %-20d %-4s %-22s", configuration.name(), round, seed,
                passed() ? "ok" : "FAIL", moment == null ? "-" : moment));
        if (error != null) {
            line.append(" harness error: ").append(error);
        } else if (refusal != null) {
            line.append(" refused to start: ").append(refusal);
        } else {
            line.append(String.format(" acked %6d in-flight %2d lost %4d", verdict.acknowledged(), verdict.inFlight(),
                    verdict.lostAcknowledged()));
            if (verdict.oldestLostAgeNanos() >= 0) {
                line.append(String.format(" (oldest %.0f ms)", verdict.oldestLostAgeNanos() / 1e6));
            }
        }
        line.append(String.format(" %.1fs", elapsedNanos / 1e9));
        if (!passed()) {
            List<String> violations = verdict == null ? List.of() : verdict.violations();
            for (String violation : violations) {
                line.append(System.lineSeparator()).append("    ").append(violation);
            }
            if (detail != null && !detail.isEmpty()) {
                line.append(System.lineSeparator()).append("    ").append(detail);
            }
            line.append(System.lineSeparator()).append("    replay: ./forkline crash-test ").append(configuration.options())
                    .append(' ').append(campaignOptions).append(" --rounds 1 --seed ").append(seed);
        }
        return line.toString();
    }
}
