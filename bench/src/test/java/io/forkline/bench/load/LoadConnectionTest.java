package io.forkline.bench.load;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinated-omission correction on a synthetic stall, with an invented clock: a server that
 * answers in 0.1 ms, except that it answers nothing from 100 ms to 200 ms.
 */
class LoadConnectionTest {

    private static final long MS = 1_000_000L;
    private static final long SERVICE = 100_000L;
    private static final long STALL_FROM = 100 * MS;
    private static final long STALL_TO = 200 * MS;
    private static final long WINDOW = 1000 * MS;

    /** One finished request as the sink saw it. */
    private record Done(long intended, long sent, long done, String error) {
        long corrected() {
            return done - intended;
        }

        long uncorrected() {
            return done - sent;
        }
    }

    /** A source of one-byte requests, all SET. */
    private static final class Ones implements RequestSource {
        @Override
        public boolean hasNext() {
            return true;
        }

        @Override
        public Operation encodeNext(ByteBuffer out) {
            out.put((byte) 'x');
            return Operation.SET;
        }

        @Override
        public int maxFrame() {
            return 1;
        }
    }

    /** Runs the connection against the stalling server to the end of the window and returns what it recorded. */
    private static List<Done> simulate(double periodNanos, int pipeline) {
        List<Done> done = new ArrayList<>();
        LoadConnection connection = new LoadConnection(new Ones(), pipeline, periodNanos, 0, WINDOW,
                (op, intended, sent, at, error) -> done.add(new Done(intended, sent, at, error)));
        ByteBuffer wire = ByteBuffer.allocate(1 << 16);
        Deque<Long> replies = new ArrayDeque<>();   // when each request in flight is answered, in order
        long serverFree = 0;
        long now = 0;
        while (true) {
            int sent = connection.issue(now, wire);
            for (int i = 0; i < sent; i++) {
                long start = Math.max(now, serverFree);
                if (start >= STALL_FROM && start < STALL_TO) {
                    start = STALL_TO;
                }
                serverFree = start + SERVICE;
                replies.add(serverFree);
            }
            wire.clear();
            long nextReply = replies.isEmpty() ? Long.MAX_VALUE : replies.peekFirst();
            long nextDue = connection.pipelineHasRoom() ? connection.nextDue(now) : Long.MAX_VALUE;
            long next = Math.min(nextReply, Math.max(nextDue, now));
            if (next == Long.MAX_VALUE) {
                break;
            }
            now = next;
            while (!replies.isEmpty() && replies.peekFirst() <= now) {
                connection.arrivedAt(replies.pollFirst());
                connection.reply((byte) '+', false, null);
            }
        }
        assertThat(connection.finished(now)).isTrue();
        return done;
    }

    @Test
    void openLoopChargesTheStallToEveryRequestItHeldBack() {
        List<Done> done = simulate(MS, 1);   // 1,000 requests a second, one in flight at most
        assertThat(done).hasSize(1000);
        assertThat(done).allSatisfy(d -> assertThat(d.error()).isNull());
        // request 100 was in flight when the server stalled: answered at 200.1 ms
        assertThat(done.get(100).corrected()).isEqualTo(STALL_TO + SERVICE - 100 * MS);
        // requests 101.. were due during the stall; each leaves as soon as the one before returns, 0.1 ms apart,
        // so each is charged 0.9 ms less than the one before, from when it was due
        for (int k = 101; k < 190; k++) {
            assertThat(done.get(k).intended()).isEqualTo(k * MS);
            assertThat(done.get(k).corrected() - done.get(k + 1).corrected()).isEqualTo(MS - SERVICE);
        }
        long heldBack = done.stream().filter(d -> d.corrected() > 10 * MS).count();
        assertThat(heldBack).as("requests charged over 10 ms").isBetween(95L, 105L);
        // measured from when they were sent, only the one request in flight saw the stall: what a closed loop would report
        long slowService = done.stream().filter(d -> d.uncorrected() > MS).count();
        assertThat(slowService).isEqualTo(1);
        // after catching up, the schedule holds again: the last requests wait only for their service
        assertThat(done.get(999).corrected()).isEqualTo(SERVICE);
    }

    @Test
    void closedLoopSendsNothingDuringTheStallAndSeesItOnce() {
        List<Done> done = simulate(0, 1);
        long slow = done.stream().filter(d -> d.corrected() > MS).count();
        assertThat(slow).isEqualTo(1);
        assertThat(done.stream().filter(d -> d.intended() > STALL_FROM && d.intended() < STALL_TO).count())
                .as("no request starts while the server is stalled").isZero();
        // 0.1 ms per request, 100 ms lost: about 9,000 requests in the 1 s window
        assertThat(done.size()).isBetween(8990, 9010);
        assertThat(done).allSatisfy(d -> assertThat(d.intended()).isEqualTo(d.sent()));
    }

    @Test
    void aPipelineKeepsItsDepthInFlight() {
        List<Done> done = new ArrayList<>();
        LoadConnection connection = new LoadConnection(new Ones(), 4, 0, 0, WINDOW,
                (op, intended, sent, at, error) -> done.add(new Done(intended, sent, at, error)));
        ByteBuffer wire = ByteBuffer.allocate(64);
        assertThat(connection.issue(0, wire)).isEqualTo(4);
        assertThat(connection.issue(1, wire)).isZero();
        connection.arrivedAt(10);
        connection.reply((byte) '+', false, null);
        connection.reply((byte) '$', true, null);    // a SET answered with a null bulk is wrong
        connection.reply((byte) '-', false, "ERR no");
        assertThat(connection.inFlight()).isEqualTo(1);
        assertThat(connection.issue(11, wire)).isEqualTo(3);
        assertThat(done).extracting(Done::error).containsExactly(null, "unexpected reply type '$' to SET", "ERR no");
        assertThat(connection.finished(WINDOW)).isFalse();   // replies still owed
    }

    @Test
    void aFullOutputBufferHoldsRequestsBack() {
        LoadConnection connection = new LoadConnection(new Ones(), 100, 0, 0, WINDOW, (op, intended, sent, at, error) -> { });
        ByteBuffer wire = ByteBuffer.allocate(3);
        assertThat(connection.issue(0, wire)).isEqualTo(3);
        assertThat(connection.inFlight()).isEqualTo(3);
    }
}
