package io.forkline.reports.run;

import java.util.Map;

/** One JMH result, from JMH's JSON output: the benchmark, its parameters, the score with its error and unit. */
public record JmhResult(String benchmark, String mode, Map<String, String> params, double score, double error, String unit) {
}
