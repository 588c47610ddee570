package io.forkline.bench.crash;

import io.forkline.server.ForklineServer;
import io.forkline.server.ServerSettings;
import io.forkline.server.config.ConfigException;
import io.forkline.server.config.ConfigParser;
import io.forkline.snapshot.storage.DiskOperation;
import io.forkline.snapshot.storage.PowerLoss;
import io.forkline.snapshot.storage.SimulatedDisk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One power-loss round: an embedded forkline server whose files live on a {@link SimulatedDisk}, a preload, then
 * writes sent one at a time (client after client, as the plan draws them, so the server sees one command at a time),
 * the power cut at a planned disk operation (during the writes, inside a BGSAVE, inside a BGREWRITEAOF, at its
 * manifest switch), the server stopped dead ({@link ForklineServer#crash()}), {@link SimulatedDisk#powerLoss}, a new
 * server on the same disk, and the check.
 *
 * <h2>Determinism</h2>
 * The workload, the order of the writes, the disk clock (one {@link CrashOptions#tick()} per write, which drives the
 * simulated kernel's writeback), the disk operation the power is cut at and what the power loss keeps are all drawn
 * from the round's seed. With one command in flight at a time the server's disk operations follow the commands, so
 * under {@code appendfsync always} and {@code no}, and with RDB alone, a round replays exactly from its seed. Under
 * {@code everysec} the server's once-a-second fsync runs on the wall clock: a replay cuts at the same planned
 * operation, but what the last background fsync had covered by then may differ. To keep the cut point stable the
 * operation count used for aiming leaves out syncs of incr files (the everysec fsyncs among them).
 */
final class PowerLossRound {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final CrashConfiguration configuration;
    private final CrashOptions options;
    private final int round;
    private final long seed;
    private final Path roundDir;
    private final AtomicLong diskClock = new AtomicLong();

    PowerLossRound(CrashConfiguration configuration, CrashOptions options, int round, Path roundDir) {
        this.configuration = configuration;
        this.options = options;
        this.round = round;
        this.seed = options.roundSeed(round);
        this.roundDir = roundDir;
    }

    RoundResult run() throws IOException, InterruptedException {
        Files.createDirectories(roundDir);
        try (ServerLog _ = new ServerLog(roundDir.resolve("server.log"))) {
            return runLogged();
        }
    }

    private RoundResult runLogged() throws IOException, InterruptedException {
        long started = System.nanoTime();
        Random plan = new Random(seed);
        Moment moment = Moment.pick(configuration.persistence(), plan);
        SimulatedDisk disk = new SimulatedDisk(diskClock::get, options.writebackDelay());
        Path data = Files.createDirectories(roundDir.resolve("data")).toRealPath();   // "dir" must exist; nothing is written there
        disk.createDirectories(data);
        for (Path directory = data; directory.getParent() != null; directory = directory.getParent()) {
            disk.syncDirectory(directory.getParent());
        }
        ServerSettings settings = settings(data);
        Workload workload = new Workload(seed, options.clients(), options.valueSize());
        History history = new History(options.clients() + 1);
        ForklineServer server;
        try {
            server = ForklineServer.start(settings.withStorage(disk.process()));
        } catch (RuntimeException e) {
            return new RoundResult(configuration, round, seed, moment, null, null, false, "", "the first start failed: " + e,
                    System.nanoTime() - started);
        }
        List<RespClient> connections = new ArrayList<>();
        PowerCut cut;
        BackgroundJobs jobs;
        try {
            RespClient control = new RespClient(server.port(), 30_000);
            connections.add(control);
            jobs = new BackgroundJobs(control);
            ClientDriver.preload(control, workload, options.preloadKeys() / Workload.PRELOAD_BATCH, history, diskClock::get);
            List<ClientDriver> drivers = new ArrayList<>();
            for (int client = 0; client < options.clients(); client++) {
                RespClient connection = new RespClient(server.port(), 30_000);
                connections.add(connection);
                drivers.add(new ClientDriver(connection, workload.source(client), history, diskClock::get));
            }
            cut = new PowerCut(disk, connections, diskClock);
            cut.start();
            drive(moment, plan, jobs, drivers, cut);
            cut.awaitCut();
        } finally {
            connections.forEach(RespClient::close);
        }
        Thread crasher = new Thread(server::crash, "crash-server");
        crasher.start();                       // stops the network and the pipeline; threads stuck on the dead disk
        PowerLoss loss = disk.powerLoss(new Random(seed * 31 + 7));   // are released with an error here
        crasher.join();
        ForklineServer restarted;
        try {
            restarted = ForklineServer.start(settings.withStorage(disk.process()));
        } catch (RuntimeException refused) {
            keepFiles(disk, data);
            return new RoundResult(configuration, round, seed, moment, null, String.valueOf(refused.getMessage()),
                    !options.aofLoadTruncated() && RoundResult.clearRefusal(refused.getMessage()), loss.summary(), null,
                    System.nanoTime() - started);
        }
        try (RespClient reader = new RespClient(restarted.port(), 60_000)) {
            RecoveredState state = RecoveredState.read(reader);
            Promise promise = configuration.promise(jobs.lastCompletedSaveSentNanos(), options.everysecWindow(),
                    options.writebackDelay());
            Verdict verdict = RecoveryVerifier.verify(history, state, promise, cut.faultNanos(), cut.faultDiskNanos());
            if (!verdict.kept()) {
                keepFiles(disk, data);
            }
            return new RoundResult(configuration, round, seed, moment, verdict, null, false,
                    loss.summary() + "; cut before " + cut.operation(), null, System.nanoTime() - started);
        } finally {
            restarted.close();
        }
    }

    /** A failed round's files as the restarted server found them, copied from the simulated disk for a look. */
    private void keepFiles(SimulatedDisk disk, Path data) throws IOException {
        for (var file : disk.files(data).entrySet()) {
            Path copy = roundDir.resolve("disk").resolve(data.relativize(file.getKey()).toString());
            Files.createDirectories(copy.getParent());
            Files.write(copy, file.getValue());
        }
    }

    /** The settings a server started with {@code forkline server --port 0 --bind 127.0.0.1 <directives>} would have. */
    private ServerSettings settings(Path data) {
        List<String> arguments = new ArrayList<>(List.of("--port", "0", "--bind", "127.0.0.1"));
        arguments.addAll(configuration.directives(data, options.aofLoadTruncated()));
        try {
            return ServerSettings.of(new ConfigParser().parseCommandLine(arguments), "");
        } catch (ConfigException e) {
            throw new IllegalArgumentException("the round's directives: " + e.getMessage(), e);
        }
    }

    /** Sends the writes one at a time and arms the power cut where the plan says. */
    private void drive(Moment moment, Random plan, BackgroundJobs jobs, List<ClientDriver> drivers, PowerCut cut)
            throws IOException, InterruptedException {
        long budget = (long) (options.duration().toNanos() * (0.3 + 0.7 * plan.nextDouble()));
        int floor = (int) (promisedWindow() / options.tick().toNanos());
        int writes = floor + Math.max(1, (int) (budget / options.tick().toNanos()));
        Writer writer = new Writer(plan, drivers);
        switch (moment) {
            case WHILE_WRITING -> {
                int cutAt = floor + plan.nextInt(writes - floor);
                int saveAt = plan.nextInt(cutAt + 1);
                boolean rewrite = configuration.persistence().aof() && plan.nextBoolean();
                int gap = plan.nextInt(3);
                if (!writer.write(saveAt)) {
                    return;
                }
                if (configuration.persistence().rdb()) {
                    jobs.bgsaveAndWait();
                } else if (rewrite) {
                    jobs.rewriteAndWait();
                }
                if (!writer.write(cutAt - saveAt)) {
                    return;
                }
                cut.aimAt(cut.counted() + gap);
                if (writer.write(1)) {
                    cut.now();   // the write came back before the armed operation: cut right after it
                }
            }
            case DURING_BGSAVE -> aimInside(plan, jobs, writer, writes, cut, jobs::bgsaveAndWait, jobs::bgsave, false);
            case DURING_REWRITE, AROUND_MANIFEST_SWITCH -> aimInside(plan, jobs, writer, writes, cut, jobs::rewriteAndWait,
                    jobs::rewrite, moment == Moment.AROUND_MANIFEST_SWITCH);
        }
    }

    /**
     * Runs the background job once to its end while watching which disk operations it makes, writes some more, then
     * runs it again with the power cut at one of those operations (near a manifest rename, if asked).
     */
    private void aimInside(Random plan, BackgroundJobs jobs, Writer writer, int writes, PowerCut cut, Job dryRun, Starter job,
                           boolean nearManifest) throws IOException, InterruptedException {
        if (!writer.write(writes / 3)) {
            return;
        }
        List<DiskOperation> seen = new ArrayList<>();
        cut.record(seen);
        dryRun.run();
        cut.record(null);
        if (!writer.write(writes / 3)) {
            return;
        }
        int target = plan.nextInt(seen.size() + 1);
        if (nearManifest) {
            List<Integer> renames = new ArrayList<>();
            for (int i = 0; i < seen.size(); i++) {
                if (seen.get(i).kind() == DiskOperation.Kind.RENAME && seen.get(i).target().getFileName().toString().endsWith(".manifest")) {
                    renames.add(i);
                }
            }
            if (!renames.isEmpty()) {
                int rename = renames.get(renames.size() > 1 ? 1 + plan.nextInt(renames.size() - 1) : 0);
                target = Math.max(0, rename + plan.nextInt(5) - 2);
            }
        }
        cut.aimAt(cut.counted() + target);
        try {
            if (job.start()) {   // the command itself may be cut: BGREWRITEAOF opens the next incr before it answers
                jobs.awaitIdle();
            }
        } catch (IOException closed) {
            if (!cut.isCut()) {
                throw closed;
            }
        }
        if (!cut.isCut()) {
            cut.now();   // the job ended before the operation aimed at: cut right after it
        }
    }

    /** Operations that count when aiming: every change but the syncs of incr files, which everysec times by the wall clock. */
    static boolean countable(DiskOperation operation) {
        return !(operation.kind() == DiskOperation.Kind.SYNC && operation.path().getFileName().toString().contains(".incr."));
    }

    @FunctionalInterface
    private interface Job {
        long run() throws IOException, InterruptedException;
    }

    @FunctionalInterface
    private interface Starter {
        boolean start() throws IOException;
    }

    /**
     * How long a round writes at least, so that the promise it checks has teeth: under everysec its window plus a
     * second, under no the writeback delay plus a second (some writes must be old enough to be promised).
     */
    private long promisedWindow() {
        if (!configuration.persistence().aof() || configuration.fsync() == CrashConfiguration.Fsync.ALWAYS) {
            return 0;
        }
        Duration window = configuration.fsync() == CrashConfiguration.Fsync.EVERYSEC ? options.everysecWindow()
                : options.writebackDelay();
        return window.toNanos() + Duration.ofSeconds(1).toNanos();
    }

    /**
     * Whether the writes keep pace with the wall clock (one per tick): under everysec, whose promise is about the
     * server's wall-clock fsync timer, so that the round lasts longer than the window it checks and the disk clock
     * stays close to the wall clock.
     */
    private boolean pacedByWallClock() {
        return configuration.persistence().aof() && configuration.fsync() == CrashConfiguration.Fsync.EVERYSEC;
    }

    /** Sends writes, each from a client the plan draws, one at a time; advances the disk clock a tick per write. */
    private final class Writer {
        private final Random plan;
        private final List<ClientDriver> drivers;
        private final long startNanos = System.nanoTime();

        Writer(Random plan, List<ClientDriver> drivers) {
            this.plan = plan;
            this.drivers = drivers;
        }

        /** False once a connection broke (the power was cut). */
        boolean write(int count) {
            for (int i = 0; i < count; i++) {
                long due = startNanos + diskClock.addAndGet(options.tick().toNanos());
                if (pacedByWallClock()) {
                    LockSupport.parkNanos(due - System.nanoTime());   // everysec's promise is on the wall clock
                }
                if (!drivers.get(plan.nextInt(drivers.size())).step()) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The round's one power-cut trigger: counts the disk operations that matter for aiming, records them while a dry
     * run watches, cuts the power at the operation aimed at; and a watcher that notes when the power went (wall clock
     * and disk clock) and closes every client connection at once, so that no answer is read after the machine stopped.
     */
    private static final class PowerCut {
        private final SimulatedDisk disk;
        private final List<RespClient> connections;
        private final AtomicLong diskClock;
        private final Thread watcher;
        private final AtomicLong counted = new AtomicLong();
        private volatile long aim = Long.MAX_VALUE;
        private volatile List<DiskOperation> recording;
        /** The operation the power was cut before, numbered among the countable ones (the same in every replay). */
        private volatile String operation;
        private volatile boolean cut;
        private volatile long faultNanos;
        private volatile long faultDiskNanos;

        PowerCut(SimulatedDisk disk, List<RespClient> connections, AtomicLong diskClock) {
            this.disk = disk;
            this.connections = List.copyOf(connections);
            this.diskClock = diskClock;
            this.watcher = new Thread(this::watch, "crash-power-watch");
            disk.cutPowerWhen(this::trigger);
        }

        /** Called by the disk before each changing operation, holding its monitor. */
        private boolean trigger(DiskOperation op) {
            if (!countable(op)) {
                return false;
            }
            if (counted.get() >= aim) {
                operation = "counted operation " + counted.get() + ": " + op.kind() + " " + op.path()
                        + (op.target() == null ? "" : " -> " + op.target());
                return true;
            }
            counted.incrementAndGet();
            List<DiskOperation> seen = recording;
            if (seen != null) {
                seen.add(op);
            }
            return false;
        }

        void start() {
            watcher.start();
        }

        private void watch() {
            try {
                boolean down = false;
                while (!down) {
                    down = disk.awaitPowerCut(Duration.ofMillis(100));
                }
            } catch (InterruptedException e) {
                return;
            }
            faultNanos = System.nanoTime();
            faultDiskNanos = diskClock.get();
            cut = true;
            connections.forEach(RespClient::close);
        }

        /** How many countable operations the disk has seen. */
        long counted() {
            return counted.get();
        }

        /** Cuts the power just before the countable operation that finds {@code countedValue} already counted. */
        void aimAt(long countedValue) {
            aim = countedValue;
        }

        /** Records each countable operation into {@code seen} from now on (null: stop). */
        void record(List<DiskOperation> seen) {
            recording = seen;
        }

        boolean isCut() {
            return cut;
        }

        /** Cuts the power at once (between two operations). */
        void now() {
            disk.cutPower();
        }

        void awaitCut() throws InterruptedException {
            watcher.join(WAIT.toMillis());
            if (watcher.isAlive()) {
                throw new IllegalStateException("the power was never cut");
            }
        }

        long faultNanos() {
            return faultNanos;
        }

        long faultDiskNanos() {
            return faultDiskNanos;
        }

        String operation() {
            return operation == null ? "nothing: cut by the harness after a write or a job" : operation;
        }
    }
}
