package io.forkline.server.pubsub;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who listens to what, kept both ways as Redis keeps it: each channel and each pattern maps to its
 * subscribers in subscription order, and each client to the channels and patterns it holds. A name
 * with no subscriber left is dropped, so PUBSUB CHANNELS and NUMPAT count only live ones. Writer
 * thread only.
 *
 * @param <C> the client type (the server's {@code ClientSession}; tests use plain objects)
 */
public final class SubscriptionRegistry<C> {

    /** One client's channels and patterns, each in subscription order. */
    private static final class Held {
        final Set<ChannelName> channels = new LinkedHashSet<>();
        final Set<ChannelName> patterns = new LinkedHashSet<>();

        boolean isEmpty() {
            return channels.isEmpty() && patterns.isEmpty();
        }
    }

    private final Map<ChannelName, Set<C>> channels = new LinkedHashMap<>();
    private final Map<ChannelName, Set<C>> patterns = new LinkedHashMap<>();
    private final Map<C, Held> clients = new HashMap<>();

    /** Subscribes {@code client} to {@code channel}; false if it already was. */
    public boolean subscribe(C client, ChannelName channel) {
        return add(client, channel, clients.computeIfAbsent(client, c -> new Held()).channels, channels);
    }

    /** Unsubscribes {@code client} from {@code channel}; false if it was not subscribed. */
    public boolean unsubscribe(C client, ChannelName channel) {
        Held held = clients.get(client);
        return held != null && remove(client, channel, held, held.channels, channels);
    }

    /** Subscribes {@code client} to {@code pattern}; false if it already was. */
    public boolean psubscribe(C client, ChannelName pattern) {
        return add(client, pattern, clients.computeIfAbsent(client, c -> new Held()).patterns, patterns);
    }

    /** Unsubscribes {@code client} from {@code pattern}; false if it was not subscribed. */
    public boolean punsubscribe(C client, ChannelName pattern) {
        Held held = clients.get(client);
        return held != null && remove(client, pattern, held, held.patterns, this.patterns);
    }

    /** Drops every subscription of {@code client} (RESET, disconnect). */
    public void removeAll(C client) {
        for (ChannelName channel : channelsOf(client)) {
            unsubscribe(client, channel);
        }
        for (ChannelName pattern : patternsOf(client)) {
            punsubscribe(client, pattern);
        }
    }

    /** The client's channels in subscription order (a copy). */
    public List<ChannelName> channelsOf(C client) {
        Held held = clients.get(client);
        return held == null ? List.of() : new ArrayList<>(held.channels);
    }

    /** The client's patterns in subscription order (a copy). */
    public List<ChannelName> patternsOf(C client) {
        Held held = clients.get(client);
        return held == null ? List.of() : new ArrayList<>(held.patterns);
    }

    public int channelCount(C client) {
        Held held = clients.get(client);
        return held == null ? 0 : held.channels.size();
    }

    public int patternCount(C client) {
        Held held = clients.get(client);
        return held == null ? 0 : held.patterns.size();
    }

    /** Channels plus patterns: the count Redis puts in every (un)subscribe confirmation. */
    public int subscriptionCount(C client) {
        return channelCount(client) + patternCount(client);
    }

    /** True while the client holds at least one channel or pattern (Redis's CLIENT_PUBSUB). */
    public boolean isSubscribed(C client) {
        return !clients.isEmpty() && clients.containsKey(client);   // asked of every RESP2 command
    }

    /** The clients holding a subscription. */
    public Collection<C> subscribedClients() {
        return Collections.unmodifiableSet(clients.keySet());
    }

    /** Subscribers of {@code channel} in subscription order; empty if none. */
    public Collection<C> subscribers(ChannelName channel) {
        Set<C> set = channels.get(channel);
        return set == null ? List.of() : Collections.unmodifiableSet(set);
    }

    /** Every pattern with its subscribers, in the order the patterns first appeared. */
    public Map<ChannelName, Set<C>> patternSubscribers() {
        return Collections.unmodifiableMap(patterns);
    }

    /** Channels with at least one subscriber. */
    public Collection<ChannelName> channels() {
        return Collections.unmodifiableSet(channels.keySet());
    }

    /** Distinct channels with subscribers (INFO pubsub_channels). */
    public int channelTotal() {
        return channels.size();
    }

    /** Distinct patterns with subscribers (PUBSUB NUMPAT, INFO pubsub_patterns). */
    public int patternTotal() {
        return patterns.size();
    }

    private boolean add(C client, ChannelName name, Set<ChannelName> held, Map<ChannelName, Set<C>> byName) {
        if (!held.add(name)) {
            return false;
        }
        byName.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(client);
        return true;
    }

    private boolean remove(C client, ChannelName name, Held held, Set<ChannelName> names, Map<ChannelName, Set<C>> byName) {
        if (!names.remove(name)) {
            return false;
        }
        Set<C> subscribers = byName.get(name);
        subscribers.remove(client);
        if (subscribers.isEmpty()) {
            byName.remove(name);
        }
        if (held.isEmpty()) {
            clients.remove(client);
        }
        return true;
    }
}
