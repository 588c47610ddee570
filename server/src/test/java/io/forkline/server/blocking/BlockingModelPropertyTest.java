package io.forkline.server.blocking;

import io.forkline.pages.Seeded;
import io.forkline.server.ForklineServer;
import io.forkline.server.RespConnection;
import io.forkline.server.ServerSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import static io.forkline.server.blocking.Resp.NULL_ARRAY;
import static io.forkline.server.blocking.Resp.array;
import static io.forkline.server.blocking.Resp.awaitBlocked;
import static io.forkline.server.blocking.Resp.integer;
import static io.forkline.server.blocking.Resp.raw;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random blocking pops and pushes by several clients on a few keys, against a real server and a plain
 * model of Redis's rules (a client takes from the first of its keys with elements, else waits; a push
 * serves the clients waiting on its key first come first served while the list lasts), comparing every
 * reply byte for byte.
 */
class BlockingModelPropertyTest {

    private static final int CLIENTS = 6;
    private static final String[] KEYS = {"m:a", "m:b", "m:c"};

    private static ForklineServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ForklineServer.start(ServerSettings.defaults(0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static LongStream seeds() {
        return Seeded.seeds(12);
    }

    /** A model client's wait: its keys in order, which end it pops from, and how many (0 for BLPOP/BRPOP). */
    private record Wait(int client, List<String> keys, boolean left, int count) {

        String reply(String key, List<String> popped) {
            return count == 0 ? array(key, popped.getFirst()) : array(key, raw(array(popped.toArray())));
        }
    }

    /** The lists and the wait lists as Redis would hold them. */
    private static final class Model {
        final Map<String, ArrayDeque<String>> lists = new HashMap<>();
        final Map<String, LinkedHashSet<Wait>> waiting = new HashMap<>();
        final Wait[] blocked = new Wait[CLIENTS];

        /** Pops for the wait from the key, or null if the key holds nothing. */
        String take(Wait wait, String key) {
            ArrayDeque<String> list = lists.get(key);
            if (list == null || list.isEmpty()) {
                return null;
            }
            List<String> popped = new ArrayList<>();
            for (int i = 0; i < Math.max(1, wait.count()) && !list.isEmpty(); i++) {
                popped.add(wait.left() ? list.pollFirst() : list.pollLast());
            }
            return wait.reply(key, popped);
        }

        void block(Wait wait) {
            blocked[wait.client()] = wait;
            wait.keys().forEach(key -> waiting.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(wait));
        }

        void unblock(Wait wait) {
            blocked[wait.client()] = null;
            wait.keys().forEach(key -> waiting.get(key).remove(wait));
        }

        int blockedCount() {
            int count = 0;
            for (Wait wait : blocked) {
                count += wait == null ? 0 : 1;
            }
            return count;
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void repliesMatchTheModel(long seed) throws Exception {
        List<RespConnection> clients = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try (RespConnection control = new RespConnection(server.port())) {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(new RespConnection(server.port()));
                String id = clients.get(i).call("CLIENT", "ID");
                ids.add(id.substring(1, id.length() - 2));
            }
            control.call("FLUSHALL");
            Model model = new Model();
            Seeded.run(seed, random -> {
                for (int step = 0; step < 40; step++) {
                    if (random.nextInt(5) < 3 && model.blockedCount() < CLIENTS) {
                        pop(random, model, clients, control);
                    } else {
                        push(random, model, clients, ids, control);
                    }
                    assertThat(control.call("INFO", "clients")).contains("blocked_clients:" + model.blockedCount() + "\r\n");
                    for (int i = 0; i < CLIENTS; i++) {
                        assertThat(control.call("CLIENT", "LIST", "ID", ids.get(i)).contains(" flags=b "))
                                .as("client %d blocked", i).isEqualTo(model.blocked[i] != null);
                    }
                }
                for (int i = 0; i < CLIENTS; i++) {
                    if (model.blocked[i] != null) {
                        assertThat(control.call("CLIENT", "UNBLOCK", ids.get(i))).isEqualTo(integer(1));
                        assertThat(clients.get(i).readReply()).isEqualTo(NULL_ARRAY);
                    }
                }
            });
        } finally {
            for (RespConnection client : clients) {
                client.close();
            }
        }
    }

    private static void pop(Random random, Model model, List<RespConnection> clients, RespConnection control) throws IOException {
        int client;
        do {
            client = random.nextInt(CLIENTS);
        } while (model.blocked[client] != null);
        List<String> keys = new ArrayList<>();
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            keys.add(KEYS[random.nextInt(KEYS.length)]);
        }
        Wait wait = new Wait(client, List.copyOf(new LinkedHashSet<>(keys)), random.nextBoolean(), random.nextInt(3) * 2);
        List<String> command = new ArrayList<>();
        if (wait.count() == 0) {
            command.add(wait.left() ? "BLPOP" : "BRPOP");
            command.addAll(keys);
            command.add("0");
        } else {
            command.addAll(List.of("BLMPOP", "0", Integer.toString(keys.size())));
            command.addAll(keys);
            command.addAll(List.of(wait.left() ? "LEFT" : "RIGHT", "COUNT", Integer.toString(wait.count())));
        }
        clients.get(client).send(command.toArray(String[]::new));
        for (String key : wait.keys()) {
            String reply = model.take(wait, key);
            if (reply != null) {
                assertThat(clients.get(client).readReply()).as(command.toString()).isEqualTo(reply);
                return;
            }
        }
        model.block(wait);
        awaitBlocked(control, model.blockedCount());
    }

    private static void push(Random random, Model model, List<RespConnection> clients, List<String> ids, RespConnection control) throws IOException {
        String key = KEYS[random.nextInt(KEYS.length)];
        boolean left = random.nextBoolean();
        List<String> command = new ArrayList<>(List.of(left ? "LPUSH" : "RPUSH", key));
        ArrayDeque<String> list = model.lists.computeIfAbsent(key, k -> new ArrayDeque<>());
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            String value = "v" + random.nextInt(1000);
            command.add(value);
            if (left) {
                list.addFirst(value);
            } else {
                list.addLast(value);
            }
        }
        assertThat(control.call(command.toArray(String[]::new))).isEqualTo(integer(list.size()));
        List<Wait> served = new ArrayList<>();
        List<String> replies = new ArrayList<>();
        for (Wait wait : new ArrayList<>(model.waiting.getOrDefault(key, new LinkedHashSet<>()))) {
            String reply = model.take(wait, key);
            if (reply == null) {
                break;
            }
            model.unblock(wait);
            served.add(wait);
            replies.add(reply);
        }
        for (int i = 0; i < CLIENTS; i++) {   // the right clients were served (checked first: a wrong read would wait)
            assertThat(control.call("CLIENT", "LIST", "ID", ids.get(i)).contains(" flags=b "))
                    .as("client %d blocked after %s", i, command).isEqualTo(model.blocked[i] != null);
        }
        for (int i = 0; i < served.size(); i++) {
            assertThat(clients.get(served.get(i).client()).readReply()).as("served by %s", command).isEqualTo(replies.get(i));
        }
    }

}
