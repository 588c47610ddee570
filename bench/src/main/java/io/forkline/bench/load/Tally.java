package io.forkline.bench.load;

import org.HdrHistogram.Recorder;

/**
 * One agent's view of the measured window: counts per operation, errors, and the latencies it records
 * into the run's shared recorders. Requests due outside the window are counted apart, not recorded.
 * Single-threaded (one per agent); the recorders are safe for many writers.
 */
final class Tally implements LatencySink {

    private final long from;
    private final long to;
    private final Recorder corrected;
    private final Recorder uncorrected;
    final long[] operations = new long[Operation.values().length];
    long errors;
    long warmupErrors;
    long answeredInWindow;
    String firstError;

    Tally(long from, long to, Recorder corrected, Recorder uncorrected) {
        this.from = from;
        this.to = to;
        this.corrected = corrected;
        this.uncorrected = uncorrected;
    }

    @Override
    public void completed(Operation op, long intendedNanos, long sentNanos, long doneNanos, String error) {
        if (doneNanos >= from && doneNanos < to) {
            answeredInWindow++;
        }
        if (intendedNanos < from || intendedNanos >= to) {
            if (error != null) {
                warmupErrors++;
                if (firstError == null) {
                    firstError = op + ": " + error;
                }
            }
            return;
        }
        operations[op.ordinal()]++;
        if (error != null) {
            errors++;
            if (firstError == null) {
                firstError = op + ": " + error;
            }
        }
        corrected.recordValue(Math.max(1, doneNanos - intendedNanos));
        if (uncorrected != null) {
            uncorrected.recordValue(Math.max(1, doneNanos - sentNanos));
        }
    }
}
