package io.forkline.aof.load;

import io.forkline.engine.Engine;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.Effects;
import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.keyspace.Clock;
import io.forkline.engine.resp.RespReply;
import io.forkline.pages.PageSize;

import java.nio.charset.StandardCharsets;

/** An engine for the loader's tests, with a manual clock and a way to ask it questions as a client would. */
public final class TestEngine implements AutoCloseable {

    public static final long NOW = 1_700_000_000_000L;

    public final Clock.Manual clock = new Clock.Manual(NOW);
    public final Engine engine = new Engine(new EngineConfig(), PageSize.KIB_4, clock, 7);
    private final RespReply reply = new RespReply();
    private final Effects effects = new Effects();

    /** Runs a command in {@code db}; returns the RESP reply as text. */
    public String call(int db, String... args) {
        return call(db, Arguments.of(args));
    }

    public String call(int db, Arguments args) {
        reply.clear();
        effects.clear();
        engine.execute(db, args, reply, effects);
        return new String(reply.buffer(), 0, reply.length(), StandardCharsets.ISO_8859_1);
    }

    public String call(String... args) {
        return call(0, args);
    }

    @Override
    public void close() {
        engine.close();
    }
}
