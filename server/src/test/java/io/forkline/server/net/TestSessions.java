package io.forkline.server.net;

import io.netty.channel.Channel;

/** Client sessions for tests that drive the writer's side over in-VM channels instead of sockets. */
public final class TestSessions {

    private TestSessions() {
    }

    /**
     * A session on {@code channel}, created at time 0, with its own carrier for flushes off the channel's IO thread.
     * An {@code EmbeddedChannel}'s loop runs everything on the caller's thread, so its flushes are written at once.
     */
    public static ClientSession on(long id, Channel channel) {
        return new ClientSession(id, channel, 0, new LoopOutput(channel.eventLoop()));
    }
}
