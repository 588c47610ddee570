package io.forkline.server.net;

import io.forkline.engine.pipeline.Pipeline;
import io.forkline.server.resp.ProtocolException;
import io.forkline.server.resp.RespRequestParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection's IO-thread side: admits it, parses its bytes into commands and publishes each to
 * the pipeline; a protocol error is published too (so it is answered after the commands before it)
 * and the connection stops being read.
 */
public final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    private final Pipeline<ClientSession> pipeline;
    private final Admission admission;
    private final AtomicLong ids;
    private final RespRequestParser parser;
    private ClientSession session;
    private boolean admitted;

    public ConnectionHandler(Pipeline<ClientSession> pipeline, Admission admission, AtomicLong ids, RespRequestParser parser) {
        this.pipeline = pipeline;
        this.admission = admission;
        this.ids = ids;
        this.parser = parser;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        session = new ClientSession(ids.incrementAndGet(), context.channel(), System.currentTimeMillis());
        String refusal = admission.admit(session.isLoopback());
        if (refusal != null) {
            context.writeAndFlush(Unpooled.copiedBuffer(refusal, StandardCharsets.UTF_8)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        admitted = true;
        context.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        ByteBuf in = (ByteBuf) message;
        try {
            if (!admitted || !context.channel().config().isAutoRead()) {
                return;
            }
            while (parser.parse(in, session.filling)) {
                session.filling = pipeline.publishCommand(session, session.filling);
            }
        } catch (ProtocolException e) {
            context.channel().config().setAutoRead(false);
            pipeline.publishProtocolError(session, "ERR " + e.getMessage());
        } finally {
            in.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
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
