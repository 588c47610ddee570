package io.forkline.server.scripting;

import io.forkline.engine.resp.RespReply;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.nio.charset.StandardCharsets;

/**
 * Redis's conversions between replies and Lua values (script_lua.c), both ways.
 *
 * <h2>A command's reply, to Lua ({@link #toLua})</h2>
 * integer: number; bulk string: string; null bulk or null array: false; array: table; status: a table
 * {@code {ok=...}}; error: a table {@code {err=...}}. With {@code redis.setresp(3)} also map:
 * {@code {map={...}}}, set: {@code {set={k=true}}}, null: nil, boolean: boolean, double: {@code {double=n}},
 * big number: {@code {big_number=s}}, verbatim string: {@code {verbatim_string={format=, string=}}}.
 *
 * <h2>A script's result, to the reply ({@link #toReply})</h2>
 * string: bulk; number: integer (truncated); true: 1 (RESP3 scripts: true); false and nil: null; a table with
 * {@code err}: error; with {@code ok}: status; with {@code double}, {@code big_number}, {@code verbatim_string},
 * {@code map} or {@code set}: that RESP3 type (RESP2 callers get RespReply's RESP2 forms); any other table: an
 * array of its elements 1, 2, ... up to the first nil.
 */
final class LuaReplies {

    static final LuaString ERR = LuaString.valueOf("err");
    static final LuaString OK = LuaString.valueOf("ok");
    private static final LuaString DOUBLE = LuaString.valueOf("double");
    private static final LuaString BIG_NUMBER = LuaString.valueOf("big_number");
    private static final LuaString VERBATIM = LuaString.valueOf("verbatim_string");
    private static final LuaString FORMAT = LuaString.valueOf("format");
    private static final LuaString STRING = LuaString.valueOf("string");
    private static final LuaString MAP = LuaString.valueOf("map");
    private static final LuaString SET = LuaString.valueOf("set");
    /** Deeper tables than this are cut short, as Redis's Lua stack limit does. */
    private static final int MAX_DEPTH = 1000;

    private LuaReplies() {
    }

    /** The table Redis raises or returns for an error: {@code {err="CODE message"}}. */
    static LuaTable error(String message) {
        LuaTable table = new LuaTable();
        table.rawset(ERR, LuaValue.valueOf(message));
        return table;
    }

    // ---------------------------------------------------------------------------------------------
    // Reply to Lua

    /** The one reply in {@code bytes[0, length)} as a Lua value. */
    static LuaValue toLua(byte[] bytes, int length) {
        Reader reader = new Reader(bytes, length);
        return reader.value();
    }

    private static final class Reader {
        private final byte[] bytes;
        private final int length;
        private int at;

        Reader(byte[] bytes, int length) {
            this.bytes = bytes;
            this.length = length;
        }

        LuaValue value() {
            byte type = bytes[at++];
            switch (type) {
                case ':':
                    return LuaValue.valueOf((double) Long.parseLong(line()));
                case '$': {
                    long size = Long.parseLong(line());
                    if (size < 0) {
                        return LuaValue.FALSE;
                    }
                    return LuaString.valueOf(take((int) size));
                }
                case '+': {
                    LuaTable status = new LuaTable();
                    status.rawset(OK, LuaValue.valueOf(line()));
                    return status;
                }
                case '-':
                    return error(line());
                case '*': {
                    long count = Long.parseLong(line());
                    if (count < 0) {
                        return LuaValue.FALSE;
                    }
                    return elements(count);
                }
                case '_':
                    line();
                    return LuaValue.NIL;
                case '#':
                    return LuaValue.valueOf(line().equals("t"));
                case ',': {
                    LuaTable d = new LuaTable();
                    d.rawset(DOUBLE, LuaValue.valueOf(parseDouble(line())));
                    return d;
                }
                case '(': {
                    LuaTable big = new LuaTable();
                    big.rawset(BIG_NUMBER, LuaValue.valueOf(line()));
                    return big;
                }
                case '=': {
                    int size = Integer.parseInt(line());
                    byte[] text = take(size);
                    LuaTable verbatim = new LuaTable();
                    verbatim.rawset(FORMAT, LuaString.valueOf(java.util.Arrays.copyOf(text, Math.min(3, text.length))));
                    verbatim.rawset(STRING, LuaString.valueOf(java.util.Arrays.copyOfRange(text, Math.min(4, text.length), text.length)));
                    LuaTable wrapper = new LuaTable();
                    wrapper.rawset(VERBATIM, verbatim);
                    return wrapper;
                }
                case '%': {
                    long pairs = Long.parseLong(line());
                    LuaTable map = new LuaTable();
                    for (long i = 0; i < pairs; i++) {
                        LuaValue key = value();
                        map.rawset(key, value());
                    }
                    LuaTable wrapper = new LuaTable();
                    wrapper.rawset(MAP, map);
                    return wrapper;
                }
                case '~': {
                    long count = Long.parseLong(line());
                    LuaTable set = new LuaTable();
                    for (long i = 0; i < count; i++) {
                        set.rawset(value(), LuaValue.TRUE);
                    }
                    LuaTable wrapper = new LuaTable();
                    wrapper.rawset(SET, set);
                    return wrapper;
                }
                default:
                    throw new IllegalStateException("not a reply: " + (char) type);
            }
        }

        private LuaTable elements(long count) {
            LuaTable table = new LuaTable((int) Math.min(count, 1 << 16), 0);
            for (int i = 1; i <= count; i++) {
                table.rawset(i, value());
            }
            return table;
        }

        /** The line from here to CRLF, which it skips. */
        private String line() {
            int start = at;
            while (at < length && bytes[at] != '\r') {
                at++;
            }
            String text = new String(bytes, start, at - start, StandardCharsets.UTF_8);
            at += 2;
            return text;
        }

        private byte[] take(int size) {
            byte[] value = java.util.Arrays.copyOfRange(bytes, at, at + size);
            at += size + 2;
            return value;
        }

        private static double parseDouble(String text) {
            return switch (text) {
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                case "nan" -> Double.NaN;
                default -> Double.parseDouble(text);
            };
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Lua to reply

    /**
     * Writes a script's result to {@code out}, whose protocol is the caller's; {@code scriptResp} is the
     * protocol the script chose (redis.setresp), which decides what booleans become.
     */
    static void toReply(LuaValue value, RespReply out, int scriptResp) {
        write(value, out, scriptResp, 0);
    }

    private static void write(LuaValue value, RespReply out, int scriptResp, int depth) {
        if (depth > MAX_DEPTH) {
            out.error("ERR reached lua stack limit");
            return;
        }
        switch (value.type()) {
            case LuaValue.TSTRING -> {
                LuaString string = value.checkstring();
                out.bulk(string.m_bytes, string.m_offset, string.m_length);
            }
            case LuaValue.TBOOLEAN -> {
                if (scriptResp == 3) {
                    out.bool(value.toboolean());
                } else if (value.toboolean()) {
                    out.integer(1);
                } else {
                    out.nullBulk();
                }
            }
            case LuaValue.TNUMBER -> out.integer(truncate(value.todouble()));
            case LuaValue.TTABLE -> table(value.checktable(), out, scriptResp, depth);
            default -> out.nullBulk();
        }
    }

    private static void table(LuaTable table, RespReply out, int scriptResp, int depth) {
        LuaValue err = table.rawget(ERR);
        if (err.isstring() && !err.isnumber()) {
            out.error(oneLine(err.tojstring()));
            return;
        }
        LuaValue ok = table.rawget(OK);
        if (ok.isstring() && !ok.isnumber()) {
            out.simple(oneLine(ok.tojstring()));
            return;
        }
        LuaValue d = table.rawget(DOUBLE);
        if (d.type() == LuaValue.TNUMBER) {
            out.doubleText(doubleText(d.todouble()));
            return;
        }
        LuaValue big = table.rawget(BIG_NUMBER);
        if (big.type() == LuaValue.TSTRING) {
            bigNumber(oneLine(big.tojstring()), out);
            return;
        }
        LuaValue verbatim = table.rawget(VERBATIM);
        if (verbatim.istable()) {
            LuaValue format = verbatim.rawget(FORMAT);
            LuaValue text = verbatim.rawget(STRING);
            if (format.type() == LuaValue.TSTRING && text.type() == LuaValue.TSTRING) {
                LuaString string = text.checkstring();
                out.verbatim(format.tojstring(), java.util.Arrays.copyOfRange(string.m_bytes, string.m_offset,
                        string.m_offset + string.m_length));
                return;
            }
        }
        LuaValue map = table.rawget(MAP);
        if (map.istable()) {
            int mark = out.deferLength();
            int pairs = 0;
            for (Varargs entry = map.next(LuaValue.NIL); !entry.arg1().isnil(); entry = map.next(entry.arg1())) {
                write(entry.arg1(), out, scriptResp, depth + 1);
                write(entry.arg(2), out, scriptResp, depth + 1);
                pairs++;
            }
            out.setDeferredMap(mark, pairs);
            return;
        }
        LuaValue set = table.rawget(SET);
        if (set.istable()) {
            int mark = out.deferLength();
            int count = 0;
            for (Varargs entry = set.next(LuaValue.NIL); !entry.arg1().isnil(); entry = set.next(entry.arg1())) {
                write(entry.arg1(), out, scriptResp, depth + 1);
                count++;
            }
            out.setDeferredSet(mark, count);
            return;
        }
        int mark = out.deferLength();
        int count = 0;
        for (int i = 1; ; i++) {
            LuaValue element = table.rawget(i);
            if (element.isnil()) {
                break;
            }
            write(element, out, scriptResp, depth + 1);
            count++;
        }
        out.setDeferredArray(mark, count);
    }

    /** C's (long long) cast of a double: toward zero, saturating. */
    static long truncate(double number) {
        return Double.isNaN(number) ? Long.MIN_VALUE : (long) number;
    }

    /** Redis replaces CR and LF in statuses and errors with spaces. */
    private static String oneLine(String text) {
        return text.replace('\r', ' ').replace('\n', ' ');
    }

    private static byte[] doubleText(double value) {
        String text;
        if (Double.isInfinite(value)) {
            text = value > 0 ? "inf" : "-inf";
        } else if (Double.isNaN(value)) {
            text = "nan";
        } else {
            text = ArgumentText.number(value);
        }
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static void bigNumber(String text, RespReply out) {
        if (out.protocol() == 3) {
            out.raw(("(" + text + "\r\n").getBytes(StandardCharsets.UTF_8));
        } else {
            out.bulk(text);
        }
    }
}
