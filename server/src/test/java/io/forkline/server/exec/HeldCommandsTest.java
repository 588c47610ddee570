package io.forkline.server.exec;

import io.forkline.engine.command.Arguments;
import io.forkline.pages.Seeded;
import io.forkline.server.net.ClientSession;
import io.forkline.server.net.TestSessions;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The commands a pause sets aside: per-client order, client order, copies that outlive the ring slot. */
class HeldCommandsTest {

    private static ClientSession client(long id) {
        return TestSessions.on(id, new EmbeddedChannel());
    }

    @Test
    void aHeldCommandIsACopyTheRingMayReuse() {
        HeldCommands held = new HeldCommands();
        ClientSession client = client(1);
        Arguments slot = Arguments.of("SET", "k", "v");
        assertThat(held.hold(client, slot)).isTrue();
        slot.clear();
        slot.add("GARBAGE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(held.next(client).args().toString()).isEqualTo(Arguments.of("SET", "k", "v").toString());
        assertThat(held.hold(client, slot)).isFalse();   // not the client's first
    }

    @Test
    void aProtocolErrorKeepsItsPlaceBehindTheCommands() {
        HeldCommands held = new HeldCommands();
        ClientSession client = client(1);
        held.hold(client, Arguments.of("SET", "k", "v"));
        held.holdProtocolError(client, "ERR Protocol error: invalid multibulk length");
        assertThat(held.next(client).protocolError()).isNull();
        held.done(client);
        assertThat(held.next(client).protocolError()).isEqualTo("ERR Protocol error: invalid multibulk length");
        held.done(client);
        assertThat(held.holds(client)).isFalse();
        assertThat(held.isEmpty()).isTrue();
    }

    static LongStream seeds() {
        return Seeded.seeds(40);
    }

    /** Random holds, runs, re-holds and disconnects against a plain ordered map of queues. */
    @ParameterizedTest
    @MethodSource("seeds")
    void agreesWithAnOrderedMapOfQueues(long seed) {
        Seeded.run(seed, random -> {
            HeldCommands held = new HeldCommands();
            Map<ClientSession, Deque<String>> model = new LinkedHashMap<>();
            List<ClientSession> clients = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(6); i++) {
                clients.add(client(i + 1));
            }
            for (int step = 0; step < 600; step++) {
                ClientSession client = clients.get(random.nextInt(clients.size()));
                switch (random.nextInt(5)) {
                    case 0, 1 -> {
                        String command = "c" + step;
                        assertThat(held.hold(client, Arguments.of(command))).isEqualTo(!model.containsKey(client));
                        model.computeIfAbsent(client, c -> new ArrayDeque<>()).addLast(command);
                    }
                    case 2 -> {
                        if (model.containsKey(client)) {
                            assertThat(held.next(client).args().string(0)).isEqualTo(model.get(client).pollFirst());
                            held.done(client);
                            if (model.get(client).isEmpty()) {
                                model.remove(client);
                            }
                        } else {
                            assertThat(held.next(client)).isNull();
                        }
                    }
                    case 3 -> {
                        held.moveToEnd(client);
                        Deque<String> queue = model.remove(client);
                        if (queue != null) {
                            model.put(client, queue);
                        }
                    }
                    default -> {
                        held.forget(client);
                        model.remove(client);
                    }
                }
                assertThat(held.clientsInOrder()).containsExactlyElementsOf(model.keySet());
                assertThat(held.clients()).isEqualTo(model.size());
                assertThat(held.isEmpty()).isEqualTo(model.isEmpty());
                for (ClientSession each : clients) {
                    assertThat(held.holds(each)).isEqualTo(model.containsKey(each));
                }
            }
        });
    }
}
