package io.forkline.bench.load;

/** Receives every finished request with its three times (nanoseconds on one clock). */
public interface LatencySink {

    /**
     * @param intendedNanos when the request was due: its send time in a closed loop, its slot in the schedule in an open loop
     * @param sentNanos     when it was written
     * @param doneNanos     when its whole reply had arrived
     * @param error         null for a valid reply, else the server's error line or what was wrong with the reply
     */
    void completed(Operation op, long intendedNanos, long sentNanos, long doneNanos, String error);
}
