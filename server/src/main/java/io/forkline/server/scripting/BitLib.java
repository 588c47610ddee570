package io.forkline.server.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.util.function.IntBinaryOperator;

/**
 * The {@code bit} library Redis's Lua carries (LuaBitOp 1.0): operations on 32-bit integers, whose results are
 * signed. A number becomes 32 bits as LuaBitOp does: rounded to an integer, then taken modulo 2^32.
 */
final class BitLib {

    private BitLib() {
    }

    static LuaTable table() {
        LuaTable bit = new LuaTable();
        bit.rawset("tobit", LuaVm.function(args -> LuaValue.valueOf(bits(args.arg1()))));
        bit.rawset("bnot", LuaVm.function(args -> LuaValue.valueOf(~bits(args.arg1()))));
        bit.rawset("band", fold((a, b) -> a & b));
        bit.rawset("bor", fold((a, b) -> a | b));
        bit.rawset("bxor", fold((a, b) -> a ^ b));
        bit.rawset("lshift", shift((x, n) -> x << n));
        bit.rawset("rshift", shift((x, n) -> x >>> n));
        bit.rawset("arshift", shift((x, n) -> x >> n));
        bit.rawset("rol", shift(Integer::rotateLeft));
        bit.rawset("ror", shift(Integer::rotateRight));
        bit.rawset("bswap", LuaVm.function(args -> LuaValue.valueOf(Integer.reverseBytes(bits(args.arg1())))));
        bit.rawset("tohex", LuaVm.function(args -> {
            int x = bits(args.arg1());
            int n = args.isnoneornil(2) ? 8 : bits(args.arg(2));
            boolean upper = n < 0;
            n = Math.min(8, Math.abs(n));
            String hex = String.format(upper ? "%08X" : "%08x", x);
            return LuaValue.valueOf(hex.substring(8 - n));
        }));
        return bit;
    }

    /** LuaBitOp's conversion: the number rounded to an integer, its low 32 bits, signed. */
    static int bits(LuaValue value) {
        if (!value.isnumber()) {
            throw new LuaError("bad argument #1 (number expected, got " + value.typename() + ")");
        }
        double number = value.todouble();
        return (int) (long) Math.rint(number % 4294967296.0);
    }

    private static VarArgFunction fold(IntBinaryOperator operator) {
        return LuaVm.function(args -> {
            int result = bits(args.arg1());
            for (int i = 2; i <= args.narg(); i++) {
                result = operator.applyAsInt(result, bits(args.arg(i)));
            }
            return LuaValue.valueOf(result);
        });
    }

    private static VarArgFunction shift(IntBinaryOperator operator) {
        return LuaVm.function(args -> LuaValue.valueOf(operator.applyAsInt(bits(args.arg1()), bits(args.arg(2)) & 31)));
    }
}
