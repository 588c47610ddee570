package io.forkline.server.scripting;

import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

import java.util.Arrays;

/**
 * LuaJ's instruction hook, which the VM calls for every Lua instruction once {@code Globals.debuglib} is set:
 * what Redis's count hook is to its Lua. Every {@link #CHECK_EVERY} instructions it asks whether the running
 * script was killed (SCRIPT KILL, SHUTDOWN NOSAVE) and, if so, throws {@link ScriptKilled}, an
 * {@link Error} that {@code pcall} cannot catch, so a script cannot shield itself from the kill.
 *
 * <p>It also keeps the frames of the running script (the closure and its current instruction), so that an
 * error can name the line it came from as Redis does ({@code on @user_script:3}). It does not keep LuaJ's
 * own debug call stack: scripts get no {@code debug} library, so nothing reads it. Script thread only.
 */
final class Watchdog extends DebugLib {

    /** Instructions between two looks at the kill flag: a volatile read is cheap, but not free. */
    static final int CHECK_EVERY = 1000;

    private LuaFunction[] functions = new LuaFunction[64];
    private int[] pcs = new int[64];
    private int depth;
    /** The frame popped last, and whether nothing has run since: a tail call's callee runs after its caller returned. */
    private LuaFunction popped;
    private int poppedPc;
    private boolean justReturned;
    private int countdown = CHECK_EVERY;
    private ScriptRun run;

    /** Arms the hook for {@code run}, with no frames yet. */
    void watch(ScriptRun run) {
        this.run = run;
        depth = 0;
        popped = null;
        justReturned = false;
        countdown = CHECK_EVERY;
    }

    @Override
    public void onCall(LuaClosure closure, Varargs varargs, LuaValue[] stack) {
        push(closure);
    }

    @Override
    public void onCall(LuaFunction function) {
        push(function);
    }

    @Override
    public void onReturn() {
        if (depth > 0) {
            depth--;
            popped = functions[depth];
            poppedPc = pcs[depth];
            justReturned = true;
        }
    }

    @Override
    public void onInstruction(int pc, Varargs varargs, int top) {
        justReturned = false;
        if (depth > 0) {
            pcs[depth - 1] = pc;
        }
        if (--countdown <= 0) {
            countdown = CHECK_EVERY;
            if (run != null && run.killed()) {
                throw new ScriptKilled(currentLine());
            }
        }
    }

    /** No traceback is appended to error messages: Redis's name only the line. */
    @Override
    public String traceback(int level) {
        return "";
    }

    /**
     * The line the innermost Lua function is at, or -1 when no Lua function runs. Called from a Java function
     * (redis.call): that is the line which called it, or, in a tail call ({@code return redis.call(...)}), the
     * line of the function that has just returned into the call.
     */
    int currentLine() {
        if (justReturned && popped instanceof LuaClosure closure) {
            return line(closure, poppedPc);
        }
        for (int i = depth - 1; i >= 0; i--) {
            if (functions[i] instanceof LuaClosure closure) {
                return line(closure, pcs[i]);
            }
        }
        return -1;
    }

    private static int line(LuaClosure closure, int pc) {
        int[] lines = closure.p.lineinfo;
        return lines != null && pc >= 0 && pc < lines.length ? lines[pc] : -1;
    }

    private void push(LuaFunction function) {
        if (depth == functions.length) {
            functions = Arrays.copyOf(functions, depth * 2);
            pcs = Arrays.copyOf(pcs, depth * 2);
        }
        functions[depth] = function;
        pcs[depth] = 0;
        depth++;
    }

    /** The script was killed: thrown from the hook, past every pcall, up to {@link ScriptRun}. */
    static final class ScriptKilled extends Error {
        private static final long serialVersionUID = 1L;

        private final int line;

        ScriptKilled(int line) {
            super("Script killed by user with SCRIPT KILL...", null, false, false);
            this.line = line;
        }

        int line() {
            return line;
        }
    }
}
