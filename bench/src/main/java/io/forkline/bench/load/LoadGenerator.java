package io.forkline.bench.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Applies a workload to a RESP server over {@code clients} connections spread over {@code threads}
 * agents, for a warm-up then a measured window, and records the window's latencies in an HdrHistogram
 * interval log ({@link IntervalLog}: nanoseconds, readable by HdrHistogram's HistogramLogProcessor).
 * The preload is {@link Preloader}'s.
 */
public final class LoadGenerator implements AutoCloseable {

    /** How long to wait for replies after the window closes before counting them unanswered. */
    public static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Workload workload;
    private final Timeline timeline;
    private final List<LoadAgent> agents = new ArrayList<>();
    private final List<Tally> tallies = new ArrayList<>();
    private final Recorder corrected = new Recorder(3);
    private final Recorder uncorrected;
    private boolean started;

    private LoadGenerator(Workload workload, Timeline timeline) {
        this.workload = workload;
        this.timeline = timeline;
        this.uncorrected = workload.openLoop() ? new Recorder(3) : null;
    }

    /** Opens every connection; sending starts at {@code timeline.startNanos()} once {@link #run} is called. */
    public static LoadGenerator connect(InetSocketAddress address, Workload workload, Timeline timeline) throws IOException {
        LoadGenerator generator = new LoadGenerator(workload, timeline);
        try {
            generator.open(address);
        } catch (IOException | RuntimeException e) {
            generator.close();
            throw e;
        }
        return generator;
    }

    private void open(InetSocketAddress address) throws IOException {
        KeyDistribution keys = workload.keyDistribution();
        int threads = Math.min(workload.threads(), workload.clients());
        for (int t = 0; t < threads; t++) {
            agents.add(new LoadAgent(System::nanoTime, timeline.measureToNanos() + DRAIN_NANOS));
            tallies.add(new Tally(timeline.measureFromNanos(), timeline.measureToNanos(), corrected, uncorrected));
        }
        // Each connection's share of the rate; their schedules are staggered so that requests do not leave in bursts.
        double period = workload.openLoop() ? workload.clients() * 1e9 / workload.rate() : 0;
        for (int c = 0; c < workload.clients(); c++) {
            int agent = c % threads;
            long offset = workload.openLoop() ? (long) (period * c / workload.clients()) : 0;
            RequestSource source = new WorkloadRequests(workload, keys, workload.seed() * 1_000_003L + c);
            LoadConnection connection = new LoadConnection(source, workload.pipeline(), period, timeline.startNanos() + offset,
                    timeline.measureToNanos(), tallies.get(agent));
            agents.get(agent).connect(address, connection);
        }
    }

    /** Runs the workload to the end of the window (and the drain), writing the interval log to {@code hlog}. */
    public LoadResult run(Path hlog, String comment, LoadProgress progress) throws IOException, InterruptedException {
        try (IntervalLog log = new IntervalLog(hlog, comment, timeline, corrected, uncorrected)) {
            return run(log, progress);
        }
    }

    private LoadResult run(IntervalLog log, LoadProgress progress) throws InterruptedException {
        started = true;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < agents.size(); i++) {
            Thread thread = new Thread(agents.get(i), "forkline-load-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        long lastProgress = System.nanoTime();
        long lastCompletions = 0;
        try {
            while (alive(threads)) {
                if (anyFailed()) {
                    break;   // one connection's failure ends the run: the finally stops the others
                }
                long now = System.nanoTime();
                long nextTick = Math.min(lastProgress + 500_000_000L, log.nextIntervalEnd());
                if (nextTick > now) {
                    Thread.sleep(Math.max(1, (nextTick - now) / 1_000_000L));
                    continue;
                }
                if (now >= timeline.measureFromNanos()) {
                    log.tick(now);
                }
                if (now - lastProgress >= 500_000_000L) {
                    long completions = completions();
                    progress.update(phase(now), (now - timeline.startNanos()) / 1e9, timeline.totalSeconds(),
                            (completions - lastCompletions) * 1e9 / (now - lastProgress));
                    lastCompletions = completions;
                    lastProgress = now;
                }
            }
        } finally {
            for (LoadAgent agent : agents) {
                agent.abort();
            }
            for (Thread thread : threads) {
                thread.join();
            }
        }
        log.flush(System.nanoTime());
        for (LoadAgent agent : agents) {
            if (agent.failure() != null) {
                throw new LoadAgent.LoadFailure(agent.failure().getMessage(), agent.failure());
            }
        }
        return result(log.total(), log.totalUncorrected());
    }

    private String phase(long now) {
        if (now < timeline.measureFromNanos()) {
            return "warm-up";
        }
        return now < timeline.measureToNanos() ? "measure" : "drain";
    }

    private LoadResult result(Histogram total, Histogram totalUncorrected) {
        Map<Operation, Long> perOperation = new EnumMap<>(Operation.class);
        long operations = 0;
        long errors = 0;
        long warmupErrors = 0;
        long answeredInWindow = 0;
        String firstError = null;
        for (Tally tally : tallies) {
            for (Operation op : Operation.values()) {
                long n = tally.operations[op.ordinal()];
                if (n > 0) {
                    perOperation.merge(op, n, Long::sum);
                    operations += n;
                }
            }
            errors += tally.errors;
            warmupErrors += tally.warmupErrors;
            answeredInWindow += tally.answeredInWindow;
            if (firstError == null) {
                firstError = tally.firstError;
            }
        }
        long unanswered = 0;
        for (LoadAgent agent : agents) {
            unanswered += agent.unanswered();
        }
        return new LoadResult(operations, perOperation, errors, warmupErrors, firstError, unanswered, answeredInWindow,
                timeline.measuredSeconds(),
                workload.rate(), total, totalUncorrected);
    }

    private boolean anyFailed() {
        for (LoadAgent agent : agents) {
            if (agent.failure() != null) {
                return true;
            }
        }
        return false;
    }

    private long completions() {
        long sum = 0;
        for (LoadAgent agent : agents) {
            sum += agent.completions();
        }
        return sum;
    }

    private static boolean alive(List<Thread> threads) {
        for (Thread thread : threads) {
            if (thread.isAlive()) {
                return true;
            }
        }
        return false;
    }

    public Timeline timeline() {
        return timeline;
    }

    /** Closes connections of a generator that never ran (run closes them itself). */
    @Override
    public void close() {
        if (!started) {
            for (LoadAgent agent : agents) {
                agent.release();
            }
        }
    }
}
