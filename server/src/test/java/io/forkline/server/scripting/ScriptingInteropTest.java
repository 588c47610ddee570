package io.forkline.server.scripting;

import io.forkline.server.interop.SideBySideFixture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same scripts against forkline and Debian's redis-server 7.0.15 (on free loopback ports, stopped by the
 * test), in the same order from empty databases: every reply must be byte for byte the same, errors included
 * (their text names the script's SHA1 and line).
 */
class ScriptingInteropTest extends SideBySideFixture {

    /** Each case: a script, then its numkeys and arguments; "!" first runs a plain command instead. */
    private static final String[][] CASES = {
            {"return redis.call('SET', KEYS[1], ARGV[1])", "1", "k", "v"},
            {"return redis.call('GET', KEYS[1])", "1", "k"},
            {"return redis.call('INCR', KEYS[1])", "1", "k"},
            {"return redis.pcall('INCR', KEYS[1])", "1", "k"},
            {"local x = 1\nreturn redis.call('INCR', KEYS[1])", "1", "k"},
            {"return redis.call('nosuch')", "0"},
            {"return redis.call('GET')", "0"},
            {"return redis.call()", "0"},
            {"return redis.call('GET', {})", "0"},
            {"return redis.call('MULTI')", "0"},
            {"return redis.call('EVAL', 'return 1', '0')", "0"},
            {"return redis.call('BLPOP', 'l', '0')", "0"},
            {"return redis.call('OBJECT', 'FREQ')", "0"},
            {"error('boom')", "0"},
            {"\n\nerror('three')", "0"},
            {"error({err='MY table'})", "0"},
            {"return {err='plain'}", "0"},
            {"return redis.error_reply('-ERR oops')", "0"},
            {"return redis.error_reply('oops')", "0"},
            {"return redis.error_reply('MY oops')", "0"},
            {"return redis.status_reply('FINE')", "0"},
            {"return {ok='fine'}", "0"},
            {"return {1, nil, 3}", "0"},
            {"return {1.5, 2.9, -3.7, 'x', {true, false}}", "0"},
            {"return true", "0"},
            {"return false", "0"},
            {"return nil", "0"},
            {"return {double=3.5}", "0"},
            {"return redis.sha1hex('abc')", "0"},
            {"return redis.call('PING')", "0"},
            {"a = 1", "0"},
            {"return undefined_global", "0"},
            {"redis.call = nil", "0"},
            {"setmetatable(_G, {})", "0"},
            {"return pcall(function() error('x') end)", "0"},
            {"return redis.call('SET', 'f', 0.1) and redis.call('GET', 'f')", "0"},
            {"return redis.call('SET', 'f', 1e20) and redis.call('GET', 'f')", "0"},
            {"return redis.call('SET', 'f', -0.5) and redis.call('GET', 'f')", "0"},
            {"return redis.call('SET', 'f', 123456789012345678) and redis.call('GET', 'f')", "0"},
            {"return 1", "-1"},
            {"return 1", "3", "a"},
            {"return 1", "x"},
            {"!", "EVALSHA", "ffffffffffffffffffffffffffffffffffffffff", "0"},
            {"!", "SCRIPT", "LOAD", "return 'loaded'"},
            {"!", "EVALSHA", "b534286061d4b9e4026607613b95c06c06015ae8", "0"},
            {"!", "SCRIPT", "EXISTS", "a", "b534286061d4b9e4026607613b95c06c06015ae8"},
            {"!", "SCRIPT", "FLUSH", "bogus"},
            {"!", "SCRIPT", "KILL"},
            {"!", "EVAL_RO", "return redis.call('INCR', 'ro')", "0"},
            {"#!lua flags=no-writes\nreturn redis.call('INCR', 'ro')", "0"},
            {"#!lua flags=bogus\nreturn 1", "0"},
            {"#!python\nreturn 1", "0"},
            {"!", "EVAL_RO", "#!lua\nreturn 1", "0"},
            {"#!lua\nreturn redis.call('INCR', 'sheb')", "0"},
            {"redis.setresp(4)", "0"},
            {"redis.setresp(3); return redis.call('HGETALL', 'nohash')", "0"},
            {"return redis.call('HSET', 'h', 'a', '1') and redis.call('HGETALL', 'h')", "0"},
            {"redis.setresp(3); return redis.call('HGETALL', 'h')", "0"},
            {"return string.format('%d %s', 3, 'x')", "0"},
            {"return table.getn({1, 2, 3})", "0"},
            {"return #KEYS + #ARGV", "2", "a", "b", "c"},
            {"return redis.REDIS_VERSION", "0"},
            {"redis.call('SELECT', 1); return redis.call('SET', 'in1', 'x')", "0"},
            {"return redis.call('GET', 'in1')", "0"},
            {"return redis.acl_check_cmd('SET', 'x', 'y')", "0"},
            {"return redis.acl_check_cmd('nosuch')", "0"},
            {"return redis.log(redis.LOG_WARNING, 'from a test')", "0"},
            {"return redis.call('LPUSH', 'list', 'a', 'b') + redis.call('LLEN', 'list')", "0"},
            {"return redis.call('ZADD', 'z', 1, 'a', 2.5, 'b') and redis.call('ZRANGE', 'z', 0, -1, 'WITHSCORES')", "0"},
            {"return redis.call('TYPE', 'z')", "0"},
            // the libraries: bit, cjson, cmsgpack (objects with one key, as key order follows each VM's hashing)
            {"return {bit.tohex(255), bit.tohex(-1, -4), bit.band(0xff, 0x0f), bit.bor(1, 2, 4), bit.bxor(5, 1), "
                    + "bit.lshift(1, 31), bit.rshift(-1, 28), bit.arshift(-256, 4), bit.rol(0x80000001, 1), "
                    + "bit.ror(1, 1), bit.bswap(0x01020304), bit.tobit(4294967297), bit.bnot(0)}", "0"},
            {"return cjson.encode({1, 2, 'a/b\"c', {x = 1}, true, 0.1, 1e20, 123456789012345, -0.5, {}})", "0"},
            {"return cjson.encode(cjson.decode('[1,\"\\u00e9\\n\",null,{\"a\":[]},-2.5e3,true]'))", "0"},
            {"return cjson.decode('{\"keya\": \"a\"}').keya", "0"},
            {"local ok, e = pcall(cjson.decode, '{x') return e", "0"},
            {"local ok, e = pcall(cjson.decode, '[1,') return e", "0"},
            {"local ok, e = pcall(cjson.decode, ARGV[1]) return e", "0", "{\"a\" 1}"},
            {"local ok, e = pcall(cjson.decode, ARGV[1]) return e", "0", "\"abc"},
            {"local ok, e = pcall(cjson.decode, ARGV[1]) return e", "0", "[1] x"},
            {"local ok, e = pcall(cjson.decode, ARGV[1]) return e", "0", "{\"a\":1,}"},
            {"local ok, e = pcall(cjson.encode, {[1] = 1, [100] = 2}) return e", "0"},
            {"local ok, e = pcall(cjson.encode, {[true] = 1}) return e", "0"},
            {"local ok, e = pcall(cjson.encode, 0/0) return e", "0"},
            {"return cjson.encode(cjson.null)", "0"},
            {"local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', string.byte(c)) end)) end "
                    + "return {hex(cmsgpack.pack(0.1)), hex(cmsgpack.pack(-1099511627776)), hex(cmsgpack.pack(1.5)), "
                    + "hex(cmsgpack.pack(-1, -33, 200, 70000, 5000000000, true, false)), hex(cmsgpack.pack({1, 2, 'x'})), "
                    + "hex(cmsgpack.pack({a = 1})), hex(cmsgpack.pack(string.rep('y', 40)))}", "0"},
            {"local t = cmsgpack.unpack(cmsgpack.pack({1, {2, 'three'}, {k = 'v'}})) return {t[1], t[2][2], t[3].k}", "0"},
            {"local off, a, b = cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 2, 0) return {off, a, b}", "0"},
            {"local ok, e = pcall(cmsgpack.unpack, string.char(0xcd, 1)) return e", "0"},
            {"local ok, e = pcall(function() return nope end) return e", "0"},
            {"local g = getmetatable(_G) g.__index = {}", "0"},
            {"!", "SADD", "letters", "b", "c", "a", "aa"},
            {"return redis.call('SORT', 'letters', 'BY', 'nosort')", "0"},
    };

    @Test
    void repliesAgree() throws Exception {
        for (String[] c : CASES) {
            servers.compare(c[0].equals("!") ? java.util.Arrays.copyOfRange(c, 1, c.length) : concat("EVAL", c));
        }
        assertThat(servers.differences()).isEmpty();
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
