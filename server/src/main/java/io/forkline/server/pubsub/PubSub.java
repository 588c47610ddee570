package io.forkline.server.pubsub;

import io.forkline.engine.command.Notify;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.pipeline.CommandEvent;
import io.forkline.engine.resp.RespReply;
import io.forkline.engine.text.Glob;
import io.forkline.server.exec.ServerRuntime;
import io.forkline.server.net.ClientSession;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Redis's Pub/Sub on the writer thread: subscriptions (a {@link SubscriptionRegistry}), their
 * confirmations, PUBLISH's delivery to channel and pattern subscribers, the RESP2 subscribed
 * context, and the {@code client-output-buffer-limit pubsub} that disconnects a subscriber which
 * does not read.
 *
 * <p>Frames for other clients go through the current event's outbox, so the responder delivers them
 * after the replies before them. A frame for the command's own client goes into its reply, where
 * Redis would put it; when the client turned replies off, straight to its connection instead, since
 * Redis sends pushes regardless of CLIENT REPLY.
 *
 * <p>The output limit is checked against what was made for the connection and not yet written
 * ({@link ClientSession#pendingOutputBytes()}, frames of earlier events still in the ring included) after
 * each frame and on each tick; the frames of the event being run are not counted yet.
 */
public final class PubSub {

    /** Commands a RESP2 client may run while subscribed. */
    private static final Set<String> SUBSCRIBED_CONTEXT = Set.of("subscribe", "ssubscribe", "unsubscribe", "sunsubscribe",
            "psubscribe", "punsubscribe", "ping", "quit", "reset");

    private final ServerRuntime runtime;
    private final SubscriptionRegistry<ClientSession> registry = new SubscriptionRegistry<>();
    private final Map<ClientSession, OutputBufferWatch> watches = new IdentityHashMap<>();
    private final Set<ClientSession> closing = Collections.newSetFromMap(new IdentityHashMap<>());
    private final RespReply resp2 = new RespReply();
    private final RespReply resp3 = new RespReply();
    private OutputBufferLimit limit;

    private PubSub(ServerRuntime runtime, OutputBufferLimit limit) {
        this.runtime = runtime;
        this.limit = limit;
        resp3.protocol(3);
    }

    /** A Pub/Sub service registered with the runtime's hooks: disconnect, RESET, client type, counters, gate, tick. */
    public static PubSub attach(ServerRuntime runtime, OutputBufferLimit limit) {
        PubSub pubsub = new PubSub(runtime, limit);
        runtime.onDisconnect(pubsub::disconnected);
        runtime.onReset(pubsub.registry::removeAll);
        runtime.clientType(client -> pubsub.registry.isSubscribed(client) ? "pubsub" : "normal");
        runtime.subscriptionCounter((client, patterns) -> patterns ? pubsub.registry.patternCount(client)
                : pubsub.registry.channelCount(client));
        runtime.pubsubCounter(patterns -> patterns ? pubsub.registry.patternTotal() : pubsub.registry.channelTotal());
        runtime.commandGate(pubsub::refusal);
        runtime.onTick(event -> pubsub.enforceLimits());
        runtime.onKeyspaceEvent(pubsub::keyspaceEvent);
        return pubsub;
    }

    public SubscriptionRegistry<ClientSession> registry() {
        return registry;
    }

    public OutputBufferLimit outputLimit() {
        return limit;
    }

    /** Changes the limit for subscribers (CONFIG SET client-output-buffer-limit). */
    public void outputLimit(OutputBufferLimit newLimit) {
        this.limit = newLimit;
    }

    // ---------------------------------------------------------------------------------------------
    // Subscriptions, each confirmed to the client with its count of channels and patterns after it

    public void subscribe(ClientSession client, ChannelName channel) {
        registry.subscribe(client, channel);
        confirm(client, PushFrames.SUBSCRIBE, channel);
    }

    public void unsubscribe(ClientSession client, ChannelName channel) {
        registry.unsubscribe(client, channel);
        confirm(client, PushFrames.UNSUBSCRIBE, channel);
    }

    public void psubscribe(ClientSession client, ChannelName pattern) {
        registry.psubscribe(client, pattern);
        confirm(client, PushFrames.PSUBSCRIBE, pattern);
    }

    public void punsubscribe(ClientSession client, ChannelName pattern) {
        registry.punsubscribe(client, pattern);
        confirm(client, PushFrames.PUNSUBSCRIBE, pattern);
    }

    /** UNSUBSCRIBE with no channel: leaves each, or confirms with a null channel when there was none. */
    public void unsubscribeAll(ClientSession client) {
        List<ChannelName> channels = registry.channelsOf(client);
        for (ChannelName channel : channels) {
            unsubscribe(client, channel);
        }
        if (channels.isEmpty()) {
            confirm(client, PushFrames.UNSUBSCRIBE, null);
        }
    }

    /** PUNSUBSCRIBE with no pattern: leaves each, or confirms with a null pattern when there was none. */
    public void punsubscribeAll(ClientSession client) {
        List<ChannelName> patterns = registry.patternsOf(client);
        for (ChannelName pattern : patterns) {
            punsubscribe(client, pattern);
        }
        if (patterns.isEmpty()) {
            confirm(client, PushFrames.PUNSUBSCRIBE, null);
        }
    }

    private void confirm(ClientSession client, byte[] kind, ChannelName name) {
        RespReply frame = frame(client);
        frame.clear();
        PushFrames.confirmation(frame, kind, name, registry.subscriptionCount(client));
        push(client, frame);
    }

    // ---------------------------------------------------------------------------------------------
    // PUBLISH

    /**
     * Sends {@code [offset, offset + length)} of {@code payload} to the subscribers of {@code channel},
     * then to those of each matching pattern; returns how many frames were sent (a client subscribed
     * both ways counts twice, as in Redis).
     */
    public int publish(ChannelName channel, byte[] payload, int offset, int length) {
        int receivers = 0;
        resp2.clear();
        resp3.clear();
        for (ClientSession client : registry.subscribers(channel)) {
            RespReply frame = frame(client);
            if (frame.length() == 0) {
                PushFrames.message(frame, channel, payload, offset, length);
            }
            push(client, frame);
            receivers++;
        }
        byte[] name = channel.bytes();
        for (Map.Entry<ChannelName, Set<ClientSession>> entry : registry.patternSubscribers().entrySet()) {
            byte[] pattern = entry.getKey().bytes();
            if (!Glob.matches(pattern, 0, pattern.length, name, 0, name.length, false)) {
                continue;
            }
            resp2.clear();
            resp3.clear();
            for (ClientSession client : entry.getValue()) {
                RespReply frame = frame(client);
                if (frame.length() == 0) {
                    PushFrames.patternMessage(frame, entry.getKey(), channel, payload, offset, length);
                }
                push(client, frame);
                receivers++;
            }
        }
        return receivers;
    }

    /**
     * A keyspace notification, as Redis's notifyKeyspaceEvent publishes it: {@code event} on
     * {@code __keyspace@<db>__:<key>} when {@code flags} hold K, {@code key} on
     * {@code __keyevent@<db>__:<event>} when they hold E.
     */
    void keyspaceEvent(int flags, String event, int db, byte[] key, int offset, int length) {
        byte[] eventName = event.getBytes(StandardCharsets.US_ASCII);
        if ((flags & Notify.KEYSPACE) != 0) {
            byte[] prefix = ("__keyspace@" + db + "__:").getBytes(StandardCharsets.US_ASCII);
            byte[] channel = Arrays.copyOf(prefix, prefix.length + length);
            System.arraycopy(key, offset, channel, prefix.length, length);
            publish(ChannelName.of(channel, 0, channel.length), eventName, 0, eventName.length);
        }
        if ((flags & Notify.KEYEVENT) != 0) {
            String channel = "__keyevent@" + db + "__:" + event;
            publish(ChannelName.of(channel), key, offset, length);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Delivery and output limits

    /** The scratch frame for {@code client}'s protocol (shared by every client of that protocol). */
    private RespReply frame(ClientSession client) {
        return client.state().protocol == 3 ? resp3 : resp2;
    }

    private void push(ClientSession target, RespReply frame) {
        if (closing.contains(target)) {
            return;   // Redis's CLIENT_CLOSE_ASAP: no more output for a client being dropped
        }
        CommandEvent<ClientSession> event = runtime.currentEvent();
        if (target == event.client() && target.state().repliesOn && !target.state().replySkipped) {
            event.reply().raw(frame.toByteArray());
            return;
        }
        event.outbox().add(target, frame.buffer(), 0, frame.length());
        if (registry.isSubscribed(target) && overLimit(target)) {
            drop(target);
        }
    }

    private boolean overLimit(ClientSession client) {
        long nowSeconds = runtime.clock().millis() / 1000;
        return watches.computeIfAbsent(client, c -> new OutputBufferWatch())
                .exceeded(limit, client.pendingOutputBytes(), nowSeconds);
    }

    /** The cron's pass: a subscriber that stayed over the soft limit long enough is dropped even if nothing new is sent. */
    void enforceLimits() {
        for (ClientSession client : new ArrayList<>(registry.subscribedClients())) {
            if (!closing.contains(client) && overLimit(client)) {
                drop(client);
            }
        }
    }

    /** Closes at once, dropping what is queued, as Redis frees a client over its limit; the disconnect cleans up. */
    private void drop(ClientSession client) {
        closing.add(client);
        client.close();
    }

    private void disconnected(ClientSession client) {
        registry.removeAll(client);
        watches.remove(client);
        closing.remove(client);
    }

    // ---------------------------------------------------------------------------------------------
    // The RESP2 subscribed context

    /** Redis's check: a subscribed RESP2 client may only (un)subscribe, PING, QUIT and RESET. */
    private String refusal(ClientSession client, CommandSpec spec) {
        if (client.state().protocol != 2 || !registry.isSubscribed(client) || SUBSCRIBED_CONTEXT.contains(spec.name())) {
            return null;
        }
        return "ERR Can't execute '" + spec.name() + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET "
                + "are allowed in this context";
    }
}
