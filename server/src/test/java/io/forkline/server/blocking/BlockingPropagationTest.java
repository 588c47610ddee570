package io.forkline.server.blocking;

import io.forkline.engine.Engine;
import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.Effects;
import io.forkline.engine.keyspace.Clock;
import io.forkline.engine.pipeline.CommandJournal;
import io.forkline.engine.pipeline.Pipeline;
import io.forkline.server.ServerSettings;
import io.forkline.server.commands.ConnectionCommands;
import io.forkline.server.commands.TransactionCommands;
import io.forkline.server.exec.ServerProcessor;
import io.forkline.server.exec.ServerRuntime;
import io.forkline.server.net.Admission;
import io.forkline.server.net.ClientSession;
import io.forkline.server.net.TestSessions;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the blocking commands propagate (to the AOF and replicas), seen by a journal on an in-process pipeline:
 * the non-blocking command each pop amounts to, in its client's database, after the command that served it.
 */
class BlockingPropagationTest {

    private Engine engine;
    private Pipeline<ClientSession> pipeline;
    private final List<String> journal = new ArrayList<>();
    /** Set by a task on the writer; the end of its batch (after the batch's effects were appended) counts the latch down. */
    private boolean marked;
    private volatile CountDownLatch journaled = new CountDownLatch(1);

    @BeforeEach
    void start() {
        ServerSettings settings = ServerSettings.defaults(0);
        Clock clock = Clock.system();
        engine = new Engine(settings.engine(), settings.pageSize(), clock, 42);
        ServerRuntime runtime = new ServerRuntime(engine, clock, new Admission());
        runtime.recordEffects(true);   // this test's journal takes the effects, as the append-only file does when it is on
        BlockedClients blocked = BlockedClients.attach(runtime, (client, commands) -> {
            throw new AssertionError("no command is held in these tests");
        }, Long.MAX_VALUE);
        engine.extend(new BlockingCommands(blocked).specs(), new ConnectionCommands(runtime, io.forkline.server.tracking.Tracking.attach(runtime, 0)).specs(),
                new TransactionCommands(runtime).specs());
        ServerProcessor processor = new ServerProcessor(engine, runtime);
        engine.memory().handOver();
        pipeline = new Pipeline<>(64, processor, new CommandJournal() {
            @Override
            public void append(Effects effects) {
                for (int i = 0; i < effects.count(); i++) {
                    String command = new String(effects.buffer(), effects.start(i), effects.end(i) - effects.start(i),
                            java.nio.charset.StandardCharsets.UTF_8);
                    journal.add(effects.db(i) + " " + command.replaceAll("\\*\\d+\r\n|\\$\\d+\r\n", "").trim()
                            .replace("\r\n", " "));
                }
            }

            @Override
            public void endOfBatch() {
                if (marked) {
                    marked = false;
                    journaled.countDown();
                }
            }
        });
    }

    @AfterEach
    void stop() {
        pipeline.close();
        engine.memory().handOver();
        engine.close();
    }

    /** Runs the commands in order, each for its client, and returns what they propagated (the writer is idle after). */
    private List<String> run(Object... clientsAndCommands) throws InterruptedException {
        for (int i = 0; i < clientsAndCommands.length; i += 2) {
            pipeline.publishCommand((ClientSession) clientsAndCommands[i], Arguments.of(((String) clientsAndCommands[i + 1]).split(" ")));
        }
        CountDownLatch done = new CountDownLatch(1);
        journaled = done;
        pipeline.publishTask(() -> marked = true);
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        List<String> propagated = new ArrayList<>(journal);   // the latch orders the batch's appends before this read
        journal.clear();
        return propagated;
    }

    private static ClientSession client(long id) {
        return TestSessions.on(id, new EmbeddedChannel());
    }

    @Test
    void servedAtOnceTheNonBlockingCommandPropagates() throws Exception {
        ClientSession c = client(1);
        assertThat(run(c, "RPUSH l a b c d e f", c, "BLPOP l 0", c, "BRPOP none l 0", c, "BLMPOP 0 1 l LEFT COUNT 9",
                c, "RPUSH l x y", c, "BLMOVE l m LEFT RIGHT 0", c, "BRPOPLPUSH l m 0"))
                .containsExactly("0 RPUSH l a b c d e f", "0 LPOP l", "0 RPOP l", "0 LPOP l 4", "0 RPUSH l x y",
                        "0 LMOVE l m LEFT RIGHT", "0 RPOPLPUSH l m");
        assertThat(run(c, "ZADD z 1 a 2 b 3 c", c, "BZPOPMIN z 0", c, "BZPOPMAX z 0", c, "BZMPOP 0 1 z MIN COUNT 5"))
                .containsExactly("0 ZADD z 1 a 2 b 3 c", "0 ZPOPMIN z", "0 ZPOPMAX z", "0 ZPOPMIN z 1");
        assertThat(run(c, "BLPOP l 0.001")).isEmpty();
    }

    @Test
    void servedLaterThePopFollowsThePushInTheBlockedClientsDatabase() throws Exception {
        ClientSession blocked = client(1);
        ClientSession pusher = client(2);
        assertThat(run(blocked, "SELECT 5", blocked, "BLMPOP 0 2 a b RIGHT COUNT 3")).isEmpty();
        assertThat(run(pusher, "SELECT 5", pusher, "RPUSH b 1 2")).containsExactly("5 RPUSH b 1 2", "5 RPOP b 2");
        assertThat(run(blocked, "BRPOPLPUSH src dst 0", pusher, "MULTI", pusher, "RPUSH src x", pusher, "EXEC"))
                .containsExactly("5 MULTI", "5 RPUSH src x", "5 EXEC", "5 RPOPLPUSH src dst");
        assertThat(run(blocked, "BZPOPMAX z 0", pusher, "ZADD z 1 m 2 n")).containsExactly("5 ZADD z 1 m 2 n", "5 ZPOPMAX z");
        assertThat(run(blocked, "BZMPOP 0 1 z2 MIN COUNT 4", pusher, "ZADD z2 3 o 4 p")).containsExactly("5 ZADD z2 3 o 4 p", "5 ZPOPMIN z2 2");
        assertThat(run(blocked, "BLMOVE q dst RIGHT LEFT 0", pusher, "LPUSH q v")).containsExactly("5 LPUSH q v", "5 LMOVE q dst RIGHT LEFT");
    }
}
