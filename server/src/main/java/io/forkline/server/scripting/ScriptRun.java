package io.forkline.server.scripting;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.Effects;
import io.forkline.engine.resp.RespReply;
import io.forkline.server.net.ClientSession;
import org.luaj.vm2.LuaTable;

/**
 * One EVAL, from the writer's hand-over to the script thread until its reply leaves, and the protocol by which
 * the two threads share the store while it runs.
 *
 * <h2>Attached, then perhaps detached</h2>
 * The writer hands the run to the script thread and waits, up to busy-reply-threshold, as Redis's event loop
 * is held by a running script. Meanwhile the run is <em>attached</em>: each redis.call executes on the script
 * thread itself, under {@link #lock}, as the writer's delegate (the writer is parked; the lock orders the
 * store's accesses). Most scripts end so, and the writer answers EVAL as any command.
 *
 * <p>A script still running at the threshold is <em>detached</em>: the writer takes the lock, marks the run
 * detached (so no redis.call is half-way through), takes the store back and returns to its ring, where it
 * answers other clients -BUSY while the script runs on. From then on each redis.call goes through the ring as
 * a task, and the script's end is a task too, which sends EVAL's reply and lets the writer serve everyone again.
 * The store is only ever touched by one thread at a time, and every hand-over goes through {@link #lock} or
 * the ring, which order the accesses on either side.
 *
 * <p>Effects of the script's commands gather in {@link #effects}, apart from the batch's, and join the AOF
 * all at once at the end (wrapped in MULTI/EXEC when there are several), as Redis propagates a script.
 */
final class ScriptRun {

    final ScriptCache.Script script;
    /** The EVAL itself (a copy): client-side caching remembers its keys when the script reads. */
    final Arguments eval;
    final ClientSession caller;
    final boolean readOnly;
    final LuaTable keys;
    final LuaTable argv;
    /** The caller's database when EVAL ran: the script starts there, and the caller stays there. */
    final int callerDb;
    /** The protocol of the caller, which EVAL's reply speaks. */
    final int callerProtocol;
    /** The database the script's commands run in (SELECT inside the script moves it). */
    int db;
    /** redis.setresp: what the script's commands reply in. */
    int resp = 2;
    /** redis.set_repl: whether the commands' effects reach the AOF. */
    int repl = ScriptApi.REPL_ALL;
    /** Whether EVAL's reply is sent (not under CLIENT REPLY OFF or SKIP). */
    boolean answers = true;
    /** A write command ran: SCRIPT KILL refuses from then on (UNKILLABLE). */
    boolean wrote;
    final Effects effects = new Effects();
    /** EVAL's reply, written by the script thread when the script ends. */
    final RespReply reply = new RespReply();
    /** The reply of the redis.call in progress. */
    final RespReply callReply = new RespReply();

    /** How long the writer looks for the script's end (yielding its core between looks) before it waits on the lock. */
    private static final long SPIN_NANOS = 100_000;

    private volatile boolean killed;
    private final Object lock = new Object();
    private boolean detached;
    /** Written under the lock; volatile so that the writer can spin on it before it waits on the lock. */
    private volatile boolean finished;
    /** Detached: the redis.call task the script thread waits for has run. */
    private boolean callDone;
    /** The server stopped: nothing will answer the script's calls any more. */
    private boolean abandoned;

    ScriptRun(ScriptCache.Script script, Arguments eval, ClientSession caller, boolean readOnly, LuaTable keys, LuaTable argv,
              int callerDb, int callerProtocol) {
        this.script = script;
        this.eval = eval;
        this.caller = caller;
        this.readOnly = readOnly;
        this.keys = keys;
        this.argv = argv;
        this.callerDb = callerDb;
        this.db = callerDb;
        this.callerProtocol = callerProtocol;
        reply.protocol(callerProtocol);
    }

    boolean killed() {
        return killed;
    }

    /** SCRIPT KILL or SHUTDOWN NOSAVE: the script stops at its next check. */
    void kill() {
        killed = true;
    }

    // ---------------------------------------------------------------------------------------------
    // The writer's side

    /**
     * Writer: waits for the script to end, at most {@code millis} (0: for as long as it runs), spinning a little
     * first if {@code spin}; returns true if it ended, false if it is now detached.
     */
    boolean awaitOrDetach(long millis, boolean spin) {
        long spinUntil = spin ? System.nanoTime() + SPIN_NANOS : 0;
        while (!finished && System.nanoTime() < spinUntil) {
            Thread.yield();   // most scripts end within microseconds: a park and unpark would cost more
        }
        boolean interrupted = false;
        try {
            synchronized (lock) {
                long deadline = System.nanoTime() + millis * 1_000_000;
                while (!finished) {
                    long left = deadline - System.nanoTime();
                    if (millis != 0 && left <= 0) {
                        detached = true;
                        return false;
                    }
                    try {
                        if (millis == 0) {
                            lock.wait();
                        } else {
                            lock.wait(Math.max(1, left / 1_000_000), 0);
                        }
                    } catch (InterruptedException e) {
                        interrupted = true;   // the script still holds the store: wait on, and say so afterwards
                    }
                }
                return true;
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Writer, detached: a redis.call task has run; the script thread may read {@link #callReply}. */
    void callDone() {
        synchronized (lock) {
            callDone = true;
            lock.notifyAll();
        }
    }

    /** The server is stopping: a script waiting for a call is let go (it is killed too). */
    void abandon() {
        killed = true;
        synchronized (lock) {
            abandoned = true;
            lock.notifyAll();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The script thread's side

    /** Script thread: runs {@code call} at once if the run is attached (under the lock); false if detached. */
    boolean runAttached(Runnable call) {
        synchronized (lock) {
            if (detached) {
                return false;
            }
            call.run();
            return true;
        }
    }

    /** Script thread, detached: the call task was published; waits until it ran. False if the server stopped. */
    boolean awaitCall() {
        synchronized (lock) {
            while (!callDone && !abandoned) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            boolean done = callDone;
            callDone = false;
            return done;
        }
    }

    /** Script thread: the script ended; true if the writer, still waiting, answers it, false if it is detached. */
    boolean finish() {
        synchronized (lock) {
            finished = true;
            lock.notifyAll();
            return !detached;
        }
    }
}
