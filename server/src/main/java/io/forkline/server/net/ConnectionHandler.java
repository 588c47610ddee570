package io.forkline.server.net;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.pipeline.Pipeline;
import io.forkline.server.resp.Limits;
import io.forkline.server.resp.ProtocolException;
import io.forkline.server.resp.QueryBufferLimitException;
import io.forkline.server.resp.RespRequestParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One connection's IO-thread side: admits it, parses its bytes into commands and publishes each to
 * the pipeline. A protocol error is published too (so it is answered after the commands before it)
 * and the connection stops being read; a command over the client query buffer limit closes the
 * connection at once, without a reply, as Redis does.
 *
 * <p>While the writer holds the client's commands ({@link ClientSession#holdInput()}, CLIENT PAUSE),
 * parsing stops between two commands and the connection stops being read; what was read and not
 * parsed waits here, in order, until {@link ClientSession#releaseInput()}. The parser takes the
 * server's current limits (CONFIG SET) between two commands.
 */
public final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    private final Pipeline<ClientSession> pipeline;
    private final Admission admission;
    private final AtomicLong ids;
    private final Supplier<Limits> limits;
    private final LimitDisconnections disconnections;
    private RespRequestParser parser;
    private Limits parserLimits;
    private ClientSession session;
    private boolean admitted;
    /** A protocol error or a limit ended the stream: nothing more is parsed. */
    private boolean stopped;
    /** Bytes read while the client's input was held, not parsed yet. */
    private ByteBuf unread;
    /** Most commands published at once: a batch of a pipelining client, and a bound on what waits here unpublished. */
    static final int PUBLISH_BATCH = 16;
    /** Commands parsed and not yet published ({@code [0, parsedCount)}), then the one the parser is filling. */
    private final Arguments[] parsed = new Arguments[PUBLISH_BATCH + 1];
    private int parsedCount;
    /** The writer's wake-up for this connection's IO thread, shared by every connection of that thread. */
    private WriterWake writerWake;
    private final WriterWake.PerLoop wakes;
    private final LoopOutput.PerLoop outputs;

    public ConnectionHandler(Pipeline<ClientSession> pipeline, Admission admission, AtomicLong ids, Supplier<Limits> limits,
                             LimitDisconnections disconnections, WriterWake.PerLoop wakes, LoopOutput.PerLoop outputs) {
        this.pipeline = pipeline;
        this.wakes = wakes;
        this.outputs = outputs;
        this.admission = admission;
        this.ids = ids;
        this.limits = limits;
        this.disconnections = disconnections;
        this.parserLimits = limits.get();
        this.parser = new RespRequestParser(parserLimits);
        parsed[0] = new Arguments();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        writerWake = wakes.of(context.channel().eventLoop());
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        session = new ClientSession(ids.incrementAndGet(), context.channel(), System.currentTimeMillis(),
                outputs.of(context.channel().eventLoop()));
        String refusal = admission.admit(session.isLoopback());
        if (refusal != null) {
            context.writeAndFlush(Unpooled.copiedBuffer(refusal, StandardCharsets.UTF_8)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        session.onInputChanged(() -> inputChanged(context));
        admitted = true;
        context.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        ByteBuf in = (ByteBuf) message;
        if (!admitted || stopped) {
            in.release();
        } else if (unread != null) {
            unread = joined(context, unread, in);   // still waiting: keep the bytes in order
        } else {
            consume(context, in);
        }
    }

    /**
     * Parses and publishes commands until {@code in} is used up or the input is held; owns {@code in}. The
     * commands of one read are published together, up to {@link #PUBLISH_BATCH} at a time (a pipelining client
     * wakes the writer once per batch, not once per command).
     */
    private void consume(ChannelHandlerContext context, ByteBuf in) {
        adoptLimits();
        try {
            while (!session.inputHeld() && parse(in)) {
                if (++parsedCount == PUBLISH_BATCH) {
                    publishParsed();
                }
            }
            publishParsed();
        } catch (QueryBufferLimitException e) {
            publishParsed();   // the commands before it run, as they would have in Redis
            stopped = true;
            disconnections.queryBufferLimitReached();
            context.close();
        } catch (ProtocolException e) {
            publishParsed();
            stopped = true;
            context.channel().config().setAutoRead(false);
            pipeline.publishProtocolError(session, "ERR " + e.getMessage());
        }
        if (!stopped && session.inputHeld()) {
            context.channel().config().setAutoRead(false);
            if (in.isReadable()) {
                unread = in;
                return;
            }
        }
        in.release();
    }

    /** At each read, between two commands: limits CONFIG SET changed take over. */
    private void adoptLimits() {
        if (parser.pendingBytes() == 0) {
            Limits current = limits.get();
            if (current != parserLimits) {
                parserLimits = current;
                parser = new RespRequestParser(current);
            }
        }
    }

    private boolean parse(ByteBuf in) throws ProtocolException {
        if (parsed[parsedCount] == null) {
            parsed[parsedCount] = new Arguments();   // only a pipelining client needs more than one
        }
        return parser.parse(in, parsed[parsedCount]);
    }

    /** Publishes the whole commands parsed so far; the one being filled, if any, moves to the front. */
    private void publishParsed() {
        if (parsedCount == 0) {
            return;
        }
        pipeline.publishCommands(session, parsed, parsedCount);   // leaves empty Arguments in their places
        writerWake.request();
        Arguments filling = parsed[parsedCount];
        parsed[parsedCount] = parsed[0];
        parsed[0] = filling;
        parsedCount = 0;
    }

    /** IO thread, after the writer held or released the client's input. */
    private void inputChanged(ChannelHandlerContext context) {
        if (!admitted || stopped) {
            return;
        }
        if (session.inputHeld()) {
            context.channel().config().setAutoRead(false);
            return;
        }
        ByteBuf waiting = unread;
        unread = null;
        if (waiting != null) {
            consume(context, waiting);
        }
        if (!stopped && !session.inputHeld()) {
            context.channel().config().setAutoRead(true);
        }
    }

    private static ByteBuf joined(ChannelHandlerContext context, ByteBuf first, ByteBuf second) {
        ByteBuf both = context.alloc().buffer(first.readableBytes() + second.readableBytes());
        both.writeBytes(first).writeBytes(second);
        first.release();
        second.release();
        return both;
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (unread != null) {
            unread.release();
            unread = null;
        }
        if (admitted) {
            admitted = false;
            admission.left();
            try {
                pipeline.publishDisconnect(session);
            } catch (IllegalStateException stopping) {
                // the server is stopping: the writer has already forgotten every client
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        context.close();   // a reset connection: the disconnect event follows from channelInactive
    }
}
