package io.forkline.server.exec;

import io.forkline.engine.keyspace.Clock;
import io.forkline.server.net.ClientSession;
import io.forkline.server.net.TestSessions;
import io.forkline.server.net.LimitDisconnections;
import io.forkline.server.pubsub.OutputBufferLimit;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** client-output-buffer-limit normal with an injected clock: hard at once, soft after its seconds, normal clients only. */
class NormalOutputLimitTest {

    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private final Set<ClientSession> subscribers = new HashSet<>();
    private final LimitDisconnections disconnections = new LimitDisconnections();
    private final Clock.Manual clock = new Clock.Manual(0);

    private ClientSession client() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channels.add(channel);
        return TestSessions.on(channels.size(), channel);
    }

    private NormalOutputLimit limit(long hard, long soft, long seconds) {
        return new NormalOutputLimit(new OutputBufferLimit(hard, soft, seconds),
                client -> subscribers.contains(client) ? "pubsub" : "normal", clock, disconnections);
    }

    /** The limit's check with the clock at {@code millis}. */
    private boolean enforceAt(NormalOutputLimit limit, ClientSession client, long addingBytes, long millis) {
        clock.set(millis);
        return limit.enforce(client, addingBytes);
    }

    @AfterEach
    void release() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    @Test
    void theHardLimitClosesAtOnceAndOnlyOnce() {
        NormalOutputLimit limit = limit(1000, 0, 0);
        ClientSession client = client();
        assertThat(enforceAt(limit, client, 999, 5_000)).isFalse();
        assertThat(enforceAt(limit, client, 1000, 5_000)).isTrue();
        assertThat(client.isOpen()).isFalse();
        assertThat(client.state().closeAsap).isTrue();
        assertThat(enforceAt(limit, client, 5000, 5_000)).isFalse();   // already being closed
        assertThat(disconnections.outputBuffer()).isEqualTo(1);
    }

    @Test
    void theSoftLimitClosesOnlyAfterStayingOverItLongerThanItsSeconds() {
        NormalOutputLimit limit = limit(0, 100, 2);
        ClientSession client = client();
        assertThat(enforceAt(limit, client, 150, 10_000)).isFalse();   // the clock starts at second 10
        assertThat(enforceAt(limit, client, 150, 12_999)).isFalse();
        assertThat(enforceAt(limit, client, 50, 12_999)).isFalse();    // under it again: the clock stops
        assertThat(enforceAt(limit, client, 150, 13_000)).isFalse();   // and starts again at 13
        assertThat(enforceAt(limit, client, 150, 15_999)).isFalse();
        assertThat(enforceAt(limit, client, 150, 16_000)).isTrue();
    }

    @Test
    void subscribersAndAnUnlimitedClassAreNotChecked() {
        NormalOutputLimit limit = limit(1000, 0, 0);
        ClientSession subscriber = client();
        subscribers.add(subscriber);
        assertThat(enforceAt(limit, subscriber, 5000, 0)).isFalse();
        limit.limit(OutputBufferLimit.NONE);
        ClientSession client = client();
        assertThat(enforceAt(limit, client, Long.MAX_VALUE / 2, 0)).isFalse();
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void aNewLimitRestartsTheSoftClocks() {
        NormalOutputLimit limit = limit(0, 100, 0);
        ClientSession client = client();
        assertThat(enforceAt(limit, client, 150, 1_000)).isFalse();
        limit.limit(new OutputBufferLimit(0, 100, 0));
        assertThat(enforceAt(limit, client, 150, 2_000)).isFalse();
        assertThat(enforceAt(limit, client, 150, 3_000)).isTrue();
    }

    @Test
    void theTicksPassClosesWhoeverStayedOverTheSoftLimitCountingUnflushedReplies() {
        NormalOutputLimit limit = limit(0, 100, 0);
        ClientSession quiet = client();
        ClientSession flooded = client();
        flooded.send(new byte[150], 0, 150);   // queued by the responder, not flushed yet
        clock.set(1_000);
        limit.enforceAll(List.of(quiet, flooded));
        clock.set(2_000);
        limit.enforceAll(List.of(quiet, flooded));
        assertThat(flooded.isOpen()).isFalse();
        assertThat(quiet.isOpen()).isTrue();
        flooded.flush();
    }
}
