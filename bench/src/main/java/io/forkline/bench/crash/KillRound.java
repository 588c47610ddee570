package io.forkline.bench.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * One kill round: a real server process (forkline in a child JVM, or Debian's redis-server) on a fresh directory,
 * a preload, then {@link CrashOptions#clients()} clients writing while the fault is aimed (at a random moment, inside
 * a BGSAVE, inside a BGREWRITEAOF, or at its manifest switch), SIGKILL, a restart on the same files, and the check.
 *
 * <p>What is deterministic: the workload (every client's writes), the moment chosen, the write duration and the
 * delays aimed at; what is not: how far each client got when the kill landed, which depends on the operating
 * system's scheduling, so a replayed kill round strikes at the same planned instant but not the same write.
 */
final class KillRound {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final LongSupplier WALL = System::nanoTime;

    private final CrashConfiguration configuration;
    private final CrashOptions options;
    private final int round;
    private final long seed;
    private final Path roundDir;

    KillRound(CrashConfiguration configuration, CrashOptions options, int round, Path roundDir) {
        this.configuration = configuration;
        this.options = options;
        this.round = round;
        this.seed = options.roundSeed(round);
        this.roundDir = roundDir;
    }

    RoundResult run() throws IOException, InterruptedException {
        long started = System.nanoTime();
        Random plan = new Random(seed);
        Moment moment = Moment.pick(configuration.persistence(), plan);
        Path data = Files.createDirectories(roundDir.resolve("data"));
        Path log = roundDir.resolve("server.log");
        Workload workload = new Workload(seed, options.clients(), options.valueSize());
        History history = new History(options.clients() + 1);
        List<String> directives = configuration.directives(data.toRealPath(), options.aofLoadTruncated());
        int port = ServerProcess.freePort();
        List<String> command = ServerProcess.command(configuration.target(), options.redisServer(), port, directives);
        long faultNanos;
        List<Thread> writers = new ArrayList<>();
        List<RespClient> connections = new ArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        ServerProcess server;
        try {
            server = ServerProcess.start(command, port, log, START_TIMEOUT);
        } catch (ServerProcess.RefusedException e) {
            return failure(moment, "the first start failed: " + e.getMessage(), started);
        }
        BackgroundJobs jobs;
        try (RespClient control = new RespClient(port, 30_000)) {
            jobs = new BackgroundJobs(control);
            ClientDriver.preload(control, workload, options.preloadKeys() / Workload.PRELOAD_BATCH, history, WALL);
            for (int client = 0; client < options.clients(); client++) {
                RespClient connection = new RespClient(port, 30_000);
                connections.add(connection);
                ClientDriver driver = new ClientDriver(connection, workload.source(client), history, WALL);
                Thread writer = new Thread(() -> driver.run(writing::get), "crash-writer-" + client);
                writers.add(writer);
                writer.start();
            }
            aim(moment, plan, jobs);
            server.kill();
            faultNanos = System.nanoTime();   // after the process is gone: every answer read was sent before this
        } finally {
            writing.set(false);
            server.close();
            connections.forEach(RespClient::close);
            for (Thread writer : writers) {
                writer.join();
            }
        }
        ServerProcess restarted;
        try {
            restarted = ServerProcess.start(command, port, log, START_TIMEOUT);
        } catch (ServerProcess.RefusedException refused) {
            return new RoundResult(configuration, round, seed, moment, null, refused.getMessage(),
                    !options.aofLoadTruncated() && RoundResult.clearRefusal(refused.getMessage()),
                    "", null, System.nanoTime() - started);
        }
        try (restarted; RespClient reader = new RespClient(port, 60_000)) {
            RecoveredState state = RecoveredState.read(reader);
            Promise promise = configuration.promise(jobs.lastCompletedSaveSentNanos(), options.everysecWindow(),
                    options.writebackDelay());
            Verdict verdict = RecoveryVerifier.verify(history, state, promise, faultNanos, faultNanos);
            return new RoundResult(configuration, round, seed, moment, verdict, null, false, "", null,
                    System.nanoTime() - started);
        }
    }

    private RoundResult failure(Moment moment, String error, long started) {
        return new RoundResult(configuration, round, seed, moment, null, null, false, "", error, System.nanoTime() - started);
    }

    /** Waits, while the clients write, for the instant the plan aims the kill at. */
    private void aim(Moment moment, Random plan, BackgroundJobs jobs) throws IOException, InterruptedException {
        long writeNanos = (long) (options.duration().toNanos() * (0.3 + 0.7 * plan.nextDouble()));
        long start = System.nanoTime();
        switch (moment) {
            case WHILE_WRITING -> {
                long saveAt = (long) (writeNanos * (0.1 + 0.5 * plan.nextDouble()));
                boolean rewrite = configuration.persistence().aof() && plan.nextBoolean();
                sleepUntil(start + saveAt);
                if (configuration.persistence().rdb()) {
                    jobs.bgsaveAndWait();
                } else if (rewrite) {
                    jobs.rewrite();
                }
                sleepUntil(start + writeNanos);
            }
            case DURING_BGSAVE -> {
                sleepUntil(start + writeNanos / 3);
                long took = jobs.bgsaveAndWait();                  // how long one takes here, now
                sleepUntil(System.nanoTime() + writeNanos / 3);
                long sent = System.nanoTime();
                if (jobs.bgsave()) {
                    sleepUntil(sent + (long) (took * plan.nextDouble()));
                }
            }
            case DURING_REWRITE, AROUND_MANIFEST_SWITCH -> {
                sleepUntil(start + writeNanos / 3);
                long took = jobs.rewriteAndWait();
                sleepUntil(System.nanoTime() + writeNanos / 3);
                long sent = System.nanoTime();
                jobs.rewrite();
                double share = moment == Moment.DURING_REWRITE ? plan.nextDouble() : 0.85 + 0.3 * plan.nextDouble();
                sleepUntil(sent + (long) (took * share));
            }
        }
    }

    static void sleepUntil(long deadlineNanos) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            Thread.sleep(Duration.ofNanos(left));
        }
    }
}
