package io.forkline.aof.fsync;

import io.forkline.aof.segment.AofSegment;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The append-only file's background fsync thread (Redis's {@code bio_aof_fsync} and close jobs): under
 * appendfsync everysec it syncs the open incr once a second when bytes were written since the last sync;
 * under every policy it syncs and closes the incr files the journal has left behind (rotated at a
 * rewrite, or closed when the AOF is switched off).
 *
 * <p>Its loop is {@link #doWork(long)}, which tests call directly with their own clock. While a sync is
 * in flight, {@link #syncInFlight()} is true: the writer then hands its batch to the journal thread
 * instead of writing it, and the journal thread waits in {@link #awaitSyncEnd} (Redis's postponement of
 * a write behind a slow fsync, at most two seconds).
 *
 * <p>Assumptions and guarantees: {@link #current}, {@link #written} and {@link #retire} come from the
 * thread journaling a batch; status and counters may be read by any thread. A failed sync makes
 * {@link #lastFailure()} non-null until a later sync succeeds (Redis's {@code aof_bio_fsync_status}).
 */
public final class FsyncAgent implements Runnable, AutoCloseable {

    private static final System.Logger LOG = System.getLogger("forkline.aof");
    static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /** How soon to look again while no-appendfsync-on-rewrite holds syncs back. */
    static final long PAUSED_RECHECK = TimeUnit.MILLISECONDS.toNanos(100);
    /** What {@link #doWork} returns when there is nothing to do until woken. */
    public static final long IDLE = -1;

    private final LongSupplier nanoClock;
    private final Queue<Retired> retired = new ConcurrentLinkedQueue<>();
    /** Completes when the last incr retired so far is synced and closed (the queue is closed in order). */
    private volatile CompletableFuture<Void> lastRetired = CompletableFuture.completedFuture(null);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition syncEnded = lock.newCondition();
    private volatile AofSegment current;
    private volatile FsyncPolicy policy = FsyncPolicy.everySecond();
    private volatile BooleanSupplier paused = () -> false;
    private volatile boolean inFlight;
    private volatile IOException failure;
    private volatile long syncs;
    private long lastSync;
    private volatile boolean running;
    /** Set by {@link #halt}: nothing retired from now on will be closed. */
    private volatile boolean halted;
    private volatile boolean idle;
    /** Times the thread was unparked to look for work, for tests. */
    private volatile long wakeUps;
    private Thread thread;

    public FsyncAgent(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.lastSync = nanoClock.getAsLong();
    }

    /** Starts the agent's thread ({@code forkline-aof-fsync}). */
    public synchronized void start() {
        if (thread == null) {
            running = true;
            thread = new Thread(this, "forkline-aof-fsync");
            thread.setDaemon(true);
            thread.start();
        }
    }

    public void policy(FsyncPolicy policy) {
        this.policy = policy;
        wake();
    }

    /** While {@code holdBack} is true the once-a-second sync is skipped (no-appendfsync-on-rewrite while a fork child runs). */
    public void pauseWhile(BooleanSupplier holdBack) {
        this.paused = holdBack;
    }

    /** The incr the journal writes now; a new one is first synced a second after it is opened, as Redis. */
    public void current(AofSegment segment) {
        this.current = segment;
        wake();
    }

    /**
     * The journal wrote into the current incr: wakes the agent if it sleeps and now has work. Under always and no a
     * write gives it none: waking it after every batch cost appendfsync no a sixth of its throughput.
     */
    public void written() {
        if (idle && hasWork()) {
            wake();
        }
    }

    /** Syncs and closes an incr the journal no longer writes (Redis's close job with fsync), on the agent's next turn. */
    public void retire(AofSegment segment) {
        Retired entry = new Retired(segment, new CompletableFuture<>());
        lastRetired = entry.closed();
        if (halted) {
            entry.closed().completeExceptionally(new IllegalStateException("the AOF fsync thread stopped"));
            return;
        }
        retired.add(entry);
        wake();
    }

    /**
     * Completes once every incr retired before this call has been synced (or failed to be) and closed; fails if
     * the agent halts first. A rewrite waits for it before writing its base, so that the old incr's sync always
     * precedes the rewrite's disk operations (crash tests replay a round's disk operations in one order).
     */
    public CompletableFuture<Void> retiredClosed() {
        return lastRetired;
    }

    public boolean syncInFlight() {
        return inFlight;
    }

    /**
     * Waits while a sync is in flight, until {@code deadlineNanos} on the agent's clock; true if no sync
     * is in flight any more, false if the deadline came first.
     */
    public boolean awaitSyncEnd(long deadlineNanos) {
        lock.lock();
        try {
            while (inFlight) {
                long remaining = deadlineNanos - nanoClock.getAsLong();
                if (remaining <= 0) {
                    return false;
                }
                syncEnded.awaitNanos(remaining);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a thread waits in {@link #awaitSyncEnd} now (for tests). */
    public boolean awaited() {
        lock.lock();
        try {
            return lock.hasWaiters(syncEnded);
        } finally {
            lock.unlock();
        }
    }

    /** aof_pending_bio_fsync: background syncs queued or running. */
    public long pendingFsyncs() {
        return inFlight ? 1 : 0;
    }

    /** The last background sync's failure, or null once a sync succeeded. */
    public IOException lastFailure() {
        return failure;
    }

    /** Whether the thread sleeps until woken, with nothing to do (for tests). */
    boolean idle() {
        return idle;
    }

    /** How many times the thread was woken to look for work (for tests). */
    long wakeUps() {
        return wakeUps;
    }

    /** Background syncs completed, for tests and statistics. */
    public long syncs() {
        return syncs;
    }

    @Override
    public void run() {
        while (running) {
            long wait = doWork(nanoClock.getAsLong());
            if (wait == IDLE) {
                idle = true;
                if (!hasWork()) {
                    LockSupport.park(this);
                }
                idle = false;
            } else {
                LockSupport.parkNanos(this, wait);
            }
        }
    }

    /**
     * One turn of the loop at time {@code now}: syncs and closes retired incr files, then syncs the
     * current one if bytes are unsynced and a second has passed since the last sync. Returns how long to
     * sleep before the next turn, or {@link #IDLE}.
     */
    public long doWork(long now) {
        closeRetired();
        AofSegment segment = current;
        if (segment == null || !policy.syncsInBackground() || !segment.unsynced()) {
            return IDLE;
        }
        long due = lastSync + SECOND;
        if (now - due < 0) {
            return due - now;
        }
        if (paused.getAsBoolean()) {
            return PAUSED_RECHECK;
        }
        lastSync = now;
        sync(segment);
        return SECOND;
    }

    private boolean hasWork() {
        AofSegment segment = current;
        return !retired.isEmpty() || (segment != null && policy.syncsInBackground() && segment.unsynced());
    }

    private void sync(AofSegment segment) {
        lock.lock();
        try {
            inFlight = true;
        } finally {
            lock.unlock();
        }
        try {
            segment.sync();
            if (failure != null) {
                LOG.log(System.Logger.Level.WARNING, "AOF fsync works again");
            }
            failure = null;
            syncs++;
        } catch (IOException e) {
            if (failure == null) {
                LOG.log(System.Logger.Level.WARNING, "Fail to fsync the AOF file " + segment.path() + ": " + e.getMessage());
            }
            failure = e;
        } finally {
            lock.lock();
            try {
                inFlight = false;
                syncEnded.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Syncs and closes each retired incr; a failed sync counts as a failed background fsync. */
    private void closeRetired() {
        for (Retired entry = retired.poll(); entry != null; entry = retired.poll()) {
            AofSegment segment = entry.segment();
            try {
                if (segment.unsynced()) {
                    segment.sync();
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Fail to fsync the AOF file " + segment.path() + ": " + e.getMessage());
                failure = e;
            }
            try {
                segment.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Fail to close the AOF file " + segment.path() + ": " + e.getMessage());
            }
            entry.closed().complete(null);
        }
    }

    private void wake() {
        Thread agent = thread;
        if (agent != null) {
            wakeUps++;   // a count for tests: callers racing may lose one
            LockSupport.unpark(agent);
        }
    }

    /** Stops the thread, then syncs and closes what was retired (the current incr stays the journal's). */
    @Override
    public void close() {
        stopThread();
        closeRetired();
    }

    /**
     * A crash (crash tests only): the thread stops; retired files are neither synced nor closed, and whoever waits
     * for them ({@link #retiredClosed}) is told so.
     */
    public void halt() {
        halted = true;
        stopThread();
        IllegalStateException stopped = new IllegalStateException("the AOF fsync thread stopped");
        for (Retired entry = retired.poll(); entry != null; entry = retired.poll()) {
            entry.closed().completeExceptionally(stopped);
        }
    }

    private void stopThread() {
        Thread agent;
        synchronized (this) {
            running = false;
            agent = thread;
        }
        if (agent != null) {
            LockSupport.unpark(agent);
            try {
                agent.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** An incr the journal left behind, and the promise that it is synced and closed. */
    private record Retired(AofSegment segment, CompletableFuture<Void> closed) {
    }
}
