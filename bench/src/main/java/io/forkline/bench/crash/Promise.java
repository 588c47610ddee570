package io.forkline.bench.crash;

import java.time.Duration;

/** What a persistence policy promises to keep of the acknowledged writes through one fault. */
public sealed interface Promise {

    /** Whether losing this acknowledged write keeps the promise, for a fault at the given times. */
    boolean allowsLosing(History.Write write, long faultNanos, long faultSimulatedNanos);

    /** The lost write's age at the fault, on the clock this promise is measured with. */
    long ageAtFault(History.Write write, long faultNanos, long faultSimulatedNanos);

    String describe();

    /** Every acknowledged write survives (appendfsync always; any AOF policy through a process kill). */
    record EveryAcknowledged() implements Promise {
        @Override
        public boolean allowsLosing(History.Write write, long faultNanos, long faultSimulatedNanos) {
            return false;
        }

        @Override
        public long ageAtFault(History.Write write, long faultNanos, long faultSimulatedNanos) {
            return faultNanos - write.acknowledgedNanos();
        }

        @Override
        public String describe() {
            return "every acknowledged write";
        }
    }

    /**
     * Writes acknowledged within {@code window} before the fault may be lost; older ones may not. On the wall clock
     * (appendfsync everysec: the server's fsync timer) or on the simulated clock (appendfsync no: the disk's
     * writeback timer).
     */
    record RecentWindow(Duration window, boolean simulatedClock) implements Promise {
        @Override
        public boolean allowsLosing(History.Write write, long faultNanos, long faultSimulatedNanos) {
            return ageAtFault(write, faultNanos, faultSimulatedNanos) <= window.toNanos();
        }

        @Override
        public long ageAtFault(History.Write write, long faultNanos, long faultSimulatedNanos) {
            return simulatedClock ? faultSimulatedNanos - write.acknowledgedSimulatedNanos()
                    : faultNanos - write.acknowledgedNanos();
        }

        @Override
        public String describe() {
            return "all but the last " + window.toMillis() + " ms" + (simulatedClock ? " (disk clock)" : "");
        }
    }

    /**
     * Every write acknowledged before the last save that completed was requested (it is in that snapshot); later
     * ones may be lost. {@code saveSentNanos} is when that BGSAVE was sent, or {@link Long#MIN_VALUE} if none
     * completed (then nothing is promised).
     */
    record SinceLastSave(long saveSentNanos) implements Promise {
        @Override
        public boolean allowsLosing(History.Write write, long faultNanos, long faultSimulatedNanos) {
            return write.acknowledgedNanos() >= saveSentNanos;
        }

        @Override
        public long ageAtFault(History.Write write, long faultNanos, long faultSimulatedNanos) {
            return faultNanos - write.acknowledgedNanos();
        }

        @Override
        public String describe() {
            return saveSentNanos == Long.MIN_VALUE ? "nothing (no save completed)" : "every write acknowledged before the last completed save";
        }
    }
}
