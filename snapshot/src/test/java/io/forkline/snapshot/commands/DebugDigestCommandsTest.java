package io.forkline.snapshot.commands;

import io.forkline.engine.Engine;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.Effects;
import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.keyspace.Clock;
import io.forkline.engine.resp.RespReply;
import io.forkline.pages.PageSize;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.forkline.engine.command.Specs.container;
import static org.assertj.core.api.Assertions.assertThat;

/** DEBUG DIGEST and DIGEST-VALUE give what Debian's redis-server 7.0.15 gave for the same data. */
class DebugDigestCommandsTest {

    private final Engine engine = new Engine(new EngineConfig(), PageSize.KIB_4, new Clock.Manual(1_700_000_000_000L), 3);
    private final RespReply reply = new RespReply();
    private final Effects effects = new Effects();

    DebugDigestCommandsTest() {
        engine.extend(List.of(container("server", "debug", "debugging", new DebugDigestCommands().debugSubcommands())));
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private String call(String... args) {
        reply.clear();
        effects.clear();
        engine.execute(0, Arguments.of(args), reply, effects);
        return reply.toString();
    }

    @Test
    void anEmptyDataSetDigestsToZeros() {
        assertThat(call("DEBUG", "DIGEST")).isEqualTo("+" + "0".repeat(40) + "\r\n");
        assertThat(call("DEBUG", "DIGEST-VALUE", "missing")).isEqualTo("*1\r\n+" + "0".repeat(40) + "\r\n");
    }

    @Test
    void valuesAndTheDataSetDigestAsRedisDoes() {
        call("SET", "s", "bar");
        call("SET", "i", "12345");
        call("RPUSH", "l", "a", "b", "c");
        call("HSET", "h", "f1", "v1");
        call("SADD", "si", "1", "2", "3");
        call("ZADD", "z", "1", "a", "2.5", "b");
        call("SET", "e", "x", "EX", "100");
        assertThat(call("DEBUG", "DIGEST-VALUE", "s", "i", "l", "h", "si", "z", "e")).isEqualTo("*7\r\n"
                + "+68467c70ae30376e7ce005bcc8827f5ba7fd67dc\r\n"
                + "+e1cf90774e995ae03de66e8109dc5cb9d9c2dc83\r\n"
                + "+8bf72d812571eea9b927f3c11beb0c4165a6ff89\r\n"
                + "+75b5bdb1966cd0b6f35aac02c5c85dc8498c33b9\r\n"
                + "+2a462a3f51a1db89738ebbeef0c47ce1bbc85246\r\n"
                + "+c45c5b051acd64070e5ed1a949939d5145f806c5\r\n"
                + "+0745672cb1bf060476eedeb8a28f5ffe1ff5a2be\r\n");
        assertThat(call("DEBUG", "DIGEST")).isEqualTo("+8eb81f1f5c9566e4cef76e48085164f98f2f43f2\r\n");
    }

    @Test
    void theOrderOfUnorderedElementsDoesNotChangeTheDigestButAListsOrderDoes() {
        call("SADD", "set", "c", "b", "a");
        call("HSET", "hash", "y", "2", "x", "1");
        call("ZADD", "zset", "2", "b", "1", "a");
        String before = call("DEBUG", "DIGEST");
        call("DEL", "set", "hash", "zset");
        call("SADD", "set", "a", "b", "c");
        call("HSET", "hash", "x", "1", "y", "2");
        call("ZADD", "zset", "1", "a", "2", "b");
        assertThat(call("DEBUG", "DIGEST")).isEqualTo(before);
        call("RPUSH", "list", "a", "b");
        String listAb = call("DEBUG", "DIGEST-VALUE", "list");
        call("DEL", "list");
        call("RPUSH", "list", "b", "a");
        assertThat(call("DEBUG", "DIGEST-VALUE", "list")).isNotEqualTo(listAb);
    }
}
