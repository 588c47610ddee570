package io.forkline.server.blocking;

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
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hold against its contract, with the IO thread and the writer interleaved at random: a client sends
 * numbered commands, some of which block it, and is unblocked at random moments; released commands come
 * back through a simulated ring, interleaved with commands sent meanwhile. Every command must run exactly
 * once, in the order sent, never while its client is blocked, and nothing may stay held once it is free.
 */
class HeldCommandsPropertyTest {

    static LongStream seeds() {
        return Seeded.seeds(60);
    }

    /** One client, its IO thread's pending release tasks, the ring, and what the writer ran. */
    private static final class Simulation {
        final ClientSession client = TestSessions.on(1, new EmbeddedChannel());
        final List<List<Arguments>> releaseTasks = new ArrayList<>();
        final ArrayDeque<Arguments> ring = new ArrayDeque<>();
        final List<Integer> executed = new ArrayList<>();
        final Set<Integer> blocking = new HashSet<>();
        final HeldCommands held = new HeldCommands(c -> this.blocked, (c, commands) -> releaseTasks.add(commands), Long.MAX_VALUE);
        final int total;
        boolean blocked;
        int sent;

        Simulation(Random random) {
            total = 20 + random.nextInt(60);
            for (int i = 0; i < total; i++) {
                if (random.nextInt(10) < 3) {
                    blocking.add(i);
                }
            }
        }

        /** The writer takes the ring's next event: the hold, or the command runs (and may block). */
        void process() {
            Arguments args = ring.poll();
            if (held.hold(client, args)) {
                return;
            }
            int id = Integer.parseInt(args.string(0).substring(1));
            assertThat(blocked).as("command %d ran while its client was blocked", id).isFalse();
            assertThat(id).as("commands run in the order sent").isEqualTo(executed.size());
            executed.add(id);
            blocked = blocking.contains(id);
            held.settle(client);
        }

        void unblock() {
            blocked = false;
            held.settle(client);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void heldCommandsRunOnceInOrderWhenTheClientIsFree(long seed) {
        Seeded.run(seed, random -> {
            Simulation simulation = new Simulation(random);
            while (simulation.executed.size() < simulation.total) {
                List<Runnable> possible = new ArrayList<>();
                if (simulation.sent < simulation.total) {
                    possible.add(() -> simulation.ring.add(Arguments.of("c" + simulation.sent++)));
                }
                if (!simulation.releaseTasks.isEmpty()) {
                    possible.add(() -> simulation.ring.addAll(simulation.releaseTasks.removeFirst()));
                }
                if (!simulation.ring.isEmpty()) {
                    possible.add(simulation::process);
                }
                if (simulation.blocked) {
                    possible.add(simulation::unblock);
                }
                assertThat(possible).as("stuck after running %s", simulation.executed).isNotEmpty();
                possible.get(random.nextInt(possible.size())).run();
            }
            assertThat(simulation.executed).hasSize(simulation.total);
            assertThat(simulation.ring).isEmpty();
            assertThat(simulation.releaseTasks).isEmpty();
            assertThat(simulation.held.count(simulation.client)).isZero();
        });
    }

    @Test
    void aClientThatSendsTooMuchWhileBlockedIsClosed() {
        EmbeddedChannel channel = new EmbeddedChannel();
        ClientSession client = TestSessions.on(1, channel);
        HeldCommands held = new HeldCommands(c -> true, (c, commands) -> { }, 10);
        assertThat(held.hold(client, Arguments.of("PING"))).isTrue();
        assertThat(channel.isOpen()).isTrue();
        assertThat(held.hold(client, Arguments.of("ECHO", "long enough"))).isTrue();
        assertThat(channel.isOpen()).isFalse();
        held.forget(client);
        assertThat(held.count(client)).isZero();
    }

    @Test
    void aFreeClientWithNothingHeldRunsAtOnce() {
        ClientSession client = TestSessions.on(1, new EmbeddedChannel());
        HeldCommands held = new HeldCommands(c -> false, (c, commands) -> { throw new AssertionError("nothing to release"); }, 100);
        assertThat(held.hold(client, Arguments.of("PING"))).isFalse();
        held.settle(client);
        assertThat(held.count(client)).isZero();
    }
}
