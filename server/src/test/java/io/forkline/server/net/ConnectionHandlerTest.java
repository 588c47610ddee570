package io.forkline.server.net;

import io.forkline.engine.pipeline.CommandEvent;
import io.forkline.engine.pipeline.CommandJournal;
import io.forkline.engine.pipeline.Pipeline;
import io.forkline.server.resp.Limits;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IO side of one connection, on an embedded channel in front of a real pipeline whose writer only
 * records what it is given: held input stops parsing and reading, keeps the bytes in order, and
 * resumes where it stopped; new limits take over between commands, never inside one.
 */
class ConnectionHandlerTest {

    private final List<String> published = Collections.synchronizedList(new ArrayList<>());
    private volatile ClientSession session;
    private volatile Limits limits = Limits.DEFAULTS;
    private Pipeline<ClientSession> pipeline;
    private EmbeddedChannel channel;

    @BeforeEach
    void start() {
        pipeline = new Pipeline<>(64, this::record, CommandJournal.NONE);
        Admission admission = new Admission();
        admission.protectedMode(false);   // an embedded channel is not on the loopback interface
        channel = new EmbeddedChannel(new ConnectionHandler(pipeline, admission, new AtomicLong(), () -> limits,
                new LimitDisconnections(), new WriterWake.PerLoop(pipeline), new LoopOutput.PerLoop()));
    }

    @AfterEach
    void stop() {
        channel.finishAndReleaseAll();
        pipeline.close();
    }

    private void record(CommandEvent<ClientSession> event) {
        if (event.kind() == CommandEvent.Kind.COMMAND) {
            session = event.client();
            published.add(event.args().toString());
        } else if (event.kind() == CommandEvent.Kind.PROTOCOL_ERROR) {
            published.add(event.error());
        } else if (event.kind() == CommandEvent.Kind.TASK) {
            event.task().run();
        }
    }

    private void read(String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.US_ASCII));
    }

    /** What the writer was given so far, once it has caught up. */
    private List<String> publishedSoFar() throws InterruptedException {
        CountDownLatch caughtUp = new CountDownLatch(1);
        pipeline.publishTask(caughtUp::countDown);
        assertThat(caughtUp.await(10, TimeUnit.SECONDS)).isTrue();
        synchronized (published) {
            return List.copyOf(published);
        }
    }

    private static String command(String... arguments) {
        return io.forkline.engine.command.Arguments.of(arguments).toString();
    }

    @Test
    void pipelinedCommandsArePublishedInOrderInBatchesWithTheCutOneKeptForTheNextRead() throws Exception {
        StringBuilder many = new StringBuilder();
        List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 3 * ConnectionHandler.PUBLISH_BATCH + 5; i++) {
            many.append("INCR k").append(i).append("\r\n");
            expected.add(command("INCR", "k" + i));
        }
        read(many + "*3\r\n$3\r\nSET\r\n$1\r\nx");   // and a command cut short
        channel.runPendingTasks();   // the end of the IO thread's turn: the writer is woken
        assertThat(publishedSoFar()).containsExactlyElementsOf(expected);
        read("\r\n$1\r\n1\r\nPING\r\n");
        channel.runPendingTasks();
        expected.add(command("SET", "x", "1"));
        expected.add(command("PING"));
        assertThat(publishedSoFar()).containsExactlyElementsOf(expected);
    }

    @Test
    void heldInputWaitsInOrderAndResumesWhereItStopped() throws Exception {
        read("PING\r\n*2\r\n$3\r\nGET\r\n$1\r\n");   // a whole command and half of the next
        assertThat(publishedSoFar()).containsExactly(command("PING"));
        session.holdInput();
        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).isFalse();
        read("a\r\nSET b 1\r\n");
        read("INCR n\r\n");
        assertThat(publishedSoFar()).containsExactly(command("PING"));
        session.releaseInput();
        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(publishedSoFar()).containsExactly(command("PING"), command("GET", "a"), command("SET", "b", "1"),
                command("INCR", "n"));
        read("PING\r\n");
        assertThat(publishedSoFar()).hasSize(5);
    }

    @Test
    void holdingAgainBeforeTheResumeRanKeepsItHeld() throws Exception {
        read("PING\r\n");
        assertThat(publishedSoFar()).hasSize(1);
        session.holdInput();
        read("SET a 1\r\n");
        session.releaseInput();
        session.holdInput();
        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(publishedSoFar()).hasSize(1);
        session.releaseInput();
        channel.runPendingTasks();
        assertThat(publishedSoFar()).containsExactly(command("PING"), command("SET", "a", "1"));
    }

    @Test
    void aProtocolErrorWaitingBehindHeldInputIsPublishedOnceReleased() throws Exception {
        read("PING\r\n");
        assertThat(publishedSoFar()).hasSize(1);
        session.holdInput();
        channel.runPendingTasks();
        read("SET a 1\r\n*x\r\nPING\r\n");
        session.releaseInput();
        channel.runPendingTasks();
        assertThat(publishedSoFar()).containsExactly(command("PING"), command("SET", "a", "1"),
                "ERR Protocol error: invalid multibulk length");
        assertThat(channel.config().isAutoRead()).isFalse();   // the stream ended at the error
    }

    @Test
    void newLimitsTakeOverBetweenCommandsNeverInsideOne() throws Exception {
        read("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n");
        limits = new Limits(Limits.MINIMUM, Limits.MINIMUM);
        read("$3\r\nabc\r\n");
        assertThat(publishedSoFar()).containsExactly(command("SET", "k", "abc"));
        read("*2\r\n$3\r\nGET\r\n$" + (Limits.MINIMUM + 1) + "\r\n");
        assertThat(publishedSoFar()).last().isEqualTo("ERR Protocol error: invalid bulk length");   // the new bulk limit
    }
}
