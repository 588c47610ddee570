package io.forkline.server.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The scripts EVAL and SCRIPT LOAD have seen, by the SHA1 of their body (lower-case hex, as EVALSHA names
 * them), each compiled once. Emptied by SCRIPT FLUSH only. Writer thread only.
 */
final class ScriptCache {

    /**
     * A compiled script: its SHA1, body and function, and what its {@code #!lua} line says: whether it had one
     * (a script without one runs as before Redis 7, in "compatibility mode") and whether it declared no-writes.
     */
    record Script(String sha, byte[] body, LuaFunction function, boolean shebang, boolean noWrites) {
        /** The name Redis gives the script's function in errors: {@code f_<sha1>}. */
        String functionName() {
            return "f_" + sha;
        }
    }

    private final LuaVm vm;
    private final Map<String, Script> scripts = new HashMap<>();
    private long bodyBytes;

    ScriptCache(LuaVm vm) {
        this.vm = vm;
    }

    /** The script of this body, compiled now if it is new; throws {@link CompileError} if it does not compile. */
    Script load(byte[] body) {
        String sha = sha1Hex(body);
        Script known = scripts.get(sha);
        if (known != null) {
            return known;
        }
        Shebang shebang = Shebang.of(body);
        LuaFunction function;
        try {
            // the #! line is skipped, but not its line feed, so that errors name the script's own line numbers
            function = vm.compile(java.util.Arrays.copyOfRange(body, shebang.length(), body.length));
        } catch (LuaError e) {
            throw new CompileError("Error compiling script (new function): " + firstLine(e.getMessage()));
        }
        Script script = new Script(sha, body.clone(), function, shebang.length() > 0, shebang.noWrites());
        scripts.put(sha, script);
        bodyBytes += body.length;
        return script;
    }

    /** The script of this SHA1 (any case), or null. */
    Script find(String sha) {
        return scripts.get(sha.toLowerCase(java.util.Locale.ROOT));
    }

    int size() {
        return scripts.size();
    }

    /** The bytes of the cached bodies (INFO's used_memory_scripts_eval counts what the cache holds). */
    long bodyBytes() {
        return bodyBytes;
    }

    void flush() {
        scripts.clear();
        bodyBytes = 0;
    }

    static String sha1Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /**
     * A script's first line when it starts with {@code #!}: {@code #!lua [flags=flag,...]} (Redis 7.0's
     * evalExtractShebangFlags). Of the flags only no-writes changes anything here: forkline has no cluster, no
     * replicas and no maxmemory refusals for allow-oom, allow-stale, no-cluster and allow-cross-slot-keys to lift.
     */
    private record Shebang(int length, boolean noWrites) {
        private static final java.util.Set<String> FLAGS =
                java.util.Set.of("no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys");

        static Shebang of(byte[] body) {
            if (body.length < 2 || body[0] != '#' || body[1] != '!') {
                return new Shebang(0, false);
            }
            int end = 0;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            if (end == body.length) {
                throw new CompileError("Invalid script shebang");
            }
            String[] parts = new String(body, 0, end, java.nio.charset.StandardCharsets.UTF_8).trim().split("[ \t]+");
            if (!parts[0].equals("#!lua")) {
                throw new CompileError("Unexpected engine in script shebang: " + parts[0]);
            }
            boolean noWrites = false;
            for (int i = 1; i < parts.length; i++) {
                if (!parts[i].startsWith("flags=")) {
                    throw new CompileError("Unknown lua shebang option: " + parts[i]);
                }
                String flags = parts[i].substring(6);
                for (String flag : flags.isEmpty() ? new String[0] : flags.split(",", -1)) {
                    if (!FLAGS.contains(flag)) {
                        throw new CompileError("Unexpected flag in script shebang: " + flag);
                    }
                    noWrites |= flag.equals("no-writes");
                }
            }
            return new Shebang(end, noWrites);
        }
    }

    /** A script that does not compile, with Redis's message. */
    static final class CompileError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CompileError(String message) {
            super(message, null, false, false);
        }
    }
}
