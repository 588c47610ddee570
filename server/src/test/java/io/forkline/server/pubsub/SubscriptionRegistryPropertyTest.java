package io.forkline.server.pubsub;

import io.forkline.pages.Seeded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random subscribe / unsubscribe / removeAll sequences applied to the registry and to a plain model
 * (each client's channel and pattern sets), checking after every step that both directions agree.
 */
class SubscriptionRegistryPropertyTest {

    static LongStream seeds() {
        return Seeded.seeds(40);
    }

    /** The model: what each client holds, in subscription order. */
    private static final class Model {
        final Map<Integer, Set<String>> channels = new HashMap<>();
        final Map<Integer, Set<String>> patterns = new HashMap<>();

        boolean add(Map<Integer, Set<String>> side, int client, String name) {
            return side.computeIfAbsent(client, c -> new LinkedHashSet<>()).add(name);
        }

        boolean remove(Map<Integer, Set<String>> side, int client, String name) {
            Set<String> held = side.get(client);
            return held != null && held.remove(name);
        }

        Set<String> of(Map<Integer, Set<String>> side, int client) {
            return side.getOrDefault(client, Set.of());
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void registryAgreesWithAModel(long seed) {
        Seeded.run(seed, random -> {
            SubscriptionRegistry<Integer> registry = new SubscriptionRegistry<>();
            Model model = new Model();
            int clients = 1 + random.nextInt(6);
            int names = 1 + random.nextInt(8);
            for (int step = 0; step < 400; step++) {
                apply(registry, model, random, random.nextInt(clients), "n" + random.nextInt(names));
                check(registry, model, clients, names);
            }
        });
    }

    private static void apply(SubscriptionRegistry<Integer> registry, Model model, Random random, int client, String name) {
        ChannelName key = ChannelName.of(name);
        switch (random.nextInt(9)) {
            case 0, 1, 2 -> assertThat(registry.subscribe(client, key)).isEqualTo(model.add(model.channels, client, name));
            case 3, 4 -> assertThat(registry.unsubscribe(client, key)).isEqualTo(model.remove(model.channels, client, name));
            case 5, 6 -> assertThat(registry.psubscribe(client, key)).isEqualTo(model.add(model.patterns, client, name));
            case 7 -> assertThat(registry.punsubscribe(client, key)).isEqualTo(model.remove(model.patterns, client, name));
            default -> {
                registry.removeAll(client);
                model.channels.remove(client);
                model.patterns.remove(client);
            }
        }
    }

    private static void check(SubscriptionRegistry<Integer> registry, Model model, int clients, int names) {
        Set<String> liveChannels = new TreeSet<>();
        Set<String> livePatterns = new TreeSet<>();
        for (int client = 0; client < clients; client++) {
            Set<String> channels = model.of(model.channels, client);
            Set<String> patterns = model.of(model.patterns, client);
            assertThat(strings(registry.channelsOf(client))).containsExactlyElementsOf(channels);
            assertThat(strings(registry.patternsOf(client))).containsExactlyElementsOf(patterns);
            assertThat(registry.subscriptionCount(client)).isEqualTo(channels.size() + patterns.size());
            assertThat(registry.isSubscribed(client)).isEqualTo(!channels.isEmpty() || !patterns.isEmpty());
            assertThat(registry.subscribedClients().contains(client)).isEqualTo(registry.isSubscribed(client));
            liveChannels.addAll(channels);
            livePatterns.addAll(patterns);
        }
        assertThat(new TreeSet<>(strings(registry.channels()))).isEqualTo(liveChannels);
        assertThat(registry.channelTotal()).isEqualTo(liveChannels.size());
        assertThat(registry.patternTotal()).isEqualTo(livePatterns.size());
        assertThat(new TreeSet<>(strings(registry.patternSubscribers().keySet()))).isEqualTo(livePatterns);
        for (int n = 0; n < names; n++) {
            String name = "n" + n;
            List<Integer> expected = new ArrayList<>();
            List<Integer> expectedPattern = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                if (model.of(model.channels, client).contains(name)) {
                    expected.add(client);
                }
                if (model.of(model.patterns, client).contains(name)) {
                    expectedPattern.add(client);
                }
            }
            assertThat(registry.subscribers(ChannelName.of(name))).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(registry.patternSubscribers().getOrDefault(ChannelName.of(name), Set.of()))
                    .containsExactlyInAnyOrderElementsOf(expectedPattern);
        }
    }

    private static List<String> strings(Iterable<ChannelName> names) {
        List<String> out = new ArrayList<>();
        names.forEach(name -> out.add(name.toString()));
        return out;
    }
}
