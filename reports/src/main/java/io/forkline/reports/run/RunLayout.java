package io.forkline.reports.run;

import java.nio.file.Path;

/**
 * The layout of a run folder, the contract between whoever writes runs (the bench) and the report:
 *
 * <pre>
 * RUN/run.json                        settings, machine, git commit, scenarios, targets, times
 * RUN/SCENARIO/TARGET/result.json     status (ok | skipped | failed), reason, workload, directives, metrics
 * RUN/SCENARIO/TARGET/latency.hlog    HdrHistogram interval log, nanoseconds, four intervals a second
 * RUN/SCENARIO/TARGET/counters.csv    server counters sampled from INFO: t_ms then one column per field
 * RUN/SCENARIO/TARGET/events.json     [{"t_ms": .., "kind": "bgsave-start", "detail": ".."}]
 * RUN/jmh/*.json                      JMH results in JMH's own JSON format (optional)
 * RUN/index.html, RUN/summary.txt     the rendered report
 * </pre>
 *
 * Times in counters.csv and events.json are milliseconds from the start of the measured phase, the
 * same origin as the hlog's first interval (warm-up and preload are negative).
 */
public final class RunLayout {

    public static final String RUN_JSON = "run.json";
    public static final String RESULT_JSON = "result.json";
    public static final String LATENCY_HLOG = "latency.hlog";
    public static final String COUNTERS_CSV = "counters.csv";
    public static final String EVENTS_JSON = "events.json";
    public static final String JMH_DIR = "jmh";
    public static final String INDEX_HTML = "index.html";
    public static final String SUMMARY_TXT = "summary.txt";

    /** The hlog tag of uncorrected service times (open loop); the untagged histograms are the corrected ones. */
    public static final String UNCORRECTED_TAG = "uncorrected";

    private RunLayout() {
    }

    /** The folder of one scenario measured against one target. */
    public static Path resultDir(Path run, String scenario, String target) {
        return run.resolve(scenario).resolve(target);
    }
}
