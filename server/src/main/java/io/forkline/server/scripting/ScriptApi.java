package io.forkline.server.scripting;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.resp.RespReply;
import io.forkline.server.commands.ConnectionCommands;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.nio.charset.StandardCharsets;

/**
 * The {@code redis} table scripts call (Redis 7.0's script_lua.c and eval.c): call, pcall, error_reply,
 * status_reply, sha1hex, log and its levels, setresp, set_repl and its flags, replicate_commands,
 * acl_check_cmd, breakpoint and debug (which do nothing outside Redis's Lua debugger), REDIS_VERSION and
 * REDIS_VERSION_NUM. Its functions run on the script thread and act on the run in progress.
 */
final class ScriptApi {

    static final int REPL_NONE = 0;
    static final int REPL_AOF = 1;
    static final int REPL_REPLICA = 2;
    static final int REPL_ALL = REPL_AOF | REPL_REPLICA;

    private static final System.Logger LOG = System.getLogger("forkline.script");
    private static final LuaString SOURCE = LuaString.valueOf("source");
    private static final LuaString LINE = LuaString.valueOf("line");

    /** What the API needs from the server. */
    interface Host {
        /** The run in progress; null outside a script. */
        ScriptRun running();

        /** The line the script is at now (-1: unknown). */
        int currentLine();

        /** Executes one command for {@code run}, leaving its reply in {@code run.callReply}. */
        void call(ScriptRun run, Arguments command);

        /** Whether the caller's ACL user may run {@code command}; null if it is no command at all. */
        Boolean aclAllows(ScriptRun run, Arguments command);
    }

    private final Host host;

    ScriptApi(Host host) {
        this.host = host;
    }

    /** The table, to be installed as the global {@code redis}. */
    LuaTable table() {
        LuaTable redis = new LuaTable();
        redis.rawset("call", new CallFunction(true));
        redis.rawset("pcall", new CallFunction(false));
        redis.rawset("error_reply", LuaVm.function(args -> {
            if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
                throw raise("wrong number or type of arguments");
            }
            return LuaReplies.error(errorText(args.arg1().tojstring()));
        }));
        redis.rawset("status_reply", LuaVm.function(args -> {
            if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
                throw raise("wrong number or type of arguments");
            }
            LuaTable status = new LuaTable();
            status.rawset(LuaReplies.OK, args.arg1());
            return status;
        }));
        redis.rawset("sha1hex", LuaVm.function(args -> {
            if (args.narg() != 1) {
                throw new LuaError("wrong number of arguments");
            }
            LuaString text = args.arg1().checkstring();
            byte[] bytes = java.util.Arrays.copyOfRange(text.m_bytes, text.m_offset, text.m_offset + text.m_length);
            return LuaValue.valueOf(ScriptCache.sha1Hex(bytes));
        }));
        redis.rawset("log", LuaVm.function(this::log));
        redis.rawset("LOG_DEBUG", 0);
        redis.rawset("LOG_VERBOSE", 1);
        redis.rawset("LOG_NOTICE", 2);
        redis.rawset("LOG_WARNING", 3);
        redis.rawset("setresp", LuaVm.function(args -> {
            ScriptRun run = running("redis.setresp");
            if (args.narg() != 1) {
                throw raise("redis.setresp() requires one argument.");
            }
            int resp = args.arg1().checkint();
            if (resp != 2 && resp != 3) {
                throw raise("RESP version must be 2 or 3.");
            }
            run.resp = resp;
            return LuaValue.NIL;
        }));
        redis.rawset("set_repl", LuaVm.function(args -> {
            ScriptRun run = running("redis.set_repl");
            if (args.narg() != 1) {
                throw raise("redis.set_repl() requires two arguments.");
            }
            int flags = args.arg1().checkint();
            if ((flags & ~REPL_ALL) != 0) {
                throw raise("Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
            }
            run.repl = flags;
            return LuaValue.NIL;
        }));
        redis.rawset("REPL_NONE", REPL_NONE);
        redis.rawset("REPL_AOF", REPL_AOF);
        redis.rawset("REPL_SLAVE", REPL_REPLICA);
        redis.rawset("REPL_REPLICA", REPL_REPLICA);
        redis.rawset("REPL_ALL", REPL_ALL);
        redis.rawset("replicate_commands", LuaVm.function(args -> LuaValue.TRUE));   // always on since Redis 7
        redis.rawset("breakpoint", LuaVm.function(args -> LuaValue.FALSE));   // no debugging session is ever active
        redis.rawset("debug", LuaVm.function(args -> LuaValue.NIL));
        redis.rawset("acl_check_cmd", LuaVm.function(args -> {
            ScriptRun run = running("redis.acl_check_cmd");
            if (args.narg() == 0) {
                throw raise("Please specify at least one argument for this redis lib call");
            }
            Boolean allowed = host.aclAllows(run, arguments(args));
            if (allowed == null) {
                throw raise("Invalid command passed to redis.acl_check_cmd()");
            }
            return LuaValue.valueOf(allowed);
        }));
        redis.rawset("REDIS_VERSION", ConnectionCommands.REDIS_VERSION);
        redis.rawset("REDIS_VERSION_NUM", versionNumber(ConnectionCommands.REDIS_VERSION));
        return redis;
    }

    /** redis.call (raises the error of a failing command) and redis.pcall (returns it as {@code {err=...}}). */
    private final class CallFunction extends VarArgFunction {
        private final boolean raises;

        CallFunction(boolean raises) {
            this.raises = raises;
        }

        @Override
        public Varargs invoke(Varargs args) {
            ScriptRun run = host.running();
            if (run == null) {
                throw raise("redis.call/pcall can only be called inside a script invocation");
            }
            LuaTable failure;
            if (args.narg() == 0) {
                failure = LuaReplies.error("ERR Please specify at least one argument for this redis lib call");
            } else {
                Arguments command = arguments(args);
                if (command == null) {
                    failure = LuaReplies.error("ERR Lua redis lib command arguments must be strings or integers");
                } else {
                    host.call(run, command);
                    RespReply reply = run.callReply;
                    LuaValue value = LuaReplies.toLua(reply.buffer(), reply.length());
                    if (!raises || reply.length() == 0 || reply.buffer()[0] != '-') {
                        return value;
                    }
                    failure = value.checktable();
                }
            }
            if (!raises) {
                return failure;
            }
            throw new LuaError(at(failure));
        }
    }

    /**
     * What redis.error_reply makes of its argument, as Redis's luaPushErrorBuff: the leading '-' is optional, and
     * a message of one word gets the code ERR in front of it.
     */
    static String errorText(String message) {
        String text = message.startsWith("-") ? message.substring(1) : message;
        return text.indexOf(' ') < 0 ? "ERR " + text : text;
    }

    /** The arguments of a redis lib call as a command; null if one is neither a string nor a number. */
    private static Arguments arguments(Varargs args) {
        Arguments command = new Arguments(64, Math.max(1, args.narg()));
        for (int i = 1; i <= args.narg(); i++) {
            LuaValue arg = args.arg(i);
            if (arg.type() == LuaValue.TNUMBER) {
                byte[] text = ArgumentText.number(arg.todouble()).getBytes(StandardCharsets.US_ASCII);
                command.add(text, 0, text.length);
            } else if (arg.type() == LuaValue.TSTRING) {
                LuaString string = arg.checkstring();
                command.add(string.m_bytes, string.m_offset, string.m_length);
            } else {
                return null;
            }
        }
        return command;
    }

    private ScriptRun running(String function) {
        ScriptRun run = host.running();
        if (run == null) {
            throw raise(function + " can only be called inside a script invocation");
        }
        return run;
    }

    /** An error as Redis's luaPushError raises it: a table {@code {err="ERR message"}}, with the script's line. */
    private LuaError raise(String message) {
        return new LuaError(at(LuaReplies.error("ERR " + message)));
    }

    /** Adds where the script is to an error table, as Redis's error handler does. */
    private LuaTable at(LuaTable error) {
        int line = host.currentLine();
        if (line >= 0) {
            error.rawset(SOURCE, LuaValue.valueOf(LuaVm.CHUNK_NAME));
            error.rawset(LINE, LuaValue.valueOf(line));
        }
        return error;
    }

    private Varargs log(Varargs args) {
        if (args.narg() < 2) {
            throw raise("redis.log() requires two arguments or more.");
        }
        if (args.arg1().type() != LuaValue.TNUMBER) {
            throw raise("First argument must be a number (log level).");
        }
        int level = args.arg1().toint();
        if (level < 0 || level > 3) {
            throw raise("Invalid debug level.");
        }
        StringBuilder message = new StringBuilder();
        for (int i = 2; i <= args.narg(); i++) {
            if (i > 2) {
                message.append(' ');
            }
            message.append(args.arg(i).tojstring());
        }
        LOG.log(switch (level) {
            case 0 -> System.Logger.Level.TRACE;   // Redis's debug, then verbose, notice, warning
            case 1 -> System.Logger.Level.DEBUG;
            case 2 -> System.Logger.Level.INFO;
            default -> System.Logger.Level.WARNING;
        }, message.toString());
        return LuaValue.NONE;
    }

    /** {@code 7.0.15} as Redis's REDIS_VERSION_NUM: 0x00MMmmpp. */
    static int versionNumber(String version) {
        String[] parts = version.split("\\.");
        return (Integer.parseInt(parts[0]) << 16) | (Integer.parseInt(parts[1]) << 8) | Integer.parseInt(parts[2]);
    }

    /** Where the redis error tables' line comes from: see {@link #at}. */
    static String source(LuaTable error) {
        LuaValue source = error.rawget(SOURCE);
        LuaValue line = error.rawget(LINE);
        return source.isstring() && line.isnumber() ? source.tojstring() + ":" + line.toint() : null;
    }
}
