package io.forkline.bench.load;

import org.HdrHistogram.Recorder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Loads a workload's data set before it runs: every key number once, for each key family the mix
 * uses (strings by SET, hashes by HSET), over a few deeply pipelined connections, as fast as the
 * server takes it. Counters start absent, as INCR expects.
 */
public final class Preloader {

    /** What the preload did. */
    public record Result(long requests, long errors, String firstError, double seconds) {
    }

    /** Told twice a second how many of the preload's requests have been answered. */
    @FunctionalInterface
    public interface Progress {
        void update(long answered, long total, double elapsedSeconds);
    }

    private static final int CONNECTIONS = 4;
    private static final int PIPELINE = 64;
    private static final long TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(10);

    private Preloader() {
    }

    /** The requests the preload sends for each key: SET if the mix touches strings, HSET if it touches hashes. */
    public static List<Operation> kinds(CommandMix mix) {
        List<Operation> kinds = new ArrayList<>();
        if (mix.uses(Operation.SET) || mix.uses(Operation.GET) || mix.uses(Operation.DEL)) {
            kinds.add(Operation.SET);
        }
        if (mix.uses(Operation.HSET) || mix.uses(Operation.HGET)) {
            kinds.add(Operation.HSET);
        }
        return kinds;
    }

    /** Loads the data set, telling {@code progress} twice a second; blocks until done. */
    public static Result load(InetSocketAddress address, Workload workload, Progress progress)
            throws IOException, InterruptedException {
        List<Operation> kinds = kinds(workload.commands());
        if (kinds.isEmpty()) {
            return new Result(0, 0, null, 0);
        }
        long start = System.nanoTime();
        LoadAgent agent = new LoadAgent(System::nanoTime, start + TIMEOUT_NANOS);
        Tally tally = new Tally(Long.MIN_VALUE, Long.MAX_VALUE, new Recorder(3), null);
        long keys = workload.keys();
        int connections = (int) Math.min(CONNECTIONS, keys);
        try {
            for (int c = 0; c < connections; c++) {
                long from = keys * c / connections;
                long to = keys * (c + 1) / connections;
                RequestSource source = new SequentialRequests(workload.valueSize(), kinds, from, to, workload.seed() + c);
                agent.connect(address, new LoadConnection(source, PIPELINE, 0, start, Long.MAX_VALUE, tally));
            }
        } catch (IOException | RuntimeException e) {
            agent.release();
            throw e;
        }
        Thread thread = new Thread(agent, "forkline-preload");
        thread.setDaemon(true);
        thread.start();
        long total = keys * kinds.size();
        while (thread.isAlive()) {
            thread.join(500);
            progress.update(agent.completions(), total, (System.nanoTime() - start) / 1e9);
        }
        if (agent.failure() != null) {
            throw new LoadAgent.LoadFailure("preload: " + agent.failure().getMessage(), agent.failure());
        }
        long requests = 0;
        for (long n : tally.operations) {
            requests += n;
        }
        if (agent.unanswered() > 0 || requests < total) {
            throw new LoadAgent.LoadFailure("preload: " + (total - requests) + " of " + total + " requests were not answered within "
                    + TimeUnit.NANOSECONDS.toSeconds(TIMEOUT_NANOS) + " s", null);
        }
        return new Result(requests, tally.errors, tally.firstError, (System.nanoTime() - start) / 1e9);
    }
}
