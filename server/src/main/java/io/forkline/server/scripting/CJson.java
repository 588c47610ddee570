package io.forkline.server.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@code cjson} library Redis's Lua carries (lua-cjson 2.1): {@code encode}, {@code decode}, {@code null}, and
 * the settings Redis's scripts may change ({@code encode_max_depth}, {@code decode_max_depth},
 * {@code encode_invalid_numbers}, {@code decode_invalid_numbers}, {@code encode_number_precision},
 * {@code encode_sparse_array}, {@code encode_keep_buffer}), which, as in Redis, last until changed again.
 *
 * <p>Encoding follows lua-cjson: a table whose keys are all positive integers is an array (holes become null,
 * unless it is excessively sparse), any other an object whose keys must be strings or numbers; numbers print
 * with 14 significant digits; '/' is escaped. Decoding gives tables, numbers, strings, booleans and
 * {@code cjson.null}.
 */
final class CJson {

    /** cjson.null: JSON's null, which Lua's nil cannot stand for inside a table. */
    static final LuaValue NULL = new LuaUserdata(new Object());

    private int encodeMaxDepth = 1000;
    private int decodeMaxDepth = 1000;
    private boolean encodeInvalidNumbers;
    private boolean decodeInvalidNumbers = true;
    private int precision = 14;
    private boolean sparseConvert;
    private int sparseRatio = 2;
    private int sparseSafe = 10;
    private boolean keepBuffer = true;

    LuaTable table() {
        LuaTable cjson = new LuaTable();
        cjson.rawset("encode", LuaVm.function(args -> {
            if (args.narg() != 1) {
                throw new LuaError("bad argument #1 to 'encode' (expected 1 argument)");
            }
            StringBuilder out = new StringBuilder();
            encode(args.arg1(), out, 0);
            return LuaValue.valueOf(out.toString().getBytes(StandardCharsets.ISO_8859_1));
        }));
        cjson.rawset("decode", LuaVm.function(args -> {
            LuaString text = args.checkstring(1);
            return new Decoder(text.m_bytes, text.m_offset, text.m_length).document();
        }));
        cjson.rawset("null", NULL);
        cjson.rawset("encode_max_depth", LuaVm.function(args -> {
            if (!args.isnoneornil(1)) {
                encodeMaxDepth = positive(args.arg1(), "encode_max_depth");
            }
            return LuaValue.valueOf(encodeMaxDepth);
        }));
        cjson.rawset("decode_max_depth", LuaVm.function(args -> {
            if (!args.isnoneornil(1)) {
                decodeMaxDepth = positive(args.arg1(), "decode_max_depth");
            }
            return LuaValue.valueOf(decodeMaxDepth);
        }));
        cjson.rawset("encode_invalid_numbers", LuaVm.function(args -> {
            if (!args.isnoneornil(1)) {
                encodeInvalidNumbers = args.arg1().toboolean();
            }
            return LuaValue.valueOf(encodeInvalidNumbers);
        }));
        cjson.rawset("decode_invalid_numbers", LuaVm.function(args -> {
            if (!args.isnoneornil(1)) {
                decodeInvalidNumbers = args.arg1().toboolean();
            }
            return LuaValue.valueOf(decodeInvalidNumbers);
        }));
        cjson.rawset("encode_number_precision", LuaVm.function(args -> {
            if (!args.isnoneornil(1)) {
                int digits = args.arg1().checkint();
                if (digits < 1 || digits > 14) {
                    throw new LuaError("bad argument #1 to 'encode_number_precision' (expected integer between 1 and 14)");
                }
                precision = digits;
            }
            return LuaValue.valueOf(precision);
        }));
        cjson.rawset("encode_sparse_array", LuaVm.function(args -> {
            if (!args.isnoneornil(1)) {
                sparseConvert = args.arg1().toboolean();
            }
            if (!args.isnoneornil(2)) {
                sparseRatio = args.arg(2).checkint();
            }
            if (!args.isnoneornil(3)) {
                sparseSafe = args.arg(3).checkint();
            }
            return LuaValue.varargsOf(new LuaValue[] {LuaValue.valueOf(sparseConvert), LuaValue.valueOf(sparseRatio),
                    LuaValue.valueOf(sparseSafe)});
        }));
        cjson.rawset("encode_keep_buffer", LuaVm.function(args -> {   // a buffer kept or not changes no result
            if (!args.isnoneornil(1)) {
                keepBuffer = args.arg1().toboolean();
            }
            return LuaValue.valueOf(keepBuffer);
        }));
        return cjson;
    }

    private static int positive(LuaValue value, String name) {
        int n = value.checkint();
        if (n < 1) {
            throw new LuaError("bad argument #1 to '" + name + "' (expected positive integer)");
        }
        return n;
    }

    // ---------------------------------------------------------------------------------------------
    // Encoding: one char per byte (ISO-8859-1), so that strings pass through byte for byte

    private void encode(LuaValue value, StringBuilder out, int depth) {
        switch (value.type()) {
            case LuaValue.TNIL -> out.append("null");
            case LuaValue.TBOOLEAN -> out.append(value.toboolean() ? "true" : "false");
            case LuaValue.TNUMBER -> number(value.todouble(), out);
            case LuaValue.TSTRING -> string(value.checkstring(), out);
            case LuaValue.TTABLE -> table(value.checktable(), out, depth + 1);
            case LuaValue.TUSERDATA -> {
                if (value != NULL) {
                    throw unsupported(value);
                }
                out.append("null");
            }
            default -> throw unsupported(value);
        }
    }

    private static LuaError unsupported(LuaValue value) {
        return new LuaError("Cannot serialise " + value.typename() + ": type not supported");
    }

    private void number(double number, StringBuilder out) {
        if (Double.isNaN(number) || Double.isInfinite(number)) {
            if (!encodeInvalidNumbers) {
                throw new LuaError("Cannot serialise number: must not be NaN or Inf");
            }
            out.append(Double.isNaN(number) ? "nan" : number > 0 ? "inf" : "-inf");
            return;
        }
        out.append(ArgumentText.number(number, precision));
    }

    private static void string(LuaString string, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < string.m_length; i++) {
            int c = string.m_bytes[string.m_offset + i] & 0xFF;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '/' -> out.append("\\/");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.append((char) c);
                    }
                }
            }
        }
        out.append('"');
    }

    private void table(LuaTable table, StringBuilder out, int depth) {
        if (depth > encodeMaxDepth) {
            throw new LuaError("Cannot serialise, excessive nesting (" + depth + ")");
        }
        int length = arrayLength(table);
        if (length > 0) {
            out.append('[');
            for (int i = 1; i <= length; i++) {
                if (i > 1) {
                    out.append(',');
                }
                encode(table.rawget(i), out, depth);
            }
            out.append(']');
            return;
        }
        out.append('{');
        boolean first = true;
        for (Varargs entry = table.next(LuaValue.NIL); !entry.arg1().isnil(); entry = table.next(entry.arg1())) {
            LuaValue key = entry.arg1();
            if (!first) {
                out.append(',');
            }
            first = false;
            if (key.type() == LuaValue.TSTRING) {
                string(key.checkstring(), out);
            } else if (key.type() == LuaValue.TNUMBER) {
                out.append('"');
                number(key.todouble(), out);
                out.append('"');
            } else {
                throw new LuaError("Cannot serialise " + key.typename() + ": table key must be a number or string");
            }
            out.append(':');
            encode(entry.arg(2), out, depth);
        }
        out.append('}');
    }

    /** lua-cjson's array test: the largest key if every key is a positive integer, else -1 (0: empty). */
    private int arrayLength(LuaTable table) {
        int max = 0;
        int items = 0;
        for (Varargs entry = table.next(LuaValue.NIL); !entry.arg1().isnil(); entry = table.next(entry.arg1())) {
            LuaValue key = entry.arg1();
            if (key.type() != LuaValue.TNUMBER) {
                return -1;
            }
            double k = key.todouble();
            if (k != Math.floor(k) || k < 1 || k > Integer.MAX_VALUE) {
                return -1;
            }
            max = Math.max(max, (int) k);
            items++;
        }
        if (sparseRatio > 0 && max > items * sparseRatio && max > sparseSafe) {
            if (!sparseConvert) {
                throw new LuaError("Cannot serialise table: excessively sparse array");
            }
            return -1;
        }
        return max;
    }

    // ---------------------------------------------------------------------------------------------
    // Decoding

    private final class Decoder {
        private final byte[] bytes;
        private final int start;
        private final int end;
        private int at;
        private int depth;

        Decoder(byte[] bytes, int offset, int length) {
            this.bytes = bytes;
            this.start = offset;
            this.end = offset + length;
            this.at = offset;
        }

        LuaValue document() {
            LuaValue value = value();
            space();
            if (at < end) {
                throw error("the end");
            }
            return value;
        }

        private LuaValue value() {
            space();
            if (at >= end) {
                throw error("value");
            }
            byte c = bytes[at];
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> LuaValue.valueOf(text("value"));
                case 't' -> literal("true", LuaValue.TRUE);
                case 'f' -> literal("false", LuaValue.FALSE);
                case 'n' -> at + 2 < end && bytes[at + 1] == 'a' ? invalidNumber() : literal("null", NULL);
                case 'i', 'I', 'N' -> invalidNumber();
                default -> number();
            };
        }

        private LuaTable object() {
            LuaTable table = new LuaTable();
            if (opens('}')) {
                return table;
            }
            do {
                space();
                if (peek() != '"') {
                    throw error("object key string");
                }
                LuaValue key = LuaValue.valueOf(text("object key string"));
                space();
                if (peek() != ':') {
                    throw error("colon");
                }
                at++;
                table.rawset(key, value());
            } while (!closes('}', "comma or object end"));
            return table;
        }

        private LuaTable array() {
            LuaTable table = new LuaTable();
            if (opens(']')) {
                return table;
            }
            int i = 1;
            do {
                table.rawset(i++, value());
            } while (!closes(']', "comma or array end"));
            return table;
        }

        /** At an object's or array's opening: enters it; true if it is empty (and then left already). */
        private boolean opens(char end) {
            enter();
            at++;
            space();
            return closesAt(end);
        }

        /** After a member: true at the end of its object or array (which is left), false at a comma, else the error. */
        private boolean closes(char end, String expected) {
            space();
            if (closesAt(end)) {
                return true;
            }
            if (peek() != ',') {
                throw error(expected);
            }
            at++;
            return false;
        }

        private boolean closesAt(char end) {
            if (peek() != end) {
                return false;
            }
            at++;
            depth--;
            return true;
        }

        private void enter() {
            depth++;
            if (depth > decodeMaxDepth) {
                throw new LuaError("Found too many nested data structures (" + depth + ") at character " + (at - start + 1));
            }
        }

        /** A string from its opening quote; one that does not end, or holds a bad escape, is no {@code expected}. */
        private byte[] text(String expected) {
            int from = at;
            at++;   // the opening quote
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                if (at >= end) {
                    at = from;
                    throw error(expected);
                }
                byte c = bytes[at++];
                if (c == '"') {
                    return out.toByteArray();
                }
                if (c != '\\') {
                    out.write(c);
                    continue;
                }
                if (at >= end) {
                    at = from;
                    throw error(expected);
                }
                byte e = bytes[at++];
                switch (e) {
                    case '"', '\\', '/' -> out.write(e);
                    case 'b' -> out.write('\b');
                    case 'f' -> out.write('\f');
                    case 'n' -> out.write('\n');
                    case 'r' -> out.write('\r');
                    case 't' -> out.write('\t');
                    case 'u' -> {
                        int code = hex4(from, expected);
                        if (code >= 0xD800 && code <= 0xDBFF && at + 6 <= end && bytes[at] == '\\' && bytes[at + 1] == 'u') {
                            at += 2;
                            int low = hex4(from, expected);
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                        }
                        byte[] utf8 = new String(Character.toChars(code)).getBytes(StandardCharsets.UTF_8);
                        out.write(utf8, 0, utf8.length);
                    }
                    default -> {
                        at = from;
                        throw error(expected);
                    }
                }
            }
        }

        private int hex4(int stringStart, String expected) {
            try {
                if (at + 4 > end) {
                    throw new NumberFormatException();
                }
                int code = Integer.parseInt(new String(bytes, at, 4, StandardCharsets.US_ASCII), 16);
                at += 4;
                return code;
            } catch (NumberFormatException e) {
                at = stringStart;
                throw error(expected);
            }
        }

        private LuaValue literal(String word, LuaValue value) {
            if (at + word.length() > end || !new String(bytes, at, word.length(), StandardCharsets.US_ASCII).equals(word)) {
                throw error("value");
            }
            at += word.length();
            return value;
        }

        private LuaValue invalidNumber() {
            int from = at;
            while (at < end && Character.isLetter(bytes[at])) {
                at++;
            }
            String word = new String(bytes, from, at - from, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
            if (!decodeInvalidNumbers || !(word.equals("nan") || word.equals("inf") || word.equals("infinity"))) {
                at = from;
                throw error("value");
            }
            return LuaValue.valueOf(word.equals("nan") ? Double.NaN : Double.POSITIVE_INFINITY);
        }

        private LuaValue number() {
            int from = at;
            while (at < end && "+-0123456789.eE".indexOf(bytes[at]) >= 0) {
                at++;
            }
            try {
                return LuaValue.valueOf(Double.parseDouble(new String(bytes, from, at - from, StandardCharsets.US_ASCII)));
            } catch (NumberFormatException e) {
                at = from;
                throw error("value");
            }
        }

        private byte peek() {
            return at < end ? bytes[at] : 0;
        }

        private void space() {
            while (at < end && (bytes[at] == ' ' || bytes[at] == '\t' || bytes[at] == '\n' || bytes[at] == '\r')) {
                at++;
            }
        }

        /**
         * lua-cjson's error: what the parser expected, and the token it found here, by lua-cjson's names
         * (T_END, T_COMMA...) or the tokenizer's own error (invalid token, unexpected end of string...).
         */
        private LuaError error(String expected) {
            int position = at;
            String found;
            if (at >= end) {
                found = "T_END";
            } else {
                byte c = bytes[at];
                switch (c) {
                    case '{' -> found = "T_OBJ_BEGIN";
                    case '}' -> found = "T_OBJ_END";
                    case '[' -> found = "T_ARR_BEGIN";
                    case ']' -> found = "T_ARR_END";
                    case ',' -> found = "T_COMMA";
                    case ':' -> found = "T_COLON";
                    case '"' -> {
                        int problem = stringProblem(at);
                        found = problem < 0 ? "T_STRING" : problem == end ? "unexpected end of string" : "invalid escape code";
                        position = problem < 0 ? at : problem;
                    }
                    case 't' -> found = matches("true") ? "T_BOOLEAN" : "invalid token";
                    case 'f' -> found = matches("false") ? "T_BOOLEAN" : "invalid token";
                    case 'n' -> found = matches("null") ? "T_NULL" : "invalid token";
                    default -> found = c == '-' || (c >= '0' && c <= '9') ? (validNumber() ? "T_NUMBER" : "invalid number")
                            : "invalid token";
                }
            }
            return new LuaError("Expected " + expected + " but found " + found + " at character " + (position - start + 1));
        }

        /** Where the string opening at {@code from} goes wrong (the end of the text if it never closes), or -1. */
        private int stringProblem(int from) {
            for (int i = from + 1; i < end; i++) {
                if (bytes[i] == '"') {
                    return -1;
                }
                if (bytes[i] == '\\') {
                    if (i + 1 >= end) {
                        return end;
                    }
                    if ("\"\\/bfnrtu".indexOf(bytes[i + 1]) < 0) {
                        return i;
                    }
                    i++;
                }
            }
            return end;
        }

        private boolean matches(String word) {
            return at + word.length() <= end && new String(bytes, at, word.length(), StandardCharsets.US_ASCII).equals(word);
        }

        private boolean validNumber() {
            int to = at;
            while (to < end && "+-0123456789.eE".indexOf(bytes[to]) >= 0) {
                to++;
            }
            try {
                Double.parseDouble(new String(bytes, at, to - at, StandardCharsets.US_ASCII));
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }
}
