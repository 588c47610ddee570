package io.forkline.bench.crash;

import io.forkline.reports.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A campaign's rounds, summed per configuration: the durability table, and the same as JSON for the reports module. */
public final class CampaignReport {

    /**
     * One configuration's line of the table.
     *
     * @param oldestLostNanos the oldest lost acknowledged write's age at its fault, over all rounds (-1: none lost)
     * @param refusals        rounds whose restart refused to load
     * @param failed          rounds that broke an invariant or the policy's promise (refusals included when not allowed)
     */
    public record Row(CrashConfiguration configuration, int rounds, int failed, long acknowledged, long inFlight,
                      long lost, long oldestLostNanos, int refusals) {
    }

    private final CrashOptions options;
    private final List<RoundResult> rounds = new ArrayList<>();

    public CampaignReport(CrashOptions options) {
        this.options = options;
    }

    public void add(RoundResult result) {
        rounds.add(result);
    }

    public List<RoundResult> rounds() {
        return List.copyOf(rounds);
    }

    public boolean allPassed() {
        return rounds.stream().allMatch(RoundResult::passed);
    }

    public List<Row> rows() {
        Map<CrashConfiguration, List<RoundResult>> byConfiguration = new LinkedHashMap<>();
        for (RoundResult round : rounds) {
            byConfiguration.computeIfAbsent(round.configuration(), key -> new ArrayList<>()).add(round);
        }
        List<Row> rows = new ArrayList<>();
        byConfiguration.forEach((configuration, results) -> {
            long acknowledged = 0;
            long inFlight = 0;
            long lost = 0;
            long oldest = -1;
            int refusals = 0;
            int failed = 0;
            for (RoundResult result : results) {
                failed += result.passed() ? 0 : 1;
                refusals += result.refusal() != null ? 1 : 0;
                if (result.verdict() != null) {
                    acknowledged += result.verdict().acknowledged();
                    inFlight += result.verdict().inFlight();
                    lost += result.verdict().lostAcknowledged();
                    oldest = Math.max(oldest, result.verdict().oldestLostAgeNanos());
                }
            }
            rows.add(new Row(configuration, results.size(), failed, acknowledged, inFlight, lost, oldest, refusals));
        });
        return rows;
    }

    /** The durability table, one line per configuration. */
    public String table() {
        StringBuilder table = new StringBuilder(String.format("%-30s %6s %6s %12s %9s %8s %12s %8s%n", "configuration", "rounds",
                "failed", "acknowledged", "in-flight", "lost", "oldest lost", "refused"));
        for (Row row : rows()) {
            table.append(String.format("%-30s %6d %6d %12d %9d %8d %12s %8d%n", row.configuration().name(), row.rounds(),
                    row.failed(), row.acknowledged(), row.inFlight(), row.lost(),
                    row.oldestLostNanos() < 0 ? "-" : String.format("%.0f ms", row.oldestLostNanos() / 1e6), row.refusals()));
        }
        return table.toString();
    }

    /** The report as JSON: the options, one object per configuration, one per round. */
    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tool", "forkline crash-test");
        root.put("seed", options.seed());
        root.put("roundsPerConfiguration", options.rounds());
        root.put("durationMillis", options.duration().toMillis());
        root.put("clients", options.clients());
        root.put("preloadKeys", options.preloadKeys());
        root.put("valueSize", options.valueSize());
        root.put("aofLoadTruncated", options.aofLoadTruncated());
        root.put("everysecWindowMillis", options.everysecWindow().toMillis());
        root.put("writebackDelayMillis", options.writebackDelay().toMillis());
        root.put("passed", allPassed());
        List<Object> configurations = new ArrayList<>();
        for (Row row : rows()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", row.configuration().name());
            entry.put("target", row.configuration().target().name().toLowerCase(java.util.Locale.ROOT));
            entry.put("fault", row.configuration().fault().option());
            entry.put("persistence", row.configuration().persistence().option());
            entry.put("fsync", row.configuration().persistence().aof() ? row.configuration().fsync().option() : null);
            entry.put("rounds", row.rounds());
            entry.put("failed", row.failed());
            entry.put("acknowledged", row.acknowledged());
            entry.put("inFlight", row.inFlight());
            entry.put("lost", row.lost());
            entry.put("oldestLostMillis", row.oldestLostNanos() < 0 ? null : row.oldestLostNanos() / 1e6);
            entry.put("refusals", row.refusals());
            configurations.add(entry);
        }
        root.put("configurations", configurations);
        List<Object> results = new ArrayList<>();
        for (RoundResult round : rounds) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("configuration", round.configuration().name());
            entry.put("round", round.round());
            entry.put("seed", round.seed());
            entry.put("moment", round.moment() == null ? null : round.moment().toString());
            entry.put("passed", round.passed());
            entry.put("elapsedMillis", round.elapsedNanos() / 1_000_000);
            if (round.verdict() != null) {
                entry.put("acknowledged", round.verdict().acknowledged());
                entry.put("inFlight", round.verdict().inFlight());
                entry.put("lost", round.verdict().lostAcknowledged());
                entry.put("oldestLostMillis", round.verdict().oldestLostAgeNanos() < 0 ? null
                        : round.verdict().oldestLostAgeNanos() / 1e6);
                entry.put("violations", round.verdict().violations());
            }
            entry.put("refusal", round.refusal());
            entry.put("detail", round.detail());
            entry.put("error", round.error());
            results.add(entry);
        }
        root.put("rounds", results);
        return Json.write(root) + "\n";
    }
}
