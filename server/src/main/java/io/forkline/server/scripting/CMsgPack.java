package io.forkline.server.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code cmsgpack} library Redis's Lua carries (lua-cmsgpack 0.4): {@code pack(...)}, {@code unpack(data)},
 * {@code unpack_one(data, offset)} and {@code unpack_limit(data, limit, offset)}, with its rules: an integral
 * number packs as the smallest integer type, another as float 32 when that is exact, else float 64; a table
 * whose keys are exactly 1..n packs as an array, any other as a map; nesting deeper than 16 packs nil.
 */
final class CMsgPack {

    private static final int MAX_NESTING = 16;

    private CMsgPack() {
    }

    static LuaTable table() {
        LuaTable cmsgpack = new LuaTable();
        cmsgpack.rawset("pack", LuaVm.function(args -> {
            if (args.narg() == 0) {
                throw new LuaError("MessagePack pack needs input.");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 1; i <= args.narg(); i++) {
                pack(args.arg(i), out, 0);
            }
            return LuaValue.valueOf(out.toByteArray());
        }));
        cmsgpack.rawset("unpack", LuaVm.function(args -> {
            Reader reader = new Reader(args.checkstring(1), 0);
            List<LuaValue> values = new ArrayList<>();
            while (reader.more()) {
                values.add(reader.value());
            }
            return LuaValue.varargsOf(values.toArray(new LuaValue[0]));
        }));
        cmsgpack.rawset("unpack_one", LuaVm.function(args -> limited(args.checkstring(1), 1, args.optint(2, 0))));
        cmsgpack.rawset("unpack_limit", LuaVm.function(args -> limited(args.checkstring(1), args.checkint(2), args.optint(3, 0))));
        return cmsgpack;
    }

    /** Up to {@code limit} values (0: all) from {@code offset}: the offset after them (-1 at the end), then the values. */
    private static Varargs limited(LuaString data, int limit, int offset) {
        if (offset < 0 || limit < 0) {
            throw new LuaError("Invalid request to unpack with offset of " + offset + " and limit of " + limit + ".");
        }
        if (offset > data.m_length) {
            throw new LuaError("Start offset " + offset + " greater than input length " + data.m_length + ".");
        }
        Reader reader = new Reader(data, offset);
        List<LuaValue> values = new ArrayList<>();
        values.add(LuaValue.NIL);   // the offset, set below
        while (reader.more() && (limit == 0 || values.size() <= limit)) {
            values.add(reader.value());
        }
        values.set(0, LuaValue.valueOf(reader.more() ? reader.at : -1));
        return LuaValue.varargsOf(values.toArray(new LuaValue[0]));
    }

    // ---------------------------------------------------------------------------------------------
    // Packing

    private static void pack(LuaValue value, ByteArrayOutputStream out, int depth) {
        switch (value.type()) {
            case LuaValue.TBOOLEAN -> out.write(value.toboolean() ? 0xc3 : 0xc2);
            case LuaValue.TNUMBER -> number(value.todouble(), out);
            case LuaValue.TSTRING -> string(value.checkstring(), out);
            case LuaValue.TTABLE -> {
                if (depth >= MAX_NESTING) {
                    out.write(0xc0);
                } else {
                    table(value.checktable(), out, depth + 1);
                }
            }
            default -> out.write(0xc0);   // nil, and what MessagePack cannot hold
        }
    }

    private static void number(double number, ByteArrayOutputStream out) {
        if (number == Math.rint(number) && number >= -9.223372036854775808E18 && number < 9.223372036854775808E18) {
            integer((long) number, out);
        } else if ((double) (float) number == number || Double.isNaN(number)) {
            out.write(0xca);
            big(Float.floatToRawIntBits((float) number) & 0xFFFFFFFFL, 4, out);
        } else {
            out.write(0xcb);
            big(Double.doubleToRawLongBits(number), 8, out);
        }
    }

    private static void integer(long n, ByteArrayOutputStream out) {
        if (n >= 0) {
            if (n <= 127) {
                out.write((int) n);
            } else if (n <= 0xff) {
                out.write(0xcc);
                big(n, 1, out);
            } else if (n <= 0xffff) {
                out.write(0xcd);
                big(n, 2, out);
            } else if (n <= 0xffffffffL) {
                out.write(0xce);
                big(n, 4, out);
            } else {
                out.write(0xcf);
                big(n, 8, out);
            }
        } else if (n >= -32) {
            out.write((int) (n & 0xff));
        } else if (n >= -128) {
            out.write(0xd0);
            big(n, 1, out);
        } else if (n >= -32768) {
            out.write(0xd1);
            big(n, 2, out);
        } else if (n >= Integer.MIN_VALUE) {
            out.write(0xd2);
            big(n, 4, out);
        } else {
            out.write(0xd3);
            big(n, 8, out);
        }
    }

    private static void string(LuaString string, ByteArrayOutputStream out) {
        int length = string.m_length;
        if (length < 32) {
            out.write(0xa0 | length);
        } else if (length <= 0xff) {
            out.write(0xd9);
            big(length, 1, out);
        } else if (length <= 0xffff) {
            out.write(0xda);
            big(length, 2, out);
        } else {
            out.write(0xdb);
            big(length, 4, out);
        }
        out.write(string.m_bytes, string.m_offset, length);
    }

    private static void table(LuaTable table, ByteArrayOutputStream out, int depth) {
        int count = 0;
        long max = 0;
        boolean array = true;
        for (Varargs entry = table.next(LuaValue.NIL); !entry.arg1().isnil(); entry = table.next(entry.arg1())) {
            count++;
            LuaValue key = entry.arg1();
            double k = key.type() == LuaValue.TNUMBER ? key.todouble() : -1;
            if (k < 1 || k != Math.rint(k)) {
                array = false;
            } else {
                max = Math.max(max, (long) k);
            }
        }
        if (array && max == count) {
            header(count, 0x90, 0xdc, 0xdd, out);
            for (int i = 1; i <= count; i++) {
                pack(table.rawget(i), out, depth);
            }
            return;
        }
        header(count, 0x80, 0xde, 0xdf, out);
        for (Varargs entry = table.next(LuaValue.NIL); !entry.arg1().isnil(); entry = table.next(entry.arg1())) {
            pack(entry.arg1(), out, depth);
            pack(entry.arg(2), out, depth);
        }
    }

    private static void header(int count, int fix, int sixteen, int thirtyTwo, ByteArrayOutputStream out) {
        if (count <= 15) {
            out.write(fix | count);
        } else if (count <= 0xffff) {
            out.write(sixteen);
            big(count, 2, out);
        } else {
            out.write(thirtyTwo);
            big(count, 4, out);
        }
    }

    private static void big(long value, int bytes, ByteArrayOutputStream out) {
        for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift) & 0xff);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Unpacking

    private static final class Reader {
        private final byte[] bytes;
        private final int start;
        private final int end;
        int at;

        Reader(LuaString data, int offset) {
            this.bytes = data.m_bytes;
            this.start = data.m_offset;
            this.end = data.m_offset + data.m_length;
            this.at = offset;
        }

        boolean more() {
            return start + at < end;
        }

        LuaValue value() {
            int c = u1();
            if (c <= 0x7f) {
                return LuaValue.valueOf(c);
            }
            if (c >= 0xe0) {
                return LuaValue.valueOf((byte) c);
            }
            if ((c & 0xe0) == 0xa0) {
                return bytes(c & 0x1f);
            }
            if ((c & 0xf0) == 0x90) {
                return array(c & 0x0f);
            }
            if ((c & 0xf0) == 0x80) {
                return map(c & 0x0f);
            }
            return switch (c) {
                case 0xc0 -> LuaValue.NIL;
                case 0xc2 -> LuaValue.FALSE;
                case 0xc3 -> LuaValue.TRUE;
                case 0xcc -> LuaValue.valueOf(u(1));
                case 0xcd -> LuaValue.valueOf(u(2));
                case 0xce -> LuaValue.valueOf((double) u(4));
                case 0xcf -> LuaValue.valueOf((double) u(8));   // as lua-cmsgpack: a double, big values lose digits
                case 0xd0 -> LuaValue.valueOf((byte) u(1));
                case 0xd1 -> LuaValue.valueOf((short) u(2));
                case 0xd2 -> LuaValue.valueOf((int) u(4));
                case 0xd3 -> LuaValue.valueOf((double) u(8));
                case 0xca -> LuaValue.valueOf(Float.intBitsToFloat((int) u(4)));
                case 0xcb -> LuaValue.valueOf(Double.longBitsToDouble(u(8)));
                case 0xd9, 0xc4 -> bytes((int) u(1));
                case 0xda, 0xc5 -> bytes((int) u(2));
                case 0xdb, 0xc6 -> bytes((int) u(4));
                case 0xdc -> array((int) u(2));
                case 0xdd -> array((int) u(4));
                case 0xde -> map((int) u(2));
                case 0xdf -> map((int) u(4));
                default -> throw new LuaError("Bad data format in input.");
            };
        }

        private LuaValue array(int count) {
            LuaTable table = new LuaTable(Math.min(count, 1 << 16), 0);
            for (int i = 1; i <= count; i++) {
                table.rawset(i, value());
            }
            return table;
        }

        private LuaValue map(int count) {
            LuaTable table = new LuaTable();
            for (int i = 0; i < count; i++) {
                LuaValue key = value();
                LuaValue value = value();
                if (!key.isnil()) {
                    table.rawset(key, value);
                }
            }
            return table;
        }

        private LuaValue bytes(int length) {
            need(length);
            LuaValue value = LuaString.valueOf(java.util.Arrays.copyOfRange(bytes, start + at, start + at + length));
            at += length;
            return value;
        }

        /** The next {@code count} bytes, big-endian, unsigned. */
        private long u(int count) {
            need(count);
            long value = 0;
            for (int i = 0; i < count; i++) {
                value = (value << 8) | (bytes[start + at + i] & 0xff);
            }
            at += count;
            return value;
        }

        private int u1() {
            return (int) u(1);
        }

        private void need(int count) {
            if (count < 0 || start + at + count > end) {
                throw new LuaError("Missing bytes in input.");
            }
        }
    }
}
