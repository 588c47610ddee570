package io.forkline.server.scripting;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandFlag;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Effects;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.engine.pipeline.CommandEvent;
import io.forkline.engine.resp.RespReply;
import io.forkline.server.acl.Acl;
import io.forkline.server.blocking.BlockedClients;
import io.forkline.server.exec.ServerRuntime;
import io.forkline.server.net.ClientSession;
import io.forkline.server.net.ClientState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Matcher;

import static io.forkline.engine.command.Specs.command;
import static io.forkline.engine.command.Specs.container;

/**
 * Lua scripting as Redis 7.0's EVAL: EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT (LOAD, EXISTS, FLUSH, KILL,
 * HELP), the script cache, {@code #!lua} shebang flags, and busy scripts: a script that runs past
 * busy-reply-threshold (lua-time-limit) makes the server answer -BUSY to everything but the commands Redis
 * allows then (SCRIPT KILL, SHUTDOWN NOSAVE, MULTI, DISCARD, WATCH, UNWATCH, AUTH, HELLO, QUIT, RESET).
 *
 * <h2>Threads</h2>
 * Scripts run on a thread of their own, the script thread, so that the writer can go back to its ring when a
 * script turns out to be slow: see {@link ScriptRun} for how the two share the store. While a script is busy
 * (detached), the writer runs only what cannot disturb it: commands that may run during a busy script,
 * the script's own calls, and tasks that change no data; ticks are dropped and other tasks wait for the
 * script's end ({@link ServerRuntime.BusyScript}), so that no expiry, snapshot or rewrite lands half-way through
 * a script. The caller's own later commands wait too, as a blocked client's do.
 *
 * <p>Writer thread, but for {@link Host} (the API's view), which the script thread uses.
 */
public final class Scripting implements ServerRuntime.BusyScript, AutoCloseable {

    private static final System.Logger LOG = System.getLogger("forkline.script");
    static final String BUSY = "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
    private static final byte[] MULTI = "MULTI".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXEC = "EXEC".getBytes(StandardCharsets.US_ASCII);

    private final ServerRuntime runtime;
    private final BlockedClients blocked;
    private final Consumer<Runnable> publisher;
    private final CommandContext context;
    private final LuaVm vm;
    private final ScriptCache cache;
    private final ScriptThread scriptThread = new ScriptThread();
    /** Effects of commands a script keeps out of the AOF (redis.set_repl): recorded nowhere. */
    private final Effects unrecorded = new Effects();
    /** Tasks that arrived while a script was busy, run when it ends. */
    private final List<Runnable> deferred = new ArrayList<>();
    /** busy-reply-threshold, in milliseconds; 0: scripts are never busy. */
    private volatile long busyReplyThreshold;
    /** The script past the threshold, if any. Written by the writer; read by {@link #close} too. */
    private volatile ScriptRun busy;
    /** The run in progress on the script thread, if any (read by {@link #close}). */
    private volatile ScriptRun running;

    /**
     * @param publisher runs a task on the writer, in ring order (a detached script's calls and end)
     */
    public Scripting(ServerRuntime runtime, BlockedClients blocked, Consumer<Runnable> publisher, long busyReplyThreshold) {
        this.runtime = runtime;
        this.blocked = blocked;
        this.publisher = publisher;
        this.context = runtime.engine().context();
        this.busyReplyThreshold = busyReplyThreshold;
        unrecorded.recording(false);
        ScriptApi api = new ScriptApi(new Host());
        this.vm = new LuaVm(api.table());
        this.cache = new ScriptCache(vm);
    }

    /** CONFIG SET busy-reply-threshold (lua-time-limit). */
    public void busyReplyThreshold(long millis) {
        busyReplyThreshold = millis;
    }

    public List<CommandSpec> specs() {
        String g = "scripting";
        return List.of(
                command(g, "eval", -3, "noscript skip_monitor may_replicate no_mandatory_keys stale movablekeys", 0, 0, 0,
                        "Execute a Lua script server side", (c, a) -> eval(c, a, false, false)),
                command(g, "evalsha", -3, "noscript skip_monitor may_replicate no_mandatory_keys stale movablekeys", 0, 0, 0,
                        "Execute a Lua script server side", (c, a) -> eval(c, a, true, false)),
                command(g, "eval_ro", -3, "readonly noscript skip_monitor no_mandatory_keys stale movablekeys", 0, 0, 0,
                        "Execute a read-only Lua script server side", (c, a) -> eval(c, a, false, true)),
                command(g, "evalsha_ro", -3, "readonly noscript skip_monitor no_mandatory_keys stale movablekeys", 0, 0, 0,
                        "Execute a read-only Lua script server side", (c, a) -> eval(c, a, true, true)),
                container(g, "script", "A container for Lua scripts management commands", List.of(
                        command(g, "script|load", 3, "noscript stale", 0, 0, 0,
                                "Load the specified Lua script into the script cache", this::load),
                        command(g, "script|exists", -3, "noscript", 0, 0, 0,
                                "Check existence of scripts in the script cache", this::exists),
                        command(g, "script|flush", -2, "noscript", 0, 0, 0,
                                "Remove all the scripts from the script cache", this::flush),
                        command(g, "script|kill", 2, "noscript allow_busy", 0, 0, 0,
                                "Kill the script currently in execution", this::kill),
                        command(g, "script|help", 2, "loading stale", 0, 0, 0, "Show helpful text about the different subcommands",
                                this::help))));
    }

    /**
     * INFO memory: the script cache, as the bytes of the scripts' bodies. Lua's own heap is part of the JVM's and
     * is not counted apart, so Redis's used_memory_lua and used_memory_vm_eval are not reported.
     */
    public void appendMemoryInfo(StringBuilder out) {
        out.append("number_of_cached_scripts:").append(cache.size()).append("\r\n");
        out.append("used_memory_scripts_eval:").append(cache.bodyBytes()).append("\r\n");
        out.append("used_memory_scripts:").append(cache.bodyBytes()).append("\r\n");
    }

    // ---------------------------------------------------------------------------------------------
    // EVAL

    private void eval(CommandContext context, Arguments args, boolean bySha, boolean readOnlyCommand) {
        long numkeys = Parse.longArg(args, 2);
        if (numkeys > args.count() - 3) {
            throw CommandError.of("ERR Number of keys can't be greater than number of args");
        }
        if (numkeys < 0) {
            throw CommandError.of("ERR Number of keys can't be negative");
        }
        ScriptCache.Script script;
        if (bySha) {
            script = cache.find(args.string(1));
            if (script == null) {
                throw CommandError.of("NOSCRIPT No matching script. Please use EVAL.");
            }
        } else {
            script = compile(args.bytes(1));
        }
        if (readOnlyCommand && script.shebang() && !script.noWrites()) {
            throw CommandError.of("ERR Can not execute a script with write flag using *_ro command.");
        }
        ClientSession caller = context.client(ClientSession.class);
        ClientState state = caller.state();
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> argv = new ArrayList<>();
        for (int i = 3; i < args.count(); i++) {
            (i < 3 + numkeys ? keys : argv).add(args.bytes(i));
        }
        ScriptRun run = new ScriptRun(script, args.copy(), caller, readOnlyCommand || script.noWrites(), LuaVm.array(keys),
                LuaVm.array(argv), context.db(), state.protocol);
        run.answers = state.repliesOn && !state.replySkipped;
        Reply reply = context.reply();
        Effects effects = context.effects();
        run.effects.recording(effects.recording());
        context.memory().handOver();   // the script thread may use the store while this thread waits
        boolean woken;
        try {
            woken = scriptThread.submit(run);
        } catch (IllegalStateException stopping) {
            throw CommandError.of("ERR the server is shutting down");   // the script never started
        }
        // a woken thread needs a core: looking for its end here would take it (2 cores, and the clients need one);
        // inside EXEC the script cannot be left running: the transaction's reply is being written around it
        boolean ended = run.awaitOrDetach(runtime.executingTransaction() ? 0 : busyReplyThreshold, !woken);
        context.memory().handOver();   // and the writer takes it back (it claims it at its next access)
        context.begin(run.callerDb, reply, effects);
        context.client(caller);
        if (ended) {
            reply.raw(run.reply.toByteArray());
            addEffects(run, effects);
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "Slow script detected: still in execution after " + busyReplyThreshold
                + " milliseconds. You can try killing the script using the SCRIPT KILL command. Script name is: "
                + script.functionName() + ".");
        busy = run;
        runtime.busyScript(this);
        blocked.holdWhileRunning(caller);
        runtime.invocation().silence();   // the reply goes out when the script ends
    }

    private ScriptCache.Script compile(byte[] body) {
        try {
            return cache.load(body);
        } catch (ScriptCache.CompileError e) {
            throw CommandError.of("ERR " + e.getMessage());
        }
    }

    /** Script thread: runs the script and writes EVAL's reply; then answers it or hands its end to the writer. */
    private void runScript(ScriptRun run) {
        running = run;
        try {
            LuaValue result = vm.call(run.script.function(), run, run.keys, run.argv);
            LuaReplies.toReply(result, run.reply, run.resp);
        } catch (Watchdog.ScriptKilled killed) {
            LOG.log(System.Logger.Level.WARNING, "Lua script killed by user with SCRIPT KILL.");
            run.reply.clear();
            run.reply.error("ERR " + killed.getMessage() + where(run, killed.line()));
        } catch (LuaError error) {
            run.reply.clear();
            run.reply.error(errorMessage(run, error));
        } catch (StackOverflowError deep) {
            run.reply.clear();
            run.reply.error("ERR Error running script " + run.script.functionName() + ", stack overflow");
        } catch (RuntimeException bug) {
            LOG.log(System.Logger.Level.ERROR, "script " + run.script.functionName() + " failed", bug);
            run.reply.clear();
            run.reply.error("ERR Error running script " + run.script.functionName() + ", " + bug);
        } finally {
            running = null;
        }
        if (!run.finish()) {
            publisher.accept(new Step(() -> endDetached(run)));
        }
    }

    /** Redis's error reply for a script that raised: the error's message, and where the script was. */
    private static String errorMessage(ScriptRun run, LuaError error) {
        String message = error.getMessage() == null ? "" : error.getMessage();
        int newline = message.indexOf('\n');
        Matcher position = LuaVm.POSITION.matcher(newline < 0 ? message : message.substring(0, newline));
        int line = position.matches() ? Integer.parseInt(position.group(2)) : -1;
        LuaValue object = error.getMessageObject();
        if (object != null && object.istable() && object.rawget(LuaReplies.ERR).isstring()) {
            LuaTable table = object.checktable();
            String at = ScriptApi.source(table);
            String suffix = at != null ? " script: " + run.script.sha() + ", on " + at + "."
                    : where(run, line);
            return table.rawget(LuaReplies.ERR).tojstring() + suffix;
        }
        String text = position.matches() ? position.group(1) + ":" + line + ": " + position.group(3) : message;
        return "ERR " + text + where(run, line);
    }

    private static String where(ScriptRun run, int line) {
        return line < 0 ? "" : " script: " + run.script.sha() + ", on " + LuaVm.CHUNK_NAME + ":" + line + ".";
    }

    /** Adds a script's effects to {@code into}: wrapped in MULTI/EXEC when there are several, as Redis does. */
    private static void addEffects(ScriptRun run, Effects into) {
        int count = run.effects.count();
        if (count == 0) {
            return;
        }
        if (count > 1) {
            into.add(run.callerDb, MULTI);
        }
        into.addAll(run.effects);
        if (count > 1) {
            into.add(run.db, EXEC);
        }
    }

    /** Writer, as a task: a detached script has ended. Its reply and effects go with this event. */
    private void endDetached(ScriptRun run) {
        CommandEvent<ClientSession> event = runtime.currentEvent();
        busy = null;
        runtime.busyScript(null);
        addEffects(run, event.effects());
        ClientSession caller = run.caller;
        if (run.answers && !caller.state().closed) {
            event.outbox().add(caller, run.reply.buffer(), 0, run.reply.length());
        }
        blocked.releaseAfterScript(caller);
        runtime.commandDone(event);   // clients blocked on keys the script filled are served now
        List<Runnable> waiting = new ArrayList<>(deferred);
        deferred.clear();
        for (Runnable task : waiting) {
            task.run();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The script's commands

    /** Runs one redis.call on whichever thread holds the store (see {@link ScriptRun}). */
    private void execute(ScriptRun run, Arguments command) {
        RespReply out = run.callReply;
        out.clear();
        out.protocol(run.resp);
        CommandSpec spec = dispatcher().resolve(command);
        String refusal = refusal(run, spec, command);
        if (refusal != null) {
            out.error(refusal);
            if (spec != null) {
                runtime.stats().of(spec).rejectedCalls++;
            }
            runtime.stats().error(refusal.substring(0, Math.max(0, refusal.indexOf(' '))));
            return;
        }
        if (spec.isWrite()) {
            run.wrote = true;
        }
        context.begin(run.db, out, (run.repl & ScriptApi.REPL_AOF) != 0 ? run.effects : unrecorded);
        context.client(run.caller);
        context.scripted(true);
        long start = System.nanoTime();
        dispatcher().execute(context, spec, command);
        long nanos = System.nanoTime() - start;
        long micros = nanos / 1000;
        run.db = context.db();
        runtime.stats().called(spec, nanos, out.buffer(), 0, out.length());
        runtime.scriptCommand(run.eval);   // what client-side caching remembers, if the command read
        try {
            runtime.commandExecuted(run.caller, spec, command, run.db, micros);
        } finally {
            runtime.scriptCommand(null);
        }
    }

    /** The engine's dispatcher, as it is once every family of commands has joined (Engine.extend replaces it). */
    private io.forkline.engine.command.Dispatcher dispatcher() {
        return runtime.engine().dispatcher();
    }

    /** Why a script may not run {@code command} (Redis's scriptCall checks, in its order), or null. */
    private String refusal(ScriptRun run, CommandSpec spec, Arguments command) {
        if (spec == null || spec.isContainer() || !spec.arityAllows(command.count())) {
            return spec == null ? "ERR Unknown Redis command called from script"
                    : "ERR Wrong number of args calling Redis command from script";
        }
        if (spec.has(CommandFlag.NOSCRIPT)) {
            return "ERR This Redis command is not allowed from script";
        }
        Acl.Denial denial = runtime.acl().check(run.caller.state().user, spec, command);
        if (denial != null) {
            return "ERR The user executing the script " + switch (denial) {
                case COMMAND -> "can't run this command or subcommand";
                case KEY -> "can't access at least one of the keys mentioned in the command";
                case CHANNEL -> "can't publish to the channel mentioned in the command";
            };
        }
        if (run.readOnly && (spec.isWrite() || spec.has(CommandFlag.MAY_REPLICATE))) {
            return "ERR Write commands are not allowed from read-only scripts.";
        }
        if (spec.isWrite() && !run.wrote) {
            return runtime.refusal(run.caller, spec);   // MISCONF after a failed save or AOF write
        }
        return null;
    }

    /** The script thread's view: the run in progress, and commands executed attached or through the ring. */
    private final class Host implements ScriptApi.Host {
        @Override
        public ScriptRun running() {
            return running;
        }

        @Override
        public int currentLine() {
            return vm.currentLine();
        }

        @Override
        public void call(ScriptRun run, Arguments command) {
            if (run.runAttached(() -> execute(run, command))) {
                return;
            }
            publisher.accept(new Step(() -> {
                execute(run, command);
                run.callDone();
            }));
            if (!run.awaitCall()) {
                throw new Watchdog.ScriptKilled(vm.currentLine());   // the server stopped under the script
            }
        }

        @Override
        public Boolean aclAllows(ScriptRun run, Arguments command) {
            CommandSpec spec = dispatcher().resolve(command);   // the command table does not change once serving
            if (spec == null || spec.isContainer()) {
                return null;
            }
            return runtime.acl().check(run.caller.state().user, spec, command) == null;
        }
    }

    /** A task of the script's own (a detached call, or its end): it runs while the script is busy. */
    private record Step(Runnable body) implements Runnable {
        @Override
        public void run() {
            body.run();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // ServerRuntime.BusyScript

    @Override
    public String refusal() {
        return BUSY;
    }

    @Override
    public boolean mayRun(Runnable task) {
        return task instanceof Step;
    }

    @Override
    public void defer(Runnable task) {
        deferred.add(task);
    }

    @Override
    public void kill() {
        ScriptRun run = busy;
        if (run != null) {
            run.kill();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // SCRIPT

    private void load(CommandContext context, Arguments args) {
        context.reply().bulk(compile(args.bytes(2)).sha());
    }

    private void exists(CommandContext context, Arguments args) {
        context.reply().array(args.count() - 2);
        for (int i = 2; i < args.count(); i++) {
            context.reply().integer(cache.find(args.string(i)) != null ? 1 : 0);
        }
    }

    private void flush(CommandContext context, Arguments args) {
        if (args.count() > 3 || (args.count() == 3 && !args.is(2, "sync") && !args.is(2, "async"))) {
            throw CommandError.of("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
        }
        cache.flush();
        context.reply().ok();
    }

    private void kill(CommandContext context, Arguments args) {
        if (busy == null) {
            throw CommandError.of("NOTBUSY No scripts in execution right now.");
        }
        if (busy.wrote) {
            throw CommandError.of("UNKILLABLE Sorry the script already executed write commands against the dataset. "
                    + "You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.");
        }
        busy.kill();
        context.reply().ok();
    }

    private void help(CommandContext context, Arguments args) {
        List<String> lines = List.of(
                "SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                "EXISTS <sha1> [<sha1> ...]",
                "    Return information about the existence of the scripts in the script cache.",
                "FLUSH [ASYNC|SYNC]",
                "    Flush the Lua scripts cache. Very dangerous on replicas.",
                "    When called without the optional mode argument, the behavior is determined by the",
                "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
                "    * ASYNC: Asynchronously flush the scripts cache.",
                "    * SYNC: Synchronously flush the scripts cache.",
                "KILL",
                "    Kill the currently executing Lua script.",
                "LOAD <script>",
                "    Load a script into the scripts cache without executing it.",
                "HELP",
                "    Prints this help.");
        context.reply().array(lines.size());
        for (String line : lines) {
            context.reply().simple(line);
        }
    }

    /** The server stops: a running script is killed and let go, and the script thread ends. */
    @Override
    public void close() {
        for (ScriptRun run : new ScriptRun[] {running, busy}) {
            if (run != null) {
                run.abandon();
            }
        }
        scriptThread.stop();
    }

    /**
     * The thread scripts run on. A hand-over by park and unpark costs some 20 us on each side on this 2-core VM,
     * more than most scripts take, and EVALs come in runs: so after a script it looks for the next one for a while
     * before it parks, as the writer looks for the script's end ({@link ScriptRun#awaitOrDetach}), each yielding
     * its core between looks. Measured with redis-benchmark, 50 clients, EVAL of one SET (Redis: 159-175k):
     * 15-20k requests/s parking at once, 16k with an executor's queue, 69-76k spinning with onSpinWait,
     * 103-109k yielding on both sides.
     */
    private final class ScriptThread implements Runnable {
        /** How long an idle script thread spins before it parks. */
        private static final long SPIN_NANOS = 200_000;

        private final Thread thread;
        private volatile ScriptRun next;
        private volatile boolean parked;
        private volatile boolean stopped;

        ScriptThread() {
            // Lua calls nest as Java calls: a deep stack lets recursive scripts go as deep as Redis's do
            thread = new Thread(null, this, "forkline-script", 64L << 20);
            thread.setDaemon(true);
            thread.start();
        }

        /** Writer: runs {@code run} next; returns whether the thread had to be woken (it was parked). */
        boolean submit(ScriptRun run) {
            if (stopped) {
                throw new IllegalStateException("the server is stopping");
            }
            next = run;
            if (parked) {   // parked is set before the thread's last look at next: no wake-up is lost
                LockSupport.unpark(thread);
                return true;
            }
            return false;
        }

        void stop() {
            stopped = true;
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            while (!stopped) {
                ScriptRun run = next;
                if (run == null) {
                    idle();
                    continue;
                }
                next = null;
                runScript(run);
            }
        }

        private void idle() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (next == null && !stopped) {
                if (System.nanoTime() < spinUntil) {
                    Thread.yield();   // on 2 cores the IO thread may need this one: let it run, then look again
                    continue;
                }
                parked = true;
                if (next == null && !stopped) {
                    LockSupport.park(this);
                }
                parked = false;
                spinUntil = System.nanoTime() + SPIN_NANOS;
            }
        }
    }
}
