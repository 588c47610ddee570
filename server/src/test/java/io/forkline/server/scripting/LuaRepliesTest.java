package io.forkline.server.scripting;

import io.forkline.engine.resp.RespReply;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Redis's conversions between replies and Lua values. */
class LuaRepliesTest {

    private static LuaValue toLua(String reply) {
        byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        return LuaReplies.toLua(bytes, bytes.length);
    }

    private static String toReply(LuaValue value, int callerProtocol, int scriptResp) {
        RespReply out = new RespReply();
        out.protocol(callerProtocol);
        LuaReplies.toReply(value, out, scriptResp);
        return out.toString();
    }

    @Test
    void repliesBecomeLuaValues() {
        assertThat(toLua(":42\r\n").todouble()).isEqualTo(42);
        assertThat(toLua("$4\r\na\r\nb\r\n").tojstring()).isEqualTo("a\r\nb");   // binary safe
        assertThat(toLua("$-1\r\n")).isEqualTo(LuaValue.FALSE);
        assertThat(toLua("*-1\r\n")).isEqualTo(LuaValue.FALSE);
        assertThat(toLua("+OK\r\n").get("ok").tojstring()).isEqualTo("OK");
        assertThat(toLua("-WRONGTYPE no\r\n").get("err").tojstring()).isEqualTo("WRONGTYPE no");
        LuaValue array = toLua("*3\r\n:1\r\n*1\r\n$1\r\nx\r\n$-1\r\n");
        assertThat(array.length()).isEqualTo(3);
        assertThat(array.get(2).get(1).tojstring()).isEqualTo("x");
        assertThat(array.get(3)).isEqualTo(LuaValue.FALSE);
    }

    @Test
    void resp3RepliesBecomeTaggedTables() {
        assertThat(toLua("_\r\n").isnil()).isTrue();
        assertThat(toLua("#t\r\n")).isEqualTo(LuaValue.TRUE);
        assertThat(toLua(",1.5\r\n").get("double").todouble()).isEqualTo(1.5);
        assertThat(toLua("(12345678901234567890\r\n").get("big_number").tojstring()).isEqualTo("12345678901234567890");
        assertThat(toLua("%1\r\n$1\r\nk\r\n:7\r\n").get("map").get("k").todouble()).isEqualTo(7);
        assertThat(toLua("~1\r\n$1\r\nm\r\n").get("set").get("m")).isEqualTo(LuaValue.TRUE);
        LuaValue verbatim = toLua("=8\r\ntxt:abcd\r\n").get("verbatim_string");
        assertThat(verbatim.get("format").tojstring()).isEqualTo("txt");
        assertThat(verbatim.get("string").tojstring()).isEqualTo("abcd");
    }

    @Test
    void luaValuesBecomeReplies() {
        assertThat(toReply(LuaValue.valueOf("s"), 2, 2)).isEqualTo("$1\r\ns\r\n");
        assertThat(toReply(LuaValue.valueOf(-3.9), 2, 2)).isEqualTo(":-3\r\n");
        assertThat(toReply(LuaValue.TRUE, 2, 2)).isEqualTo(":1\r\n");
        assertThat(toReply(LuaValue.FALSE, 2, 2)).isEqualTo("$-1\r\n");
        assertThat(toReply(LuaValue.TRUE, 3, 3)).isEqualTo("#t\r\n");
        assertThat(toReply(LuaValue.FALSE, 3, 2)).isEqualTo("_\r\n");
        assertThat(toReply(LuaValue.NIL, 2, 2)).isEqualTo("$-1\r\n");
        LuaTable list = LuaValue.listOf(new LuaValue[] {LuaValue.valueOf(1), LuaValue.valueOf("two")});
        list.set(4, LuaValue.valueOf(4));   // after a hole: not part of the array
        assertThat(toReply(list, 2, 2)).isEqualTo("*2\r\n:1\r\n$3\r\ntwo\r\n");
        assertThat(toReply(LuaReplies.error("ERR bad\nthing"), 2, 2)).isEqualTo("-ERR bad thing\r\n");
        LuaTable status = new LuaTable();
        status.set("ok", "FINE");
        assertThat(toReply(status, 2, 2)).isEqualTo("+FINE\r\n");
        LuaTable map = new LuaTable();
        LuaTable inner = new LuaTable();
        inner.set("a", 1);
        map.set("map", inner);
        assertThat(toReply(map, 3, 3)).isEqualTo("%1\r\n$1\r\na\r\n:1\r\n");
        assertThat(toReply(map, 2, 3)).isEqualTo("*2\r\n$1\r\na\r\n:1\r\n");
        LuaTable d = new LuaTable();
        d.set("double", 2.5);
        assertThat(toReply(d, 3, 3)).isEqualTo(",2.5\r\n");
        assertThat(toReply(d, 2, 3)).isEqualTo("$3\r\n2.5\r\n");
    }

    @Test
    void aReplyRoundTripsThroughLua() {
        String reply = "*4\r\n:1\r\n$2\r\nab\r\n*2\r\n$0\r\n\r\n:-5\r\n$-1\r\n";
        assertThat(toReply(toLua(reply), 2, 2)).isEqualTo(reply);
    }
}
