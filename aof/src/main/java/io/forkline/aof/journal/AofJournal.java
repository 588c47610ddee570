package io.forkline.aof.journal;

import io.forkline.aof.fsync.FsyncAgent;
import io.forkline.aof.fsync.FsyncPolicy;
import io.forkline.aof.segment.AofSegment;
import io.forkline.engine.command.Effects;
import io.forkline.engine.pipeline.CommandJournal;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The append-only file's journal stage: appends each batch's effects to the open incr file, as Redis's
 * feedAppendOnlyFile and flushAppendOnlyFile do, with group commit: one write per batch.
 *
 * <h2>The log</h2>
 * Each effect is already a RESP command (MULTI/EXEC around transactions); the journal puts
 * {@code SELECT <db>} before one whose database differs from the last written (and before the first of
 * each new incr), and with aof-timestamp-enabled a {@code #TS:<seconds>} line when a new second begins.
 *
 * <h2>Where each batch is journaled</h2>
 * The writer asks {@link #syncsBeforeReplies()} at the end of every batch. Under everysec and no, the
 * writer journals the batch itself: one {@code write} into the page cache, as Redis does in beforeSleep,
 * and the {@link FsyncAgent} syncs once a second. The batch goes to the journal thread instead when it
 * must be synced before its replies (always), when the agent's sync is in flight (the write would wait
 * for it in the kernel: Redis postpones such a write; here the journal thread waits for the sync, at
 * most two seconds, counting {@code aof_delayed_fsync} when it gives up waiting, and the batch's replies
 * wait with it, so no reply acknowledges bytes that are only in memory), and when a switch of incr file
 * is due (creating a file and persisting the manifest). The writer never syncs and never waits.
 *
 * <h2>Switching files at an exact point of the ring</h2>
 * A rewrite forks between two commands and needs the log to continue in a new incr from exactly that
 * point. The writer calls {@link #switchTo} while it runs the event at that point, naming the event's
 * {@link Effects} and how many of its effects came before the fork. The switch waits in a queue until
 * the journal appends that Effects object; the effects before the cut go to the old incr, which is then
 * written and handed to the agent to sync and close, and the rest to the new one. Matching by identity
 * is sound because a ring slot's Effects is not reused before the journal has passed it.
 *
 * <h2>Failures</h2>
 * A failed write or sync keeps the bytes (a partial write's landed prefix is read back from the file
 * and not written again), answers the batch's writing commands with
 * {@code -MISCONF Errors writing to the AOF file: <reason>} ({@link #batchFailure()}), and leaves
 * {@link #writeFailure()} set until a later batch's write (and, under always, sync) succeeds; the server
 * refuses writes meanwhile. Redis exits instead when this happens under always; here the batch is
 * never acknowledged, which keeps the same promise without stopping the server.
 *
 * <p>Assumptions and guarantees: {@link #append} and {@link #endOfBatch} run on one thread at a time (the
 * pipeline's writer or journal thread, with a happens-before edge between them); configuration and
 * {@link #switchTo} come from the writer; status getters may be called from any thread.
 */
public final class AofJournal implements CommandJournal {

    private static final System.Logger LOG = System.getLogger("forkline.aof");
    /** Redis's limit for postponing a write behind a background fsync. */
    public static final long POSTPONE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final FsyncAgent agent;
    private final LongSupplier nanoClock;
    private final LongSupplier epochMillis;
    private final Queue<Switch> switches = new ConcurrentLinkedQueue<>();

    private volatile FsyncPolicy policy = FsyncPolicy.everySecond();
    private volatile boolean timestamps;
    private volatile BooleanSupplier holdSyncs = () -> false;
    private volatile Thread writer;

    // state of the thread journaling the batch
    private final JournalBuffer buffer = new JournalBuffer();
    private AofSegment segment;
    private int selectedDb = -1;
    private long timestampSeconds;
    private boolean sizeUncertain;

    // read by any thread
    private volatile AofSegment visible;
    private volatile IOException writeFailure;
    private volatile String batchFailure;
    private volatile int bufferLength;
    private final AtomicLong earlierBytes = new AtomicLong();
    private final AtomicLong delayedFsyncs = new AtomicLong();

    /**
     * @param nanoClock   monotonic time, for the postponement limit
     * @param epochMillis wall time, for {@code #TS} annotations
     */
    public AofJournal(FsyncAgent agent, LongSupplier nanoClock, LongSupplier epochMillis) {
        this.agent = agent;
        this.nanoClock = nanoClock;
        this.epochMillis = epochMillis;
    }

    /** A switch of incr file at a point of the ring; {@code opener} null switches the log off. */
    private record Switch(Effects at, int index, SegmentOpener opener, CompletableFuture<AofSegment> done) {
    }

    // ---------------------------------------------------------------------------------------------
    // Configuration and control (writer thread)

    public void policy(FsyncPolicy next) {
        this.policy = next;
        agent.policy(next);
    }

    public FsyncPolicy policy() {
        return policy;
    }

    /** aof-timestamp-enabled. */
    public void timestamps(boolean enabled) {
        this.timestamps = enabled;
    }

    /** While {@code holdBack} is true no sync runs, under always or everysec (no-appendfsync-on-rewrite while a fork child runs). */
    public void holdSyncsWhile(BooleanSupplier holdBack) {
        this.holdSyncs = holdBack;
        agent.pauseWhile(holdBack);
    }

    /**
     * Before the pipeline runs (start-up): the log continues in {@code open}, after {@code earlierBytes}
     * bytes of base and earlier incr files.
     */
    public void start(AofSegment open, long earlierBytes) {
        this.segment = open;
        this.visible = open;
        this.selectedDb = -1;
        this.earlierBytes.set(earlierBytes);
        agent.current(open);
    }

    /**
     * From a point of the ring on, the log continues in the incr {@code opener} makes: a rewrite's new
     * incr (the log was on), or the first incr of a log being switched on. The point is after the first
     * {@code index} effects of {@code at}, the Effects of the event the writer is running.
     *
     * @return completed with the new incr once the journal writes into it, or exceptionally if the old
     *         incr could not be written up to the point or the new one not made (the log then stays where it was)
     */
    public CompletableFuture<AofSegment> switchTo(Effects at, int index, SegmentOpener opener) {
        CompletableFuture<AofSegment> done = new CompletableFuture<>();
        switches.add(new Switch(at, index, opener, done));
        return done;
    }

    /** From a point of the ring on (as {@link #switchTo}), nothing more is logged; the incr is written, synced and closed. */
    public CompletableFuture<AofSegment> stop(Effects at, int index) {
        CompletableFuture<AofSegment> done = new CompletableFuture<>();
        switches.add(new Switch(at, index, null, done));
        return done;
    }

    // ---------------------------------------------------------------------------------------------
    // The journal stage

    @Override
    public boolean syncsBeforeReplies() {
        if (writer == null) {
            writer = Thread.currentThread();   // only the writer asks
        }
        if (!switches.isEmpty()) {
            return true;
        }
        return visible != null && policy.needsJournalThread(agent);
    }

    @Override
    public void append(Effects effects) {
        int from = 0;
        for (Switch next = switches.peek(); next != null && next.at == effects; next = switches.peek()) {
            int cut = Math.min(Math.max(next.index, from), effects.count());
            copy(effects, from, cut);
            from = cut;
            switches.poll();
            apply(next);
        }
        copy(effects, from, effects.count());
    }

    private void copy(Effects effects, int from, int to) {
        if (segment == null) {
            return;
        }
        boolean annotate = timestamps;
        for (int i = from; i < to; i++) {
            if (annotate) {
                long seconds = epochMillis.getAsLong() / 1000;
                if (seconds > timestampSeconds) {
                    buffer.timestamp(seconds);
                    timestampSeconds = seconds;
                }
            }
            int db = effects.db(i);
            if (db != selectedDb) {
                buffer.select(db);
                selectedDb = db;
            }
            int start = effects.start(i);
            buffer.add(effects.buffer(), start, effects.end(i) - start);
        }
    }

    @Override
    public void endOfBatch() {
        batchFailure = null;
        AofSegment target = segment;
        if (target == null) {
            buffer.clear();
            bufferLength = 0;
            return;
        }
        boolean onWriter = Thread.currentThread() == writer;
        try {
            if (buffer.length() > 0) {
                if (!onWriter) {
                    postponeWhileSyncing();
                }
                flush(target);
            }
            if (!onWriter && policy.syncsEachBatch() && target.unsynced() && !holdSyncs.getAsBoolean()) {
                target.sync();
            }
            if (writeFailure != null) {
                LOG.log(System.Logger.Level.WARNING, "AOF write error looks solved, the server can write again.");
                writeFailure = null;
            }
        } catch (IOException e) {
            failed(e);
        } finally {
            bufferLength = buffer.length();
            buffer.shrink();
        }
    }

    @Override
    public String batchFailure() {
        return batchFailure;
    }

    /** Everysec on the journal thread: waits for the agent's sync in flight, at most two seconds, as Redis postpones the write. */
    private void postponeWhileSyncing() {
        if (!policy.syncsInBackground() || !agent.syncInFlight()) {
            return;
        }
        if (!agent.awaitSyncEnd(nanoClock.getAsLong() + POSTPONE_LIMIT_NANOS)) {
            delayedFsyncs.incrementAndGet();
            LOG.log(System.Logger.Level.INFO, "Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF "
                    + "buffer without waiting for fsync to complete, this may slow down the server.");
        }
    }

    /** Writes the buffer into {@code target}; after a failed write, first accounts for the part of it that landed. */
    private void flush(AofSegment target) throws IOException {
        if (sizeUncertain) {
            long landed = target.sizeOnDisk() - target.written();
            if (landed > 0) {
                buffer.dropFirst((int) Math.min(landed, buffer.length()));
                target.countPartial(landed);
            }
            sizeUncertain = false;
        }
        if (buffer.length() == 0) {
            return;
        }
        try {
            target.write(buffer.array(), 0, buffer.length());
        } catch (IOException e) {
            sizeUncertain = true;
            throw e;
        }
        buffer.clear();
        agent.written();
    }

    private void failed(IOException e) {
        if (writeFailure == null) {
            LOG.log(System.Logger.Level.WARNING, "Error writing to the AOF file: " + describe(e));
        }
        writeFailure = e;
        batchFailure = misconf(e);
    }

    /** A switch reached its point of the ring: write the old incr up to it, then continue in the new one. */
    private void apply(Switch change) {
        AofSegment old = segment;
        if (old != null) {
            try {
                flush(old);
                if (policy.syncsEachBatch() && old.unsynced() && !holdSyncs.getAsBoolean() && Thread.currentThread() != writer) {
                    old.sync();   // under always, this batch's commands before the point are acknowledged with it
                }
            } catch (IOException e) {
                if (change.opener != null) {
                    failed(e);
                    change.done.completeExceptionally(e);
                    return;   // the log stays in the old incr, whose bytes are kept
                }
                LOG.log(System.Logger.Level.WARNING, "AOF switched off with unwritten bytes: " + describe(e));
            }
        }
        AofSegment next = null;
        if (change.opener != null) {
            try {
                next = change.opener.open();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Can't open the new append-only file: " + e.getMessage());
                change.done.completeExceptionally(e);
                return;
            }
        }
        if (old != null) {
            earlierBytes.addAndGet(old.written());
            agent.retire(old);
        }
        if (old == null || next == null) {
            earlierBytes.set(0);
            writeFailure = null;   // a log switched on or off starts afresh, as Redis's startAppendOnly
        }
        buffer.clear();
        sizeUncertain = false;
        selectedDb = -1;
        segment = next;
        visible = next;
        agent.current(next);
        change.done.complete(next);
    }

    // ---------------------------------------------------------------------------------------------
    // Status (any thread)

    /** Whether the log is on: commands are being journaled into an incr. */
    public boolean active() {
        return visible != null;
    }

    /** The incr being written, or null. */
    public AofSegment segment() {
        return visible;
    }

    /** The last write's (or always's sync's) failure, or null once a later one succeeded. */
    public IOException writeFailure() {
        return writeFailure;
    }

    /** aof_current_size: the base and incr files as last rebased, plus what was written since. */
    public long currentSize() {
        AofSegment open = visible;
        return earlierBytes.get() + (open == null ? 0 : open.written());
    }

    /** After a rewrite: the files before the open incr are now just the new base, of {@code baseBytes}. */
    public void rebase(long baseBytes) {
        earlierBytes.set(baseBytes);
    }

    /** aof_buffer_length: bytes journaled but not yet written (after a failed write). */
    public long bufferLength() {
        return bufferLength;
    }

    /** aof_delayed_fsync. */
    public long delayedFsyncs() {
        return delayedFsyncs.get();
    }

    public void resetStatistics() {
        delayedFsyncs.set(0);
    }

    /** The error Redis refuses writes with after a failed AOF write. */
    public static String misconf(IOException failure) {
        return "MISCONF Errors writing to the AOF file: " + describe(failure);
    }

    /** An IO failure in the words of strerror where Java has them. */
    public static String describe(IOException failure) {
        if (failure instanceof java.nio.file.NoSuchFileException) {
            return "No such file or directory";
        } else if (failure instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        } else if (failure instanceof java.nio.file.FileSystemException system && system.getReason() != null) {
            return system.getReason();
        }
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    }

    // ---------------------------------------------------------------------------------------------
    // Shutdown

    /**
     * After the pipeline has stopped: writes what is buffered, syncs and closes the incr (Redis's
     * flushAppendOnlyFile(1) and fsync at shutdown). Switches that never reached their point fail.
     */
    public void close() throws IOException {
        for (Switch pending = switches.poll(); pending != null; pending = switches.poll()) {
            pending.done.completeExceptionally(new IllegalStateException("the server stopped before the switch"));
        }
        AofSegment target = segment;
        if (target == null) {
            return;
        }
        try {
            flush(target);
            target.sync();
        } finally {
            segment = null;
            visible = null;
            agent.current(null);
            target.close();
        }
    }
}
