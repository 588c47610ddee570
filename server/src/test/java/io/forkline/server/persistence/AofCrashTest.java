package io.forkline.server.persistence;

import io.forkline.server.RespConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import static io.forkline.server.persistence.Servers.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The durability contract for a killed process (DESIGN.md): under each appendfsync policy, a server in
 * its own JVM is killed with SIGKILL while clients write (transactions of an INCR and an RPUSH) and
 * rewrites run; restarted on the same directory, it holds every acknowledged write, at most the one in
 * flight per client beyond, and every transaction whole.
 */
class AofCrashTest {

    private static final int CLIENTS = 4;

    @TempDir
    Path dir;
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts a server in a new JVM on {@link #dir}; returns its port. */
    private int startChild(String policy) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-ea", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                AofCrashChild.class.getName(), dir.toString(), "--save", "", "--appendonly", "yes", "--appendfsync", policy,
                "--hz", "50")
                .redirectError(dir.resolve("child-" + children.size() + ".err").toFile()).start();
        children.add(child);
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("PORT ")) {
                return Integer.parseInt(line.substring(5).trim());
            }
        }
        throw new AssertionError("the child server exited before listening (exit " + child.waitFor() + ")");
    }

    @ParameterizedTest(name = "appendfsync {0}")
    @ValueSource(strings = {"always", "everysec", "no"})
    void aKilledServerRestartsWithEveryAcknowledgedWrite(String policy) throws Exception {
        int port = startChild(policy);
        AtomicLongArray acknowledged = new AtomicLongArray(CLIENTS);
        AtomicLong total = new AtomicLong();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(Thread.ofPlatform().start(() -> write(port, client, acknowledged, total)));
        }
        AtomicLong rewrites = new AtomicLong();
        Thread rewriter = Thread.ofPlatform().start(() -> rewrite(port, rewrites));
        await("acknowledged writes and rewrites", () -> total.get() >= 2_000 && rewrites.get() >= 3);
        Process victim = children.getLast();
        victim.destroyForcibly();   // SIGKILL
        assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
        for (Thread client : clients) {
            client.join();
        }
        rewriter.join();

        String manifest = java.nio.file.Files.readString(dir.resolve("appendonlydir/appendonly.aof.manifest"));
        assertThat(manifest).doesNotContain("appendonly.aof.1.base.rdb");   // a rewrite had completed before the kill
        int again = startChild(policy);
        try (RespConnection connection = new RespConnection(again)) {
            for (int c = 0; c < CLIENTS; c++) {
                long acked = acknowledged.get(c);
                String counter = connection.call("GET", "counter:" + c);
                long value = counter.startsWith("$-1") ? 0 : Long.parseLong(counter.split("\r\n")[1]);
                assertThat(value).as("client %d acknowledged %d", c, acked).isBetween(acked, acked + 1);
                assertThat(connection.call("LLEN", "list:" + c)).isEqualTo(":" + value + "\r\n");   // transactions whole
            }
        }
    }

    /** MULTI / INCR / RPUSH / EXEC until the server dies; records the last counter value acknowledged. */
    private static void write(int port, int client, AtomicLongArray acknowledged, AtomicLong total) {
        try (RespConnection connection = new RespConnection(port)) {
            while (true) {
                connection.call("MULTI");
                connection.call("INCR", "counter:" + client);
                connection.call("RPUSH", "list:" + client, "x");
                String reply = connection.call("EXEC");
                if (!reply.startsWith("*2\r\n")) {
                    throw new AssertionError("EXEC answered " + reply);
                }
                acknowledged.set(client, Long.parseLong(reply.split("\r\n")[1].substring(1)));
                total.incrementAndGet();
            }
        } catch (IOException | RuntimeException killed) {
            // the server was killed
        }
    }

    /** BGREWRITEAOF over and over, so that the kill may come during a rewrite; counts those started. */
    private static void rewrite(int port, AtomicLong started) {
        try (RespConnection connection = new RespConnection(port)) {
            while (true) {
                if (connection.call("BGREWRITEAOF").equals("+Background append only file rewriting started\r\n")) {
                    started.incrementAndGet();
                }
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
            }
        } catch (IOException | RuntimeException killed) {
            // the server was killed
        }
    }
}
