package io.forkline.engine.pipeline;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.Effects;
import io.forkline.engine.resp.RespReply;

/**
 * One slot of the ring: a client's command (or a timer tick, or a task for the writer), filled by an
 * IO thread, executed by the writer, journaled, then answered by the responder. Preallocated and
 * reused; the publisher swaps its filled {@link Arguments} in, so nothing is copied or allocated.
 *
 * <p>Ownership follows the ring: the publishing thread until publish, then the writer, the journal
 * and the responder in turn; each hand-over is a Disruptor sequence barrier (a happens-before edge).
 */
public final class CommandEvent<C extends PipelineClient> {

    /** What a slot carries. */
    public enum Kind {
        /** A command from {@link #client()}. */
        COMMAND,
        /** A timer tick: active expiry, incremental rehash, timeouts, save points. */
        TICK,
        /** The client's connection closed: the writer forgets it. */
        DISCONNECT,
        /** A protocol error from the client: reply with {@link #error()} and close. */
        PROTOCOL_ERROR,
        /** A piece of work for the writer thread, e.g. a snapshot finished. */
        TASK
    }

    Kind kind;
    C client;
    Arguments args = new Arguments();
    String error;
    Runnable task;
    final RespReply reply = new RespReply();
    final Effects effects = new Effects();
    final Outbox<C> outbox = new Outbox<>();
    boolean silent;
    boolean closeClient;

    void reset(Kind kind, C client) {
        this.kind = kind;
        this.client = client;
        this.error = null;
        this.task = null;
        this.silent = false;
        this.closeClient = false;
        reply.clear();
        effects.clear();
        outbox.clear();
    }

    public Kind kind() {
        return kind;
    }

    public C client() {
        return client;
    }

    public Arguments args() {
        return args;
    }

    public RespReply reply() {
        return reply;
    }

    public Effects effects() {
        return effects;
    }

    public Outbox<C> outbox() {
        return outbox;
    }

    public String error() {
        return error;
    }

    public Runnable task() {
        return task;
    }

    /** No reply for this command: the client is blocked, or asked for none (CLIENT REPLY OFF/SKIP). */
    public void silence() {
        silent = true;
    }

    /** Close the client after this reply (QUIT, a fatal limit). */
    public void closeClient() {
        closeClient = true;
    }
}
