package io.forkline.snapshot.rdb;

import io.forkline.engine.Engine;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.Effects;
import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.keyspace.Clock;
import io.forkline.engine.resp.RespReply;
import io.forkline.pages.PageSize;

/** An engine driven by commands, as a client would, with a manual clock: the keyspaces tests snapshot. */
public final class EngineDriver implements AutoCloseable {

    public final Clock.Manual clock;
    public final Engine engine;
    private final RespReply reply = new RespReply();
    private final Effects effects = new Effects();

    public EngineDriver() {
        this(1_700_000_000_000L);
    }

    public EngineDriver(long nowMillis) {
        this(nowMillis, new EngineConfig(), PageSize.KIB_4);
    }

    public EngineDriver(long nowMillis, EngineConfig config, PageSize pageSize) {
        clock = new Clock.Manual(nowMillis);
        engine = new Engine(config, pageSize, clock, 42);
    }

    /** Runs a command in {@code db}; returns its RESP reply, failing on an error reply. */
    public String call(int db, String... args) {
        return run(db, Arguments.of(args));
    }

    public String call(int db, byte[]... args) {
        return run(db, Arguments.ofBytes(args));
    }

    private String run(int db, Arguments args) {
        reply.clear();
        effects.clear();
        engine.execute(db, args, reply, effects);
        String text = reply.toString();
        if (text.startsWith("-")) {
            throw new AssertionError(args + " failed: " + text);
        }
        return text;
    }

    /** The entry of {@code key} in {@code db}, or 0. */
    public long entry(int db, String key) {
        byte[] bytes = Value.bytes(key);
        return engine.keyspace().find(db, bytes, 0, bytes.length);
    }

    @Override
    public void close() {
        engine.close();
    }
}
