package io.forkline.engine;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.Effects;
import io.forkline.engine.command.EngineConfig;
import io.forkline.engine.keyspace.Clock;
import io.forkline.engine.resp.RespReply;
import io.forkline.pages.PageSize;

/**
 * An engine driven as a client would drive a server, for reply-level tests: {@link #call} returns the
 * exact RESP a client would receive, {@link #effects()} what the command propagated. The clock is
 * manual, so expiry tests move time instead of sleeping.
 */
public final class EngineTester implements AutoCloseable {

    public final Clock.Manual clock = new Clock.Manual(1_700_000_000_000L);
    public final Engine engine;
    private final RespReply reply = new RespReply();
    private final Effects effects = new Effects();
    private int db;

    public EngineTester() {
        this(new EngineConfig(), PageSize.KIB_4);
    }

    public EngineTester(EngineConfig config, PageSize pageSize) {
        engine = new Engine(config, pageSize, clock, 42);
    }

    /** Sends one command; returns the RESP reply as text (e.g. {@code "$3\r\nbar\r\n"}). */
    public String call(String... args) {
        return call(Arguments.of(args));
    }

    public String call(Arguments args) {
        reply.clear();
        effects.clear();
        engine.execute(db, args, reply, effects);
        return reply.toString();
    }

    /** What the last command propagated, RESP-encoded (without SELECTs). */
    public String effects() {
        return effects.toString();
    }

    public void select(int db) {
        this.db = db;
    }

    public void resp(int protocol) {
        reply.protocol(protocol);
    }

    // RESP shorthands for expected replies

    public static String bulk(String s) {
        return "$" + s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n" + s + "\r\n";
    }

    public static String integer(long v) {
        return ":" + v + "\r\n";
    }

    public static String error(String message) {
        return "-" + message + "\r\n";
    }

    public static String array(String... elements) {
        return "*" + elements.length + "\r\n" + String.join("", elements);
    }

    /** An effect as the AOF would hold it. */
    public static String command(String... args) {
        StringBuilder out = new StringBuilder("*" + args.length + "\r\n");
        for (String arg : args) {
            out.append(bulk(arg));
        }
        return out.toString();
    }

    public static final String OK = "+OK\r\n";
    public static final String NIL = "$-1\r\n";
    public static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

    @Override
    public void close() {
        engine.close();
    }
}
