package io.forkline.bench.crash;

import java.util.ArrayList;
import java.util.List;

/**
 * Every write a round sent, per client, with when it was sent and when (if ever) it was acknowledged, on the wall
 * clock and on the round's simulated clock (the disk's clock in power-loss rounds, the wall clock otherwise).
 *
 * <p>Assumptions and guarantees: each client's list is written by the one thread that drives that client; the
 * verifier reads it after that thread has ended (the join is the happens-before edge).
 */
public final class History {

    /** One write: sent, then acknowledged, refused, or still in flight when the fault struck. */
    public static final class Write {
        private final Operation operation;
        private final long sentNanos;
        private final long sentSimulatedNanos;
        private long acknowledgedNanos = -1;
        private long acknowledgedSimulatedNanos = -1;
        private boolean refused;
        private String refusal;

        Write(Operation operation, long sentNanos, long sentSimulatedNanos) {
            this.operation = operation;
            this.sentNanos = sentNanos;
            this.sentSimulatedNanos = sentSimulatedNanos;
        }

        public Operation operation() {
            return operation;
        }

        public long sentNanos() {
            return sentNanos;
        }

        public long sentSimulatedNanos() {
            return sentSimulatedNanos;
        }

        public boolean acknowledged() {
            return acknowledgedNanos >= 0;
        }

        /** The wall-clock time of the acknowledgement, or -1. */
        public long acknowledgedNanos() {
            return acknowledgedNanos;
        }

        public long acknowledgedSimulatedNanos() {
            return acknowledgedSimulatedNanos;
        }

        /** Refused with an error reply: the server did not apply it. */
        public boolean refused() {
            return refused;
        }

        public String refusal() {
            return refusal;
        }

        public boolean inFlight() {
            return !refused && !acknowledged();
        }

        public void acknowledge(long nanos, long simulatedNanos) {
            this.acknowledgedNanos = nanos;
            this.acknowledgedSimulatedNanos = simulatedNanos;
        }

        public void refuse(String error) {
            this.refused = true;
            this.refusal = error;
        }

        @Override
        public String toString() {
            return operation + (acknowledged() ? " acknowledged" : refused ? " refused (" + refusal + ")" : " in flight");
        }
    }

    private final List<List<Write>> clients = new ArrayList<>();

    /** A history for {@code clients} clients numbered from 0 (the preload client included). */
    public History(int clients) {
        for (int i = 0; i < clients; i++) {
            this.clients.add(new ArrayList<>());
        }
    }

    /** Records that {@code operation} is being sent now. */
    public Write sent(Operation operation, long nanos, long simulatedNanos) {
        Write write = new Write(operation, nanos, simulatedNanos);
        clients.get(operation.client()).add(write);
        return write;
    }

    public int clients() {
        return clients.size();
    }

    /** Client {@code client}'s writes, in the order it sent them. */
    public List<Write> of(int client) {
        return clients.get(client);
    }

    public long count(java.util.function.Predicate<Write> which) {
        return clients.stream().flatMap(List::stream).filter(which).count();
    }
}
