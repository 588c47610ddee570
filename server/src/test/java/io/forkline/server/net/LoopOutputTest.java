package io.forkline.server.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Replies flushed off a connection's IO thread (by the journal thread) reach the socket through
 * {@link LoopOutput}, once per batch, and never after a later reply that the IO thread flushed itself.
 * In-VM channels: nothing touches the network.
 */
class LoopOutputTest {

    private EventLoopGroup group;
    private Channel server;
    private final List<Channel> peers = new ArrayList<>();
    private final List<BlockingQueue<String>> received = new ArrayList<>();
    /** Writes that reached the server side's channels, counted on their IO thread. */
    private final AtomicInteger serverWrites = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        BlockingQueue<Channel> accepted = new LinkedBlockingQueue<>();
        LocalAddress address = new LocalAddress("loop-output-test-" + System.nanoTime());
        server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel channel) {
                        channel.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
                            @Override
                            public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
                                serverWrites.incrementAndGet();
                                context.write(message, promise);
                            }
                        });
                        accepted.add(channel);
                    }
                }).bind(address).sync().channel();
        for (int i = 0; i < 2; i++) {
            BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
            received.add(inbox);
            new Bootstrap().group(group).channel(LocalChannel.class).handler(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext context, Object message) {
                    ByteBuf bytes = (ByteBuf) message;
                    inbox.add(bytes.toString(StandardCharsets.US_ASCII));
                    bytes.release();
                }
            }).connect(address).sync();
            peers.add(accepted.poll(5, TimeUnit.SECONDS));
        }
    }

    @AfterEach
    void stop() throws Exception {
        server.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private static void reply(ClientSession client, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        client.send(bytes, 0, bytes.length);
        client.flush();
    }

    /** What {@code inbox} receives within a few seconds, joined, until {@code expected} characters have come. */
    private static String read(BlockingQueue<String> inbox, int expected) throws InterruptedException {
        StringBuilder text = new StringBuilder();
        while (text.length() < expected) {
            String part = inbox.poll(5, TimeUnit.SECONDS);
            if (part == null) {
                break;
            }
            text.append(part);
        }
        return text.toString();
    }

    @Test
    void repliesFlushedOffTheLoopLeaveAfterTheBatchsSignal() throws Exception {
        LoopOutput.PerLoop outputs = new LoopOutput.PerLoop();
        ClientSession first = new ClientSession(1, peers.get(0), 0, outputs.of(peers.get(0).eventLoop()));
        ClientSession second = new ClientSession(2, peers.get(1), 0, outputs.of(peers.get(1).eventLoop()));

        reply(first, "+one\r\n");
        reply(second, "+two\r\n");
        // The IO thread runs its tasks in order: once a task queued now has run, so has any write queued before it.
        peers.get(0).eventLoop().submit(() -> { }).get(5, TimeUnit.SECONDS);
        assertEquals(0, serverWrites.get(), "nothing is written before the batch's signal");

        outputs.run();

        assertEquals("+one\r\n", read(received.get(0), 6));
        assertEquals("+two\r\n", read(received.get(1), 6));
    }

    @Test
    void theIoThreadsOwnFlushWritesWhatWasFlushedOffItFirst() throws Exception {
        LoopOutput.PerLoop outputs = new LoopOutput.PerLoop();
        Channel channel = peers.get(0);
        ClientSession client = new ClientSession(1, channel, 0, outputs.of(channel.eventLoop()));
        CountDownLatch journalFlushed = new CountDownLatch(1);
        // The IO thread is busy (running the writer) while the journal thread answers an earlier batch; the
        // writer then answers a later batch itself, before the journal's output has been written.
        var writerTurn = channel.eventLoop().submit(() -> {
            journalFlushed.await(5, TimeUnit.SECONDS);
            reply(client, ":2\r\n");
            return null;
        });
        reply(client, ":1\r\n");
        outputs.run();
        journalFlushed.countDown();
        writerTurn.get(5, TimeUnit.SECONDS);

        assertEquals(":1\r\n:2\r\n", read(received.get(0), 8));
    }
}
