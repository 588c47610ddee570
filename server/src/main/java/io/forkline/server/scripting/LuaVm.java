package io.forkline.server.scripting;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.jse.JseMathLib;

import java.io.ByteArrayInputStream;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The Lua interpreter scripts run in (LuaJ, a Lua 5.2 VM in Java), set up as Redis 7.0 sets up its Lua 5.1:
 * the base, table, string and math libraries, {@code bit}, {@code cjson} and {@code cmsgpack}, no file or OS access, the
 * {@code redis} API table, and globals
 * that a script can read but never change, so that one script cannot leave state behind for the next.
 *
 * <h2>Read-only globals</h2>
 * Scripts see an empty proxy whose metatable reads through to the real globals and refuses every
 * assignment ("Attempt to modify a readonly table", Redis's words). The library tables are proxied the
 * same way, {@code _G} names the proxy, and {@code rawset} refuses the proxies. Reading a global that does
 * not exist is an error too, as in Redis. KEYS and ARGV are set on the proxy itself before each run.
 *
 * <p>One instance per server; used by one thread at a time: scripts compile on the writer and run on the
 * script thread, and the hand-over between the two orders them ({@link ScriptRun}).
 */
final class LuaVm {

    /** The chunk name errors show, as Redis's: {@code user_script:1: ...}. */
    static final String CHUNK_NAME = "@user_script";

    private final Globals globals = new Globals();
    private final LuaTable env;
    private final Set<LuaTable> protectedTables = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Watchdog watchdog = new Watchdog();

    /**
     * @param redis the {@code redis} API table, whose functions act on the script now running
     */
    LuaVm(LuaTable redis) {
        globals.load(new BaseLib());
        globals.load(new PackageLib());   // the libraries register themselves in package.loaded, removed below
        globals.load(new TableLib());
        globals.load(new StringLib());
        globals.load(new JseMathLib());
        LoadState.install(globals);
        LuaC.install(globals);
        globals.debuglib = watchdog;   // LuaJ calls the hook on every instruction once this is set
        for (String unsafe : List.of("dofile", "loadfile", "load", "require", "module", "package", "collectgarbage", "print")) {
            globals.rawset(unsafe, LuaValue.NIL);
        }
        LuaTable table = globals.get("table").checktable();
        globals.rawset("unpack", table.get("unpack"));   // Lua 5.1's, which Redis scripts use
        table.rawset("getn", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue t) {
                return LuaValue.valueOf(t.checktable().length());
            }
        });
        globals.rawset("redis", redis);
        globals.rawset("bit", BitLib.table());
        globals.rawset("cjson", new CJson().table());
        globals.rawset("cmsgpack", CMsgPack.table());
        for (String library : List.of("string", "table", "math", "redis", "bit", "cjson", "cmsgpack")) {
            globals.rawset(library, readOnly(globals.get(library).checktable()));
        }
        globals.rawset("loadstring", new VarArgFunction() {   // Lua 5.1's, in the scripts' own environment
            @Override
            public Varargs invoke(Varargs args) {
                LuaString code = args.checkstring(1);
                String name = args.optjstring(2, "=(loadstring)");
                try {
                    return globals.load(new ByteArrayInputStream(code.m_bytes, code.m_offset, code.m_length), name, "t", env);
                } catch (LuaError e) {
                    return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(e.getMessage()));
                }
            }
        });
        LuaValue pcall = globals.get("pcall");
        globals.rawset("pcall", new VarArgFunction() {   // with Lua 5.1's message for an error raised as a string
            @Override
            public Varargs invoke(Varargs args) {
                Varargs result = pcall.invoke(args);
                if (result.arg1().toboolean() || result.arg(2).type() != LuaValue.TSTRING) {
                    return result;
                }
                return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf(luaMessage(result.arg(2).tojstring())));
            }
        });
        LuaValue setmetatable = globals.get("setmetatable");
        globals.rawset("setmetatable", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (protectedTables.contains(args.arg1())) {
                    throw new LuaError(LuaReplies.error("ERR Attempt to modify a readonly table"));
                }
                return setmetatable.invoke(args);
            }
        });
        LuaValue rawset = globals.get("rawset");
        globals.rawset("rawset", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (protectedTables.contains(args.arg1())) {
                    throw new LuaError("Attempt to modify a readonly table");
                }
                return rawset.invoke(args);
            }
        });
        LuaTable missing = new LuaTable();
        missing.rawset(LuaValue.INDEX, new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue table, LuaValue name) {
                throw new LuaError("Script attempted to access nonexistent global variable '" + name.tojstring() + "'");
            }
        });
        globals.setmetatable(missing);
        // The view scripts see is a Globals itself: LuaJ calls the hook only for functions whose environment is one.
        Globals view = new Globals();
        view.debuglib = watchdog;
        env = protect(globals, view);
        globals.rawset("_G", env);
    }

    /**
     * An error message as C Lua words it: LuaJ writes the position as {@code @user_script:3 message} and appends
     * its (here empty) traceback after a line feed; Lua 5.1 writes {@code user_script:3: message}.
     */
    static String luaMessage(String message) {
        String text = message.endsWith("\n") ? message.substring(0, message.length() - 1) : message;
        java.util.regex.Matcher position = POSITION.matcher(text);
        return position.matches() ? position.group(1) + ":" + position.group(2) + ": " + position.group(3) : text;
    }

    /** Where LuaJ puts the position of an error raised in Lua code: {@code @user_script:3 message}. */
    static final java.util.regex.Pattern POSITION = java.util.regex.Pattern.compile("@?(user_script):(\\d+) (.*)",
            java.util.regex.Pattern.DOTALL);

    /** An empty table that reads through to {@code real} and refuses every change. */
    private LuaTable readOnly(LuaTable real) {
        return protect(real, new LuaTable());
    }

    /** Makes the empty {@code proxy} read through to {@code real} and refuse every change. */
    private LuaTable protect(LuaTable real, LuaTable proxy) {
        LuaTable meta = new LuaTable();
        meta.rawset(LuaValue.INDEX, real);
        meta.rawset(LuaValue.NEWINDEX, new ThreeArgRefusal());
        proxy.setmetatable(meta);
        protectedTables.add(proxy);
        // getmetatable answers a read-only view of the metatable, so that it cannot be changed either
        LuaTable metaView = new LuaTable();
        LuaTable metaViewMeta = new LuaTable();
        metaViewMeta.rawset(LuaValue.INDEX, meta);
        metaViewMeta.rawset(LuaValue.NEWINDEX, new ThreeArgRefusal());
        metaView.setmetatable(metaViewMeta);
        protectedTables.add(metaView);
        meta.rawset(LuaValue.METATABLE, metaView);
        return proxy;
    }

    private static final class ThreeArgRefusal extends VarArgFunction {
        @Override
        public Varargs invoke(Varargs args) {
            throw new LuaError("Attempt to modify a readonly table");
        }
    }

    /**
     * Compiles a script's body into the function EVAL runs; a script that does not compile throws
     * {@link LuaError} with the compiler's message ({@code user_script:1: ...}).
     */
    LuaFunction compile(byte[] body) {
        LuaValue chunk = globals.load(new ByteArrayInputStream(body), CHUNK_NAME, "t", env);
        return chunk.checkfunction();
    }

    /** Script thread: runs {@code function} for {@code run} with its KEYS and ARGV; returns its first result. */
    LuaValue call(LuaFunction function, ScriptRun run, LuaTable keys, LuaTable argv) {
        env.rawset("KEYS", keys);
        env.rawset("ARGV", argv);
        watchdog.watch(run);
        try {
            return function.call();
        } finally {
            watchdog.watch(null);
            env.rawset("KEYS", LuaValue.NIL);
            env.rawset("ARGV", LuaValue.NIL);
        }
    }

    /** Script thread: the line the running script is at, for errors raised outside Lua code (-1: unknown). */
    int currentLine() {
        return watchdog.currentLine();
    }

    /** A Lua table of strings, 1-based: KEYS or ARGV. */
    static LuaTable array(List<byte[]> values) {
        LuaTable table = new LuaTable(values.size(), 0);
        for (int i = 0; i < values.size(); i++) {
            table.rawset(i + 1, LuaString.valueUsing(values.get(i)));
        }
        return table;
    }

    /** A Lua function of any arguments, for the libraries' tables. */
    static VarArgFunction function(java.util.function.Function<Varargs, Varargs> body) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return body.apply(args);
            }
        };
    }
}
